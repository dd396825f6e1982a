package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's outcome tells the truth: in the history, the summary line's level and --once's exit code. */
class RunOutcomeTest {

    @TempDir
    Path dir;

    WizEmulator emulator;

    @BeforeEach
    void start() {
        emulator = WizEmulator.builder().issues(300).build().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void theOnlySinkDownIsAPartialRunThatExitsThreeWithAWarning() throws Exception {
        SyncHarness h = new SyncHarness(emulator, dir).set("wiz.sinks", "splunk-hec")
                .set("wiz.sink.splunk-hec.url", "http://127.0.0.1:" + freePort())
                .set("wiz.sink.splunk-hec.token", "00000000-0000-0000-0000-000000000000")
                .set("wiz.sink-retries", "1").set("wiz.sink-retry-delay-ms", "10");
        assertEquals(3, h.run(), "cron, systemd and Kubernetes Jobs must not see success");
        JsonNode run = h.lastRun();
        assertEquals("partial", run.path("outcome").asText());
        long kept = run.path("sinks").path("splunk-hec").path("deadLettered").asLong();
        assertEquals(h.expectedIds(300).size(), kept, "every record is kept for the next run");
        assertEquals(0, run.path("delivered").asLong());
        assertTrue(run.path("failedSinks").path("splunk-hec").asText().contains("Connection refused"), run.toString());
        String summary = h.logs.lines().filter(l -> l.contains(" sync " + run.path("runId").asText())).findFirst()
                .orElseThrow();
        assertTrue(summary.startsWith("WARN ") && summary.contains(" partial "), summary);
    }

    @Test
    void aDerivedRunLeftPartialMakesOnceExitThreeThoughItsCrawlSucceeded() throws Exception {
        // the issues crawl goes to the file sink only; its derived controls run also to a Splunk HEC that is down
        SyncHarness h = new SyncHarness(emulator, dir).set("wiz.streams", "issues,controls")
                .set("wiz.sinks", "file,splunk-hec").set("wiz.sink.splunk-hec.streams", "controls")
                .set("wiz.sink.splunk-hec.url", "http://127.0.0.1:" + freePort())
                .set("wiz.sink.splunk-hec.token", "00000000-0000-0000-0000-000000000000")
                .set("wiz.sink-retries", "0");
        assertEquals(3, h.run());
        JsonNode issues = null;
        JsonNode controls = null;
        for (JsonNode run : h.history()) {
            if (run.path("stream").asText().equals("issues")) {
                issues = run;
            } else if (run.path("stream").asText().equals("controls")) {
                controls = run;
            }
        }
        assertEquals("succeeded", issues.path("outcome").asText(), String.valueOf(issues));
        assertEquals("partial", controls.path("outcome").asText(), String.valueOf(controls));
        assertTrue(controls.path("failedSinks").has("splunk-hec"), controls.toString());
    }

    @Test
    void aFailedRunDoesNotClaimTheFileDeliveriesItThrewAway() throws Exception {
        SyncHarness h = new SyncHarness(emulator, dir).set("wiz.page-size", "50");
        // two pages go to the file sink's part file, then Wiz refuses the third request
        emulator.enqueue(Fault.delay(Duration.ZERO));
        emulator.enqueue(Fault.delay(Duration.ZERO));
        emulator.enqueue(Fault.graphqlError("BAD_USER_INPUT", "bad cursor"));
        assertEquals(1, h.run());
        JsonNode run = h.lastRun();
        assertEquals("failed", run.path("outcome").asText());
        JsonNode file = run.path("sinks").path("file");
        assertEquals(0, file.path("delivered").asLong(), run.toString());
        assertTrue(file.path("discarded").asLong() > 0, "what the file sink took is reported as thrown away");
        assertEquals(0, run.path("delivered").asLong());
        assertTrue(h.files().isEmpty());
        String summary = h.logs.lines().filter(l -> l.contains(" sync " + run.path("runId").asText())).findFirst()
                .orElseThrow();
        assertTrue(summary.startsWith("ERROR ") && summary.contains("discarded (not published)"), summary);
    }

    @Test
    void aHelperRouteOfASinkCannotBeNamedAsASink() throws Exception {
        SyncHarness h = new SyncHarness(emulator, dir).set("wiz.sinks", "sentinel,sentinel-post")
                .set("wiz.sink.sentinel.dce-url", "https://dce.example.com")
                .set("wiz.sink.sentinel.dcr-immutable-id", "dcr-00000000000000000000000000000000")
                .set("wiz.sink.sentinel.tenant-id", "00000000-0000-0000-0000-000000000000")
                .set("wiz.sink.sentinel.client-id", "00000000-0000-0000-0000-000000000000")
                .set("wiz.sink.sentinel.client-secret", "s");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("wiz.sinks (WIZ_SINKS) names 'sentinel-post', but route sink-sentinel-post is not"
                + " declared a sink"), h.stderr);
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
