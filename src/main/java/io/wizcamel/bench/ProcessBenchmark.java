package io.wizcamel.bench;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.WizCamel;
import io.wizcamel.launch.JvmLauncher;
import io.wizcamel.launch.TunedJvm;

/**
 * The connector measured as a user runs it: {@code java -jar target/wiz-camel.jar --once} as a child process,
 * against a {@link PageReplayServer} in this JVM that serves emulator pages rendered before the clock starts, so
 * neither the emulator's page generation nor the server's own CPU and heap are in the figures.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp target/wiz-camel.jar io.wizcamel.bench.ProcessBenchmark [options]     (from the repository root)
 *   --issues N          emulator issues of the full sync (default 100000)
 *   --repeat R          sync runs (default 3); the table ends with the medians
 *   --heap SIZE         the child's -Xmx (default 256m)
 *   --jar PATH          the connector's jar (default target/wiz-camel.jar)
 *   --rate-limit N      WIZ_RATE_LIMIT of the child (default 1000, the configured maximum: the limit lifted)
 *   --jvm-arg ARG       one more JVM option for the sync child (repeatable)
 *   --jfr               record a JFR CPU profile (settings=profile) of each sync child and print its hot methods
 *   --startup-runs N    start-up runs against 1 issue (default 5; 0 = none)
 *   --startup-variants  also time start-up with other JVM options (C1 only, Serial GC, no class archive)
 *   --startup-breakdown one start-up run with class-load logging and Camel's startup recorder, summarised
 *   --no-sync           only the start-up measurements
 *   --keep              keep the work directory (pages, logs, outputs)
 * </pre>
 */
public final class ProcessBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path TIME = Path.of("/usr/bin/time");
    private static final double MIB = 1024 * 1024;

    private int issues = 100_000;
    private int repeat = 3;
    private String heap = "256m";
    private Path jar = Path.of("target/wiz-camel.jar");
    private int rateLimit = 1000;
    private final List<String> jvmArgs = new ArrayList<>();
    private boolean jfr;
    private int startupRuns = 5;
    private boolean startupVariants;
    private boolean startupBreakdown;
    private boolean sync = true;
    private boolean keep;
    private Path work;
    private final PrintStream out = System.out;

    /** What one child run cost. */
    record Run(String label, int exit, double processSeconds, double syncSeconds, long delivered, long fetched,
            long requests, long pages, long tokenFetches, long retries, double cpuUser, double cpuSys, long maxRssKb,
            long peakHeapBeforeGcMb, long maxHeapAfterGcMb, long heapAtExitKb, int gcPauses, double gcPauseMs, long outputLines,
            String outcome, Path dir) {

        double cpu() {
            return cpuUser + cpuSys;
        }

        double recordsPerSecond() {
            return syncSeconds > 0 ? delivered / syncSeconds : 0;
        }

        double startupSeconds() {
            return processSeconds - syncSeconds;
        }

        /** the most heap seen used: the largest occupancy before a GC, or at exit when that is more */
        double peakHeapMb() {
            return Math.max(peakHeapBeforeGcMb, heapAtExitKb / 1024.0);
        }
    }

    private ProcessBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ProcessBenchmark b = new ProcessBenchmark();
        b.parse(args);
        System.exit(b.run());
    }

    private void parse(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--issues" -> issues = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--heap" -> heap = args[++i];
                case "--jar" -> jar = Path.of(args[++i]);
                case "--rate-limit" -> rateLimit = Integer.parseInt(args[++i]);
                case "--jvm-arg" -> jvmArgs.add(args[++i]);
                case "--jfr" -> jfr = true;
                case "--startup-runs" -> startupRuns = Integer.parseInt(args[++i]);
                case "--startup-variants" -> startupVariants = true;
                case "--startup-breakdown" -> startupBreakdown = true;
                case "--no-sync" -> sync = false;
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + a + " (see the class comment)");
            }
        }
    }

    private int run() throws Exception {
        if (!Files.isRegularFile(Path.of("application.properties")) || !Files.isDirectory(Path.of("routes"))) {
            out.println("run this from the repository root (application.properties and routes/ are read from there)");
            return 2;
        }
        if (!Files.isRegularFile(jar)) {
            out.println("no " + jar + ": build it first with mvn -q -DskipTests package");
            return 2;
        }
        work = Files.createTempDirectory("wiz-process-bench");
        Runtime.getRuntime().addShutdownHook(new Thread(this::killChildren));
        out.printf("wiz-camel process benchmark: %s, %d cores, java %s; work dir %s%n", jar,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), work);
        out.printf("load average before: %s%n", loadAverage());
        int failures = 0;
        try {
            if (sync && repeat > 0) {
                failures += syncRuns();
            }
            if (startupRuns > 0 || startupBreakdown) {
                failures += startup();
            }
        } finally {
            out.printf("%nload average after: %s%n", loadAverage());
            if (keep) {
                out.println("kept " + work);
            } else {
                deleteTree(work);
            }
        }
        return failures == 0 ? 0 : 1;
    }

    // ---- the full sync -----------------------------------------------------------------------

    private int syncRuns() throws Exception {
        out.printf("%n== full sync of %,d emulator issues to the file sink, -Xmx%s, WIZ_RATE_LIMIT=%d%s%n", issues,
                heap, rateLimit, jvmArgs.isEmpty() ? "" : ", extra JVM options " + jvmArgs);
        PageReplayServer.Recording rec = PageReplayServer.render(issues, work.resolve("pages-" + issues),
                Path.of("routes/graphql/issues.graphql"));
        out.printf("rendered %,d answer pages (%,d issues after Wiz's own filter, %,.1f MiB) in %.1f s (not counted)%n",
                rec.pageCount(), rec.nodes(), rec.bytes() / MIB, rec.renderSeconds());
        List<Run> runs = new ArrayList<>();
        int failures = 0;
        try (PageReplayServer server = new PageReplayServer(rec, 0).start()) {
            for (int i = 1; i <= repeat; i++) {
                server.resetCounters();
                List<String> opts = new ArrayList<>(List.of("-Xmx" + heap));
                Path dir = Files.createDirectories(work.resolve("sync-" + i));
                opts.add("-Xlog:gc*:file=" + dir.resolve("gc.log"));
                if (jfr) {
                    opts.add("-XX:StartFlightRecording=filename=" + dir.resolve("connector.jfr")
                            + ",settings=profile,dumponexit=true");
                }
                opts.addAll(jvmArgs);
                Run r = child("sync " + i, opts, server, dir);
                runs.add(r);
                String check = r.outputLines() == r.delivered() ? "ok" : "MISMATCH";
                out.printf("  run %d: exit %d, %s; %,d requests served (%d without a recorded page, %d with other "
                        + "variables), %,d token requests; output lines %,d vs delivered %,d: %s%n", i, r.exit(),
                        r.outcome(), server.graphqlRequests(), server.misses(), server.otherVariables(),
                        server.tokenRequests(), r.outputLines(), r.delivered(), check);
                if (r.exit() != 0 || r.outputLines() != r.delivered() || server.misses() > 0) {
                    failures++;
                    out.println("  console of the failed run (last lines):");
                    tail(dir.resolve("console.log"), 15).forEach(l -> out.println("    " + l));
                }
                out.println("  CPU by thread of the child (/proc/<pid>/task stat and schedstat, sampled every 100 ms, "
                        + "the last 100 ms missed; the main thread is 'java'):");
                Files.readAllLines(dir.resolve("thread-cpu.txt")).stream().limit(8).forEach(l -> out.println("    " + l));
                if (jfr && Files.exists(dir.resolve("connector.jfr"))) {
                    out.printf("%n  CPU profile of run %d (%s):%n", i, dir.resolve("connector.jfr"));
                    JfrHotMethods.print(dir.resolve("connector.jfr"), 25, out);
                    out.println();
                }
                if (!keep) {
                    deleteTree(dir.resolve("out"));
                }
            }
        }
        syncTable(runs);
        rateLimitNote(runs);
        return failures;
    }

    private void syncTable(List<Run> runs) {
        out.printf("%n%-8s %8s %8s %9s %10s %9s %7s %8s %8s %8s %9s %9s %9s %9s %5s %8s%n", "run", "process",
                "sync", "delivered", "records/s", "fetched", "pages", "pages/s", "CPU s", "CPU/wall", "max RSS",
                "peak heap", "live max", "heap exit", "GCs", "GC pause");
        out.printf("%-8s %8s %8s %9s %10s %9s %7s %8s %8s %8s %9s %9s %9s %9s %5s %8s%n", "", "wall s", "wall s", "",
                "delivered", "", "", "", "user+sys", "(process)", "MiB", "MiB", "MiB", "MiB", "", "ms");
        for (Run r : runs) {
            syncRow(r.label(), r.processSeconds(), r.syncSeconds(), r.delivered(), r.recordsPerSecond(), r.fetched(),
                    r.pages(), r.pages() / r.syncSeconds(), r.cpu(), r.cpu() / r.processSeconds(), r.maxRssKb() / 1024.0,
                    r.peakHeapMb(), r.maxHeapAfterGcMb(), r.heapAtExitKb() / 1024.0, r.gcPauses(), r.gcPauseMs());
        }
        if (runs.size() > 1) {
            syncRow("median", median(runs, Run::processSeconds), median(runs, Run::syncSeconds),
                    (long) median(runs, Run::delivered), median(runs, Run::recordsPerSecond),
                    (long) median(runs, Run::fetched), (long) median(runs, Run::pages),
                    median(runs, r -> r.pages() / r.syncSeconds()), median(runs, Run::cpu),
                    median(runs, r -> r.cpu() / r.processSeconds()), median(runs, r -> r.maxRssKb() / 1024.0),
                    median(runs, Run::peakHeapMb), median(runs, Run::maxHeapAfterGcMb),
                    median(runs, r -> r.heapAtExitKb() / 1024.0),
                    (int) median(runs, Run::gcPauses), median(runs, Run::gcPauseMs));
        }
        out.println("process wall: fork to exit of the child JVM; sync wall: the run's own start to end (history "
                + "durationMs), i.e. without JVM and Camel start-up; records/s = delivered / sync wall; CPU: user+sys of "
                + "the child over its whole life (/usr/bin/time), CPU/wall relative to process wall; max RSS of the "
                + "child; peak heap: the largest heap occupancy before a GC (or at exit) in the child's GC log; live max: the largest heap occupancy right after a GC (what was still reachable).");
    }

    private void syncRow(String label, double process, double syncS, long delivered, double rps, long fetched,
            long pages, double pagesPerS, double cpu, double cpuShare, double rss, double peak, double live,
            double exit, int gcs, double pause) {
        out.printf("%-8s %8.2f %8.2f %,9d %,10.0f %,9d %,7d %8.1f %8.2f %8.2f %9.0f %9.0f %9.0f %9.0f %5d %8.0f%n",
                label, process, syncS, delivered, rps, fetched, pages, pagesPerS, cpu, cpuShare, rss, peak, live, exit,
                gcs, pause);
    }

    private void rateLimitNote(List<Run> runs) {
        if (runs.isEmpty()) {
            return;
        }
        Run r = runs.get(runs.size() / 2);
        double ratio = r.fetched() == 0 ? 1 : (double) r.delivered() / r.fetched();
        double capFetched = rateLimit * (double) PageReplayServer.PAGE_SIZE;
        double capDelivered = capFetched * ratio;
        double requestsPerS = median(runs, x -> x.requests() / x.syncSeconds());
        out.printf("%nrate limit: WIZ_RATE_LIMIT=%d requests/s x %d issues a page caps the sync at %,.0f fetched = "
                + "%,.0f delivered records/s (%.1f%% of the fetched pass the connector's own filter).%n", rateLimit,
                PageReplayServer.PAGE_SIZE, capFetched, capDelivered, 100 * ratio);
        out.printf("measured: %.1f requests/s (%.0f%% of the limit)%s%n", requestsPerS,
                100 * requestsPerS / rateLimit, requestsPerS > 0.9 * rateLimit
                        ? ": the throttle is what holds the sync back"
                        : ": the connector is slower than the throttle; the limit is not what holds it back here");
        if (capDelivered < 65_000) {
            out.printf("note: 65,000 delivered records/s needs %.0f requests/s; the configured maximum of 100 "
                    + "(ConfigCheck) cannot reach it whatever the connector's speed.%n",
                    Math.ceil(65_000 / ratio / PageReplayServer.PAGE_SIZE));
        }
    }

    // ---- start-up ----------------------------------------------------------------------------

    private int startup() throws Exception {
        out.printf("%n== start-up: java -jar %s --once against a replay of 1 issue, default heap, %d runs%n", jar,
                startupRuns);
        PageReplayServer.Recording rec = PageReplayServer.render(1, work.resolve("pages-1"),
                Path.of("routes/graphql/issues.graphql"));
        int failures = 0;
        Map<String, List<Run>> variants = new LinkedHashMap<>();
        try (PageReplayServer server = new PageReplayServer(rec, 0).start()) {
            // the first start after a build makes the class archive beside the jar (io.wizcamel.launch.TunedJvm):
            // timed on its own, as every later start finds the archive
            TunedJvm tuned = new TunedJvm(List.of(), jar.toAbsolutePath(), 0);
            Path archive = tuned.archive();
            if (!tuned.archiveReady()) {
                Run first = child("first start", List.of(), server, Files.createDirectories(work.resolve("first")));
                out.printf("first start after the build (exit %d): %.2f s, of which making the class archive %s "
                        + "(%,.1f MiB)%n", first.exit(), first.processSeconds(), archive,
                        Files.exists(archive) ? Files.size(archive) / MIB : 0.0);
            }
            Map<String, List<String>> options = new LinkedHashMap<>();
            options.put("default (tuned)", List.of());
            options.put("untuned", List.of("-Dwiz.jvm-tuning=false"));
            if (startupVariants) {
                options.put("tuned, C1 only", List.of("-XX:TieredStopAtLevel=1"));
                options.put("tuned, SerialGC", List.of("-XX:+UseSerialGC"));
                options.put("tuned, no CDS", List.of("-Xshare:off"));
                options.put("untuned, C1 only", List.of("-Dwiz.jvm-tuning=false", "-XX:TieredStopAtLevel=1"));
            }
            // interleaved, so that a burst of load from other builds spreads over every variant
            for (int i = 1; i <= startupRuns; i++) {
                for (Map.Entry<String, List<String>> v : options.entrySet()) {
                    Path dir = Files.createDirectories(work.resolve("startup-" + variants.size() + "-" + i + "-"
                            + v.getKey().replaceAll("[^A-Za-z0-9]+", "_")));
                    Run r = child(v.getKey(), v.getValue(), server, dir);
                    if (r.exit() != 0) {
                        failures++;
                        out.println("start-up run failed (" + v.getKey() + "):");
                        tail(dir.resolve("console.log"), 10).forEach(l -> out.println("    " + l));
                    }
                    variants.computeIfAbsent(v.getKey(), k -> new ArrayList<>()).add(r);
                }
            }
            Path probe = Files.createDirectories(work.resolve("jvm-probe"));
            List<Double> jvmOnly = new ArrayList<>();
            for (int i = 0; i < startupRuns; i++) {
                jvmOnly.add(timeProcess(List.of(java(), "-cp", jar.toString(), StartupProbe.class.getName()), probe));
            }
            out.printf("%n%-26s %9s %9s %9s %10s %8s %8s%n", "JVM options", "median s", "min s", "sync s",
                    "start-up s", "CPU s", "RSS MiB");
            out.printf("%-26s %9s %9s %9s %10s %8s %8s%n", "", "(process)", "(process)", "(median)", "(median)",
                    "(median)", "(median)");
            for (Map.Entry<String, List<Run>> v : variants.entrySet()) {
                List<Run> rs = v.getValue();
                out.printf("%-26s %9.3f %9.3f %9.3f %10.3f %8.2f %8.0f%n", v.getKey(), median(rs, Run::processSeconds),
                        rs.stream().mapToDouble(Run::processSeconds).min().orElse(0), median(rs, Run::syncSeconds),
                        median(rs, Run::startupSeconds), median(rs, Run::cpu), median(rs, r -> r.maxRssKb() / 1024.0));
            }
            out.printf("%-26s %9.3f %9.3f   (java -cp <jar> %s: the JVM alone, no Camel)%n", "bare JVM",
                    median(jvmOnly), jvmOnly.stream().mapToDouble(Double::doubleValue).min().orElse(0),
                    StartupProbe.class.getSimpleName());
            out.println("process: fork to exit of java -jar ... --once; sync: the run's own durationMs in the history; "
                    + "start-up = process - sync (JVM start, Camel main, routes, beans, shutdown).");
            if (startupBreakdown) {
                breakdown(server);
            }
        }
        return failures;
    }

    /** One run with class-load logging and Camel's startup recorder, summarised by library and time. */
    private void breakdown(PageReplayServer server) throws Exception {
        Path dir = Files.createDirectories(work.resolve("startup-breakdown"));
        Path log4j = dir.resolve("log4j2-breakdown.properties");
        Files.writeString(log4j, String.join("\n",
                "status = warn",
                "appender.out.type = Console",
                "appender.out.name = out",
                "appender.out.layout.type = PatternLayout",
                "appender.out.layout.pattern = %r ms %-5level [%logger{1}] %msg%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.out.ref = out",
                "logger.hc.name = org.apache.hc",
                "logger.hc.level = warn",
                ""));
        Path classLog = dir.resolve("class-load.log");
        Run r = child("breakdown", List.of("-Xlog:class+load=info:file=" + classLog + ":uptimemillis",
                "-Xlog:startuptime", "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                "-Dcamel.main.startup-recorder=logging"), server, dir);
        out.printf("%n== start-up breakdown (one run with class-load logging and Camel's startup recorder: %.2f s, "
                + "slower than the runs above)%n", r.processSeconds());
        Pattern line = Pattern.compile("^\\[(\\d+)ms\\].*?\\s([\\w.$/]+) source: (.*)$");
        Map<String, long[]> groups = new TreeMap<>();
        long total = 0;
        long last = 0;
        for (String l : Files.readAllLines(classLog)) {
            Matcher m = line.matcher(l);
            if (!m.find()) {
                continue;
            }
            long at = Long.parseLong(m.group(1));
            String group = classGroup(m.group(2), m.group(3));
            long[] g = groups.computeIfAbsent(group, k -> new long[] {0, Long.MAX_VALUE, 0});
            g[0]++;
            g[1] = Math.min(g[1], at);
            g[2] = Math.max(g[2], at);
            total++;
            last = Math.max(last, at);
        }
        out.printf("classes loaded: %,d, the last at %,d ms of JVM uptime%n", total, last);
        out.printf("  %-40s %7s %9s %9s%n", "library", "classes", "first ms", "last ms");
        groups.entrySet().stream().sorted(Comparator.comparingLong((Map.Entry<String, long[]> e) -> -e.getValue()[0]))
                .forEach(e -> out.printf("  %-40s %,7d %,9d %,9d%n", e.getKey(), e.getValue()[0], e.getValue()[1],
                        e.getValue()[2]));
        out.println("milestones of the same run (ms since JVM start; Camel's startup steps of 25 ms or more):");
        Pattern step = Pattern.compile("LoggingStartupStepRecorder\\]\\s+(\\d+) ms :");
        for (String l : Files.readAllLines(dir.resolve("console.log"))) {
            Matcher m = step.matcher(l);
            boolean milestone = l.contains("startuptime] Create VM") || l.contains("[MainSupport]")
                    || l.contains(") started in") || l.contains("[SyncHistory]") || l.contains(") shutdown in")
                    || l.contains("Starting Quartz") || l.contains("shutdown complete.");
            if (milestone || (m.find() && Long.parseLong(m.group(1)) >= 25)) {
                out.println("    " + l);
            }
        }
        Path jfrDir = Files.createDirectories(work.resolve("startup-jfr"));
        Path rec = jfrDir.resolve("startup.jfr");
        Run j = child("startup-jfr", List.of("-XX:StartFlightRecording=filename=" + rec
                + ",settings=profile,dumponexit=true"), server, jfrDir);
        out.printf("%nCPU samples of one start-up run under JFR (settings=profile, %.2f s):%n", j.processSeconds());
        if (Files.exists(rec)) {
            JfrHotMethods.print(rec, 40, out);
        }
    }

    private static final String[][] CLASS_GROUPS = {
        {"io.wizcamel.", "wiz-camel"},
        {"org.apache.camel.dsl.yaml.", "Camel YAML DSL"},
        {"org.snakeyaml.", "SnakeYAML"},
        {"org.apache.camel.component.quartz.", "Camel Quartz"},
        {"org.quartz.", "Quartz"},
        {"org.apache.camel.component.kafka.", "Camel Kafka"},
        {"org.apache.kafka.", "Kafka client"},
        {"io.netty.", "Netty"},
        {"com.rabbitmq.", "RabbitMQ client"},
        {"org.apache.camel.component.", "Camel components (other)"},
        {"org.apache.camel.main.", "Camel main"},
        {"org.apache.camel.", "Camel core"},
        {"org.sqlite.", "SQLite JDBC"},
        {"com.fasterxml.jackson.", "Jackson"},
        {"org.apache.logging.", "Log4j"},
        {"org.apache.hc.", "Apache HttpClient 5"},
        {"org.slf4j.", "SLF4J"},
    };

    private static String classGroup(String name, String source) {
        String n = name.replace('/', '.');
        for (String[] g : CLASS_GROUPS) {
            if (n.startsWith(g[0])) {
                return g[1];
            }
        }
        if (source.startsWith("shared objects file")) {
            return "JDK (from the CDS archive)";
        }
        if (source.startsWith("jrt:")) {
            return "JDK (from the runtime image)";
        }
        if (source.contains("__JVM") || source.contains("Lambda") || name.contains("$$Lambda")) {
            return "generated (lambdas, proxies)";
        }
        int dot = n.indexOf('.', n.indexOf('.') + 1);
        return "other: " + (dot > 0 ? n.substring(0, dot) : n);
    }

    // ---- child processes ---------------------------------------------------------------------

    private final List<Process> children = new ArrayList<>();

    private void killChildren() {
        synchronized (children) {
            for (Process p : children) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    /**
     * The connector's JVM: under /usr/bin/time the java launcher, and under it, unless tuning is off, the connector
     * (io.wizcamel.launch.JvmLauncher). Looked for at most every 200 ms, and no more once found: each look reads every
     * process of the machine, CPU the runs measured would share.
     */
    private static final class ConnectorPid {
        private final Process process;
        private final boolean timed;
        private long found = -1;
        private long provisional = -1;
        private long nextLook;

        ConnectorPid(Process process, boolean timed) {
            this.process = process;
            this.timed = timed;
        }

        long get() {
            if (found > 0 || System.nanoTime() < nextLook) {
                return found > 0 ? found : provisional;
            }
            nextLook = System.nanoTime() + 200_000_000L;
            List<ProcessHandle> javas = process.descendants().toList();
            for (ProcessHandle h : javas) {
                if (JvmLauncher.commandLine(h.pid()).contains(WizCamel.class.getName())) {
                    found = h.pid();
                    return found;
                }
            }
            provisional = javas.isEmpty() ? (timed ? -1 : process.pid()) : javas.get(0).pid();
            return provisional;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** Runs the connector once, as a user would, in {@code dir}'s out/ and data/, and reads what it cost. */
    private Run child(String label, List<String> jvmOptions, PageReplayServer server, Path dir) throws Exception {
        List<String> cmd = new ArrayList<>();
        Path timeFile = dir.resolve("time.txt");
        boolean timed = Files.isExecutable(TIME);
        if (timed) {
            cmd.addAll(List.of(TIME.toString(), "-f", "%e %U %S %M", "-o", timeFile.toString()));
        }
        // a GC log or a flight recording is the connector's: on the command line the launcher's JVM would write the
        // same file too (WIZ_JVM_OPTIONS reaches the connector alone; untuned, the launcher is the connector)
        boolean tuned = !jvmOptions.contains("-Dwiz.jvm-tuning=false");
        List<String> connectorOnly = jvmOptions.stream()
                .filter(o -> tuned && (o.startsWith("-Xlog:") || o.startsWith("-XX:StartFlightRecording"))).toList();
        cmd.add(java());
        jvmOptions.stream().filter(o -> !connectorOnly.contains(o)).forEach(cmd::add);
        cmd.addAll(List.of("-jar", jar.toString(), "--once"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(new File("."))
                .redirectErrorStream(true).redirectOutput(dir.resolve("console.log").toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("WIZ_") || k.startsWith("CAMEL_") || k.equals("JAVA_TOOL_OPTIONS"));
        if (!connectorOnly.isEmpty()) {
            env.put(TunedJvm.OPTIONS, String.join(" ", connectorOnly));
        }
        env.put("WIZ_API_URL", server.graphqlUrl());
        env.put("WIZ_TOKEN_URL", server.tokenUrl());
        env.put("WIZ_CLIENT_ID", "bench-client");
        env.put("WIZ_CLIENT_SECRET", "bench-secret");
        env.put("WIZ_OUTPUT_DIR", dir.resolve("out").toString());
        env.put("WIZ_STATE_DIR", dir.resolve("data").toString());
        env.put("WIZ_RATE_LIMIT", Integer.toString(rateLimit));
        long t0 = System.nanoTime();
        Process p = pb.start();
        synchronized (children) {
            children.add(p);
        }
        long[] polled = new long[2]; // fallback without /usr/bin/time: CPU ticks and VmHWM kB, polled every 20 ms
        Map<Long, Object[]> threads = new java.util.HashMap<>(); // tid -> {name, ticks}, polled every 100 ms
        long nextThreadPoll = 0;
        ConnectorPid connector = new ConnectorPid(p, timed);
        while (!p.waitFor(20, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            long javaPid = connector.get();
            if (!timed) {
                poll(javaPid, polled);
            }
            if (System.nanoTime() > nextThreadPoll && javaPid > 0) {
                pollThreads(javaPid, threads);
                nextThreadPoll = System.nanoTime() + 100_000_000L;
            }
        }
        writeThreadCpu(threads, dir.resolve("thread-cpu.txt"));
        double processSeconds = (System.nanoTime() - t0) / 1e9;
        synchronized (children) {
            children.remove(p);
        }
        double user = 0;
        double sys = 0;
        long rss = polled[1];
        if (timed && Files.exists(timeFile)) {
            List<String> lines = Files.readAllLines(timeFile);
            String[] f = lines.get(lines.size() - 1).trim().split("\\s+");
            user = Double.parseDouble(f[1]);
            sys = Double.parseDouble(f[2]);
            rss = Long.parseLong(f[3]);
        } else {
            user = polled[0] / 100.0;
        }
        JsonNode h = lastHistory(dir.resolve("data").resolve("history.jsonl"));
        long[] gc = new long[4];
        double[] pause = new double[1];
        readGcLog(dir.resolve("gc.log"), gc, pause);
        return new Run(label, p.exitValue(), processSeconds, h.path("durationMs").asLong() / 1000.0,
                h.path("delivered").asLong(), h.path("fetched").asLong(), h.path("requests").asLong(),
                h.path("pages").asLong(), h.path("tokenFetches").asLong(), h.path("retries").asLong(), user, sys, rss,
                gc[0], gc[3], gc[1], (int) gc[2], pause[0], outputLines(dir.resolve("out").resolve("issues")),
                h.path("outcome").asText("no history"), dir);
    }

    private double timeProcess(List<String> cmd, Path dir) throws Exception {
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(cmd).directory(new File(".")).redirectErrorStream(true)
                .redirectOutput(dir.resolve("console.log").toFile()).start();
        p.waitFor();
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void poll(long pid, long[] polled) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            polled[0] = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            for (String l : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (l.startsWith("VmHWM:")) {
                    polled[1] = Long.parseLong(l.replaceAll("\\D", ""));
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process has just exited
        }
    }

    /** CPU ticks of each thread of the process, as far as seen so far. */
    private static void pollThreads(long pid, Map<Long, Object[]> threads) {
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path t : tasks.toList()) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
                    // schedstat: ns on a CPU, ns runnable but waiting for a CPU, timeslices
                    String[] sched = Files.readString(t.resolve("schedstat")).trim().split(" ");
                    threads.put(Long.parseLong(t.getFileName().toString()),
                            new Object[] {name, ticks, Long.parseLong(sched[1])});
                } catch (IOException | RuntimeException gone) {
                    // the thread has just ended
                }
            }
        } catch (IOException | RuntimeException gone) {
            // the process has just exited
        }
    }

    /** CPU seconds by thread name (numbers folded), as sampled; also kept for {@link #threadCpu}. */
    private void writeThreadCpu(Map<Long, Object[]> threads, Path file) throws IOException {
        Map<String, Long> byName = new TreeMap<>();
        Map<String, Long> waits = new TreeMap<>();
        for (Object[] t : threads.values()) {
            String name = ((String) t[0]).replaceAll("\\d+", "#");
            byName.merge(name, (Long) t[1], Long::sum);
            waits.merge(name, (Long) t[2], Long::sum);
        }
        StringBuilder sb = new StringBuilder();
        byName.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> sb.append(String.format("%8.2f s on CPU, %7.2f s runnable waiting for a CPU  %s%n",
                        e.getValue() / 100.0, waits.get(e.getKey()) / 1e9, e.getKey())));
        Files.writeString(file, sb.toString());
    }

    private static JsonNode lastHistory(Path history) throws IOException {
        if (!Files.exists(history)) {
            return JSON.createObjectNode();
        }
        List<String> lines = Files.readAllLines(history);
        return lines.isEmpty() ? JSON.createObjectNode() : JSON.readTree(lines.get(lines.size() - 1));
    }

    private static final Pattern GC_PAUSE = Pattern.compile("GC\\(\\d+\\) Pause.*?(\\d+)M->(\\d+)M\\((\\d+)M\\) ([\\d.]+)ms");
    private static final Pattern HEAP_EXIT = Pattern.compile("(?:garbage-first heap|def new generation|PSYoungGen)\\s+total \\d+K, used (\\d+)K");
    private static final Pattern OLD_EXIT = Pattern.compile("(?:tenured generation|ParOldGen)\\s+total \\d+K, used (\\d+)K");

    /**
     * gc[0] = largest heap before a GC (MiB), gc[1] = heap used at exit (KiB), gc[2] = pauses, gc[3] = largest heap
     * after a GC (MiB, what was still live); pause[0] = total ms.
     */
    private static void readGcLog(Path log, long[] gc, double[] pause) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        long exitUsed = 0;
        for (String l : Files.readAllLines(log)) {
            Matcher m = GC_PAUSE.matcher(l);
            if (m.find()) {
                gc[0] = Math.max(gc[0], Long.parseLong(m.group(1)));
                if (l.contains("Pause Young") || l.contains("Pause Full")) {
                    gc[3] = Math.max(gc[3], Long.parseLong(m.group(2))); // Remark/Cleanup do not evacuate
                }
                gc[2]++;
                pause[0] += Double.parseDouble(m.group(4));
                continue;
            }
            Matcher e = HEAP_EXIT.matcher(l);
            if (e.find()) {
                exitUsed = Long.parseLong(e.group(1));
            }
            Matcher o = OLD_EXIT.matcher(l);
            if (o.find()) {
                exitUsed += Long.parseLong(o.group(1));
            }
        }
        gc[1] = exitUsed;
    }

    private static long outputLines(Path issuesDir) throws IOException {
        if (!Files.isDirectory(issuesDir)) {
            return 0;
        }
        long n = 0;
        try (Stream<Path> files = Files.list(issuesDir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".jsonl")
                    && !f.getFileName().toString().startsWith(".")).toList()) {
                try (Stream<String> lines = Files.lines(f)) {
                    n += lines.count();
                }
            }
        }
        return n;
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static <T> double median(List<T> xs, ToDoubleFunction<T> f) {
        return median(xs.stream().map(x -> f.applyAsDouble(x)).toList());
    }

    private static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return 0;
        }
        double[] a = xs.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(a);
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    private static List<String> tail(Path file, int n) throws IOException {
        if (!Files.exists(file)) {
            return List.of("(no console output)");
        }
        List<String> lines = Files.readAllLines(file);
        return lines.subList(Math.max(0, lines.size() - n), lines.size());
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
