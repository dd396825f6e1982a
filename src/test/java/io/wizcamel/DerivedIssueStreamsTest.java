package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * controls, service-tickets and iam-insights through the deployed routes (routes/streams/*.yaml on the issues crawl):
 * what they deliver, computed here independently from the emulator's issues; that they cost no request beyond the
 * issues crawl's; and that incremental runs deliver only what changed, a ticket always with all its issues.
 */
class DerivedIssueStreamsTest {

    static final int ISSUES = 1200;
    static final Set<String> IDENTITY = Set.of("USER_ACCOUNT", "SERVICE_ACCOUNT", "ACCESS_KEY", "ACCESS_ROLE", "GROUP");

    @TempDir
    Path dir;

    SyncHarness harness(WizEmulator emulator, Path state, String streams) {
        return new SyncHarness(emulator, state).set("wiz.streams", streams).set("wiz.sinks", "file")
                .set("wiz.page-size", "200");
    }

    @Test
    void issuesControlsAndServiceTicketsTogetherCostExactlyTheIssuesRequests() throws Exception {
        long alone;
        try (WizEmulator emulator = WizEmulator.builder().issues(ISSUES).build().start()) {
            assertEquals(0, harness(emulator, dir.resolve("alone"), "issues").run());
            alone = emulator.graphqlRequests();
        }
        assertTrue(alone >= 5, "several pages: " + alone);
        try (WizEmulator emulator = WizEmulator.builder().issues(ISSUES).build().start()) {
            SyncHarness h = harness(emulator, dir.resolve("all"), "issues,controls,service-tickets");
            assertEquals(0, h.run(), h.stderr);
            assertEquals(alone, emulator.graphqlRequests(), "one crawl feeds all three");

            List<JsonNode> crawled = crawled(emulator);
            assertTrue(crawled.stream().anyMatch(i -> i.get("serviceTickets").isNull()), "null serviceTickets crawled");

            // controls: every rule of every crawled issue, once, as its record
            Map<String, JsonNode> rules = new TreeMap<>();
            crawled.forEach(i -> i.get("sourceRules").forEach(r -> rules.put(r.get("id").asText(), r)));
            List<JsonNode> controls = records(h, "controls");
            assertEquals(rules.keySet(), ids(controls));
            assertEquals(rules.size(), controls.size(), "each control once");
            for (JsonNode c : controls) {
                JsonNode rule = rules.get(c.get("id").asText());
                assertEquals(rule.get("__typename").asText(), c.get("kind").asText());
                assertEquals(rule.get("name").asText(), c.get("name").asText());
                assertEquals(rule.get("severity").asText(), c.get("severity").asText());
                Set<String> frameworks = new TreeSet<>();
                rule.path("securitySubCategories").forEach(s -> frameworks.add(s.at("/category/framework/name").asText()));
                assertEquals(frameworks, texts(c.get("frameworks")));
            }

            // service tickets: each with exactly the crawled issues that reference it, several of them shared
            Map<String, Set<String>> expected = ticketIssues(crawled);
            List<JsonNode> tickets = records(h, "service-tickets");
            assertEquals(expected.keySet(), ids(tickets));
            for (JsonNode t : tickets) {
                assertEquals(expected.get(t.get("id").asText()), texts(t.get("issueIds")), t.toString());
                assertEquals(t.get("issueIds").size(), t.get("issueCount").asInt());
            }
            assertTrue(tickets.stream().filter(t -> t.get("issueCount").asInt() >= 3).count() >= 5,
                    "tickets shared by several issues");

            // issues carry their rules too
            JsonNode issue = records(h, "issues").get(0);
            assertEquals(issue.get("rules").get(0).get("id"), issue.get("control").get("id"));
        }
    }

    @Test
    void incrementalRunsDeliverOnlyWhatChangedAndATicketWithAllItsIssues() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(ISSUES).build().start()) {
            SyncHarness h = harness(emulator, dir, "issues,controls,service-tickets,iam-insights");
            assertEquals(0, h.run(), h.stderr);
            assertTrue(delivered(h, "service-tickets") > 0 && delivered(h, "controls") > 0 && delivered(h, "iam-insights") > 0);

            // nothing changed: nothing again, and the incremental crawl asks Wiz for changes only
            emulator.resetCounters();
            assertEquals(0, h.run(), h.stderr);
            assertEquals("incremental", run(h, "issues").path("mode").asText());
            assertEquals(1, emulator.graphqlRequests());
            for (String s : List.of("issues", "controls", "service-tickets", "iam-insights")) {
                assertEquals(0, delivered(h, s), s);
            }

            // issue x takes a ticket shared by several others from issue y; only x and y are crawled again
            List<JsonNode> crawled = crawled(emulator);
            Map<String, Set<String>> before = ticketIssues(crawled);
            String ticket = before.entrySet().stream().filter(e -> e.getValue().size() >= 3).findFirst().orElseThrow().getKey();
            JsonNode ticketNode = crawled.stream().flatMap(i -> Stream.of(i.get("serviceTickets")))
                    .filter(JsonNode::isArray).flatMap(a -> stream(a))
                    .filter(t -> t.get("externalId").asText().equals(ticket)).findFirst().orElseThrow();
            int y = indexWhere(emulator, i -> i.get("serviceTickets").size() == 1
                    && i.get("serviceTickets").get(0).get("externalId").asText().equals(ticket));
            int x = indexWhere(emulator, i -> i.get("serviceTickets").isNull());
            Instant now = Instant.now();
            emulator.setStatus(y, "IN_PROGRESS", now);
            emulator.update(y, n -> n.putArray("serviceTickets"));
            emulator.setStatus(x, "IN_PROGRESS", now);
            emulator.update(x, n -> n.putArray("serviceTickets").add(ticketNode.deepCopy()));

            assertEquals(0, h.run(), h.stderr);
            long fetched = run(h, "issues").path("fetched").asLong();
            assertTrue(fetched >= 2 && fetched <= 3, "x, y and what the watermark's overlap reads again: " + fetched);
            List<JsonNode> tickets = lastRecords(h, "service-tickets");
            assertEquals(1, tickets.size(), "only the ticket that changed: " + tickets);
            Set<String> now1 = new TreeSet<>(before.get(ticket));
            now1.remove(emulator.issueId(y));
            now1.add(emulator.issueId(x));
            assertEquals(now1, texts(tickets.get(0).get("issueIds")), "all its issues, most not crawled this time");
            assertEquals(0, delivered(h, "controls"), "the controls did not change");

            // the weekly full resync changes nothing more
            assertEquals(0, h.run("--full"), h.stderr);
            assertEquals("full", run(h, "issues").path("mode").asText());
            for (String s : List.of("issues", "controls", "service-tickets", "iam-insights")) {
                assertEquals(0, delivered(h, s), s);
            }
        }
    }

    @Test
    void iamInsightsAreTheIssuesOnIdentitiesIncludingTheIdentityProvidersListed() throws Exception {
        Set<String> platforms = Set.of("AWS", "Azure", "GCP", "Okta", "EntraID");
        try (WizEmulator emulator = WizEmulator.builder().issues(ISSUES).build().start()) {
            SyncHarness h = harness(emulator, dir, "issues,iam-insights")
                    .set("wiz.stream.iam-insights.cloud-platforms", String.join(",", platforms));
            assertEquals(0, h.run(), h.stderr);

            Set<String> expected = new TreeSet<>();
            for (JsonNode i : crawled(emulator)) {
                JsonNode e = i.get("entitySnapshot");
                if (IDENTITY.contains(e.get("type").asText()) && platforms.contains(e.get("cloudPlatform").asText())
                        && !"OBJECT_DELETED".equals(i.get("resolutionReason").asText())
                        && !"Deleted".equals(e.get("status").asText())) {
                    expected.add(i.get("id").asText());
                }
            }
            List<JsonNode> insights = records(h, "iam-insights");
            assertEquals(expected, ids(insights));
            Set<String> seenPlatforms = new TreeSet<>();
            for (JsonNode r : insights) {
                JsonNode identity = r.get("identity");
                String id = identity.get("cloudExternalId").asText();
                String platform = r.get("cloudPlatform").asText();
                seenPlatforms.add(platform);
                assertNotNull(r.get("account").get("id").textValue());
                assertFalse(r.get("status").isNull());
                if (platform.equals("AWS")) {
                    assertTrue(id.startsWith("arn:aws:iam::"), id);
                } else if (platform.equals("GCP")) {
                    assertTrue(id.matches("(user|serviceAccount|group):.+@.+"), id);
                } else if (platform.equals("Azure") || platform.equals("EntraID")) {
                    assertTrue(id.matches("[0-9a-f-]{36}"), id);
                }
                if (identity.get("type").asText().equals("USER_ACCOUNT") && !platform.equals("AWS")) {
                    String email = identity.get("email").asText();
                    assertTrue(email.endsWith("@acme.example") && email.equals(email.toLowerCase()), r.toString());
                }
            }
            assertEquals(platforms, seenPlatforms);
            // the issues stream keeps SAFE's platforms
            assertTrue(records(h, "issues").stream().noneMatch(r -> r.get("cloudPlatform").asText().equals("Okta")));

            // resolving one delivers that insight alone, with its mapped status
            int resolved = emulator.indexOf(insights.get(0).get("id").asText());
            emulator.setStatus(resolved, "RESOLVED", Instant.now());
            assertEquals(0, h.run(), h.stderr);
            List<JsonNode> again = lastRecords(h, "iam-insights");
            assertEquals(1, again.size(), again.toString());
            assertEquals("Passed", again.get(0).get("status").asText());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------

    /** the issues the crawl reads: what Wiz returns for the default filterBy (every status, no INFORMATIONAL) */
    static List<JsonNode> crawled(WizEmulator emulator) {
        List<JsonNode> out = new ArrayList<>();
        for (int i = 0; i < emulator.issueCount(); i++) {
            JsonNode issue = emulator.issue(i);
            if (!"INFORMATIONAL".equals(issue.get("severity").asText())) {
                out.add(issue);
            }
        }
        return out;
    }

    static Map<String, Set<String>> ticketIssues(List<JsonNode> issues) {
        Map<String, Set<String>> out = new TreeMap<>();
        for (JsonNode i : issues) {
            for (JsonNode t : i.get("serviceTickets")) {
                out.computeIfAbsent(t.get("externalId").asText(), k -> new TreeSet<>()).add(i.get("id").asText());
            }
        }
        return out;
    }

    static int indexWhere(WizEmulator emulator, java.util.function.Predicate<JsonNode> test) {
        for (int i = 0; i < emulator.issueCount(); i++) {
            JsonNode issue = emulator.issue(i);
            if (!"INFORMATIONAL".equals(issue.get("severity").asText()) && test.test(issue)) {
                return i;
            }
        }
        throw new AssertionError("no such issue");
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        ((ArrayNode) array).forEach(items::add);
        return items.stream();
    }

    static Set<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.get("id").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    static Set<String> texts(JsonNode array) {
        return stream(array).map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
    }

    /** every record the stream's published files hold */
    static List<JsonNode> records(SyncHarness h, String stream) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (Path f : files(h, stream)) {
            out.addAll(SyncHarness.records(f));
        }
        return out;
    }

    /** the records the stream's last run published */
    static List<JsonNode> lastRecords(SyncHarness h, String stream) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode f : run(h, stream).path("outputFiles")) {
            out.addAll(SyncHarness.records(Path.of(f.asText())));
        }
        return out;
    }

    static List<Path> files(SyncHarness h, String stream) throws Exception {
        Path folder = h.dir.resolve("out").resolve(stream);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
    }

    /** the stream's line in the history of the last --once run */
    static JsonNode run(SyncHarness h, String stream) throws Exception {
        List<JsonNode> history = h.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).path("stream").asText().equals(stream)) {
                return history.get(i);
            }
        }
        throw new AssertionError("no run of " + stream);
    }

    static long delivered(SyncHarness h, String stream) throws Exception {
        return run(h, stream).path("delivered").asLong();
    }
}
