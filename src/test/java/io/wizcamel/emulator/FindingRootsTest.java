package io.wizcamel.emulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The emulator's vulnerabilityFindings, configurationFindings and projects roots, asked the shipped query files
 * (routes/graphql): filters, cursors, fragments, the OPEN-only default, and 100,000 findings made on demand.
 */
class FindingRootsTest {

    static final ObjectMapper M = new ObjectMapper();
    static WizEmulator emu;
    static String token;

    @BeforeAll
    static void start() throws Exception {
        emu = WizEmulator.builder().issues(10).projects(40).vulnerabilityFindings(100_000).configurationFindings(2000)
                .build().start();
        token = WizEmulatorTest.token(emu);
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    static String query(String name) throws Exception {
        return Files.readString(Path.of("routes/graphql", name + ".graphql"));
    }

    static JsonNode ask(String query, ObjectNode variables) throws Exception {
        HttpResponse<String> r = WizEmulatorTest.gql(emu, token, query, variables);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode answer = M.readTree(r.body());
        assertFalse(answer.has("errors"), r.body());
        return answer.path("data");
    }

    static ObjectNode vars(int first, String after, String filterBy) throws Exception {
        ObjectNode v = M.createObjectNode().put("first", first).put("after", after);
        if (filterBy != null) {
            v.set("filterBy", M.readTree(filterBy));
        }
        return v;
    }

    @Test
    void withoutAStatusFilterOnlyOpenFindingsComeBack() throws Exception {
        JsonNode nodes = ask(query("vulnerabilities"), vars(200, null, null)).path("vulnerabilityFindings").path("nodes");
        assertEquals(200, nodes.size());
        nodes.forEach(n -> assertEquals("OPEN", n.path("status").asText()));
        JsonNode all = ask(query("vulnerabilities"), vars(200, null,
                "{\"status\":[\"OPEN\",\"IN_PROGRESS\",\"RESOLVED\",\"REJECTED\"]}")).path("vulnerabilityFindings");
        Set<String> statuses = new HashSet<>();
        all.path("nodes").forEach(n -> statuses.add(n.path("status").asText()));
        assertEquals(Set.of("OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED"), statuses);
    }

    @Test
    void theAssetComesThroughItsFragmentsAndOnlyWhatWasSelected() throws Exception {
        JsonNode nodes = ask(query("vulnerabilities"), vars(20, null, "{\"status\":[\"OPEN\",\"IN_PROGRESS\","
                + "\"RESOLVED\",\"REJECTED\"]}")).path("vulnerabilityFindings").path("nodes");
        Set<String> kinds = new HashSet<>();
        for (JsonNode n : nodes) {
            JsonNode a = n.path("vulnerableAsset");
            String kind = a.path("__typename").asText();
            kinds.add(kind);
            assertTrue(a.path("id").isTextual() && a.has("cloudPlatform"), a.toString());
            assertEquals(kind.equals("VulnerableAssetVirtualMachine"), a.has("operatingSystem"), a.toString());
            assertEquals(kind.equals("VulnerableAssetContainerImage"), a.has("registry"), a.toString());
            assertEquals(kind.equals("VulnerableAssetContainer"), a.has("PodName"), a.toString());
            assertEquals(kind.equals("VulnerableAssetServerless"), a.has("runtime"), a.toString());
        }
        assertEquals(4, kinds.size(), kinds.toString());
        // a field the root does not serve fails validation, as a typo in a query file would
        HttpResponse<String> typo = WizEmulatorTest.gql(emu, token,
                "{ vulnerabilityFindings(first: 1) { nodes { id cveName } } }", M.createObjectNode());
        assertEquals(400, typo.statusCode());
        assertTrue(typo.body().contains("GRAPHQL_VALIDATION_FAILED"), typo.body());
    }

    @Test
    void filtersNarrowTheFindings() throws Exception {
        String q = query("vulnerabilities");
        JsonNode fixable = ask(q, vars(300, null, "{\"status\":[\"OPEN\",\"RESOLVED\"],\"severity\":[\"CRITICAL\"],"
                + "\"hasFix\":true,\"hasExploit\":true}")).path("vulnerabilityFindings").path("nodes");
        assertFalse(fixable.isEmpty());
        for (JsonNode n : fixable) {
            assertEquals("CRITICAL", n.path("severity").asText());
            assertTrue(n.path("hasFix").asBoolean() && n.path("hasExploit").asBoolean(), n.toString());
            assertTrue(Set.of("OPEN", "RESOLVED").contains(n.path("status").asText()));
        }
        JsonNode bad = M.readTree(WizEmulatorTest.gql(emu, token, q, vars(1, null,
                "{\"updatedAt\":{\"after\":\"yesterday\"}}")).body());
        assertTrue(bad.path("errors").get(0).path("message").asText().contains("yesterday"), bad.toString());
    }

    @Test
    void anUpdatedAtWindowPagesOnlyTheNewestOfAHundredThousand() throws Exception {
        VulnerabilitiesRoot root = emu.vulnerabilityFindings();
        Instant after = root.updatedAt(100_000 - 1200);
        String filter = "{\"status\":[\"OPEN\",\"IN_PROGRESS\",\"RESOLVED\",\"REJECTED\"],\"updatedAt\":{\"after\":\""
                + after + "\"}}";
        int count = 0;
        String cursor = null;
        int pages = 0;
        do {
            JsonNode conn = ask(query("vulnerabilities"), vars(500, cursor, filter)).path("vulnerabilityFindings");
            for (JsonNode n : conn.path("nodes")) {
                assertTrue(Instant.parse(n.path("updatedAt").asText()).isAfter(after), n.toString());
                count++;
            }
            pages++;
            cursor = conn.path("pageInfo").path("hasNextPage").asBoolean() ? conn.path("pageInfo").path("endCursor")
                    .asText() : null;
        } while (cursor != null);
        assertEquals(1199, count, "the 1,199 findings updated after the bound");
        assertEquals(3, pages);

        // an edited old finding moves past the bound and is found there
        String now = Instant.now().toString();
        root.update(7, n -> n.put("updatedAt", now).put("status", "RESOLVED"));
        JsonNode first = ask(query("vulnerabilities"), vars(500, null, filter)).path("vulnerabilityFindings");
        assertEquals(root.id(7), first.path("nodes").get(0).path("id").asText());
    }

    @Test
    void configurationFindingsByResultWithoutDeletedOnes() throws Exception {
        String q = query("configuration-findings");
        JsonNode nodes = ask(q, vars(500, null, "{\"result\":[\"FAIL\"],\"includeDeleted\":false}"))
                .path("configurationFindings").path("nodes");
        assertEquals(500, nodes.size());
        for (JsonNode n : nodes) {
            assertEquals("FAIL", n.path("result").asText());
            assertFalse(n.path("deleted").asBoolean());
            assertTrue(n.path("rule").path("shortId").isTextual() && n.path("resource").path("tags").isArray());
        }
        JsonNode withDeleted = ask(q, vars(500, null, "{\"includeDeleted\":true}")).path("configurationFindings")
                .path("nodes");
        assertTrue(stream(withDeleted).anyMatch(n -> n.path("deleted").asBoolean()));
    }

    @Test
    void projectsHideArchivedOnesUnlessAskedAndCarryOwners() throws Exception {
        String q = query("projects");
        JsonNode active = ask(q, vars(500, null, null)).path("projects").path("nodes");
        JsonNode all = ask(q, vars(500, null, "{\"includeArchived\":true}")).path("projects").path("nodes");
        assertEquals(40, all.size());
        assertTrue(active.size() < all.size());
        assertTrue(stream(active).noneMatch(n -> n.path("archived").asBoolean()));
        assertTrue(stream(all).anyMatch(n -> n.path("isFolder").asBoolean()));
        for (JsonNode n : all) {
            for (JsonNode o : n.path("projectOwners")) {
                assertTrue(ProjectsRoot.PEOPLE.contains(o.path("name").asText()), o.toString());
                assertEquals(ProjectsRoot.email(o.path("name").asText()), o.path("email").asText());
            }
        }
        assertEquals(WizEmulator.PROJECT_IDS.get(0), all.get(0).path("id").asText(), "issues' projects first");
    }

    static java.util.stream.Stream<JsonNode> stream(JsonNode array) {
        return java.util.stream.StreamSupport.stream(array.spliterator(), false);
    }
}
