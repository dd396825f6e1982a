package io.wizcamel.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.launch.TunedJvm;
import io.wizcamel.stream.issues.IssueFilter;

/**
 * The floor under the connector's throughput: what a fresh JVM with the tuned options does with the same recorded
 * pages when it does nothing but the unavoidable part of a sync, as fast as Jackson does it. For each page: read it
 * from the file into a tree; for each issue that passes SAFE's rules (the connector's {@link IssueFilter} with the
 * default settings), render it to JSON, take its SHA-256 and append it to a file. No HTTP, no Camel, no shaping, no
 * ledger. Each pass is timed on its own: the first is what a {@code --once} run meets (a cold JVM, its JIT
 * compiling as it goes), the later ones are the same work warm. Run with one thread, and with the pages parsed on a
 * second thread (both cores, as the connector's fetch thread would).
 *
 * <pre>
 * java -cp target/wiz-camel.jar io.wizcamel.bench.FloorBenchmark [--issues N] [--passes P] [--keep]
 * </pre>
 */
public final class FloorBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** records/s delivered the issue's target asks of the 100,000-issue sync */
    private static final double TARGET = 65_000;

    private FloorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--pages")) {
            floor(Path.of(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int issues = 100_000;
        int passes = 3;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--issues" -> issues = Integer.parseInt(args[++i]);
                case "--passes" -> passes = Integer.parseInt(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; the options are --issues N, --passes P, --keep");
            }
        }
        Path work = Files.createTempDirectory("wiz-floor-bench");
        PageReplayServer.Recording rec = PageReplayServer.render(issues, work.resolve("pages"),
                Path.of("routes/graphql/issues.graphql"));
        System.out.printf("wiz-camel floor benchmark: %,d issues, %,d fetched in %d pages (%,.1f MiB), rendered in"
                + " %.1f s (not counted); %d cores, java %s%n", issues, rec.nodes(), rec.pageCount(),
                rec.bytes() / 1048576.0, rec.renderSeconds(), Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"));
        String jar = Path.of(System.getProperty("java.class.path")).toAbsolutePath().toString();
        for (int threads = 1; threads <= 2; threads++) {
            System.out.printf("%n== %s, a fresh JVM: %s%n", threads == 1 ? "one thread" : "pages parsed on a second"
                    + " thread", String.join(" ", jvmOptions()));
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                    .toString()));
            cmd.addAll(jvmOptions());
            cmd.addAll(List.of("-cp", jar, FloorBenchmark.class.getName(), "--pages", rec.dir().toString(),
                    Integer.toString(passes), Integer.toString(threads)));
            int exit = new ProcessBuilder(cmd).inheritIO().start().waitFor();
            if (exit != 0) {
                throw new IllegalStateException("the floor run exited " + exit);
            }
        }
        System.out.println("\nrecords/s = records rendered (those the connector delivers) / the pass's wall time");
        if (!keep) {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        } else {
            System.out.println("kept " + work);
        }
    }

    /** the options the launcher gives the connector's JVM by default, with the benchmark's -Xmx */
    private static List<String> jvmOptions() {
        List<String> options = new ArrayList<>(new TunedJvm(List.of("-Xmx256m"), null, 0).defaults(null));
        options.add("-Xmx256m");
        return options;
    }

    private static void floor(Path dir, int passes, int threads) throws Exception {
        List<Path> pages;
        try (Stream<Path> files = Files.list(dir)) {
            pages = files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        Properties d = SettingsSchema.load().defaults();
        IssueFilter filter = new IssueFilter(d.getProperty("wiz.severities"), d.getProperty("wiz.cloud-platforms"),
                Boolean.parseBoolean(d.getProperty("wiz.skip-deleted")), d.getProperty("wiz.deleted-resource-statuses"),
                d.getProperty("wiz.statuses"), d.getProperty("wiz.project-ids", ""));
        ExecutorService parser = threads > 1 ? Executors.newSingleThreadExecutor() : null;
        Path out = Files.createTempFile(dir.getParent(), "floor", ".jsonl");
        for (int pass = 1; pass <= passes; pass++) {
            long t0 = System.nanoTime();
            long fetched = 0;
            long rendered = 0;
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
                // with a second thread, the next page is parsed there while this one is rendered (one ahead, as the
                // connector's fetch thread works)
                Future<JsonNode> next = parser != null ? parser.submit(() -> read(pages.get(0))) : null;
                for (int i = 0; i < pages.size(); i++) {
                    JsonNode root;
                    if (parser != null) {
                        root = next.get();
                        int ahead = i + 1;
                        next = ahead < pages.size() ? parser.submit(() -> read(pages.get(ahead))) : null;
                    } else {
                        root = read(pages.get(i));
                    }
                    for (JsonNode issue : root.path("data").path("issues").path("nodes")) {
                        fetched++;
                        if (filter.dropReason(issue) != null) {
                            continue;
                        }
                        byte[] json = JSON.writeValueAsBytes(issue);
                        sha.digest(json);
                        file.write(json);
                        file.write('\n');
                        rendered++;
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("pass %d%s: %,d fetched, %,d rendered in %.3f s = %,.0f records/s (the target's %,.0f"
                    + " needs %.3f s)%n", pass, pass == 1 ? " (cold)" : "", fetched, rendered, seconds,
                    rendered / seconds, TARGET, rendered / TARGET);
        }
        if (parser != null) {
            parser.shutdown();
        }
        Files.deleteIfExists(out);
    }

    private static JsonNode read(Path page) throws IOException {
        try (InputStream in = Files.newInputStream(page)) {
            return JSON.readTree(in);
        }
    }
}
