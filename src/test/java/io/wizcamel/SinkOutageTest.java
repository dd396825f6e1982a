package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One sink down for a run: the others deliver, its records wait as dead letters, and the next run delivers them. */
class SinkOutageTest {

    @TempDir
    Path dir;

    WizEmulator emulator;
    SyncHarness h;

    @BeforeEach
    void start() {
        FlakyTarget.reset();
        emulator = WizEmulator.builder().issues(1200).build().start();
        h = new SyncHarness(emulator, dir)
                .extraRoutes("file:src/test/resources/routes/*.yaml")
                .set("wiz.sinks", "file,flaky")
                .set("wiz.sink-retries", "2")
                .set("wiz.sink-retry-delay-ms", "10");
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void aSinkDownForARunLosesNothingAndBlocksNoOtherSink() throws Exception {
        List<String> expected = h.expectedIds(1200);
        FlakyTarget.down = true;
        assertEquals(3, h.run(), "a sink outage does not fail the run, but it is no success either");
        JsonNode run = h.lastRun();
        assertEquals("partial", run.path("outcome").asText());
        assertEquals(expected.size(), run.path("sinks").path("file").path("delivered").asLong());
        assertEquals(expected, h.allRecords().stream().map(r -> r.path("id").asText()).toList(), "file unaffected");
        JsonNode flaky = run.path("sinks").path("flaky");
        assertEquals(0, flaky.path("delivered").asLong());
        assertEquals(expected.size(), flaky.path("deadLettered").asLong());
        assertTrue(flaky.path("error").asText().contains("Connection refused"), flaky.toString());
        assertEquals(3, FlakyTarget.ATTEMPTS.get(), "one page tried three times, then the sink is skipped");
        assertTrue(run.path("watermarkTo").isTextual(), "the checkpoint advances: every record is delivered or kept");

        // the target is back; one issue changed meanwhile
        FlakyTarget.down = false;
        int changed = emulator.indexOf(expected.get(0));
        emulator.setStatus(changed, "RESOLVED".equals(emulator.issue(changed).path("status").asText()) ? "OPEN" : "RESOLVED",
                Instant.now());
        assertEquals(0, h.run(), "the dead letters are delivered: a success");
        JsonNode second = h.lastRun().path("sinks").path("flaky");
        assertEquals(expected.size(), second.path("redelivered").asLong(), "dead letters first");
        assertEquals(1, second.path("delivered").asLong(), "then the new change");
        assertEquals(1, h.lastRun().path("sinks").path("file").path("delivered").asLong());
        assertEquals(expected.size() + 1, FlakyTarget.RECEIVED.size(), "every version arrived");
        assertTrue(FlakyTarget.RECEIVED.values().stream().allMatch(n -> n.get() == 1), "none twice");
        assertEquals(expected.stream().collect(Collectors.toSet()),
                FlakyTarget.RECEIVED.keySet().stream().map(k -> k.substring(0, k.indexOf('@'))).collect(Collectors.toSet()));

        // a third run has nothing left to replay
        assertEquals(0, h.run());
        assertEquals(0, h.lastRun().path("sinks").path("flaky").path("redelivered").asLong());
        assertEquals(0, h.lastRun().path("delivered").asLong());
    }

    @Test
    void aSinkWithoutARouteIsRefusedAtStartUp() throws Exception {
        h.set("wiz.sinks", "file,splunk-typo");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("splunk-typo") && h.stderr.contains("routes/sink-splunk-typo.yaml"), h.stderr);
    }
}
