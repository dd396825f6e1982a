package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EcsFormatTest {

    private final EcsFormat ecs = new EcsFormat();

    @ParameterizedTest(name = "record{0}.json -> ecs{0}.json")
    @ValueSource(strings = {"", "-minimal", "-tricky"})
    void goldenDocument(String variant) throws Exception {
        ObjectNode record = Golden.record(variant);
        ObjectNode doc = ecs.document(record, Golden.ISSUES);
        Golden.assertJson("ecs" + variant + ".json", doc);
        String line = ecs.render(record, Golden.ISSUES);
        assertFalse(line.contains("\n"), "render is one compact line");
        assertEquals(doc, Golden.JSON.readTree(line));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
        "CRITICAL, 99", "HIGH, 73", "MEDIUM, 47", "LOW, 21", "INFORMATIONAL, 0", "SEVERE, null", "null, null"})
    void severityFollowsElasticRiskScores(String wiz, Integer expected) {
        assertEquals(expected, EcsFormat.severity(wiz));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
        "CLOUD_CONFIGURATION, configuration", "TOXIC_COMBINATION, configuration",
        "THREAT_DETECTION, intrusion_detection", "SOMETHING_NEW, null", "null, null"})
    void categoryPerIssueType(String type, String expected) {
        assertEquals(expected, EcsFormat.category(type));
    }

    @Test
    void timestampFallsBackToUpdatedThenCreatedThenTheFetchTime() {
        ObjectNode r = Golden.record("");
        r.putNull("statusChangedAt");
        assertEquals("2026-10-02T09:30:00Z", timestamp(r));
        r.putNull("updatedAt");
        assertEquals("2026-10-01T08:00:00Z", timestamp(r));
        r.putNull("createdAt");
        assertEquals("2026-10-21T06:00:00Z", timestamp(r));
    }

    @Test
    void anUnparseableTimeIsNotCopiedIntoTimestamp() {
        ObjectNode r = Golden.record("");
        r.put("statusChangedAt", "last Tuesday");
        assertEquals("2026-10-02T09:30:00Z", timestamp(r), "the next real date-time");
        r.put("updatedAt", "2026-13-45T99:00:00Z");
        r.put("createdAt", "2026-10-01 08:00:00");
        assertEquals("2026-10-21T06:00:00Z", timestamp(r), "none is a date-time: the fetch time");
        assertFalse(ecs.document(r, Golden.ISSUES).path("event").has("created"), "nor into event.created");
        assertEquals("last Tuesday", ecs.document(r, Golden.ISSUES).at("/wiz/issue/statusChangedAt").asText(),
                "the text Wiz sent stays in the record");
    }

    @Test
    void timestampIsNormalisedToUtc() {
        ObjectNode r = Golden.record("");
        r.put("statusChangedAt", "2026-10-01T10:00:00.250+02:00");
        assertEquals("2026-10-01T08:00:00.250Z", timestamp(r));
    }

    private String timestamp(ObjectNode r) {
        return ecs.document(r, Golden.ISSUES).get("@timestamp").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-minimal", "-tricky"})
    void neverWritesNullsOrDottedKeys(String variant) {
        assertClean(ecs.document(Golden.record(variant), Golden.ISSUES), "", true);
    }

    @Test
    void renderAllIsRenderPerRecord() {
        List<ObjectNode> page = List.of(Golden.record(""), Golden.record("-minimal"), Golden.record("-tricky"));
        assertEquals(page.stream().map(ecs::render).toList(), ecs.renderAll(page));
    }

    /** No null anywhere; no dotted keys outside wiz.issue (whose tag keys are Wiz's own). */
    static void assertClean(JsonNode node, String path, boolean checkDots) {
        assertFalse(node.isNull(), "null at " + path);
        if (node.isObject()) {
            node.properties().forEach(e -> {
                String p = path + "/" + e.getKey();
                if (checkDots && !"@timestamp".equals(e.getKey())) {
                    assertTrue(e.getKey().indexOf('.') < 0, "dotted key " + p);
                }
                assertClean(e.getValue(), p, checkDots && !p.equals("/wiz"));
            });
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                assertClean(item, path + "[]", checkDots);
            }
        }
    }
}
