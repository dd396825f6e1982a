package io.wizcamel.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.WizCamel;
import io.wizcamel.emulator.WizEmulator;

/**
 * Syncs N emulator vulnerability findings and M configuration findings to files through the deployed routes (a full
 * first run) and prints, per stream, the requests against the minimum, records/s and the heap:
 * {@code java -Xmx256m -cp target/wiz-camel.jar io.wizcamel.bench.FindingsBenchmark 100000 50000}.
 * The emulator runs in the same JVM, so the heap figure bounds both together.
 */
public final class FindingsBenchmark {

    private FindingsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int vulnerabilities = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int configurationFindings = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        String rateLimit = args.length > 2 ? args[2] : "100";
        Path dir = Files.createTempDirectory("wiz-camel-findings-bench");
        List<String> streams = new ArrayList<>();
        if (vulnerabilities > 0) {
            streams.add("vulnerabilities");
        }
        if (configurationFindings > 0) {
            streams.add("configuration-findings");
        }
        try (WizEmulator emulator = WizEmulator.builder().issues(0).vulnerabilityFindings(vulnerabilities)
                .configurationFindings(configurationFindings).build().start()) {
            Properties p = EmulatorConnection.properties(emulator, dir, rateLimit);
            p.setProperty("wiz.streams", String.join(",", streams));
            long started = System.nanoTime();
            long peakHeap;
            int code;
            try (HeapSampler heap = HeapSampler.start()) {
                code = WizCamel.run(new String[] {"--once"}, p);
                peakHeap = heap.peak();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            if (code != 0) {
                System.out.println("benchmark: the sync failed (exit " + code + ")");
                System.exit(code);
            }
            System.out.printf("benchmark: %,d vulnerability findings, %,d configuration findings, rate limit %s/s,"
                    + " -Xmx%dm, wall time %.1f s%n", vulnerabilities, configurationFindings, rateLimit,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024), seconds);
            ObjectMapper json = new ObjectMapper();
            for (String line : Files.readAllLines(dir.resolve("data").resolve("history.jsonl"))) {
                JsonNode run = json.readTree(line);
                long fetched = run.path("fetched").asLong();
                double runSeconds = Math.max(1, run.path("durationMs").asLong()) / 1000.0;
                System.out.printf("  %-23s %,d requests (minimum ceil(%,d / 500) = %,d), %,d delivered, %,.0f"
                        + " fetched/s, %,.0f delivered/s, dropped %s%n", run.path("stream").asText(),
                        run.path("requests").asLong(), fetched, (fetched + 499) / 500, run.path("delivered").asLong(),
                        fetched / runSeconds, run.path("delivered").asLong() / runSeconds, run.path("dropped"));
            }
            System.out.printf("  peak heap used          %,d MiB sampled (connector and emulator)%n",
                    peakHeap / (1024 * 1024));
        } finally {
            try (var paths = Files.walk(dir)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }
}
