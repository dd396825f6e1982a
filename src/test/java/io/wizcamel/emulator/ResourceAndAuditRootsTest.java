package io.wizcamel.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * The emulator's cloudResourcesV2, hostedTechnologies and auditLogEntries roots: paged to the end under the 500 cap,
 * the updatedAt / timestamp filters, the data the streams' rules need (other platforms, deleted assets, secrets in
 * the audit parameters), validation of the selection, and the scopes.
 */
class ResourceAndAuditRootsTest {

    static final ObjectMapper M = new ObjectMapper();
    static final String RESOURCES = "query R($first: Int!, $after: String, $filterBy: CloudResourceV2Filters) {"
            + " cloudResourcesV2(first: $first, after: $after, filterBy: $filterBy) {"
            + " nodes { id cloudPlatform updatedAt deletedAt status } pageInfo { hasNextPage endCursor } totalCount } }";
    static final String TECHNOLOGIES = "query T($first: Int!, $after: String, $filterBy: HostedTechnologyFilters) {"
            + " hostedTechnologies(first: $first, after: $after, filterBy: $filterBy) {"
            + " nodes { id technology { id name categories { name } } resource { id } updatedAt }"
            + " pageInfo { hasNextPage endCursor } } }";
    static final String AUDIT = "query A($first: Int!, $after: String, $filterBy: AuditLogEntryFilters) {"
            + " auditLogEntries(first: $first, after: $after, filterBy: $filterBy) {"
            + " nodes { id action timestamp actionParameters user { id name } serviceAccount { id } }"
            + " pageInfo { hasNextPage endCursor } } }";

    static JsonNode query(WizEmulator e, String token, String query, ObjectNode variables) throws Exception {
        HttpResponse<String> r = WizEmulatorTest.gql(e, token, query, variables);
        assertEquals(200, r.statusCode(), r.body());
        return M.readTree(r.body());
    }

    /** every node of a connection, page by page */
    static List<JsonNode> all(WizEmulator e, String token, String query, String connection, ObjectNode filterBy)
            throws Exception {
        List<JsonNode> out = new ArrayList<>();
        String after = null;
        while (true) {
            ObjectNode v = M.createObjectNode().put("first", 500).put("after", after);
            if (filterBy != null) {
                v.set("filterBy", filterBy);
            }
            JsonNode conn = query(e, token, query, v).path("data").path(connection);
            assertTrue(conn.path("nodes").size() <= 500);
            conn.path("nodes").forEach(out::add);
            if (!conn.path("pageInfo").path("hasNextPage").asBoolean()) {
                return out;
            }
            after = conn.path("pageInfo").path("endCursor").asText();
        }
    }

    @Test
    void fiftyThousandResourcesPageToTheEndInUpdateOrder() throws Exception {
        try (WizEmulator e = WizEmulator.builder().cloudResources(50_000).build().start()) {
            String token = WizEmulatorTest.token(e);
            List<JsonNode> nodes = all(e, token, RESOURCES, "cloudResourcesV2", null);
            assertEquals(50_000, nodes.size());
            assertEquals(50_000, new HashSet<>(nodes.stream().map(n -> n.path("id").asText()).toList()).size());
            Set<String> platforms = new HashSet<>();
            long deleted = 0;
            for (int i = 1; i < nodes.size(); i++) {
                assertTrue(nodes.get(i - 1).path("updatedAt").asText().compareTo(nodes.get(i).path("updatedAt").asText()) < 0);
                platforms.add(nodes.get(i).path("cloudPlatform").asText());
                deleted += nodes.get(i).path("deletedAt").isNull() ? 0 : 1;
            }
            assertTrue(platforms.containsAll(Set.of("AWS", "Azure", "GCP", "OCI", "Kubernetes", "Alibaba")), platforms.toString());
            assertTrue(deleted > 1000 && deleted < 3000, "about 1 in 25 deleted: " + deleted);

            // updatedAt {after}: only the newer ones; an edit moves a resource past the watermark
            String watermark = nodes.get(49_900).path("updatedAt").asText();
            e.resources().touch(10, Instant.now());
            ObjectNode filter = M.createObjectNode();
            filter.putObject("updatedAt").put("after", watermark);
            List<JsonNode> newer = all(e, token, RESOURCES, "cloudResourcesV2", filter);
            assertEquals(100, newer.size());
            assertEquals(e.resources().id(10), newer.get(0).path("id").asText());
        }
    }

    @Test
    void hostedTechnologiesAreTheResourcesTechnologies() throws Exception {
        try (WizEmulator e = WizEmulator.builder().cloudResources(700).build().start()) {
            String token = WizEmulatorTest.token(e);
            List<JsonNode> rows = all(e, token, TECHNOLOGIES, "hostedTechnologies", null);
            int expected = 0;
            for (int i = 0; i < 700; i++) {
                expected += e.resources().technologies(i).size();
            }
            assertEquals(expected, rows.size());
            JsonNode first = rows.get(0);
            assertFalse(first.path("technology").path("categories").path(0).path("name").asText().isEmpty());
            int i = 0;
            while (e.resources().technologies(i).isEmpty()) {
                i++;
            }
            String id = e.resources().id(i);
            assertEquals(e.resources().technologies(i).size(),
                    rows.stream().filter(r -> r.path("resource").path("id").asText().equals(id)).count());

            e.resources().addTechnology(5, 13, Instant.now());
            ObjectNode filter = M.createObjectNode();
            filter.putObject("updatedAt").put("after", WizEmulator.BASE_INSTANT.toString());
            List<JsonNode> added = all(e, token, TECHNOLOGIES, "hostedTechnologies", filter);
            assertEquals(1, added.size());
            assertEquals("Python", added.get(0).path("technology").path("name").asText());
        }
    }

    @Test
    void auditEntriesCarrySecretsAndFilterByTimestamp() throws Exception {
        try (WizEmulator e = WizEmulator.builder().auditLogEntries(1200).build().start()) {
            String token = WizEmulatorTest.token(e);
            List<JsonNode> entries = all(e, token, AUDIT, "auditLogEntries", null);
            assertEquals(1200, entries.size());
            String text = entries.toString();
            for (String key : List.of("apiToken", "clientSecret", "authPassword", "private_key", "client_secret",
                    "\"Authorization\"")) {
                assertTrue(text.contains(key), key);
            }
            assertTrue(entries.stream().anyMatch(n -> n.path("user").path("id").asText().matches("prod_[a-z]+@acme\\.example")));
            assertTrue(entries.stream().anyMatch(n -> n.path("serviceAccount").isObject()));

            int first = e.auditLog().add(3);
            ObjectNode filter = M.createObjectNode();
            filter.putObject("timestamp").put("after", entries.get(1199).path("timestamp").asText());
            List<JsonNode> added = all(e, token, AUDIT, "auditLogEntries", filter);
            assertEquals(3, added.size());
            assertEquals(e.auditLog().entry(first).path("id").asText(), added.get(0).path("id").asText());
        }
    }

    @Test
    void aFieldNotServedFailsValidationAndEachRootNeedsItsScope() throws Exception {
        try (WizEmulator e = WizEmulator.builder().cloudResources(10).auditLogEntries(10).build().start()) {
            String token = WizEmulatorTest.token(e);
            HttpResponse<String> typo = WizEmulatorTest.gql(e, token, RESOURCES.replace("deletedAt", "deletedOn"),
                    M.createObjectNode().put("first", 5));
            assertEquals(400, typo.statusCode());
            assertTrue(typo.body().contains("GRAPHQL_VALIDATION_FAILED"), typo.body());

            e.denyScope("read:resources");
            e.denyScope("admin:audit");
            for (String q : List.of(RESOURCES, TECHNOLOGIES, AUDIT)) {
                JsonNode answer = query(e, token, q, M.createObjectNode().put("first", 5));
                assertTrue(answer.path("data").isNull());
                assertEquals("UNAUTHORIZED", answer.path("errors").path(0).path("extensions").path("code").asText());
            }
            e.allowScope("admin:audit");
            assertEquals(5, query(e, token, AUDIT, M.createObjectNode().put("first", 5))
                    .path("data").path("auditLogEntries").path("nodes").size());
        }
    }
}
