package io.wizcamel.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WizEmulatorTest {

    static final ObjectMapper M = new ObjectMapper();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String ISSUES_QUERY = "query IssuesTable($first: Int!, $after: String, $filterBy: IssueFilters) {"
        + " issues: issuesV2(first: $first, after: $after, filterBy: $filterBy) {"
        + " nodes { id status severity type statusChangedAt projects { id } }"
        + " pageInfo { hasNextPage endCursor } totalCount } }";
    static final Instant BASE = WizEmulator.BASE_INSTANT;

    /** Shared 1,200-issue emulator for the read-only tests; edits get their own instance. */
    static WizEmulator emu;
    static String token;

    @BeforeAll
    static void startShared() throws Exception {
        emu = WizEmulator.builder().issues(1200).seed(42L).build().start();
        token = token(emu);
    }

    @AfterAll
    static void stopShared() {
        emu.close();
    }

    @BeforeEach
    void reset() {
        emu.clearFaults();
        emu.resetCounters();
    }

    // ---- helpers ---------------------------------------------------------------------------

    static HttpResponse<String> tokenRequest(WizEmulator e, String contentType, Map<String, String> form) throws Exception {
        String body = form.entrySet().stream()
            .map(x -> URLEncoder.encode(x.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(x.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
        HttpRequest req = HttpRequest.newBuilder(URI.create(e.tokenUrl()))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(req, HttpResponse.BodyHandlers.ofString());
    }

    static Map<String, String> form(String grant, String id, String secret, String audience) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("grant_type", grant);
        f.put("client_id", id);
        f.put("client_secret", secret);
        f.put("audience", audience);
        return f;
    }

    static String token(WizEmulator e) throws Exception {
        HttpResponse<String> r = tokenRequest(e, "application/x-www-form-urlencoded",
            form("client_credentials", "emulator-client", "emulator-secret", "wiz-api"));
        assertEquals(200, r.statusCode(), r.body());
        return M.readTree(r.body()).get("access_token").asText();
    }

    static HttpResponse<String> post(String url, String bearer, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> gql(WizEmulator e, String bearer, String query, JsonNode variables) throws Exception {
        ObjectNode body = M.createObjectNode();
        body.put("query", query);
        body.set("variables", variables);
        return post(e.graphqlUrl(), bearer, M.writeValueAsString(body));
    }

    static ObjectNode vars(int first, String after, JsonNode filterBy) {
        ObjectNode v = M.createObjectNode();
        v.put("first", first);
        if (after == null) {
            v.putNull("after");
        } else {
            v.put("after", after);
        }
        if (filterBy != null) {
            v.set("filterBy", filterBy);
        }
        return v;
    }

    static JsonNode issuesPage(WizEmulator e, String bearer, ObjectNode variables) throws Exception {
        HttpResponse<String> r = gql(e, bearer, ISSUES_QUERY, variables);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode root = M.readTree(r.body());
        assertFalse(root.has("errors"), r.body());
        return root.get("data").get("issues");
    }

    /** Pages through everything matching filterBy; returns the ids in order. */
    static List<String> allIds(WizEmulator e, String bearer, JsonNode filterBy, int pageSize) throws Exception {
        List<String> ids = new ArrayList<>();
        String after = null;
        for (int guard = 0; guard < 10_000; guard++) {
            JsonNode page = issuesPage(e, bearer, vars(pageSize, after, filterBy));
            page.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
            if (!page.get("pageInfo").get("hasNextPage").asBoolean()) {
                return ids;
            }
            after = page.get("pageInfo").get("endCursor").asText();
        }
        throw new AssertionError("pagination did not end");
    }

    static List<String> expectedIds(WizEmulator e, Predicate<JsonNode> match) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < e.issueCount(); i++) {
            JsonNode n = e.issue(i);
            if (match.test(n)) {
                ids.add(n.get("id").asText());
            }
        }
        return ids;
    }

    static String code(String body) throws IOException {
        return M.readTree(body).get("errors").get(0).get("extensions").get("code").asText();
    }

    // ---- token endpoint --------------------------------------------------------------------

    @Test
    void tokenIsIssued() throws Exception {
        HttpResponse<String> r = tokenRequest(emu, "application/x-www-form-urlencoded; charset=UTF-8",
            form("client_credentials", "emulator-client", "emulator-secret", "wiz-api"));
        assertEquals(200, r.statusCode());
        JsonNode t = M.readTree(r.body());
        assertEquals("Bearer", t.get("token_type").asText());
        assertEquals(86400, t.get("expires_in").asLong());
        assertTrue(t.get("expires_in").isIntegralNumber());
        assertTrue(t.get("access_token").asText().length() >= 40);
        assertNotEquals(t.get("access_token").asText(), token(emu), "tokens are random");
        assertEquals(2, emu.tokenRequests());
        assertFalse(emu.toString().contains("emulator-secret"));
    }

    @Test
    void tokenRefusals() throws Exception {
        HttpResponse<String> r = tokenRequest(emu, "application/x-www-form-urlencoded",
            form("client_credentials", "emulator-client", "wrong", "wiz-api"));
        assertEquals(401, r.statusCode());
        assertEquals("access_denied", M.readTree(r.body()).get("error").asText());

        r = tokenRequest(emu, "application/x-www-form-urlencoded", form("client_credentials", "someone", "emulator-secret", "wiz-api"));
        assertEquals(401, r.statusCode());

        r = tokenRequest(emu, "application/json", form("client_credentials", "emulator-client", "emulator-secret", "wiz-api"));
        assertEquals(400, r.statusCode());
        assertEquals("invalid_request", M.readTree(r.body()).get("error").asText());

        r = tokenRequest(emu, "application/x-www-form-urlencoded", form("password", "emulator-client", "emulator-secret", "wiz-api"));
        assertEquals(400, r.statusCode());
        assertEquals("unsupported_grant_type", M.readTree(r.body()).get("error").asText());

        r = tokenRequest(emu, "application/x-www-form-urlencoded", form("client_credentials", "emulator-client", "emulator-secret", "beyond-api"));
        assertEquals(400, r.statusCode());
        JsonNode err = M.readTree(r.body());
        assertEquals("invalid_request", err.get("error").asText());
        assertTrue(err.get("error_description").asText().contains("beyond-api"));
        assertFalse(r.body().contains("emulator-secret"));
        assertEquals(5, emu.tokenRequests());
    }

    // ---- authentication --------------------------------------------------------------------

    @Test
    void graphqlWithoutOrWithUnknownTokenIs401() throws Exception {
        HttpResponse<String> r = gql(emu, null, ISSUES_QUERY, vars(10, null, null));
        assertEquals(401, r.statusCode());
        assertEquals("UNAUTHENTICATED", code(r.body()));
        r = gql(emu, "not-a-token", ISSUES_QUERY, vars(10, null, null));
        assertEquals(401, r.statusCode());
        assertEquals("UNAUTHENTICATED", code(r.body()));
        assertEquals(2, emu.graphqlRequests());
    }

    @Test
    void expiredTokenIs200WithUnauthenticated() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(10).tokenLifetime(Duration.ofSeconds(1)).build().start()) {
            HttpResponse<String> tr = tokenRequest(e, "application/x-www-form-urlencoded",
                form("client_credentials", "emulator-client", "emulator-secret", "wiz-api"));
            JsonNode t = M.readTree(tr.body());
            assertEquals(1, t.get("expires_in").asLong());
            String tok = t.get("access_token").asText();
            assertEquals(200, gql(e, tok, ISSUES_QUERY, vars(5, null, null)).statusCode());
            Thread.sleep(1300);
            HttpResponse<String> r = gql(e, tok, ISSUES_QUERY, vars(5, null, null));
            assertEquals(200, r.statusCode());
            JsonNode body = M.readTree(r.body());
            assertTrue(body.get("data").isNull());
            assertEquals("UNAUTHENTICATED", code(r.body()));
        }
    }

    // ---- paging and filters ----------------------------------------------------------------

    @Test
    void pagesThrough1200IssuesInOrder() throws Exception {
        List<String> ids = new ArrayList<>();
        String after = null;
        int pages = 0;
        boolean more = true;
        while (more) {
            JsonNode page = issuesPage(emu, token, vars(500, after, null));
            pages++;
            assertEquals(1200, page.get("totalCount").asInt());
            page.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
            more = page.get("pageInfo").get("hasNextPage").asBoolean();
            after = page.get("pageInfo").get("endCursor").asText();
        }
        assertEquals(3, pages);
        assertEquals(1200, ids.size());
        assertEquals(1200, new HashSet<>(ids).size(), "no duplicates");
        for (int i = 0; i < 1200; i++) {
            assertEquals(emu.issueId(i), ids.get(i));
            assertEquals(i, emu.indexOf(ids.get(i)));
        }
        List<JsonNode> recorded = emu.recordedVariables();
        assertEquals(3, recorded.size());
        assertTrue(recorded.get(0).get("after").isNull());
        assertEquals(500, recorded.get(1).get("first").asInt());
        assertEquals(3, emu.graphqlRequests());
    }

    @Test
    void filtersMatchTheServedNodes() throws Exception {
        ObjectNode byStatus = M.createObjectNode();
        byStatus.putArray("status").add("RESOLVED").add("REJECTED");
        assertEquals(expectedIds(emu, n -> Set.of("RESOLVED", "REJECTED").contains(n.get("status").asText())),
            allIds(emu, token, byStatus, 500));

        ObjectNode bySeverity = M.createObjectNode();
        bySeverity.putArray("severity").add("CRITICAL");
        List<String> critical = expectedIds(emu, n -> n.get("severity").asText().equals("CRITICAL"));
        assertEquals(critical, allIds(emu, token, bySeverity, 37));
        assertEquals(critical.size(), issuesPage(emu, token, vars(1, null, bySeverity)).get("totalCount").asInt());

        String project = WizEmulator.PROJECT_IDS.get(2);
        ObjectNode byProject = M.createObjectNode();
        byProject.putArray("project").add(project);
        List<String> inProject = expectedIds(emu, n -> {
            for (JsonNode p : n.get("projects")) {
                if (p.get("id").asText().equals(project)) {
                    return true;
                }
            }
            return false;
        });
        assertFalse(inProject.isEmpty());
        assertEquals(inProject, allIds(emu, token, byProject, 500));

        Instant after = BASE.minus(Duration.ofDays(30));
        Instant before = BASE.minus(Duration.ofDays(10));
        ObjectNode byTime = M.createObjectNode();
        byTime.putObject("statusChangedAt").put("after", after.toString()).put("before", before.toString());
        List<String> inWindow = expectedIds(emu, n -> {
            Instant t = Instant.parse(n.get("statusChangedAt").asText());
            return t.isAfter(after) && t.isBefore(before);
        });
        assertFalse(inWindow.isEmpty());
        assertEquals(inWindow, allIds(emu, token, byTime, 500));

        ObjectNode combined = byTime.deepCopy();
        combined.putArray("status").add("OPEN");
        combined.putArray("type").add("THREAT_DETECTION");
        combined.put("someFutureField", "ignored");
        List<String> both = expectedIds(emu, n -> {
            Instant t = Instant.parse(n.get("statusChangedAt").asText());
            return t.isAfter(after) && t.isBefore(before) && n.get("status").asText().equals("OPEN")
                && n.get("type").asText().equals("THREAT_DETECTION");
        });
        assertEquals(both, allIds(emu, token, combined, 7));

        ObjectNode byId = M.createObjectNode();
        byId.putArray("id").add(emu.issueId(77)).add(emu.issueId(3)).add("00000000-0000-4000-8000-000000000000");
        assertEquals(List.of(emu.issueId(3), emu.issueId(77)), allIds(emu, token, byId, 500));
    }

    @Test
    void lastPageHasNoSuccessorEvenWhenFull() throws Exception {
        ObjectNode bySeverity = M.createObjectNode();
        bySeverity.putArray("severity").add("CRITICAL");
        int n = expectedIds(emu, x -> x.get("severity").asText().equals("CRITICAL")).size();
        JsonNode page = issuesPage(emu, token, vars(n, null, bySeverity));
        assertEquals(n, page.get("nodes").size());
        assertFalse(page.get("pageInfo").get("hasNextPage").asBoolean());
    }

    @Test
    void badInputIsRefused() throws Exception {
        HttpResponse<String> r = gql(emu, token, ISSUES_QUERY, vars(501, null, null));
        assertEquals(200, r.statusCode());
        assertEquals("BAD_USER_INPUT", code(r.body()));
        assertTrue(r.body().contains("first must be at most 500"));

        r = gql(emu, token, ISSUES_QUERY, vars(0, null, null));
        assertEquals("BAD_USER_INPUT", code(r.body()));
        r = gql(emu, token, ISSUES_QUERY, M.createObjectNode());
        assertEquals("BAD_USER_INPUT", code(r.body()));
        r = gql(emu, token, ISSUES_QUERY, vars(10, "not a cursor!", null));
        assertEquals("BAD_USER_INPUT", code(r.body()));
        ObjectNode badEnum = M.createObjectNode();
        badEnum.putArray("status").add("CLOSED");
        r = gql(emu, token, ISSUES_QUERY, vars(10, null, badEnum));
        assertEquals("BAD_USER_INPUT", code(r.body()));

        // what the schema does not have fails as a real GraphQL server fails it: a root, a field, an argument
        r = gql(emu, token, "query { cloudResources { nodes { id } } }", M.createObjectNode());
        assertEquals(400, r.statusCode());
        assertEquals("GRAPHQL_VALIDATION_FAILED", code(r.body()));
        r = gql(emu, token, ISSUES_QUERY.replace("statusChangedAt", "statusChangedAtt"), vars(10, null, null));
        assertEquals("GRAPHQL_VALIDATION_FAILED", code(r.body()));
        assertTrue(r.body().contains("statusChangedAtt"), r.body());
        r = gql(emu, token, "{ issuesV2(first: 1, limit: 2) { nodes { id } } }", null);
        assertEquals("GRAPHQL_VALIDATION_FAILED", code(r.body()));
        r = gql(emu, token, "{ issuesV2(first: 1) { nodes { sourceRule { ... on Control { nope } } } } }", null);
        assertEquals("GRAPHQL_VALIDATION_FAILED", code(r.body()));
        r = gql(emu, token, "mutation { issuesV2 { id } }", null);
        assertEquals(400, r.statusCode());

        r = post(emu.graphqlUrl(), token, "{not json");
        assertEquals(400, r.statusCode());
        assertEquals("BAD_USER_INPUT", code(r.body()));
    }

    @Test
    void literalArgumentsAndOtherVariableNamesWork() throws Exception {
        String q = "query($n: Int, $f: IssueFilters) { issuesV2(first: $n, filterBy: $f) { nodes { id } pageInfo { hasNextPage endCursor } } }";
        ObjectNode v = M.createObjectNode();
        v.put("n", 3);
        HttpResponse<String> r = gql(emu, token, q, v);
        JsonNode data = M.readTree(r.body()).get("data");
        assertEquals(3, data.get("issuesV2").get("nodes").size(), "unaliased field answers under its own name");

        r = gql(emu, token, "{ issues: issuesV2(first: 2) { nodes { id } pageInfo { hasNextPage endCursor } } }", null);
        assertEquals(2, M.readTree(r.body()).get("data").get("issues").get("nodes").size());
    }

    @Test
    void aDeniedScopeIsRefusedAsUnauthorizedForItsRootsOnly() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(10).denyScopes("read:projects").build().start()) {
            String t = token(e);
            HttpResponse<String> r = gql(e, t, "{ projects(first: 5) { nodes { id } } }", null);
            assertEquals(200, r.statusCode());
            assertEquals("UNAUTHORIZED", code(r.body()));
            assertTrue(r.body().contains("read:projects"), r.body());
            assertEquals(5, M.readTree(gql(e, t, "{ issuesV2(first: 5) { nodes { id } } }", null).body())
                .at("/data/issuesV2/nodes").size());
            e.allowScope("read:projects");
            assertEquals(5, M.readTree(gql(e, t, "{ projects(first: 5) { nodes { id } } }", null).body())
                .at("/data/projects/nodes").size());
            e.denyScope("read:issues");
            assertEquals("UNAUTHORIZED", code(gql(e, t, "{ issuesV2(first: 5) { nodes { id } } }", null).body()));
        }
    }

    @Test
    void connectionsAnswerWhatWasSelectedUnderItsAliases() throws Exception {
        JsonNode p = M.readTree(gql(emu, token, "{ p: projects(first: 2) { nodes { id label: name } } "
            + "q: projects(first: 1) { pageInfo { hasNextPage } } }", null).body()).get("data");
        JsonNode first = p.at("/p/nodes/0");
        assertEquals(List.of("id", "label"), iterable(first.fieldNames()));
        assertTrue(p.get("p").has("nodes") && !p.get("p").has("pageInfo"), p.toString());
        assertEquals(List.of("pageInfo"), iterable(p.get("q").fieldNames()));
        assertTrue(p.at("/q/pageInfo/hasNextPage").asBoolean());
    }

    private static List<String> iterable(Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void projectsArePaginated() throws Exception {
        String q = "query($first: Int, $after: String) { projects(first: $first, after: $after) { nodes { id name slug } pageInfo { hasNextPage endCursor } totalCount } }";
        ObjectNode v = M.createObjectNode();
        v.put("first", 4);
        JsonNode p1 = M.readTree(gql(emu, token, q, v).body()).get("data").get("projects");
        assertEquals(4, p1.get("nodes").size());
        assertTrue(p1.get("pageInfo").get("hasNextPage").asBoolean());
        v.put("after", p1.get("pageInfo").get("endCursor").asText());
        JsonNode p2 = M.readTree(gql(emu, token, q, v).body()).get("data").get("projects");
        assertEquals(2, p2.get("nodes").size());
        assertFalse(p2.get("pageInfo").get("hasNextPage").asBoolean());
        List<String> ids = new ArrayList<>();
        p1.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
        p2.get("nodes").forEach(n -> ids.add(n.get("id").asText()));
        assertEquals(WizEmulator.PROJECT_IDS, ids);
    }

    // ---- faults ----------------------------------------------------------------------------

    @Test
    void httpFaults() throws Exception {
        emu.enqueue(Fault.http(503));
        emu.enqueue(Fault.http(500));
        emu.enqueue(Fault.http429(7));
        emu.enqueue(Fault.http429(null));
        HttpResponse<String> r = gql(emu, token, ISSUES_QUERY, vars(5, null, null));
        assertEquals(503, r.statusCode());
        r = gql(emu, null, ISSUES_QUERY, vars(5, null, null));
        assertEquals(500, r.statusCode(), "faults apply before authentication");
        r = gql(emu, token, ISSUES_QUERY, vars(5, null, null));
        assertEquals(429, r.statusCode());
        assertEquals("7", r.headers().firstValue("Retry-After").orElse(null));
        assertEquals("RATE_LIMIT_EXCEEDED", code(r.body()));
        r = gql(emu, token, ISSUES_QUERY, vars(5, null, null));
        assertEquals(429, r.statusCode());
        assertTrue(r.headers().firstValue("Retry-After").isEmpty());
        assertEquals(200, gql(emu, token, ISSUES_QUERY, vars(5, null, null)).statusCode(), "faults are one-shot");
        assertEquals(5, emu.graphqlRequests());
    }

    @Test
    void graphqlErrorFault() throws Exception {
        emu.enqueue(Fault.graphqlError("UNAUTHORIZED",
            "You are not authorized to perform this action. Missing required scope: read:issues"));
        HttpResponse<String> r = gql(emu, token, ISSUES_QUERY, vars(5, null, null));
        assertEquals(200, r.statusCode());
        JsonNode body = M.readTree(r.body());
        assertTrue(body.get("data").isNull());
        assertEquals("UNAUTHORIZED", code(r.body()));
        assertTrue(body.get("errors").get(0).get("message").asText().contains("read:issues"));
    }

    @Test
    void delayFault() throws Exception {
        emu.enqueue(Fault.delay(Duration.ofMillis(400)));
        long t0 = System.nanoTime();
        JsonNode page = issuesPage(emu, token, vars(5, null, null));
        assertTrue(System.nanoTime() - t0 >= 390_000_000L);
        assertEquals(5, page.get("nodes").size());
    }

    @Test
    void cursorFaults() throws Exception {
        JsonNode normal1 = issuesPage(emu, token, vars(500, null, null));
        String c1 = normal1.get("pageInfo").get("endCursor").asText();

        emu.enqueue(Fault.repeatCursor());
        JsonNode p = issuesPage(emu, token, vars(500, c1, null));
        assertTrue(p.get("pageInfo").get("hasNextPage").asBoolean());
        assertEquals(c1, p.get("pageInfo").get("endCursor").asText());

        emu.enqueue(Fault.repeatCursor());
        JsonNode first = issuesPage(emu, token, vars(500, null, null));
        assertTrue(first.get("pageInfo").get("hasNextPage").asBoolean());
        JsonNode again = issuesPage(emu, token, vars(500, first.get("pageInfo").get("endCursor").asText(), null));
        assertEquals(first.get("nodes"), again.get("nodes"), "following the cursor repeats the first page");

        emu.enqueue(Fault.emptyCursor());
        p = issuesPage(emu, token, vars(500, c1, null));
        assertTrue(p.get("pageInfo").get("hasNextPage").asBoolean());
        assertEquals("", p.get("pageInfo").get("endCursor").asText());
        assertEquals(500, p.get("nodes").size());
    }

    @Test
    void dropConnectionFault() throws Exception {
        emu.enqueue(Fault.dropConnection());
        assertThrows(IOException.class, () -> gql(emu, token, ISSUES_QUERY, vars(5, null, null)));
        assertEquals(200, gql(emu, token, ISSUES_QUERY, vars(5, null, null)).statusCode());
        assertEquals(2, emu.graphqlRequests());
    }

    // ---- edits -----------------------------------------------------------------------------

    @Test
    void editsShowUpInDeltaFilters() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(2000).build().start()) {
            String tok = token(e);
            ObjectNode delta = M.createObjectNode();
            delta.putObject("statusChangedAt").put("after", BASE.toString());
            assertEquals(List.of(), allIds(e, tok, delta, 500));

            int idx = 1500;
            String before = e.issue(idx).get("status").asText();
            String target = before.equals("RESOLVED") ? "OPEN" : "RESOLVED";
            Instant at = BASE.plus(Duration.ofHours(1));
            e.setStatus(idx, target, at);
            JsonNode page = issuesPage(e, tok, vars(500, null, delta));
            assertEquals(1, page.get("totalCount").asInt());
            assertEquals(e.issueId(idx), page.get("nodes").get(0).get("id").asText());
            assertEquals(target, page.get("nodes").get(0).get("status").asText());
            ObjectNode n = e.issue(idx);
            assertEquals(at.toString(), n.get("statusChangedAt").asText());
            assertEquals(at.toString(), n.get("updatedAt").asText());

            e.setStatus(idx, "RESOLVED", at.plusSeconds(60));
            n = e.issue(idx);
            assertEquals(at.plusSeconds(60).toString(), n.get("resolvedAt").asText());
            assertEquals("ISSUE_FIXED", n.get("resolutionReason").asText());
            e.setStatus(idx, "IN_PROGRESS", at.plusSeconds(120));
            n = e.issue(idx);
            assertTrue(n.get("resolvedAt").isNull());
            assertTrue(n.get("resolutionReason").isNull());

            // touch: content changes, status does not; only updatedAt moves.
            int other = 42;
            ObjectNode old = e.issue(other);
            Instant touchAt = BASE.plus(Duration.ofHours(3));
            e.touch(other, touchAt);
            ObjectNode touched = e.issue(other);
            assertNotEquals(old, touched);
            assertEquals(old.get("status"), touched.get("status"));
            assertEquals(old.get("statusChangedAt"), touched.get("statusChangedAt"));
            ObjectNode updatedDelta = M.createObjectNode();
            updatedDelta.putObject("updatedAt").put("after", BASE.plus(Duration.ofHours(2)).toString());
            assertEquals(List.of(e.issueId(other)), allIds(e, tok, updatedDelta, 500));
            assertEquals(List.of(), allIds(e, tok, delta.deepCopy().put("ignored", 1), 500).stream()
                .filter(id -> id.equals(e.issueId(other))).collect(Collectors.toList()));

            // Served node equals issue(i) for an edited issue, and totalCount stays right for a cached filter.
            ObjectNode byStatus = M.createObjectNode();
            byStatus.putArray("status").add("IN_PROGRESS");
            List<String> expected = expectedIds(e, x -> x.get("status").asText().equals("IN_PROGRESS"));
            assertEquals(expected.size(), issuesPage(e, tok, vars(1, null, byStatus)).get("totalCount").asInt());
            e.setStatus(7, "IN_PROGRESS", at);
            e.setStatus(8, "IN_PROGRESS", at);
            expected = expectedIds(e, x -> x.get("status").asText().equals("IN_PROGRESS"));
            assertEquals(expected.size(), issuesPage(e, tok, vars(1, null, byStatus)).get("totalCount").asInt());
            assertEquals(expected, allIds(e, tok, byStatus, 500));

            e.update(9, x -> x.put("severity", "CRITICAL").put("status", "REJECTED"));
            assertEquals("CRITICAL", e.issue(9).get("severity").asText());
        }
    }

    @Test
    void addIssuesAppendsOpenIssues() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(100).build().start()) {
            String tok = token(e);
            Instant t0 = Instant.now().minusSeconds(1);
            assertEquals(100, e.addIssues(5));
            assertEquals(105, e.issueCount());
            ObjectNode n = e.issue(104);
            assertEquals("OPEN", n.get("status").asText());
            assertFalse(Instant.parse(n.get("createdAt").asText()).isBefore(t0));
            assertEquals(n.get("createdAt"), n.get("statusChangedAt"));
            List<String> all = allIds(e, tok, null, 500);
            assertEquals(105, all.size());
            assertEquals(e.issueId(104), all.get(104));
            ObjectNode created = M.createObjectNode();
            created.putObject("createdAt").put("after", t0.toString());
            assertEquals(all.subList(100, 105), allIds(e, tok, created, 2));
        }
    }

    // ---- generated data --------------------------------------------------------------------

    @Test
    void everyValueOccursInAHundredIssues() {
        try (WizEmulator small = WizEmulator.builder().issues(100).seed(7L).build()) {
            assertAllValues(small, 0, 100);
        }
        assertAllValues(emu, 613, 713);
    }

    private static void assertAllValues(WizEmulator e, int from, int to) {
        Set<String> sev = new HashSet<>();
        Set<String> st = new HashSet<>();
        Set<String> ty = new HashSet<>();
        Set<String> pl = new HashSet<>();
        Set<String> reasons = new HashSet<>();
        for (int i = from; i < to; i++) {
            JsonNode n = e.issue(i);
            sev.add(n.get("severity").asText());
            st.add(n.get("status").asText());
            ty.add(n.get("type").asText());
            pl.add(n.get("entitySnapshot").get("cloudPlatform").asText());
            if (!n.get("resolutionReason").isNull()) {
                reasons.add(n.get("resolutionReason").asText());
            }
        }
        assertEquals(Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"), sev);
        assertEquals(Set.of("OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED"), st);
        assertEquals(Set.of("TOXIC_COMBINATION", "CLOUD_CONFIGURATION", "THREAT_DETECTION"), ty);
        assertEquals(Set.of("AWS", "Azure", "GCP", "OCI", "Alibaba", "Kubernetes"), pl);
        assertTrue(reasons.contains("ISSUE_FIXED"));
    }

    @Test
    void nodesAreConsistentAndDeterministic() {
        Map<String, String> ruleTypeByIssueType = Map.of(
            "TOXIC_COMBINATION", "Control", "CLOUD_CONFIGURATION", "CloudConfigurationRule", "THREAT_DETECTION", "CloudEventRule");
        Set<String> ruleNames = new HashSet<>();
        for (int i = 0; i < 1200; i++) {
            JsonNode n = emu.issue(i);
            Instant created = Instant.parse(n.get("createdAt").asText());
            Instant changed = Instant.parse(n.get("statusChangedAt").asText());
            Instant updated = Instant.parse(n.get("updatedAt").asText());
            assertTrue(!changed.isBefore(created) && !updated.isBefore(changed), "timestamps ordered for #" + i);
            assertTrue(updated.isBefore(BASE) && created.isAfter(BASE.minus(Duration.ofDays(90))));
            assertTrue(n.get("createdAt").asText().endsWith("Z"));
            String status = n.get("status").asText();
            assertEquals(status.equals("RESOLVED"), !n.get("resolvedAt").isNull());
            assertEquals(status.equals("RESOLVED") || status.equals("REJECTED"), !n.get("resolutionReason").isNull());
            int projects = n.get("projects").size();
            assertTrue(projects >= 1 && projects <= 2);
            assertTrue(WizEmulator.PROJECT_IDS.contains(n.get("projects").get(0).get("id").asText()));
            assertNotNull(n.get("projects").get(0).get("riskProfile").get("businessImpact"));
            assertEquals(ruleTypeByIssueType.get(n.get("type").asText()), n.get("sourceRule").get("__typename").asText());
            ruleNames.add(n.get("sourceRule").get("name").asText());
            JsonNode ent = n.get("entitySnapshot");
            for (String f : List.of("id", "type", "nativeType", "name", "status", "cloudPlatform", "cloudProviderURL", "providerId",
                "region", "resourceGroupExternalId", "subscriptionExternalId", "subscriptionName", "subscriptionTags", "tags",
                "createdAt", "externalId")) {
                assertTrue(ent.has(f), "entitySnapshot." + f);
            }
            if (ent.get("cloudPlatform").asText().equals("AWS")) {
                assertTrue(ent.get("providerId").asText().startsWith("arn:aws:"));
            }
            if (ent.get("status").asText().equals("Deleted")) {
                assertEquals("OBJECT_DELETED", n.get("resolutionReason").asText());
            }
            assertTrue(n.get("serviceTickets").isArray() && n.get("notes").isArray());
        }
        assertTrue(ruleNames.size() > 30 && ruleNames.size() <= 60, "rules repeat: " + ruleNames.size());

        try (WizEmulator same = WizEmulator.builder().issues(1200).seed(42L).build();
             WizEmulator other = WizEmulator.builder().issues(1200).seed(43L).build()) {
            for (int i = 0; i < 1200; i += 97) {
                assertEquals(emu.issue(i), same.issue(i));
                assertNotEquals(emu.issueId(i), other.issueId(i));
            }
        }
    }

    @Test
    void concurrentClientsSeeTheSamePages() throws Exception {
        List<String> expected = allIds(emu, token, null, 100);
        List<java.util.concurrent.Future<List<String>>> results = new ArrayList<>();
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> allIds(emu, token, null, 100)));
            }
            for (java.util.concurrent.Future<List<String>> f : results) {
                assertEquals(expected, f.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(9 * 12, emu.graphqlRequests());
    }

    // ---- scale -----------------------------------------------------------------------------

    @Test
    void aMillionIssuesPageAndFilterCorrectly() throws Exception {
        try (WizEmulator big = WizEmulator.builder().issues(1_000_000).build().start()) {
            String tok = token(big);
            ObjectNode open = M.createObjectNode();
            open.putArray("status").add("OPEN");
            JsonNode page = issuesPage(big, tok, vars(500, null, null));
            assertEquals(500, page.get("nodes").size());
            assertEquals(1_000_000, page.get("totalCount").asInt());
            JsonNode filtered = issuesPage(big, tok, vars(500, null, open)); // first use counts all 1M cores
            int openCount = filtered.get("totalCount").asInt();
            assertTrue(openCount > 300_000 && openCount < 500_000, "OPEN count " + openCount);

            // Deep page: cursor far into the set, cached count.
            JsonNode deep = issuesPage(big, tok, vars(500, Pages.cursor(900_000), open));
            assertEquals(500, deep.get("nodes").size());
            assertEquals(openCount, deep.get("totalCount").asInt());

            // A delta filter past the seeded window touches only edited issues.
            big.setStatus(999_999, "RESOLVED", BASE.plusSeconds(5));
            ObjectNode delta = M.createObjectNode();
            delta.putObject("statusChangedAt").put("after", BASE.toString());
            JsonNode d = issuesPage(big, tok, vars(500, null, delta));
            assertEquals(1, d.get("totalCount").asInt());
            assertEquals(big.issueId(999_999), d.get("nodes").get(0).get("id").asText());
        }
    }
}
