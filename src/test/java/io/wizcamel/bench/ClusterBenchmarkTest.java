package io.wizcamel.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.cluster.ClusterNode;
import io.wizcamel.cluster.ZooKeeperProcess;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster figures (docs/benchmark.md, "Cluster"): the failover time (SIGKILL of the leader mid-sync to the other
 * node's first request to the emulator) and the wall time of six streams on three ZooKeeper-coordinated daemons
 * against one daemon doing the same work. Prints figures, asserts nothing about time.
 *
 * <pre>
 * mvn -q test -Pbenchmark -Dtest=ClusterBenchmarkTest -Dbench.failovers=3 -Dbench.scale=1
 * </pre>
 */
@Tag("benchmark")
class ClusterBenchmarkTest {

    static final List<String> STREAMS = List.of("issues", "projects", "vulnerabilities", "configuration-findings",
            "users", "roles");

    @TempDir
    Path dir;

    @Test
    void failoverAndThroughput() throws Exception {
        int failovers = Integer.getInteger("bench.failovers", 3);
        int scale = Integer.getInteger("bench.scale", 1);
        try (ZooKeeperProcess zk = ZooKeeperProcess.start()) {
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < failovers; i++) {
                times.add(failover(zk, i));
            }
            Collections.sort(times);
            System.out.printf("failover, SIGKILL to the other node's first request (session timeout 5 s), %d runs:"
                    + " %s s, median %.2f s%n", times.size(), times, times.get(times.size() / 2));
            double one = spread(zk, 1, scale, "one");
            double three = spread(zk, 3, scale, "three");
            System.out.printf("six streams, one node: %.1f s; three nodes: %.1f s (x%.2f)%n", one, three, one / three);
        }
    }

    private SyncHarness harness(WizEmulator emulator, ZooKeeperProcess zk, Path work, String base) throws Exception {
        Files.createDirectories(work);
        return new SyncHarness(emulator, work).set("wiz.cluster", "zookeeper")
                .set("wiz.cluster.zookeeper-nodes", zk.connectString())
                .set("wiz.cluster.zookeeper-base-path", "/bench-" + base)
                .set("wiz.cluster.zookeeper-session-timeout-seconds", "5")
                .set("wiz.sync-on-start", "true").set("wiz.rate-limit", "1000")
                .set("wiz.schedule", "0 0 0 1 1 ? 2099").set("wiz.full-sync-schedule", "0 0 0 1 1 ? 2099");
    }

    private double failover(ZooKeeperProcess zk, int round) throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(100_000).build().start()) {
            Path work = dir.resolve("failover-" + round);
            SyncHarness h = harness(emulator, zk, work, "failover-" + round);
            try (ClusterNode a = ClusterNode.start("node-a", h.props, work);
                    ClusterNode b = ClusterNode.start("node-b", h.props, work)) {
                ClusterNode leader = await(() -> a.leads("issues") ? a : b.leads("issues") ? b : null, 120);
                await(() -> partFile(h) ? true : null, 120);
                long killed = System.nanoTime();
                leader.process.destroyForcibly();
                leader.process.waitFor(20, TimeUnit.SECONDS);
                long first = await(() -> emulator.requestTimes().stream().filter(t -> t > killed).findFirst()
                        .orElse(null), 120);
                return Math.round((first - killed) / 1e7) / 100.0;
            }
        }
    }

    /**
     * seconds from POST /wiz/sync on every node (each runs the streams it leads), once the streams are spread, until
     * every stream's run has ended
     */
    private double spread(ZooKeeperProcess zk, int nodes, int scale, String name) throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(40_000 * scale).projects(2_000 * scale)
                .vulnerabilityFindings(40_000 * scale).configurationFindings(40_000 * scale).users(10_000 * scale)
                .build().start()) {
            Path work = dir.resolve("spread-" + name);
            SyncHarness h = harness(emulator, zk, work, "spread-" + name).set("wiz.streams", String.join(",", STREAMS))
                    .set("wiz.sync-on-start", "false").set("wiz.admin-token", "bench");
            List<ClusterNode> started = new ArrayList<>();
            try {
                for (int i = 1; i <= nodes; i++) {
                    started.add(ClusterNode.start("node-" + i, h.props, work));
                }
                int share = (STREAMS.size() + nodes - 1) / nodes;
                await(() -> started.stream().allMatch(n -> STREAMS.stream().filter(n::leads).count() == share)
                        ? true : null, 300);
                long t0 = System.nanoTime();
                HttpClient http = HttpClient.newHttpClient();
                for (ClusterNode n : started) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + n.port() + "/wiz/sync")).header("Authorization", "Bearer bench")
                            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 202) {
                        throw new AssertionError(n.id + ": " + r.statusCode() + " " + r.body());
                    }
                }
                await(() -> done(h) ? true : null, 900);
                double wall = (System.nanoTime() - t0) / 1e9;
                Map<String, String> ranOn = new LinkedHashMap<>();
                long records = 0;
                for (JsonNode r : h.history()) {
                    ranOn.put(r.path("stream").asText(), r.path("node").asText());
                    records += r.path("fetched").asLong();
                }
                Map<String, Integer> perNode = new TreeMap<>();
                ranOn.values().forEach(n -> perNode.merge(n, 1, Integer::sum));
                System.out.printf("%s node(s): %d records fetched in %.1f s (sync now on every node to the last run's end), %.0f records/s; streams per node %s%n", name, records, wall,
                        records / wall, perNode);
                return wall;
            } finally {
                for (ClusterNode n : started) {
                    n.close();
                }
            }
        }
    }

    private static boolean done(SyncHarness h) throws Exception {
        if (!Files.exists(h.dir.resolve("data").resolve("history.jsonl"))) {
            return false;
        }
        List<JsonNode> history = h.history();
        return STREAMS.stream().allMatch(s -> history.stream().anyMatch(r -> s.equals(r.path("stream").asText())
                && !r.path("end").isNull()));
    }

    private static boolean partFile(SyncHarness h) throws Exception {
        if (!Files.isDirectory(h.issuesDir())) {
            return false;
        }
        try (var files = Files.list(h.issuesDir())) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".part"));
        }
    }

    private static <T> T await(Callable<T> what, int seconds) throws Exception {
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (true) {
            T v;
            try {
                v = what.call();
            } catch (java.io.IOException e) {
                v = null;
            }
            if (v != null) {
                return v;
            }
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }
}
