package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Without --once the runner stays up and syncs on its Quartz schedule. */
class ScheduledSyncTest {

    @TempDir
    Path dir;

    @Test
    void theScheduleTriggersIncrementalSyncs() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(300).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir);
            h.set("wiz.schedule", "0/2 * * * * ?");
            List<JsonNode> runs = runAsService(h, 7);
            assertTrue(runs.size() >= 2, runs.toString());
            for (JsonNode run : runs) {
                assertEquals("schedule", run.path("trigger").asText());
                assertEquals("succeeded", run.path("outcome").asText());
            }
            assertEquals("full", runs.get(0).path("mode").asText(), "no checkpoint yet");
            assertEquals("incremental", runs.get(1).path("mode").asText());
            assertEquals(0, runs.get(1).path("delivered").asLong());
            assertEquals(h.expectedIds(300), h.allRecords().stream().map(r -> r.path("id").asText()).toList());
        }
    }

    @Test
    void theFullScheduleTriggersFullResyncs() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(100).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir);
            h.set("wiz.schedule", "0 0 0 1 1 ? 2099");
            h.set("wiz.stream.issues.full-sync-schedule", "0/2 * * * * ?"); // the stream's own cron
            List<JsonNode> runs = runAsService(h, 5);
            assertTrue(runs.size() >= 2, runs.toString());
            for (JsonNode run : runs) {
                assertEquals("full-schedule", run.path("trigger").asText());
                assertEquals("full", run.path("mode").asText(), "a full resync, checkpoint or not");
                assertEquals("succeeded", run.path("outcome").asText());
            }
        }
    }

    /** the runner staying up (no --once) until it stops itself after some seconds, as after a SIGTERM; its history */
    private static List<JsonNode> runAsService(SyncHarness h, int seconds) throws Exception {
        h.set("camel.main.duration-max-seconds", String.valueOf(seconds));
        Thread runner = new Thread(() -> WizCamel.run(new String[0], h.props));
        runner.start();
        runner.join(30_000);
        return h.history();
    }
}
