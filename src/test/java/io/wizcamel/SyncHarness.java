package io.wizcamel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.emulator.WizEmulator;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Runs the connector as deployed (the launcher, routes/*.yaml, application.properties) against an emulator, with
 * its output and state in a temporary directory, and reads back what it wrote.
 */
public final class SyncHarness {

    public static final ObjectMapper JSON = new ObjectMapper();

    public final WizEmulator emulator;
    public final Path dir;
    public final Properties props = new Properties();
    public String stderr = "";
    public String logs = "";

    public SyncHarness(WizEmulator emulator, Path dir) {
        this.emulator = emulator;
        this.dir = dir;
        props.setProperty("wiz.api-url", emulator.apiUrl());
        props.setProperty("wiz.token-url", emulator.tokenUrl());
        props.setProperty("wiz.client-id", "emulator-client");
        props.setProperty("wiz.client-secret", "emulator-secret");
        props.setProperty("wiz.output-dir", dir.resolve("out").toString());
        props.setProperty("wiz.state-dir", dir.resolve("data").toString());
        props.setProperty("wiz.rate-limit", "50");
        props.setProperty("wiz.retry.initial-delay-ms", "50");
        props.setProperty("wiz.retry.max-delay-ms", "400");
        // a daemon's management server on a free port: tests run side by side
        props.setProperty("camel.management.port", "0");
    }

    /** the deployed routes plus the route files matching {@code pattern} (for example "file:dir/*.yaml") */
    public SyncHarness extraRoutes(String pattern) {
        Properties deployed = new Properties();
        try (var in = Files.newBufferedReader(Path.of("application.properties"))) {
            deployed.load(in);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return set("camel.main.routes-include-pattern",
                deployed.getProperty("camel.main.routes-include-pattern") + "," + pattern);
    }

    public SyncHarness set(String key, String value) {
        props.setProperty(key, value);
        return this;
    }

    /** standard output of the last {@link #launch} */
    public String stdout = "";

    /** one {@code --once} run (plus the given flags); returns the exit code and keeps stderr and the log */
    public int run(String... flags) {
        return launch(Stream.concat(Stream.of("--once"), Stream.of(flags)).toArray(String[]::new));
    }

    /** the launcher with exactly these arguments; returns the exit code and keeps stdout, stderr and the log */
    public int launch(String... args) {
        PrintStream original = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StringWriter log = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Appender appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %logger %msg %throwable%n").build()).build();
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, null, null);
        ctx.updateLoggers();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            return WizCamel.run(args, props);
        } finally {
            System.setErr(original);
            System.setOut(originalOut);
            stdout = out.toString(StandardCharsets.UTF_8);
            originalOut.print(stdout);
            ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
            ctx.updateLoggers();
            stderr = err.toString(StandardCharsets.UTF_8);
            logs = log.toString();
            original.print(stderr);
        }
    }

    public Path issuesDir() {
        return dir.resolve("out").resolve("issues");
    }

    /**
     * The runner in a JVM of its own, configured through environment variables as deployed: this harness's settings
     * and {@code extraEnv}, no WIZ_* variable inherited. {@code main} is {@link WizCamel} or the jar's launcher; of
     * {@code args}, those starting with -X are the JVM's, the others the runner's. Its output goes to {@code log}.
     */
    public Process startProcess(Class<?> main, Path log, Map<String, String> extraEnv, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        List<String> rest = new ArrayList<>();
        for (String a : args) {
            (a.startsWith("-X") ? cmd : rest).add(a);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(rest);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("WIZ_"));
        props.forEach((k, v) -> env.put(ConfigCheck.env(k.toString()), v.toString()));
        env.putAll(extraEnv);
        return pb.start();
    }

    /** waits until a run in another process has written part of its output; returns the run's id */
    public String awaitPartFile(Process p) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && p.isAlive()) {
            if (Files.isDirectory(issuesDir())) {
                try (Stream<Path> files = Files.list(issuesDir())) {
                    for (Path f : files.toList()) {
                        String name = f.getFileName().toString(); // .issues-<run id>-0001.jsonl.part
                        if (name.endsWith(".part") && Files.size(f) > 0) {
                            return name.substring(".issues-".length(), name.length() - "-0001.jsonl.part".length());
                        }
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the run never wrote a part file");
    }

    /** the published issue files, oldest first */
    public List<Path> files() throws IOException {
        if (!Files.isDirectory(issuesDir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(issuesDir())) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    /** every file in the output directory, published or not */
    public List<Path> allOutputFiles() throws IOException {
        if (!Files.isDirectory(dir.resolve("out"))) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir.resolve("out"))) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    public static List<JsonNode> records(Path file) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    /** every record in every published file, in order */
    public List<JsonNode> allRecords() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files()) {
            out.addAll(records(f));
        }
        return out;
    }

    public List<JsonNode> history() throws IOException {
        return records(dir.resolve("data").resolve("history.jsonl"));
    }

    public JsonNode lastRun() throws IOException {
        List<JsonNode> h = history();
        return h.get(h.size() - 1);
    }

    /** SAFE's rules, written out independently of the product's filter, to say which issues must arrive */
    public static boolean safeKeeps(JsonNode issue) {
        String severity = issue.path("severity").asText();
        String platform = issue.path("entitySnapshot").path("cloudPlatform").asText();
        boolean deleted = "OBJECT_DELETED".equals(issue.path("resolutionReason").asText())
                || "Deleted".equalsIgnoreCase(issue.path("entitySnapshot").path("status").asText());
        return List.of("CRITICAL", "HIGH", "MEDIUM", "LOW").contains(severity)
                && List.of("AWS", "Azure", "GCP").contains(platform) && !deleted;
    }

    public List<String> expectedIds(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (safeKeeps(emulator.issue(i))) {
                ids.add(emulator.issueId(i));
            }
        }
        return ids;
    }

    /** issues Wiz itself returns for the default filterBy (status and severity) */
    public long serverMatches(int count) {
        long n = 0;
        for (int i = 0; i < count; i++) {
            if (!"INFORMATIONAL".equals(emulator.issue(i).path("severity").asText())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Ends the daemon {@code runner} runs (the launcher in this JVM) as its duration limit would, and waits up to
     * {@code millis} for it: a test done with its daemon need not sit out the rest of its duration.
     */
    public static void stopDaemon(Thread runner, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (runner.isAlive() && System.currentTimeMillis() < deadline) {
            StopOnSignal.completeAll(); // a runner attached since the last round is told too
            runner.join(200);
        }
    }
}
