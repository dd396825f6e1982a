package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A service manager's stop (SIGTERM) ends a big sync quickly and truthfully; a kill (SIGKILL) is recorded at the next
 * start. The jar's entry point runs in its own JVM, as deployed.
 */
class CleanStopTest {

    @TempDir
    Path dir;

    @Test
    void sigtermMidSyncOfAHundredThousandIssuesStopsWithinTwentySecondsAsInterrupted() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(100_000).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.rate-limit", "1000");
            Path log = dir.resolve("run.log");
            Process p = h.startProcess(WizCamel.class, log, Map.of(), "--once");
            h.awaitPartFile(p);
            long asked = System.nanoTime();
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM");
            long millis = (System.nanoTime() - asked) / 1_000_000;
            String output = Files.readString(log);
            assertEquals(0, p.exitValue(), "a requested stop is not a failure:\n" + output);

            JsonNode run = h.lastRun();
            assertEquals("interrupted", run.path("outcome").asText(), run.toString());
            assertTrue(run.path("pages").asLong() > 0, "it was stopped mid-sync: " + run);
            assertTrue(run.path("pages").asLong() < 200, "it was stopped well before the end: " + run);
            JsonNode file = run.path("sinks").path("file");
            assertEquals(0, file.path("delivered").asLong(), "the file sink's output was not published: " + run);
            assertTrue(file.path("discarded").asLong() > 0, run.toString());
            assertEquals(List.of(), h.allOutputFiles(), "nothing published, no part file left");
            assertFalse(output.contains(" WARN ") || output.contains(" ERROR "), "a normal stop alarms no one:\n"
                    + output);
            Path wal = h.dir.resolve("data").resolve("wiz-camel.db-wal");
            assertTrue(!Files.exists(wal) || Files.size(wal) == 0, "the write-ahead log is merged at exit");
            System.out.println("SIGTERM mid-sync of 100,000 issues: stopped in " + millis + " ms after "
                    + run.path("pages").asLong() + " pages");
        }
    }

    @Test
    void aKilledRunIsRecordedAsInterruptedAtTheNextStartWhichDeliversEverything() throws Exception {
        int issues = 3000;
        try (WizEmulator emulator = WizEmulator.builder().issues(issues).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.page-size", "200");
            for (int i = 0; i < 20; i++) {
                emulator.enqueue(Fault.delay(Duration.ofMillis(300)));
            }
            Process p = h.startProcess(WizCamel.class, dir.resolve("killed.log"), Map.of(), "--once");
            String killedRun = h.awaitPartFile(p);
            p.destroyForcibly(); // SIGKILL: nothing runs in the killed process
            assertTrue(p.waitFor(10, TimeUnit.SECONDS));
            assertFalse(Files.exists(h.dir.resolve("data").resolve("history.jsonl")), "a killed run writes nothing");

            emulator.clearFaults();
            // the next start records it, before any run (a daemon's first run may be hours away)
            Process daemon = h.set("wiz.scheduler-enabled", "false")
                    .startProcess(WizCamel.class, dir.resolve("daemon.log"), Map.of());
            long deadline = System.currentTimeMillis() + 60_000;
            Path history0 = h.dir.resolve("data").resolve("history.jsonl");
            while (!Files.exists(history0) && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            daemon.destroy();
            assertTrue(daemon.waitFor(20, TimeUnit.SECONDS));
            assertEquals(0, daemon.exitValue());
            assertEquals(List.of(killedRun), h.history().stream().map(r -> r.path("runId").asText()).toList());
            assertEquals(0, h.run());
            List<JsonNode> history = h.history();
            assertEquals(2, history.size(), history.toString());
            JsonNode killed = history.get(0);
            assertEquals(killedRun, killed.path("runId").asText());
            assertEquals("interrupted", killed.path("outcome").asText());
            assertTrue(killed.path("error").asText().contains("thrown away"), killed.toString());
            assertEquals("succeeded", history.get(1).path("outcome").asText());
            assertEquals(h.expectedIds(issues), h.allRecords().stream().map(r -> r.path("id").asText()).toList());
        }
    }

    /** the jar's entry point in a separate JVM, configured through environment variables as in production */
}
