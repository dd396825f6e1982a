package io.wizcamel.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.WizCamel;
import io.wizcamel.emulator.WizEmulator;

/**
 * Syncs N emulator issues to files through the deployed routes and prints what it cost:
 * {@code java -Xmx256m -cp target/wiz-camel.jar io.wizcamel.bench.SyncBenchmark 1000000}.
 * The emulator runs in the same JVM, so the heap figure bounds both together.
 */
public final class SyncBenchmark {

    private SyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int issues = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String rateLimit = args.length > 1 ? args[1] : "100";
        Path dir = Files.createTempDirectory("wiz-camel-bench");
        try (WizEmulator emulator = WizEmulator.builder().issues(issues).build().start()) {
            Properties p = EmulatorConnection.properties(emulator, dir, rateLimit);
            resetPeaks();
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
            List<String> history = Files.readAllLines(dir.resolve("data").resolve("history.jsonl"));
            JsonNode run = new ObjectMapper().readTree(history.get(history.size() - 1));
            long serverMatches = run.path("fetched").asLong();
            long delivered = run.path("delivered").asLong();
            System.out.printf("benchmark: %,d emulator issues, rate limit %s/s, -Xmx%dm%n", issues, rateLimit,
                    Runtime.getRuntime().maxMemory() / (1024 * 1024));
            System.out.printf("  wall time          %.1f s%n", seconds);
            System.out.printf("  GraphQL requests   %,d (ceil(%,d matching / 500) = %,d)%n", run.path("requests").asLong(),
                    serverMatches, (serverMatches + 499) / 500);
            System.out.printf("  token fetches      %d%n", run.path("tokenFetches").asLong());
            System.out.printf("  retries            %d%n", run.path("retries").asLong());
            System.out.printf("  records delivered  %,d (fetched %,d, dropped %s)%n", delivered, serverMatches,
                    run.path("dropped"));
            System.out.printf("  records/s          %,.0f delivered, %,.0f fetched%n", delivered / seconds,
                    serverMatches / seconds);
            System.out.printf("  peak heap used     %,d MiB sampled, %,d MiB by pool peaks (connector and emulator)%n",
                    peakHeap / (1024 * 1024), poolPeaks() / (1024 * 1024));
        } finally {
            deleteTree(dir);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long poolPeaks() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static void deleteTree(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
