package io.wizcamel.format;

import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.resource;
import static io.wizcamel.format.Fields.text;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code configuration-findings} stream: a rule's check of one cloud resource is an ECS configuration state
 * document (outcome success for PASS, failure for FAIL) and an OCSF Compliance Finding (2003) with the rule's
 * frameworks as {@code compliance.standards}; without frameworks, a Detection Finding (2004), as for issues.
 * docs/formats.md has the field tables.
 */
final class ConfigurationFindingMapping implements StreamMapping {

    static final String[] TIME_FIELDS = {"updatedAt", "analyzedAt", "firstSeenAt"};

    @Override
    public ObjectNode ecs(JsonNode record, RenderContext context) {
        ObjectNode doc = Ecs.document(record, "configuration_finding", Fields.time(record, context, TIME_FIELDS),
                "state", List.of("configuration"), List.of("info"));
        putIfNotNull(doc, "message", title(record));
        Ecs.severity(doc, text(record, "severity"));
        Ecs.labels(doc, Fields.tags(record));
        ObjectNode event = Ecs.event(doc);
        putIfNotNull(event, "id", text(record, "id"));
        putIfNotNull(event, "outcome", outcome(text(record, "result")));
        putIfNotNull(event, "start", Fields.isoTime(text(record, "firstSeenAt")));

        ObjectNode rule = Ecs.object(doc, "rule");
        putIfNotNull(rule, "id", text(record, "rule", "id"));
        putIfNotNull(rule, "name", text(record, "rule", "name"));
        putIfNotNull(rule, "description", text(record, "rule", "description"));
        List<String> frameworks = Frameworks.of(record);
        if (!frameworks.isEmpty()) {
            rule.put("ruleset", String.join(", ", frameworks));
        }
        Ecs.cloud(doc, Fields.cloudPlatform(record), resource(record, "region"), resource(record, "subscriptionId"),
                resource(record, "subscriptionName"));
        if ("VIRTUAL_MACHINE".equals(resource(record, "type"))) {
            Ecs.instance(doc, firstNonNull(resource(record, "providerId"), resource(record, "id")),
                    resource(record, "name"));
        }
        return Ecs.pruned(doc);
    }

    /** ECS event.outcome for Wiz's result: PASS success, FAIL failure, ERROR and NOT_ASSESSED unknown */
    static String outcome(String result) {
        if (result == null) {
            return null;
        }
        return switch (result) {
            case "PASS" -> "success";
            case "FAIL" -> "failure";
            default -> "unknown";
        };
    }

    static String title(JsonNode record) {
        return firstNonNull(text(record, "title"), text(record, "rule", "name"), text(record, "name"));
    }

    @Override
    public ObjectNode ocsf(JsonNode record, RenderContext context) {
        List<String> standards = Frameworks.of(record);
        Ocsf.EventClass c = standards.isEmpty() ? Ocsf.DETECTION_FINDING : Ocsf.COMPLIANCE_FINDING;
        int activityId = Findings.activityId(text(record, "wizStatus"), text(record, "firstSeenAt"),
                text(record, "updatedAt"));
        ObjectNode doc = Ocsf.event(c, activityId, Findings.ACTIVITY[activityId],
                Fields.time(record, context, TIME_FIELDS), Fields.originalTime(record, TIME_FIELDS),
                text(record, "severity"));
        Findings.status(doc, text(record, "wizStatus"));
        String title = firstNonNull(title(record), "Wiz configuration finding");
        putIfNotNull(doc, "message", title(record));

        ObjectNode info = doc.putObject("finding_info");
        info.put("uid", firstNonNull(text(record, "id"), "unknown"));
        info.put("title", title);
        putIfNotNull(info, "desc", text(record, "rule", "description"));
        putIfNotNull(info, "first_seen_time", Fields.epochMillis(text(record, "firstSeenAt")));
        putIfNotNull(info, "last_seen_time", Fields.epochMillis(text(record, "analyzedAt")));
        putIfNotNull(info, "modified_time", Fields.epochMillis(text(record, "updatedAt")));
        if (text(record, "rule", "id") != null || text(record, "rule", "name") != null) {
            ObjectNode analytic = info.putObject("analytic");
            putIfNotNull(analytic, "uid", text(record, "rule", "id"));
            putIfNotNull(analytic, "name", text(record, "rule", "name"));
            analytic.put("type_id", 1);
            analytic.put("type", "Rule");
        }

        boolean cloud = Ocsf.cloud(doc, Fields.cloudPlatform(record), resource(record, "region"),
                resource(record, "subscriptionId"), resource(record, "subscriptionName"));
        Findings.resource(doc, record == null ? null : record.get("resource"), cloud);
        String remediation = firstNonNull(text(record, "remediation"), text(record, "rule", "remediation"));
        if (remediation != null) {
            doc.putObject("remediation").put("desc", remediation);
        }
        if (c == Ocsf.COMPLIANCE_FINDING) {
            ObjectNode compliance = doc.putObject("compliance");
            putIfNotNull(compliance, "control", firstNonNull(text(record, "rule", "shortId"),
                    text(record, "rule", "name")));
            ArrayNode s = compliance.putArray("standards");
            standards.forEach(s::add);
            List<String> requirements = Fields.texts(record.get("securitySubCategories"), "title");
            if (!requirements.isEmpty()) {
                ArrayNode r = compliance.putArray("requirements");
                requirements.forEach(r::add);
            }
            complianceStatus(compliance, text(record, "result"));
        }

        ObjectNode unmapped = doc.objectNode();
        for (String field : List.of("result", "wizStatus", "resolutionReason", "targetExternalId", "name")) {
            putIfNotNull(unmapped, field, text(record, field));
        }
        putIfNotNull(unmapped, "mappedStatus", text(record, "status"));
        Ocsf.putNode(unmapped, "evidence", Ocsf.copy(record.get("evidence")));
        Ocsf.putNode(unmapped, "projects", Ocsf.copy(record.get("projects")));
        Ocsf.putNode(doc, "unmapped", unmapped);
        return doc;
    }

    /** PASS 1 Pass, FAIL 3 Fail, NOT_ASSESSED 2 Warning (no result for want of information), ERROR 99 Other */
    private static void complianceStatus(ObjectNode compliance, String result) {
        if (result == null) {
            return;
        }
        switch (result) {
            case "PASS" -> compliance.put("status_id", 1).put("status", "Pass");
            case "FAIL" -> compliance.put("status_id", 3).put("status", "Fail");
            case "NOT_ASSESSED" -> compliance.put("status_id", 2).put("status", "Warning");
            default -> compliance.put("status_id", 99).put("status", result);
        }
    }

    @Override
    public LineEvent line(JsonNode record, RenderContext context) {
        String title = firstNonNull(title(record), "Wiz configuration finding");
        List<String> frameworks = Frameworks.of(record);
        return new LineEvent(text(record, "id"), "configuration-finding",
                firstNonNull(text(record, "rule", "shortId"), text(record, "rule", "id"), "configuration-finding"),
                title, text(record, "severity"), Fields.time(record, context, TIME_FIELDS), title)
                .field("outcome", "result", text(record, "result"))
                .field(null, "severity", text(record, "severity"))
                .field("act", "status", text(record, "status"))
                .custom(1, "wizStatus", text(record, "wizStatus"))
                .custom(2, "resourceId", resource(record, "id"))
                .custom(3, "cloudPlatform", Fields.cloudPlatform(record))
                .custom(4, "region", resource(record, "region"))
                .customCefOnly(5, "subscriptionId", resource(record, "subscriptionId"))
                .customCefOnly(6, "frameworks", frameworks.isEmpty() ? null : String.join(",", frameworks))
                .field(null, "ruleId", text(record, "rule", "id"))
                .field("msg", null, firstNonNull(text(record, "remediation"), text(record, "rule", "remediation")))
                .field("dhost", null, resource(record, "name"));
    }
}
