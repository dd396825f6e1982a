package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeSentinel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Sentinel sink against a fake Entra ID token endpoint and Logs Ingestion API that enforce their contracts. */
class SentinelSinkTest {

    static final String SECRET = "Qx8~vT3.eK9\"pL2_mN7,rS4wY6zA1bC5dF0gH";
    static final String TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47";
    static final String CLIENT = "0d6f2d77-3c4b-4b8e-9a51-2c1e7f4a9b10";
    static final String DCR = "dcr-00112233445566778899aabbccddeeff";
    static final int ISSUES = 1200;

    @TempDir
    Path dir;

    WizEmulator emulator;
    FakeSentinel azure;
    SyncHarness h;

    @BeforeEach
    void start() {
        emulator = WizEmulator.builder().issues(ISSUES).build().start();
        azure = new FakeSentinel(TENANT, CLIENT, SECRET, DCR, Set.of("Custom-WizIssues_CL")).start();
        h = new SyncHarness(emulator, dir).set("wiz.sinks", "file,sentinel")
                .set("wiz.sink.sentinel.dce-url", azure.baseUrl()).set("wiz.sink.sentinel.dcr-immutable-id", DCR)
                .set("wiz.sink.sentinel.tenant-id", TENANT).set("wiz.sink.sentinel.client-id", CLIENT)
                .set("wiz.sink.sentinel.client-secret", SECRET).set("wiz.sink.sentinel.authority-url", azure.baseUrl())
                .set("wiz.sink-retries", "2").set("wiz.sink-retry-delay-ms", "10");
    }

    @AfterEach
    void stop() {
        azure.close();
        emulator.close();
    }

    /** the documented table: TimeGenerated, then each record field under its column name */
    static ObjectNode expectedRow(JsonNode r) {
        ObjectNode row = SyncHarness.JSON.createObjectNode().put("TimeGenerated", r.path("statusChangedAt").asText());
        String[][] columns = {{"id", "IssueId"}, {"type", "IssueType"}, {"title", "IssueTitle"}, {"severity", "Severity"},
            {"wizStatus", "WizStatus"}, {"status", "Status"}, {"resolutionReason", "ResolutionReason"},
            {"cloudPlatform", "CloudPlatform"}, {"createdAt", "CreatedAt"}, {"updatedAt", "UpdatedAt"},
            {"statusChangedAt", "StatusChangedAt"}, {"resolvedAt", "ResolvedAt"}, {"dueAt", "DueAt"}, {"url", "IssueUrl"},
            {"resource", "Resource"}, {"control", "Control"}, {"projects", "Projects"},
            {"serviceTickets", "ServiceTickets"}};
        for (String[] c : columns) {
            row.set(c[1], r.get(c[0]));
        }
        return row;
    }

    @Test
    void aRecordOfAnotherStreamKeepsEveryFieldReservedNamesPrefixed() throws Exception {
        ObjectNode project = (ObjectNode) SyncHarness.JSON.readTree("{\"id\":\"p-1\",\"name\":\"Payments\","
                + "\"type\":\"project\",\"slug\":\"payments\",\"archived\":false,\"riskProfile\":{\"businessImpact\":"
                + "\"HBI\"},\"updatedAt\":\"2026-11-30T10:00:00Z\"}");
        io.wizcamel.stream.RunStats run = new io.wizcamel.stream.RunStats("projects", "project", "test");
        JsonNode row = SyncHarness.JSON.readTree(new io.wizcamel.sink.sentinel.SentinelRows(1_000_000)
                .batches(List.of(project), run).body()).get(0);
        assertEquals(SyncHarness.JSON.readTree("{\"TimeGenerated\":\"2026-11-30T10:00:00Z\",\"WizId\":\"p-1\","
                + "\"Name\":\"Payments\",\"WizType\":\"project\",\"Slug\":\"payments\",\"Archived\":false,"
                + "\"RiskProfile\":{\"businessImpact\":\"HBI\"},\"UpdatedAt\":\"2026-11-30T10:00:00Z\"}"), row);
    }

    @Test
    void everyRecordArrivesOnceAsARowWithOneToken() throws Exception {
        assertEquals(0, h.run());
        List<JsonNode> records = h.allRecords();
        assertEquals(h.expectedIds(ISSUES).size(), records.size());
        assertEquals(records.size(), azure.rows.size());
        for (int i = 0; i < records.size(); i++) {
            assertEquals(expectedRow(records.get(i)), azure.rows.get(i), "row " + i);
        }
        JsonNode run = h.lastRun();
        assertEquals(records.size(), run.path("sinks").path("sentinel").path("delivered").asLong());
        assertEquals(1, azure.tokenRequests.get(), "one token for the run");
        assertEquals(run.path("pages").asInt(), azure.accepted.get(), "a page under 1 MB is one call");
        assertEquals(azure.accepted.get(), azure.ingestRequests.get());
        assertTrue(azure.largestBody <= 1_000_000);
        SinkChecks.secretNowhere(h, SECRET);
        for (String token : issuedTokens()) {
            SinkChecks.secretNowhere(h, token);
        }
    }

    @Test
    void anOutageDeadLettersThePagesAndTheNextRunDeliversThem() throws Exception {
        List<String> expected = h.expectedIds(ISSUES);
        azure.stop();
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("sentinel");
        assertEquals(expected.size(), sink.path("deadLettered").asLong());
        assertTrue(sink.path("error").asText().contains("Connection refused"), sink.toString());

        azure.start();
        assertEquals(0, h.run());
        sink = h.lastRun().path("sinks").path("sentinel");
        assertEquals(expected.size(), sink.path("redelivered").asLong());
        assertEquals(0, sink.path("deadLettered").asLong());
        assertEquals(Set.copyOf(expected), Set.copyOf(ids()));
        assertEquals(expected.size(), azure.rows.size(), "none twice");
    }

    @Test
    void aCallOverTheSizeLimitIsSplit() throws Exception {
        azure.maxBytes(100_000);
        assertEquals(0, h.run());
        assertEquals(h.expectedIds(ISSUES), ids(), "every row once, in order");
        assertEquals(0, h.lastRun().path("sinks").path("sentinel").path("deadLettered").asLong());
        assertTrue(azure.ingestRequests.get() > azure.accepted.get(), "413s were answered");
    }

    @Test
    void throttlingAndUnavailabilityAreRetried() throws Exception {
        azure.throttleFor(1);
        azure.unavailableFor(1);
        assertEquals(0, h.run());
        assertEquals(h.expectedIds(ISSUES), ids());
        assertEquals(0, h.lastRun().path("sinks").path("sentinel").path("deadLettered").asLong());
        assertEquals(azure.accepted.get() + 2, azure.ingestRequests.get());
    }

    @Test
    void aRevokedTokenIsReplacedOnceAndTheCallMadeAgain() throws Exception {
        h.set("wiz.page-size", "200");
        azure.revokeTokensAfter(1);
        assertEquals(0, h.run());
        assertEquals(h.expectedIds(ISSUES), ids());
        assertEquals(2, azure.tokenRequests.get());
        assertEquals(1, azure.unauthorized.get());
        assertEquals(0, h.lastRun().path("sinks").path("sentinel").path("deadLettered").asLong());
    }

    @Test
    void refusedCredentialsAreRejectedNamingTheEndpointNotTheSecret() throws Exception {
        String wrong = "Wr0ng~Secret.Value_123456789abcdefgh";
        h.set("wiz.sink.sentinel.client-secret", wrong);
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("sentinel");
        String error = sink.path("error").asText();
        assertTrue(error.contains(azure.baseUrl() + "/" + TENANT + "/oauth2/v2.0/token") && error.contains("HTTP 401")
                && error.contains("invalid_client") && error.contains("AADSTS7000215"), error);
        assertEquals(h.expectedIds(ISSUES).size(), sink.path("deadLettered").asLong());
        assertEquals(1, azure.tokenRequests.get(), "not retried");
        assertEquals(0, azure.ingestRequests.get());
        SinkChecks.secretNowhere(h, wrong);
    }

    @Test
    void missingPermissionIsRejectedNamingTheRole() throws Exception {
        azure.forbid(true);
        assertEquals(3, h.run());
        String error = h.lastRun().path("sinks").path("sentinel").path("error").asText();
        assertTrue(error.contains("HTTP 403 OperationFailed") && error.contains("Monitoring Metrics Publisher"), error);
        assertEquals(1, azure.ingestRequests.get());
    }

    @Test
    void aStreamTheRuleDoesNotDeclareOrAWrongRuleIsRejected() throws Exception {
        h.set("wiz.sink.sentinel.stream-name", "Custom-WizFindings_CL");
        assertEquals(3, h.run());
        String error = h.lastRun().path("sinks").path("sentinel").path("error").asText();
        assertTrue(error.contains("HTTP 400 InvalidStream") && error.contains("WIZ_SINK_SENTINEL_STREAM_NAME (now"
                + " Custom-WizFindings_CL"), error);
        assertEquals(1, azure.ingestRequests.get());

        h.set("wiz.sink.sentinel.stream-name", "Custom-WizIssues_CL").set("wiz.sink.sentinel.dcr-immutable-id",
                "dcr-ffffffffffffffffffffffffffffffff");
        assertEquals(3, h.run());
        error = h.lastRun().path("sinks").path("sentinel").path("error").asText();
        assertTrue(error.contains("HTTP 404") && error.contains("immutableId"), error);
    }

    @Test
    void anEnabledSinkNeedsItsSettings() throws Exception {
        SyncHarness bare = new SyncHarness(emulator, dir).set("wiz.sinks", "sentinel")
                .set("wiz.sink.sentinel.dcr-immutable-id", "my-rule");
        assertEquals(1, bare.run());
        for (String key : List.of("WIZ_SINK_SENTINEL_DCE_URL", "WIZ_SINK_SENTINEL_TENANT_ID",
                "WIZ_SINK_SENTINEL_CLIENT_ID", "WIZ_SINK_SENTINEL_CLIENT_SECRET", "starts with dcr-")) {
            assertTrue(bare.stderr.contains(key), key + ": " + bare.stderr);
        }
        assertFalse(bare.stderr.contains("SPLUNK"), "an off sink demands nothing");
    }

    private List<String> ids() {
        return azure.rows.stream().map(r -> r.path("IssueId").asText()).toList();
    }

    private List<String> issuedTokens() {
        return azure.seen.stream().filter(s -> s.startsWith("Bearer ")).map(s -> s.substring(7, s.indexOf(' ', 7)))
                .distinct().toList();
    }
}
