package io.wizcamel.bench;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.WizCamel;
import io.wizcamel.emulator.WizEmulator;

/**
 * A first full sync of each data stream that exists (issues, vulnerabilities, resources) against one emulator
 * holding 100,000 issues, 100,000 vulnerability findings and 50,000 cloud resources (with their technologies), each
 * stream in its own {@code --once --stream <name>} run through the deployed routes to the file sink. Prints, per
 * stream: GraphQL requests and token fetches against the minimum (ceil(nodes / 500) pages of each query the stream
 * pages, plus one token), records/s over the sync's own duration (history durationMs), and the heap: the peak sampled during the run and the live heap after it (a GC
 * after each run), to show that memory does not grow with the stream's size. The emulator runs in the same JVM, so
 * the heap figures bound both together.
 *
 * <pre>java -Xmx256m -cp target/wiz-camel.jar io.wizcamel.bench.StreamsBenchmark [--issues N] [--vulnerabilities N]
 *     [--resources N] [--streams a,b] [--rate-limit N]</pre>
 *
 * A stream is run when routes/streams/&lt;stream&gt;.yaml exists; vulnerability findings need the emulator's
 * {@code vulnerabilityFindings(int)} knob (looked up by name, so this runs before and after that stream is merged).
 */
public final class StreamsBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;

    private StreamsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opt = new LinkedHashMap<>(Map.of("issues", "100000", "vulnerabilities", "100000",
                "resources", "50000", "rate-limit", "1000", "streams", "issues,vulnerabilities,resources"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--") || !opt.containsKey(args[i].substring(2))) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; options: " + opt.keySet());
            }
            opt.put(args[i].substring(2), args[i + 1]);
        }
        int issues = Integer.parseInt(opt.get("issues"));
        int vulnerabilities = Integer.parseInt(opt.get("vulnerabilities"));
        int resources = Integer.parseInt(opt.get("resources"));

        WizEmulator.Builder builder = WizEmulator.builder().issues(issues).cloudResources(resources);
        List<String> streams = new ArrayList<>();
        for (String s : opt.get("streams").split(",")) {
            String stream = s.trim();
            if (!Files.exists(Path.of("routes/streams/" + stream + ".yaml"))) {
                System.out.println("benchmark: no stream " + stream + " (routes/streams/" + stream + ".yaml): skipped");
            } else if (stream.equals("vulnerabilities") && !knob(builder, "vulnerabilityFindings", vulnerabilities)) {
                System.out.println("benchmark: the emulator has no vulnerabilityFindings knob: vulnerabilities skipped");
            } else {
                streams.add(stream);
            }
        }
        Path dir = Files.createTempDirectory("wiz-camel-streams-bench");
        try (WizEmulator emulator = builder.build().start()) {
            long technologyRows = 0;
            if (streams.contains("resources")) {
                for (int i = 0; i < resources; i++) {
                    technologyRows += emulator.resources().technologies(i).size();
                }
            }
            System.out.printf("benchmark: %,d issues, %,d vulnerability findings, %,d resources (%,d technology rows);"
                    + " rate limit %s/s; -Xmx%dm; streams %s; file sink%n", issues, vulnerabilities, resources,
                    technologyRows, opt.get("rate-limit"), Runtime.getRuntime().maxMemory() / (1024 * 1024), streams);
            System.out.printf("%-16s %10s %10s %9s %8s %12s %12s %10s %10s %12s%n", "stream", "fetched", "delivered",
                    "requests", "tokens", "minimum", "sync s", "fetched/s", "records/s", "heap peak/live MiB");
            for (String stream : streams) {
                Properties p = EmulatorConnection.properties(emulator, dir, opt.get("rate-limit"));
                p.setProperty("wiz.streams", String.join(",", streams));
                System.gc();
                long started = System.nanoTime();
                long peak;
                int code;
                try (HeapSampler heap = HeapSampler.start()) {
                    code = WizCamel.run(new String[] {"--once", "--stream", stream}, p);
                    peak = heap.peak();
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                System.gc();
                long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                if (code != 0) {
                    System.out.println("benchmark: the " + stream + " sync failed (exit " + code + ")");
                    System.exit(code);
                }
                List<String> history = Files.readAllLines(dir.resolve("data").resolve("history.jsonl"));
                JsonNode run = JSON.readTree(history.get(history.size() - 1));
                long fetched = run.path("fetched").asLong();
                long delivered = run.path("delivered").asLong();
                // the sync's own duration (the history's), without Camel's start and stop around it
                double sync = run.path("durationMs").asDouble(seconds * 1000) / 1000;
                // the pages of the stream's own query, plus those of the technology table the resources stream reads
                long minimum = Math.max(1, (fetched + PAGE - 1) / PAGE)
                        + (stream.equals("resources") ? Math.max(1, (technologyRows + PAGE - 1) / PAGE) : 0);
                System.out.printf("%-16s %,10d %,10d %,9d %8d %,8d + 1 %12.1f %,10.0f %,10.0f %7d / %d%n", stream,
                        fetched, delivered, run.path("requests").asLong(), run.path("tokenFetches").asLong(), minimum,
                        sync, fetched / sync, delivered / sync, peak >> 20, live >> 20);
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** calls the emulator builder's knob when it has one (a stream merged later adds its own) */
    private static boolean knob(WizEmulator.Builder builder, String name, int value) throws Exception {
        try {
            Method m = WizEmulator.Builder.class.getMethod(name, int.class);
            m.invoke(builder, value);
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

}
