package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The issues stream end to end: routes as deployed, against the emulator on loopback. */
class IssuesSyncTest {

    static final int ISSUES = 1200;

    @TempDir
    Path dir;

    WizEmulator emulator;

    SyncHarness harness(WizEmulator.Builder builder) {
        emulator = builder.build().start();
        return new SyncHarness(emulator, dir);
    }

    SyncHarness harness() {
        return harness(WizEmulator.builder().issues(ISSUES));
    }

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    static List<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.path("id").asText()).toList();
    }

    @Test
    void fullSyncDeliversEveryMatchingIssueOnceInOneRequestPerPage() throws Exception {
        SyncHarness h = harness();
        assertEquals(0, h.run());

        List<Path> files = h.files();
        assertEquals(1, files.size());
        List<String> delivered = ids(h.allRecords());
        assertEquals(h.expectedIds(ISSUES), delivered);
        JsonNode run = h.lastRun();
        assertEquals("succeeded", run.path("outcome").asText());
        assertEquals((h.serverMatches(ISSUES) + 499) / 500, run.path("requests").asLong());
        assertEquals(emulator.graphqlRequests(), run.path("requests").asLong());
        assertEquals(1, run.path("tokenFetches").asLong());
        assertEquals(1, emulator.tokenRequests());
        assertEquals(delivered.size(), run.path("delivered").asLong());
        long dropped = 0;
        for (JsonNode n : run.path("dropped")) {
            dropped += n.asLong();
        }
        assertEquals(run.path("fetched").asLong(), delivered.size() + dropped);
        assertTrue(run.path("dropped").path("cloudPlatform").asLong() > 0);
        assertTrue(run.path("dropped").path("deletedResource").asLong() > 0);
        // nothing but published files is left behind
        assertEquals(files, h.allOutputFiles());
        assertTrue(h.logs.contains("succeeded"), "one-line summary logged");
    }

    @Test
    void recordsCarryTheMappedStatusAndTheDocumentedFields() throws Exception {
        SyncHarness h = harness();
        assertEquals(0, h.run());
        Map<String, String> expected = Map.of("OPEN", "Failed", "IN_PROGRESS", "Failed", "RESOLVED", "Passed",
                "REJECTED", "Accepted Failed");
        Set<String> seen = new HashSet<>();
        for (JsonNode r : h.allRecords()) {
            assertEquals(expected.get(r.path("wizStatus").asText()), r.path("status").asText(), r.toString());
            seen.add(r.path("wizStatus").asText());
            assertEquals("https://app.wiz.io/issues#~(issue~'" + r.path("id").asText() + "')", r.path("url").asText());
            for (String field : List.of("id", "type", "title", "severity", "cloudPlatform", "createdAt", "updatedAt",
                    "statusChangedAt", "resolvedAt", "dueAt", "resource", "control", "projects", "serviceTickets")) {
                assertTrue(r.has(field), field + " missing from " + r);
            }
        }
        assertEquals(expected.keySet(), seen);
    }

    @Test
    void aTokenThatExpiresMidSyncIsRefreshedAndNoRequestIsLost() throws Exception {
        SyncHarness h = harness(WizEmulator.builder().issues(ISSUES).tokenLifetime(Duration.ofSeconds(2)));
        h.set("wiz.page-size", "100").set("wiz.rate-limit", "4");
        assertEquals(0, h.run());
        assertEquals(h.expectedIds(ISSUES), ids(h.allRecords()));
        JsonNode run = h.lastRun();
        assertTrue(run.path("tokenFetches").asLong() >= 2, run.toString());
        assertEquals(0, run.path("retries").asLong(), "refreshed ahead of expiry, never refused");
    }

    @Test
    void aRefusedTokenIsFetchedAgainAndTheRequestRetriedOnce() throws Exception {
        SyncHarness h = harness();
        emulator.enqueue(Fault.graphqlError("UNAUTHENTICATED", "Token expired"));
        assertEquals(0, h.run());
        assertEquals(h.expectedIds(ISSUES), ids(h.allRecords()));
        assertEquals(2, h.lastRun().path("tokenFetches").asLong());
    }

    @Test
    void throttlingAndServerErrorsAreRetriedAndTheSyncCompletesWithTheExactSet() throws Exception {
        SyncHarness h = harness();
        emulator.enqueue(Fault.http429(1));
        emulator.enqueue(Fault.graphqlError("RATE_LIMIT_EXCEEDED", "Rate limit exceeded"));
        emulator.enqueue(Fault.http429(null));
        emulator.enqueue(Fault.http(503));
        emulator.enqueue(Fault.dropConnection());
        long started = System.nanoTime();
        assertEquals(0, h.run());
        assertTrue(System.nanoTime() - started >= 1_000_000_000L, "Retry-After: 1 was honoured");
        assertEquals(h.expectedIds(ISSUES), ids(h.allRecords()));
        assertEquals(5, h.lastRun().path("retries").asLong());
    }

    @Test
    void aMissingScopeFailsFastAndNamesTheScope() throws Exception {
        SyncHarness h = harness();
        emulator.enqueue(Fault.graphqlError("UNAUTHORIZED", "Missing required scope"));
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("UNAUTHORIZED") && h.stderr.contains("read:issues"), h.stderr);
        assertEquals(1, emulator.graphqlRequests(), "not retried");
        assertEquals(List.of(), h.allOutputFiles());
        assertEquals("failed", h.lastRun().path("outcome").asText());
    }

    @Test
    void refusedCredentialsEndTheRunWithAClearMessageAndNoSecretAnywhere() throws Exception {
        SyncHarness h = harness();
        String secret = "s3cr3t-Value-That-Must-Not-Leak";
        h.set("wiz.client-secret", secret);
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains(emulator.tokenUrl()) && h.stderr.contains("HTTP 401"), h.stderr);
        assertEquals(1, emulator.tokenRequests(), "no retry loop on refused credentials");
        assertEquals(0, emulator.graphqlRequests());
        assertFalse(h.stderr.contains(secret));
        assertFalse(h.logs.contains(secret), "log");
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (!f.toString().endsWith(".db") && !f.toString().contains(".db-")) {
                    assertFalse(Files.readString(f).contains(secret), f.toString());
                }
            }
        }
    }

    @Test
    void aSecretWithPunctuationIsPassedAsGiven() throws Exception {
        String secret = "12,ab\"c d=e&f+g%h#'x";
        SyncHarness h = harness(WizEmulator.builder().issues(100).clientSecret(secret));
        h.set("wiz.client-secret", secret);
        assertEquals(0, h.run(), h.stderr);
        assertEquals(h.expectedIds(100), ids(h.allRecords()));
    }

    @Test
    void aPageSizeOver500IsRefusedAtStartUp() throws Exception {
        SyncHarness h = harness();
        h.set("wiz.page-size", "501");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("wiz.page-size") && h.stderr.contains("WIZ_PAGE_SIZE")
                && h.stderr.contains("500"), h.stderr);
        assertEquals(0, emulator.graphqlRequests() + emulator.tokenRequests());
    }

    @Test
    void aSecondRunAsksOnlyForChangesAndRedeliversNothingUnchanged() throws Exception {
        SyncHarness h = harness();
        assertEquals(0, h.run());
        String watermark = h.lastRun().path("watermarkTo").asText();
        List<String> expected = h.expectedIds(ISSUES);

        // three issues change status in Wiz; one of them is dropped by the filter
        Instant now = Instant.now();
        List<Integer> changed = List.of(indexOf(expected.get(0)), indexOf(expected.get(1)), indexOf(expected.get(2)));
        for (int i : changed) {
            emulator.setStatus(i, "RESOLVED".equals(emulator.issue(i).path("status").asText()) ? "OPEN" : "RESOLVED", now);
        }
        emulator.resetCounters();
        assertEquals(0, h.run());

        JsonNode variables = emulator.recordedVariables().get(0);
        assertEquals(watermark, variables.path("filterBy").path("statusChangedAt").path("after").asText());
        List<Path> files = h.files();
        assertEquals(2, files.size());
        List<JsonNode> second = SyncHarness.records(files.get(1));
        assertEquals(changed.stream().map(emulator::issueId).collect(Collectors.toSet()), Set.copyOf(ids(second)));
        for (JsonNode r : second) {
            assertEquals(emulator.issue(indexOf(r.path("id").asText())).path("status").asText(),
                    r.path("wizStatus").asText());
        }

        // nothing changed since: a third run delivers nothing and publishes no file
        assertEquals(0, h.run());
        assertEquals(2, h.files().size());
        assertEquals(0, h.lastRun().path("delivered").asLong());
    }

    @Test
    void aFullResyncDeliversEditsThatDidNotChangeTheStatusAndNothingElse() throws Exception {
        SyncHarness h = harness();
        assertEquals(0, h.run());
        int edited = indexOf(h.expectedIds(ISSUES).get(5));
        emulator.touch(edited, Instant.now());

        assertEquals(0, h.run());
        assertEquals(1, h.files().size(), "an incremental run cannot see it: the status did not change");

        assertEquals(0, h.run("--full"));
        assertEquals(2, h.files().size());
        assertEquals(List.of(emulator.issueId(edited)), ids(SyncHarness.records(h.files().get(1))));
        JsonNode run = h.lastRun();
        assertEquals("full", run.path("mode").asText());
        assertEquals(h.expectedIds(ISSUES).size() - 1, run.path("sinks").path("file").path("unchanged").asLong());
    }

    @Test
    void aRepeatedCursorEndsTheRunWithAnErrorAndDeliversNothing() throws Exception {
        SyncHarness h = harness();
        emulator.enqueue(Fault.repeatCursor());
        emulator.enqueue(Fault.repeatCursor());
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("cursor"), h.stderr);
        assertEquals(List.of(), h.allOutputFiles());
        assertEquals(2, emulator.graphqlRequests());

        // the next run starts from scratch and completes
        assertEquals(0, h.run());
        assertEquals(h.expectedIds(ISSUES), ids(h.allRecords()));
    }

    @Test
    void anEmptyCursorEndsTheRunToo() throws Exception {
        SyncHarness h = harness();
        emulator.enqueue(Fault.emptyCursor());
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("empty cursor"), h.stderr);
    }

    @Test
    void projectIdsAreSentToWizAndCheckedOnEachRecord() throws Exception {
        SyncHarness h = harness();
        String project = WizEmulator.PROJECT_IDS.get(0);
        h.set("wiz.project-ids", project);
        assertEquals(0, h.run());
        assertEquals(project, emulator.recordedVariables().get(0).path("filterBy").path("project").get(0).asText());
        List<JsonNode> records = h.allRecords();
        assertFalse(records.isEmpty());
        for (JsonNode r : records) {
            assertTrue(r.path("projects").findValuesAsText("id").contains(project), r.toString());
        }
    }

    @Test
    void severitiesAndStatusesInLowerCaseAreAskedOfWizAsItsEnumValues() throws Exception {
        SyncHarness h = harness();
        h.set("wiz.severities", "critical, High").set("wiz.statuses", "open,in_progress");
        assertEquals(0, h.run(), h.stderr);
        JsonNode filterBy = emulator.recordedVariables().get(0).path("filterBy");
        assertEquals("[\"CRITICAL\",\"HIGH\"]", filterBy.path("severity").toString());
        assertEquals("[\"OPEN\",\"IN_PROGRESS\"]", filterBy.path("status").toString());
        List<JsonNode> records = h.allRecords();
        assertFalse(records.isEmpty());
        for (JsonNode r : records) {
            assertTrue(List.of("CRITICAL", "HIGH").contains(r.path("severity").asText()), r.toString());
            assertTrue(List.of("OPEN", "IN_PROGRESS").contains(r.path("wizStatus").asText()), r.toString());
        }
    }

    int indexOf(String id) {
        for (int i = 0; i < ISSUES + 100; i++) {
            if (emulator.issueId(i).equals(id)) {
                return i;
            }
        }
        throw new AssertionError("no issue " + id);
    }
}
