package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeHec;
import io.wizcamel.sink.fake.FakeSentinel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wiz.sink-retries means what it says: with 2, a batch is sent 3 times in all, not once more under each try by the
 * HTTP client's own retries (HttpClient repeats a 503 by itself unless told not to). When the tries run out, the
 * sink's error says how many there were and how long they took.
 */
class SinkRetryCountTest {

    static final int ISSUES = 300;

    @TempDir
    Path dir;

    WizEmulator emulator;

    @BeforeEach
    void start() {
        emulator = WizEmulator.builder().issues(ISSUES).build().start();
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private SyncHarness harness(String sink) {
        // one page: the sink gives up on it, and is then skipped for the rest of the run
        return new SyncHarness(emulator, dir).set("wiz.sinks", "file," + sink).set("wiz.page-size", "500")
                .set("wiz.sink-retries", "2").set("wiz.sink-retry-delay-ms", "10");
    }

    @Test
    void splunkHecBusyForEverIsPostedThreeTimes() throws Exception {
        String token = "6f1e3c2a-9b8d-4e7f-a1b2-c3d4e5f60718";
        try (FakeHec hec = new FakeHec(token, 1_000_000, Set.of("main")).start()) {
            hec.busyFor(1000);
            SyncHarness h = harness("splunk-hec").set("wiz.sink.splunk-hec.url", hec.baseUrl())
                    .set("wiz.sink.splunk-hec.token", token);
            assertEquals(0, h.run());
            assertEquals(3, hec.requests.get(), "1 try and 2 retries, each one POST");
            assertGaveUp(h.lastRun().path("sinks").path("splunk-hec"));
        }
    }

    @Test
    void sentinelUnavailableForEverIsPostedThreeTimes() throws Exception {
        String tenant = "72f988bf-86f1-41af-91ab-2d7cd011db47";
        String client = "0d6f2d77-3c4b-4b8e-9a51-2c1e7f4a9b10";
        String secret = "Qx8vT3eK9pL2mN7rS4wY6zA1bC5dF0gH";
        String dcr = "dcr-00112233445566778899aabbccddeeff";
        try (FakeSentinel azure = new FakeSentinel(tenant, client, secret, dcr, Set.of("Custom-WizIssues_CL")).start()) {
            azure.unavailableFor(1000);
            SyncHarness h = harness("sentinel").set("wiz.sink.sentinel.dce-url", azure.baseUrl())
                    .set("wiz.sink.sentinel.dcr-immutable-id", dcr).set("wiz.sink.sentinel.tenant-id", tenant)
                    .set("wiz.sink.sentinel.client-id", client).set("wiz.sink.sentinel.client-secret", secret)
                    .set("wiz.sink.sentinel.authority-url", azure.baseUrl());
            assertEquals(0, h.run());
            assertEquals(3, azure.ingestRequests.get(), "1 try and 2 retries, each one POST");
            assertGaveUp(h.lastRun().path("sinks").path("sentinel"));
        }
    }

    private static void assertGaveUp(JsonNode sink) {
        String error = sink.path("error").asText();
        assertTrue(error.matches(".*gave up after 3 attempts in \\d+\\.\\d s"), error);
        assertTrue(sink.path("deadLettered").asLong() > 0, sink.toString());
    }
}
