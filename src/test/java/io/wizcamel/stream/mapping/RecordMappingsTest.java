package io.wizcamel.stream.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Port's example configuration (routes/mappings/examples/port-wiz.yaml) against Port's documented example payloads
 * and entities (src/test/resources/mappings/port), and the rules of a mapping: selectors, several resources, errors.
 */
class RecordMappingsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PORT = "routes/mappings/examples/port-wiz.yaml";

    @TempDir
    Path dir;

    static ObjectNode read(String name) throws Exception {
        return (ObjectNode) JSON.readTree(Path.of("src/test/resources/mappings/port", name).toFile());
    }

    static List<ObjectNode> map(RecordMappings m, String stream, String item, ObjectNode... records) throws Exception {
        return m.apply(new ArrayList<>(List.of(records)), new RunStats(stream, item, "test"));
    }

    @Test
    void portIssueExampleGivesTheDocumentedEntity() throws Exception {
        RecordMappings m = new RecordMappings((s, i) -> PORT, null);
        List<ObjectNode> out = map(m, "issues", "issue", read("issue.json"));
        assertEquals(1, out.size());
        ObjectNode entity = out.get(0);
        JsonNode documented = read("issue-entity.json");
        // every field Port's documented entity shows, with its documented value
        assertEquals(documented.get("identifier"), entity.get("identifier"));
        assertEquals(documented.get("title"), entity.get("title"));
        assertEquals(documented.get("blueprint"), entity.get("blueprint"));
        documented.get("properties").fields().forEachRemaining(f ->
                assertEquals(f.getValue(), entity.path("properties").get(f.getKey()), "properties." + f.getKey()));
        assertEquals(documented.get("relations"), entity.get("relations"));
        // Port's page shows "notes": [] although its payload has three notes; `.notes` gives the three
        assertEquals(read("issue.json").get("notes"), entity.path("properties").get("notes"));
        // the ledger's key: Port's identifier
        assertEquals("fffedba9-587f-4251-8c96-d966c183f10c", entity.path("id").asText());
    }

    @Test
    void portProjectControlAndServiceTicketExamplesMatchOurStreamNames() throws Exception {
        RecordMappings m = new RecordMappings((s, i) -> PORT, null);
        for (String[] c : new String[][] {{"projects", "project", "project"}, {"controls", "control", "control"},
                {"service-tickets", "service-ticket", "service-ticket"}}) {
            List<ObjectNode> out = map(m, c[0], c[1], read(c[2] + ".json"));
            assertEquals(1, out.size(), c[0]);
            ObjectNode entity = out.get(0);
            JsonNode documented = read(c[2] + "-entity.json");
            documented.fields().forEachRemaining(f -> assertEquals(f.getValue(), entity.get(f.getKey()),
                    c[0] + " " + f.getKey()));
        }
        // a stream Port's example has no kind for keeps its own records, untouched
        ObjectNode user = JSON.createObjectNode().put("id", "u1");
        List<ObjectNode> users = new ArrayList<>(List.of(user));
        assertSame(users, m.apply(users, new RunStats("users", "user", "test")));
    }

    @Test
    void noMappingFileCostsNothing() throws Exception {
        RecordMappings m = new RecordMappings((s, i) -> "routes/mappings/" + s + ".yaml", null);
        List<ObjectNode> page = new ArrayList<>(List.of(read("issue.json")));
        assertSame(page, m.apply(page, new RunStats("issues", "issue", "test")));
        assertTrue(!m.has("issues"));
    }

    @Test
    void selectorsDropAndSeveralResourcesMakeSeveralRecords() throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, """
                - kind: issue
                  selector: { query: '.severity == "HIGH"' }
                  mappings: { id: .id, sev: .severity }
                - kind: issues
                  selector: { query: '.severity == "HIGH" and .status == "OPEN"' }
                  mappings: '{key: .id, open: true}'
                """);
        RecordMappings m = new RecordMappings((s, i) -> file.toString(), null);
        RunStats run = new RunStats("issues", "issue", "test");
        ObjectNode high = JSON.createObjectNode().put("id", "a").put("severity", "HIGH").put("status", "OPEN");
        ObjectNode low = JSON.createObjectNode().put("id", "b").put("severity", "LOW").put("status", "OPEN");
        List<ObjectNode> out = m.apply(new ArrayList<>(List.of(high, low)), run);
        assertEquals(List.of("{\"id\":\"a\",\"sev\":\"HIGH\"}", "{\"key\":\"a\",\"open\":true,\"id\":\"a#2\"}"),
                out.stream().map(Object::toString).toList());
        assertEquals(Map.of("selector", 1L), run.dropped);
    }

    @Test
    void aSyntaxErrorNamesTheFileTheResourceAndTheExpression() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                - kind: issue
                  port:
                    entity:
                      mappings:
                        identifier: .id
                        title: .name +
                """);
        RecordMappings m = new RecordMappings((s, i) -> file.toString(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.has("issues"));
        assertTrue(e.getMessage().startsWith(file + " resource 1 (kind issue) mappings.title: `.name +` is not a"
                + " valid JQ expression"), e.getMessage());
    }

    @Test
    void aNamedFileThatIsMissingIsAnError() {
        RecordMappings m = new RecordMappings((s, i) -> dir.resolve("nope.yaml").toString(), null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.has("issues"));
        assertTrue(e.getMessage().contains("wiz.mapping-file (WIZ_MAPPING_FILE) for stream issues"), e.getMessage());
    }

    @Test
    void aRuntimeErrorDeadLettersThatRecordOnlyWithTheExpressionAndTheError() throws Exception {
        Path file = dir.resolve("m.yaml");
        Files.writeString(file, """
                - kind: issue
                  mappings:
                    id: .id
                    sev: .severity | ascii_downcase
                """);
        try (DeliveryLedger ledger = new DeliveryLedger(dir.resolve("state").toString(), 0)) {
            RecordMappings m = new RecordMappings((s, i) -> file.toString(), ledger);
            RunStats run = new RunStats("issues", "issue", "test");
            ObjectNode good = JSON.createObjectNode().put("id", "a").put("severity", "HIGH");
            ObjectNode bad = JSON.createObjectNode().put("id", "b").put("severity", 3);
            List<ObjectNode> out = m.apply(new ArrayList<>(List.of(bad, good)), run);
            assertEquals(List.of("{\"id\":\"a\",\"sev\":\"high\"}"), out.stream().map(Object::toString).toList());
            assertEquals(Map.of("mapping", 1L), run.dropped);
            String reason = ledger.deadLetterReason("issues", DeliveryLedger.MAPPING, "b");
            assertTrue(reason.startsWith(file + " resource 1 (kind issue) mappings.sev: `.severity | ascii_downcase`"
                    + " failed: "), reason);
            assertNull(ledger.deadLetterReason("issues", DeliveryLedger.MAPPING, "a"));
        }
    }
}
