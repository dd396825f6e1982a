package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeServiceNow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ServiceNow sink against a fake instance that holds to the Table API contract. */
class ServiceNowSinkTest {

    static final String USER = "wiz.integration";
    static final String PASSWORD = "snow-Pa55\"word, 7c6b#5a";
    static final String CLIENT_ID = "3f1e0c9a7d5b4e2f";
    static final String CLIENT_SECRET = "snow-client\"secret,1a2b3c";
    static final Map<String, String> URGENCY = Map.of("CRITICAL", "1", "HIGH", "1", "MEDIUM", "2", "LOW", "3");
    static final Map<String, String> IMPACT = Map.of("CRITICAL", "1", "HIGH", "2", "MEDIUM", "2", "LOW", "3");

    @TempDir
    Path dir;

    WizEmulator emulator;
    FakeServiceNow snow;
    SyncHarness h;

    void start(int issues) {
        emulator = WizEmulator.builder().issues(issues).build().start();
        snow = new FakeServiceNow(USER, PASSWORD, CLIENT_ID, CLIENT_SECRET).start();
        h = new SyncHarness(emulator, dir)
                .set("wiz.sinks", "servicenow")
                .set("wiz.sink.servicenow.url", snow.url())
                .set("wiz.sink.servicenow.username", USER)
                .set("wiz.sink.servicenow.password", PASSWORD)
                .set("wiz.sink-retries", "1")
                .set("wiz.sink-retry-delay-ms", "10");
    }

    void oauth() {
        h.set("wiz.sink.servicenow.auth", "oauth").set("wiz.sink.servicenow.username", "")
                .set("wiz.sink.servicenow.password", "").set("wiz.sink.servicenow.client-id", CLIENT_ID)
                .set("wiz.sink.servicenow.client-secret", CLIENT_SECRET);
    }

    @AfterEach
    void stop() {
        if (snow != null) {
            snow.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void everyIssueGetsOneIncidentInTheDocumentedShape() throws Exception {
        start(300);
        assertEquals(0, h.run());
        List<String> expected = h.expectedIds(300);
        JsonNode stats = h.lastRun().path("sinks").path("servicenow");
        assertEquals(expected.size(), stats.path("delivered").asLong(), stats.toString());
        assertEquals(expected.size(), snow.records.get("incident").size(), "one record per issue, no more");
        for (String id : expected) {
            JsonNode issue = emulator.issue(emulator.indexOf(id));
            ObjectNode r = recordOf("incident", id);
            String severity = issue.path("severity").asText();
            String summary = "[Wiz " + severity + "] " + issue.path("sourceRule").path("name").asText() + " — "
                    + issue.path("entitySnapshot").path("name").asText();
            assertEquals(summary.length() > 160 ? summary.substring(0, 159) + "…" : summary,
                    r.path("short_description").asText());
            assertEquals("Wiz", r.path("correlation_display").asText());
            assertEquals(URGENCY.get(severity), r.path("urgency").asText(), id);
            assertEquals(IMPACT.get(severity), r.path("impact").asText(), id);
            String description = r.path("description").asText();
            assertTrue(description.contains("Open in Wiz: https://app.wiz.io/issues#~(issue~'" + id + "')")
                    && description.contains("\nResource\n- Name: " + issue.path("entitySnapshot").path("name").asText())
                    && description.contains("\nControl\n"), description);
            String status = issue.path("status").asText();
            if (status.equals("RESOLVED") || status.equals("REJECTED")) {
                assertEquals("6", r.path("state").asText(), id);
                assertEquals(status.equals("RESOLVED") ? "Solution provided" : "No resolution provided",
                        r.path("close_code").asText());
                assertTrue(r.path("close_notes").asText().startsWith(status.equals("RESOLVED") ? "Wiz resolved"
                        : "Wiz rejected (ignored)"), r.toString());
            } else {
                assertEquals("1", r.path("state").asText(), id);
            }
        }
        int requests = snow.requests.size();
        assertEquals(0, h.run());
        assertEquals(requests, snow.requests.size(), "nothing changed: nothing sent");
        assertNoSecret(PASSWORD);
    }

    @Test
    void oneIssueWalksOpenResolvedOpenRejectedOnOneRecordEvenWithoutTheStateStore() throws Exception {
        start(40);
        oauth();
        snow.tokenSeconds = 2; // short-lived tokens: each run fetches its own, refreshed ahead of expiry
        List<String> expected = h.expectedIds(40);
        String id = expected.get(0);
        int index = emulator.indexOf(id);
        Instant t = WizEmulator.BASE_INSTANT.plus(Duration.ofDays(1));
        emulator.setStatus(index, "OPEN", t);

        assertEquals(0, h.run());
        ObjectNode r = recordOf("incident", id);
        String sysId = r.path("sys_id").asText();
        assertEquals("1", r.path("state").asText());

        emulator.setStatus(index, "RESOLVED", t = t.plusSeconds(3600));
        assertEquals(0, h.run());
        r = recordOf("incident", id);
        assertEquals(sysId, r.path("sys_id").asText());
        assertEquals("6", r.path("state").asText());
        assertEquals("Solution provided", r.path("close_code").asText());
        assertTrue(r.path("close_notes").asText().contains("Wiz resolved this issue")
                && r.path("close_notes").asText().contains("ISSUE_FIXED"), r.toString());

        emulator.setStatus(index, "OPEN", t = t.plusSeconds(3600));
        assertEquals(0, h.run());
        r = recordOf("incident", id);
        assertEquals("2", r.path("state").asText(), "reopened: In Progress");
        assertEquals(1, r.path("reopen_count").asInt());
        assertTrue(last(r).contains("Wiz reopened this issue"), r.toString());

        deleteStateStore(); // lost: the resync finds every record by its correlation_id
        Instant rejectedAt = t.plusSeconds(3600);
        emulator.update(index, n -> n.put("status", "REJECTED").put("resolutionReason", "FALSE_POSITIVE")
                .put("statusChangedAt", rejectedAt.toString()).put("updatedAt", rejectedAt.toString()));
        long creates = snow.count("POST", "/api/now/table/incident");
        assertEquals(0, h.run());
        assertEquals(expected.size(), h.lastRun().path("sinks").path("servicenow").path("delivered").asLong());
        assertEquals(creates, snow.count("POST", "/api/now/table/incident"), "no record created");
        assertEquals(expected.size(), snow.records.get("incident").size(), "never two records for one issue");
        r = recordOf("incident", id);
        assertEquals(sysId, r.path("sys_id").asText());
        assertEquals("6", r.path("state").asText());
        assertEquals("No resolution provided", r.path("close_code").asText());
        assertTrue(r.path("close_notes").asText().contains("Wiz rejected (ignored) this issue")
                && r.path("close_notes").asText().contains("FALSE_POSITIVE"), r.toString());
        assertTrue(snow.tokenRequests >= 4, "a token per run at least: " + snow.tokenRequests);
        assertNoSecret(CLIENT_SECRET);
    }

    @Test
    void anIssueReopenedAfterItsIncidentClosedGetsAFollowUp() throws Exception {
        start(40);
        String id = h.expectedIds(40).get(0);
        int index = emulator.indexOf(id);
        Instant t = WizEmulator.BASE_INSTANT.plus(Duration.ofDays(1));
        emulator.setStatus(index, "RESOLVED", t);
        assertEquals(0, h.run());
        ObjectNode first = recordOf("incident", id);
        snow.set("incident", first.path("sys_id").asText(), "state", "7"); // auto-closed after the resolution

        emulator.setStatus(index, "OPEN", t.plusSeconds(3600));
        assertEquals(0, h.run());
        List<ObjectNode> records = snow.correlated("incident", id);
        assertEquals(2, records.size(), "a closed incident cannot be reopened: a follow-up");
        assertEquals("7", records.get(0).path("state").asText(), "the closed one is left alone");
        assertEquals("1", records.get(1).path("state").asText());
        assertTrue(records.get(1).path("description").asText().startsWith("Follows " + first.path("number").asText()));

        emulator.touch(index, t.plusSeconds(7200)); // the next change goes to the follow-up
        int before = records.get(1).path("work_notes_journal").size();
        assertEquals(0, h.run("--full"));
        assertEquals(1, h.lastRun().path("sinks").path("servicenow").path("delivered").asLong());
        records = snow.correlated("incident", id);
        assertEquals(2, records.size());
        assertEquals("7", records.get(0).path("state").asText());
        assertEquals(before, records.get(1).path("work_notes_journal").size(), "an edit without a state change");
        assertEquals(1, snow.count("PATCH", "/api/now/table/incident/" + records.get(1).path("sys_id").asText()),
                "the follow-up was updated");
        assertEquals(0, snow.count("PATCH", "/api/now/table/incident/" + first.path("sys_id").asText()),
                "the closed one never was");
    }

    @Test
    void anOutageThenALostAnswerMakeNoSecondRecord() throws Exception {
        start(300);
        h.set("wiz.sink-retries", "2");
        List<String> expected = h.expectedIds(300);
        snow.down = true;
        assertEquals(3, h.run());
        JsonNode down = h.lastRun().path("sinks").path("servicenow");
        assertEquals(expected.size(), down.path("deadLettered").asLong());
        assertTrue(down.path("error").asText().contains("HTTP 503"), down.toString());
        assertTrue(snow.records.get("incident").isEmpty());

        snow.down = false;
        snow.loseCreateAnswers.set(3);
        assertEquals(0, h.run());
        JsonNode back = h.lastRun().path("sinks").path("servicenow");
        assertEquals(expected.size(), back.path("redelivered").asLong(), back.toString());
        assertEquals(3, snow.requests.stream().filter(r -> r.method().equals("POST") && r.status() == 503).count());
        assertEquals(expected.size(), snow.records.get("incident").size(), "every issue once");
        expected.forEach(id -> recordOf("incident", id));
    }

    @Test
    void documentedErrorsAreRefusedOrRetried() throws Exception {
        start(40);
        int expected = h.expectedIds(40).size();
        // a table the instance does not have: 400 Invalid table, not retried
        h.set("wiz.sink.servicenow.table", "incidents").set("wiz.sink-retries", "2");
        assertEquals(3, h.run());
        String error = h.lastRun().path("sinks").path("servicenow").path("error").asText();
        assertTrue(error.contains("HTTP 400") && error.contains("Invalid table incidents")
                && error.contains("WIZ_SINK_SERVICENOW_TABLE"), error);
        assertEquals(1, snow.requests.size(), "not retried");

        // no close code would meet the data policy's 403: it is refused at start-up instead
        snow.requests.clear();
        h.set("wiz.sink.servicenow.table", "incident").set("wiz.sink.servicenow.resolved-close-code", " ");
        assertEquals(1, h.run(), "an empty close code is refused at start-up");
        assertTrue(h.stderr.contains("WIZ_SINK_SERVICENOW_RESOLVED_CLOSE_CODE"), h.stderr);

        // refused password: 401, not retried, the password nowhere
        h.set("wiz.sink.servicenow.resolved-close-code", "Solution provided")
                .set("wiz.sink.servicenow.password", "wrong-Pa55word");
        assertEquals(3, h.run());
        error = h.lastRun().path("sinks").path("servicenow").path("error").asText();
        assertTrue(error.contains("HTTP 401") && error.contains("User Not Authenticated"), error);
        assertEquals(1, snow.requests.size());
        assertFalse((h.logs + h.stderr + Files.readString(dir.resolve("data/history.jsonl"))).contains("wrong-Pa55word"));

        // throttled: retried after Retry-After, then everything (the dead letters too) arrives
        h.set("wiz.sink.servicenow.password", PASSWORD);
        snow.requests.clear();
        snow.throttle.set(1);
        assertEquals(0, h.run());
        JsonNode stats = h.lastRun().path("sinks").path("servicenow");
        assertEquals(expected, stats.path("redelivered").asLong() + stats.path("delivered").asLong(), stats.toString());
        assertEquals(429, snow.requests.get(0).status());
        assertTrue(snow.requests.get(1).atMillis() - snow.requests.get(0).atMillis() >= 900, "Retry-After honoured");
        assertEquals(expected, snow.records.get("incident").size());
    }

    @Test
    void aRefusedOAuthClientIsNotRetried() throws Exception {
        start(40);
        oauth();
        h.set("wiz.sink.servicenow.client-secret", "not-the-secret").set("wiz.sink-retries", "2");
        assertEquals(3, h.run());
        String error = h.lastRun().path("sinks").path("servicenow").path("error").asText();
        assertTrue(error.contains("/oauth_token.do") && error.contains("HTTP 401")
                && error.contains("WIZ_SINK_SERVICENOW_CLIENT_SECRET"), error);
        assertEquals(1, snow.tokenRequests);
        assertFalse((h.logs + h.stderr + Files.readString(dir.resolve("data/history.jsonl"))).contains("not-the-secret"));
    }

    @Test
    void theSecurityIncidentTableWithItsOwnStates() throws Exception {
        start(40);
        h.set("wiz.sink.servicenow.table", "sn_si_incident")
                .set("wiz.sink.servicenow.state-map", "open=10,resolved=3,rejected=7,reopen=16")
                .set("wiz.sink.servicenow.final-states", "3,7")
                .set("wiz.sink.servicenow.resolved-close-code", "Resolved")
                .set("wiz.sink.servicenow.rejected-close-code", "False positive");
        assertEquals(0, h.run());
        List<String> expected = h.expectedIds(40);
        assertEquals(expected.size(), snow.records.get("sn_si_incident").size());
        for (String id : expected) {
            String status = emulator.issue(emulator.indexOf(id)).path("status").asText();
            String state = recordOf("sn_si_incident", id).path("state").asText();
            assertEquals(switch (status) {
                case "RESOLVED" -> "3";
                case "REJECTED" -> "7";
                default -> "10";
            }, state, id);
        }
    }

    @Test
    void missingSettingsStopStartUpOnlyWhenTheSinkIsOn() throws Exception {
        start(10);
        h.set("wiz.sink.servicenow.auth", "oauth").set("wiz.sink.servicenow.state-map", "open=1,resolved=6");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("WIZ_SINK_SERVICENOW_CLIENT_ID") && h.stderr.contains("WIZ_SINK_SERVICENOW_CLIENT_SECRET")
                && h.stderr.contains("WIZ_SINK_SERVICENOW_STATE_MAP") && h.stderr.contains("rejected"), h.stderr);
        h.set("wiz.sink.servicenow.auth", "kerberos");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("WIZ_SINK_SERVICENOW_AUTH"), h.stderr);
        h.set("wiz.sinks", "file");
        assertEquals(0, h.run(), "a sink that is off demands nothing");
    }

    private ObjectNode recordOf(String table, String issueId) {
        List<ObjectNode> found = snow.correlated(table, issueId);
        assertEquals(1, found.size(), "exactly one record for " + issueId);
        return found.get(0);
    }

    private static String last(JsonNode record) {
        JsonNode notes = record.path("work_notes_journal");
        assertNotEquals(0, notes.size());
        return notes.get(notes.size() - 1).asText();
    }

    private void deleteStateStore() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("data"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("wiz-camel.db")).toList()) {
                Files.delete(p);
            }
        }
    }

    private void assertNoSecret(String secret) throws Exception {
        StringBuilder everything = new StringBuilder(h.logs).append(h.stderr).append(snow.everythingReceived());
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                everything.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        assertFalse(everything.toString().contains(secret), "the secret is nowhere");
    }
}
