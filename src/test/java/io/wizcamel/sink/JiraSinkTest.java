package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeJira;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Jira sink against a fake Jira Cloud that holds to the REST API v3 contract. */
class JiraSinkTest {

    static final String EMAIL = "wiz-bot@acme.example";
    static final String TOKEN = "ATATT3xFfGF0-jira-token-9f8e7d6c5b4a";
    static final Map<String, String> PRIORITY = Map.of("CRITICAL", "Highest", "HIGH", "High", "MEDIUM", "Medium",
            "LOW", "Low");

    @TempDir
    Path dir;

    WizEmulator emulator;
    FakeJira jira;
    SyncHarness h;

    void start(int issues) {
        emulator = WizEmulator.builder().issues(issues).build().start();
        jira = new FakeJira(EMAIL, TOKEN, "SEC").start();
        h = new SyncHarness(emulator, dir)
                .set("wiz.sinks", "jira")
                .set("wiz.sink.jira.url", jira.url() + "/")
                .set("wiz.sink.jira.email", EMAIL)
                .set("wiz.sink.jira.api-token", TOKEN)
                .set("wiz.sink.jira.project-key", "SEC")
                .set("wiz.sink-retries", "1")
                .set("wiz.sink-retry-delay-ms", "10");
    }

    @AfterEach
    void stop() {
        if (jira != null) {
            jira.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void everyIssueGetsOneTicketInTheDocumentedShape() throws Exception {
        start(300);
        assertEquals(0, h.run());
        List<String> expected = h.expectedIds(300);
        JsonNode stats = h.lastRun().path("sinks").path("jira");
        assertEquals(expected.size(), stats.path("delivered").asLong(), stats.toString());
        assertTrue(stats.path("error").isNull(), stats.toString());
        assertEquals(expected.size(), jira.tickets.size(), "one ticket per issue, no more");
        for (String id : expected) {
            JsonNode issue = emulator.issue(emulator.indexOf(id));
            FakeJira.Ticket t = ticketOf(id);
            String severity = issue.path("severity").asText();
            String title = issue.path("sourceRule").path("name").asText();
            String resource = issue.path("entitySnapshot").path("name").asText();
            assertEquals("[Wiz " + severity + "] " + title + " — " + resource, t.summary);
            assertEquals("Task", t.issueType);
            assertEquals(PRIORITY.get(severity), t.priority, id);
            assertEquals(List.of("wiz", "wiz-issue-" + id, severity.toLowerCase()), t.labels);
            assertEquals("doc", t.description.path("type").asText());
            assertEquals(1, t.description.path("version").asInt());
            String doc = t.description.toString();
            assertTrue(doc.contains("{\"type\":\"link\",\"attrs\":{\"href\":\"https://app.wiz.io/issues#~(issue~'" + id
                    + "')\"}}"), doc);
            assertTrue(doc.contains("\"text\":\"Resource\"") && doc.contains("\"text\":\"Control\"")
                    && doc.contains("\"type\":\"bulletList\""), doc);
            String status = issue.path("status").asText();
            if (status.equals("RESOLVED") || status.equals("REJECTED")) {
                assertEquals("Done", t.status, id);
                assertEquals(List.of("To Do", "In Progress", "Done"), t.history, "walked the workflow");
                String note = t.comments.get(0).toString();
                assertTrue(note.contains(status.equals("RESOLVED") ? "Wiz resolved" : "Wiz rejected"), note);
            } else {
                assertEquals("To Do", t.status, id);
                assertTrue(t.comments.isEmpty());
            }
        }
        // nothing changed: nothing sent
        int requests = jira.requests.size();
        assertEquals(0, h.run());
        assertEquals(0, h.lastRun().path("sinks").path("jira").path("delivered").asLong());
        assertEquals(requests, jira.requests.size());
        assertNoSecret();
    }

    @Test
    void oneIssueWalksOpenResolvedOpenRejectedOnOneTicketEvenWithoutTheStateStore() throws Exception {
        start(40);
        List<String> expected = h.expectedIds(40);
        String id = expected.get(0);
        int index = emulator.indexOf(id);
        Instant t = WizEmulator.BASE_INSTANT.plus(Duration.ofDays(1));
        emulator.setStatus(index, "OPEN", t);

        assertEquals(0, h.run());
        FakeJira.Ticket ticket = ticketOf(id);
        assertEquals("To Do", ticket.status);
        assertEquals(expected.size(), jira.tickets.size());

        emulator.setStatus(index, "RESOLVED", t = t.plusSeconds(3600));
        assertEquals(0, h.run());
        assertEquals(1, h.lastRun().path("sinks").path("jira").path("delivered").asLong());
        assertEquals(ticket, ticketOf(id));
        assertEquals("Done", ticket.status);
        String note = last(ticket.comments);
        assertTrue(note.contains("Wiz resolved this issue") && note.contains("ISSUE_FIXED"), note);

        emulator.setStatus(index, "OPEN", t = t.plusSeconds(3600));
        assertEquals(0, h.run());
        assertEquals(ticket, ticketOf(id));
        assertEquals("To Do", ticket.status, "reopened");
        assertTrue(last(ticket.comments).contains("Wiz reopened this issue"), last(ticket.comments));

        // the state store is lost: the next run resyncs everything and finds each ticket by its label
        deleteStateStore();
        Instant rejectedAt = t.plusSeconds(3600);
        emulator.update(index, n -> n.put("status", "REJECTED").put("resolutionReason", "WONT_FIX")
                .put("statusChangedAt", rejectedAt.toString()).put("updatedAt", rejectedAt.toString()));
        long createsBefore = jira.count("POST", "/rest/api/3/issue") - jira.count("POST", "/rest/api/3/issue/");
        assertEquals(0, h.run());
        assertEquals(expected.size(), h.lastRun().path("sinks").path("jira").path("delivered").asLong());
        assertEquals(createsBefore, jira.count("POST", "/rest/api/3/issue") - jira.count("POST", "/rest/api/3/issue/"),
                "no ticket created");
        assertEquals(expected.size(), jira.tickets.size(), "never two tickets for one issue");
        assertEquals(ticket, ticketOf(id));
        assertEquals("Done", ticket.status);
        note = last(ticket.comments);
        assertTrue(note.contains("Wiz rejected (ignored) this issue") && note.contains("WONT_FIX"), note);
        assertEquals(List.of("To Do", "In Progress", "Done", "To Do", "In Progress", "Done"), ticket.history);
        assertNoSecret();
    }

    @Test
    void anOutageThenALostAnswerMakeNoSecondTicket() throws Exception {
        start(300);
        h.set("wiz.sink-retries", "2");
        List<String> expected = h.expectedIds(300);
        jira.down = true;
        assertEquals(3, h.run(), "an outage does not fail the run");
        JsonNode down = h.lastRun().path("sinks").path("jira");
        assertEquals(expected.size(), down.path("deadLettered").asLong());
        assertTrue(down.path("error").asText().contains("HTTP 503"), down.toString());
        assertTrue(jira.tickets.isEmpty());

        jira.down = false;
        jira.loseCreateAnswers.set(3); // three creates happen but their answers are lost: the retries find them
        assertEquals(0, h.run());
        JsonNode back = h.lastRun().path("sinks").path("jira");
        assertEquals(expected.size(), back.path("redelivered").asLong(), back.toString());
        assertEquals(0, back.path("deadLettered").asLong(), back.toString());
        assertEquals(3, jira.requests.stream().filter(r -> r.method().equals("POST")
                && r.path().equals("/rest/api/3/issue") && r.status() == 503).count(), "three answers were lost");
        assertEquals(expected.size(), jira.tickets.size(), "every issue once");
        expected.forEach(this::ticketOf);
        assertEquals(0, h.run());
        assertEquals(0, h.lastRun().path("sinks").path("jira").path("redelivered").asLong());
    }

    @Test
    void refusedDataIsDeadLetteredAtOnceAndNamesTheField() throws Exception {
        start(40);
        h.set("wiz.sink.jira.project-key", "NOPE").set("wiz.sink-retries", "2");
        assertEquals(3, h.run());
        JsonNode stats = h.lastRun().path("sinks").path("jira");
        String error = stats.path("error").asText();
        assertTrue(error.contains("HTTP 400") && error.contains("project: valid project is required")
                && error.contains("WIZ_SINK_JIRA_PROJECT_KEY"), error);
        assertEquals(h.expectedIds(40).size(), stats.path("deadLettered").asLong());
        assertEquals(1, jira.count("POST", "/rest/api/3/issue"), "not retried, and the sink gave up for the run");
        assertTrue(jira.tickets.isEmpty());
    }

    @Test
    void refusedCredentialsAreNotRetriedAndTheTokenIsNowhere() throws Exception {
        start(40);
        h.set("wiz.sink.jira.api-token", "ATATT3x-wrong-token-1234").set("wiz.sink-retries", "2");
        assertEquals(3, h.run());
        String error = h.lastRun().path("sinks").path("jira").path("error").asText();
        assertTrue(error.contains("HTTP 401") && error.contains("WIZ_SINK_JIRA_API_TOKEN"), error);
        assertEquals(1, jira.requests.size(), "one request, no retries");
        assertFalse((h.logs + h.stderr + Files.readString(dir.resolve("data/history.jsonl")))
                .contains("wrong-token"), "the token is in no log, message or history");
    }

    @Test
    void throttlingIsRetriedAfterRetryAfter() throws Exception {
        start(40);
        jira.throttle.set(1);
        jira.retryAfterSeconds = 1;
        assertEquals(0, h.run());
        JsonNode stats = h.lastRun().path("sinks").path("jira");
        assertEquals(h.expectedIds(40).size(), stats.path("delivered").asLong(), stats.toString());
        assertEquals(429, jira.requests.get(0).status());
        long waited = jira.requests.get(1).atMillis() - jira.requests.get(0).atMillis();
        assertTrue(waited >= 900, "Retry-After honoured: waited " + waited + " ms");
        assertEquals(h.expectedIds(40).size(), jira.tickets.size());
    }

    @Test
    void aWorkflowWithoutAWayToDoneIsRefusedWithTheTransitionsOffered() throws Exception {
        start(40);
        h.set("wiz.sink.jira.done-status", "Closed");
        String id = h.expectedIds(40).get(0);
        emulator.setStatus(emulator.indexOf(id), "RESOLVED", WizEmulator.BASE_INSTANT.plus(Duration.ofDays(1)));
        assertEquals(3, h.run());
        String error = h.lastRun().path("sinks").path("jira").path("error").asText();
        assertTrue(error.contains("to 'Closed'") && error.contains("Done → Done")
                && error.contains("WIZ_SINK_JIRA_DONE_STATUS"), error);
    }

    @Test
    void missingSettingsStopStartUpOnlyWhenTheSinkIsOn() throws Exception {
        start(10);
        h.set("wiz.sink.jira.url", "").set("wiz.sink.jira.api-token", "").set("wiz.sink.jira.priority-map", "CRITICAL");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("WIZ_SINK_JIRA_URL") && h.stderr.contains("WIZ_SINK_JIRA_API_TOKEN")
                && h.stderr.contains("WIZ_SINK_JIRA_PRIORITY_MAP"), h.stderr);
        h.set("wiz.sinks", "file");
        assertEquals(0, h.run(), "a sink that is off demands nothing");
    }

    private FakeJira.Ticket ticketOf(String issueId) {
        List<FakeJira.Ticket> found = jira.withLabel("wiz-issue-" + issueId);
        assertEquals(1, found.size(), "exactly one ticket for " + issueId);
        return found.get(0);
    }

    private static String last(List<JsonNode> comments) {
        assertFalse(comments.isEmpty());
        return comments.get(comments.size() - 1).toString();
    }

    private void deleteStateStore() throws Exception {
        try (Stream<Path> s = Files.list(dir.resolve("data"))) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("wiz-camel.db")).toList()) {
                Files.delete(p);
            }
        }
    }

    private void assertNoSecret() throws Exception {
        String basic = Base64.getEncoder().encodeToString((EMAIL + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
        StringBuilder everything = new StringBuilder(h.logs).append(h.stderr).append(jira.everythingReceived())
                .append(Files.readString(dir.resolve("data/history.jsonl")));
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                everything.append(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1));
            }
        }
        assertFalse(everything.toString().contains(TOKEN), "the API token is nowhere");
        assertFalse(everything.toString().contains(basic), "nor its Basic header");
        assertNotNull(h.lastRun());
    }
}
