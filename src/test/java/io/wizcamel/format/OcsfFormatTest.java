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

class OcsfFormatTest {

    private final OcsfFormat ocsf = new OcsfFormat();

    @ParameterizedTest(name = "record{0}.json -> ocsf{0}.json")
    @ValueSource(strings = {"", "-minimal", "-tricky"})
    void goldenDocument(String variant) throws Exception {
        ObjectNode record = Golden.record(variant);
        ObjectNode doc = ocsf.document(record, Golden.ISSUES);
        Golden.assertJson("ocsf" + variant + ".json", doc);
        String line = ocsf.render(record, Golden.ISSUES);
        assertFalse(line.contains("\n"));
        assertEquals(doc, Golden.JSON.readTree(line));
    }

    @ParameterizedTest(name = "{0}, frameworks {1} -> {2} {3}")
    @CsvSource(nullValues = "null", value = {
        "THREAT_DETECTION, true, 2004, Detection Finding",
        "CLOUD_CONFIGURATION, true, 2003, Compliance Finding",
        "TOXIC_COMBINATION, true, 2003, Compliance Finding",
        "CLOUD_CONFIGURATION, false, 2004, Detection Finding",
        "TOXIC_COMBINATION, false, 2004, Detection Finding",
        "SOMETHING_NEW, true, 2004, Detection Finding",
        "null, true, 2004, Detection Finding"})
    void classSelection(String type, boolean frameworks, int classUid, String className) {
        ObjectNode r = Golden.record("");
        r.put("type", type);
        if (!frameworks) {
            withoutFrameworks(r);
        }
        ObjectNode doc = ocsf.document(r, Golden.ISSUES);
        assertEquals(classUid, doc.get("class_uid").asInt());
        assertEquals(className, doc.get("class_name").asText());
        assertEquals(classUid == 2003, doc.has("compliance"), "compliance only on Compliance Finding");
    }

    static ObjectNode withoutFrameworks(ObjectNode r) {
        ((ObjectNode) r.get("control")).remove(List.of("securitySubCategories", "frameworks"));
        r.remove("rules");
        return r;
    }

    @Test
    void wizsOwnSubCategoryShapeIsReadToo() {
        ObjectNode r = withoutFrameworks(Golden.record(""));
        ((ObjectNode) r.get("control")).putArray("securitySubCategories").addObject().put("title", "1.1")
                .putObject("category").put("name", "IAM").putObject("framework").put("name", "CIS GCP 2.0.0");
        assertEquals("[\"CIS GCP 2.0.0\"]", ocsf.document(r, Golden.ISSUES).at("/compliance/standards").toString());
    }

    @Test
    void complianceStandardsAreTheControlsFrameworksOnce() {
        ObjectNode doc = ocsf.document(Golden.record(""), Golden.ISSUES);
        assertEquals(Golden.parse("{\"a\":[\"NIST SP 800-53 Revision 5\",\"Wiz for Risk Assessment\"]}").get("a"),
                doc.at("/compliance/standards"));
    }

    @Test
    void frameworksAreReadFromEveryRuleAndFrameworkList() {
        ObjectNode r = withoutFrameworks(Golden.record(""));
        r.putArray("rules").addObject().putArray("frameworks").add("CIS AWS Foundations Benchmark v3.0.0")
                .addObject().put("name", "PCI DSS v4.0");
        r.putArray("frameworks").add("PCI DSS v4.0");
        ObjectNode doc = ocsf.document(r, Golden.ISSUES);
        assertEquals("[\"PCI DSS v4.0\",\"CIS AWS Foundations Benchmark v3.0.0\"]",
                doc.at("/compliance/standards").toString());
    }

    @Test
    void cloudProfileIsDeclaredExactlyWhenCloudIsSet() {
        ObjectNode doc = ocsf.document(Golden.record(""), Golden.ISSUES);
        assertEquals("[\"cloud\"]", doc.at("/metadata/profiles").toString());
        assertEquals("us-east-1", doc.at("/resources/0/region").asText());
        ObjectNode noPlatform = Golden.record("");
        noPlatform.putNull("cloudPlatform");
        ((ObjectNode) noPlatform.get("resource")).putNull("cloudPlatform");
        doc = ocsf.document(noPlatform, Golden.ISSUES);
        assertFalse(doc.has("cloud"), "cloud.provider is required: no provider, no cloud");
        assertFalse(doc.path("metadata").has("profiles"));
        assertFalse(doc.at("/resources/0").has("region"), "region belongs to the cloud profile");
    }

    @Test
    void timeFallsBackToTheFetchTime() {
        ObjectNode r = Golden.record("-minimal");
        r.putNull("createdAt");
        ObjectNode doc = ocsf.document(r, Golden.ISSUES);
        assertEquals(Golden.FETCHED.toEpochMilli(), doc.get("time").asLong());
        assertFalse(doc.path("metadata").has("original_time"));
        r.put("createdAt", "not a date");
        doc = ocsf.document(r, Golden.ISSUES);
        assertEquals(Golden.FETCHED.toEpochMilli(), doc.get("time").asLong());
        assertEquals("not a date", doc.at("/metadata/original_time").asText(), "the source's text, as OCSF asks");
    }

    @ParameterizedTest(name = "{0}, created {1}, changed {2} -> {3} {4}")
    @CsvSource(nullValues = "null", value = {
        "OPEN, 2026-10-01T08:00:00Z, 2026-10-01T08:00:00Z, 1, Create",
        "OPEN, 2026-10-01T08:00:00Z, 2026-10-01T08:00:00.000+00:00, 1, Create",
        "OPEN, 2026-10-01T08:00:00Z, 2026-10-02T08:00:00Z, 2, Update",
        "IN_PROGRESS, 2026-10-01T08:00:00Z, 2026-10-02T08:00:00Z, 2, Update",
        "OPEN, 2026-10-01T08:00:00Z, null, 2, Update",
        "null, null, null, 2, Update",
        "RESOLVED, 2026-10-01T08:00:00Z, 2026-10-02T08:00:00Z, 3, Close",
        "REJECTED, 2026-10-01T08:00:00Z, 2026-10-02T08:00:00Z, 3, Close",
        "RESOLVED, 2026-10-01T08:00:00Z, 2026-10-01T08:00:00Z, 3, Close"})
    void activity(String wizStatus, String createdAt, String changedAt, int id, String name) {
        ObjectNode r = Golden.record(""); // a Compliance Finding, class 2003
        r.put("wizStatus", wizStatus);
        r.put("createdAt", createdAt);
        r.put("statusChangedAt", changedAt);
        assertEquals(id, OcsfFormat.activityId(r));
        ObjectNode doc = ocsf.document(r, Golden.ISSUES);
        assertEquals(id, doc.get("activity_id").asInt());
        assertEquals(name, doc.get("activity_name").asText());
        assertEquals(200300 + id, doc.get("type_uid").asLong());
        assertEquals("Compliance Finding: " + name, doc.get("type_name").asText());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}, compliance {3} {4}")
    @CsvSource(nullValues = "null", value = {
        "OPEN, 1, New, 3, Fail",
        "IN_PROGRESS, 2, In Progress, 3, Fail",
        "REJECTED, 3, Suppressed, 3, Fail",
        "RESOLVED, 4, Resolved, 1, Pass",
        "SNOOZED, 99, SNOOZED, 3, Fail",
        "null, 0, Unknown, 3, Fail"})
    void statusAndComplianceStatus(String wizStatus, int id, String caption, int complianceId, String compliance) {
        assertEquals(id, OcsfFormat.statusId(wizStatus));
        ObjectNode r = Golden.record("");
        r.put("wizStatus", wizStatus);
        ObjectNode doc = ocsf.document(r, Golden.ISSUES);
        assertEquals(id, doc.get("status_id").asInt());
        assertEquals(caption, doc.get("status").asText());
        assertEquals(complianceId, doc.at("/compliance/status_id").asInt());
        assertEquals(compliance, doc.at("/compliance/status").asText());
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(nullValues = "null", value = {
        "INFORMATIONAL, 1, Informational", "LOW, 2, Low", "MEDIUM, 3, Medium", "HIGH, 4, High",
        "CRITICAL, 5, Critical", "SEVERE, 99, SEVERE", "null, 0, Unknown"})
    void severity(String wiz, int id, String caption) {
        assertEquals(id, OcsfFormat.severityId(wiz));
        ObjectNode r = Golden.record("");
        r.put("severity", wiz);
        ObjectNode doc = ocsf.document(r, Golden.ISSUES);
        assertEquals(id, doc.get("severity_id").asInt());
        assertEquals(caption, doc.get("severity").asText());
    }

    @Test
    void resourceUidFallsBackToWizId() {
        ObjectNode r = Golden.record("");
        ((ObjectNode) r.get("resource")).putNull("providerId");
        assertEquals("ent-1", ocsf.document(r, Golden.ISSUES).at("/resources/0/uid").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-minimal", "-tricky"})
    void neverWritesNulls(String variant) {
        EcsFormatTest.assertClean(ocsf.document(Golden.record(variant), Golden.ISSUES), "", false);
    }

    @Test
    void renderAllIsRenderPerRecord() {
        List<ObjectNode> page = List.of(Golden.record(""), Golden.record("-minimal"), Golden.record("-tricky"));
        assertEquals(page.stream().map(ocsf::render).toList(), ocsf.renderAll(page));
        assertTrue(ocsf.renderAll(List.of()).isEmpty());
    }
}
