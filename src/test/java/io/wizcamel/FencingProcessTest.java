package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.state.RunHistory;
import io.wizcamel.state.StateStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fencing across processes, state in PostgreSQL: node A (its own JVM, its own state folder) starts a slow sync and
 * is paused with SIGSTOP mid-run; node B (this JVM, another state folder, the same database and output volume) runs
 * the same stream to the end; A resumes, is refused its commit, and ends interrupted ("fenced"). The published files
 * hold every expected issue exactly once, all of them B's.
 */
@Services
class FencingProcessTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();


    @Test
    void aPausedNodeThatWasOvertakenPublishesNothingAndNothingIsDeliveredTwice() throws Exception {
        int issues = 3000;
        try (WizEmulator emulator = WizEmulator.builder().issues(issues).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir);
            h.set("wiz.page-size", "200");
            schema.stateOf(h);
            for (int i = 0; i < 20; i++) {
                emulator.enqueue(Fault.delay(Duration.ofMillis(300)));
            }
            Process a = startNode(h, dir.resolve("data-a"));
            long deadline = System.currentTimeMillis() + 90_000;
            while (!hasPartFile(h.issuesDir()) && System.currentTimeMillis() < deadline && a.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(a.isAlive(), "node A finished before it could be paused");
            signal("STOP", a);
            try {
                emulator.clearFaults();
                assertEquals(0, h.run(), "node B: " + h.stderr); // another state folder, same database and volume
            } finally {
                signal("CONT", a);
            }
            assertTrue(a.waitFor(120, TimeUnit.SECONDS), "node A ended");
            String logA = Files.readString(dir.resolve("node-a.log"));
            assertEquals(0, a.exitValue(), "a fenced run is a clean stop: " + logA);
            assertTrue(logA.contains("is fenced") && logA.contains("epoch 2 was started by"), logA);

            List<String> delivered = new ArrayList<>();
            for (JsonNode r : h.allRecords()) {
                delivered.add(r.path("id").asText());
            }
            assertEquals(h.expectedIds(issues), delivered, "every issue once");
            assertEquals(h.files(), h.allOutputFiles(), "A left no part file");

            try (StateStore store = new StateStore(dir.toString(), PostgresSchema.URL, PostgresSchema.USER, schema.name(), 2)
                    .password("")) {
                List<JsonNode> runs = new ArrayList<>();
                for (String line : RunHistory.read(store, 10, List.of("issues"))) {
                    runs.add(SyncHarness.JSON.readTree(line));
                }
                Set<String> outcomes = new HashSet<>();
                runs.forEach(r -> outcomes.add(r.path("outcome").asText() + " " + r.path("epoch").asLong()));
                // B's line, B's note on finding A under way (no epoch: it has only A's id), and A's own line
                assertEquals(Set.of("succeeded 2", "interrupted 0", "interrupted 1"), outcomes, runs.toString());
                JsonNode fenced = runs.stream().filter(r -> r.path("epoch").asLong() == 1).findFirst().orElseThrow();
                assertTrue(fenced.path("error").asText().startsWith("fenced:"), fenced.toString());
                assertEquals(0, fenced.path("outputFiles").size());
                JsonNode seen = runs.stream().filter(r -> r.path("epoch").isMissingNode()).findFirst().orElseThrow();
                assertEquals(fenced.path("runId"), seen.path("runId"));
                assertTrue(seen.path("error").asText().contains("this run is fenced"), seen.toString());
            }
        }
    }

    /** the jar's entry point in a JVM of its own, configured by environment variables as in production */
    private Process startNode(SyncHarness h, Path stateDir) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), WizCamel.class.getName(), "--once"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("node-a.log").toFile());
        Map<String, String> env = pb.environment();
        h.props.forEach((k, v) -> env.put(ConfigCheck.env(k.toString()), v.toString()));
        env.put("WIZ_STATE_DIR", stateDir.toString());
        return pb.start();
    }

    private static void signal(String signal, Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-" + signal, Long.toString(p.pid())).inheritIO().start().waitFor());
    }

    private static boolean hasPartFile(Path issuesDir) throws Exception {
        if (!Files.isDirectory(issuesDir)) {
            return false;
        }
        try (var s = Files.list(issuesDir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".part") && f.toFile().length() > 0);
        }
    }
}
