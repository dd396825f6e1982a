package io.wizcamel.format;

import static io.wizcamel.format.Fields.control;
import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.putIfNotEmpty;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.resource;
import static io.wizcamel.format.Fields.text;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code issues} stream: a Wiz issue is an alert (ECS) and a finding (OCSF Compliance Finding for a posture issue
 * whose control names its frameworks, else Detection Finding). docs/formats.md has the field tables.
 */
final class IssueMapping implements StreamMapping {

    static final String[] TIME_FIELDS = {"statusChangedAt", "updatedAt", "createdAt"};

    @Override
    public ObjectNode ecs(JsonNode record, RenderContext context) {
        String category = category(text(record, "type"));
        ObjectNode doc = Ecs.document(record, "issue", Fields.time(record, context, TIME_FIELDS), "alert",
                category == null ? List.of() : List.of(category), List.of("info"));
        putIfNotNull(doc, "message", text(record, "title"));
        Ecs.severity(doc, text(record, "severity"));
        Ecs.labels(doc, Fields.tags(record));
        ObjectNode event = Ecs.event(doc);
        putIfNotNull(event, "id", text(record, "id"));
        putIfNotNull(event, "created", Fields.isoTime(text(record, "createdAt")));
        putIfNotNull(event, "url", text(record, "url"));
        Ecs.cloud(doc, Fields.cloudPlatform(record), resource(record, "region"), resource(record, "subscriptionId"),
                resource(record, "subscriptionName"));
        if ("VIRTUAL_MACHINE".equals(resource(record, "type"))) {
            Ecs.instance(doc, firstNonNull(resource(record, "providerId"), resource(record, "id")),
                    resource(record, "name"));
        }
        ObjectNode rule = Ecs.object(doc, "rule");
        putIfNotNull(rule, "id", control(record, "id"));
        putIfNotNull(rule, "name", control(record, "name"));
        putIfNotNull(rule, "description", control(record, "description"));
        putIfNotNull(rule, "category", control(record, "kind"));
        List<String> frameworks = Frameworks.of(record);
        if (!frameworks.isEmpty()) {
            rule.put("ruleset", String.join(", ", frameworks));
        }
        return Ecs.pruned(doc);
    }

    /** The ECS event.category for a Wiz issue type; {@code null} when the type is unknown. */
    static String category(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case "CLOUD_CONFIGURATION", "TOXIC_COMBINATION" -> "configuration";
            case "THREAT_DETECTION" -> "intrusion_detection";
            default -> null;
        };
    }

    @Override
    public ObjectNode ocsf(JsonNode record, RenderContext context) {
        String type = text(record, "type");
        String wizStatus = text(record, "wizStatus");
        List<String> standards = Frameworks.of(record);
        Ocsf.EventClass c = classOf(type, standards);
        int activityId = activityId(record);
        Instant time = Fields.time(record, context, TIME_FIELDS);
        ObjectNode doc = Ocsf.event(c, activityId, Findings.ACTIVITY[activityId], time,
                Fields.originalTime(record, TIME_FIELDS), text(record, "severity"));
        Findings.status(doc, wizStatus);
        putIfNotNull(doc, "message", text(record, "title"));

        ObjectNode info = doc.putObject("finding_info");
        info.put("uid", firstNonNull(text(record, "id"), "unknown"));
        info.put("title", firstNonNull(text(record, "title"), type, "Wiz issue"));
        putIfNotNull(info, "desc", control(record, "description"));
        if (type != null) {
            info.putArray("types").add(type);
        }
        putIfNotNull(info, "created_time", Fields.epochMillis(text(record, "createdAt")));
        putIfNotNull(info, "modified_time", Fields.epochMillis(text(record, "updatedAt")));
        putIfNotNull(info, "src_url", text(record, "url"));
        if (control(record, "id") != null || control(record, "name") != null) {
            ObjectNode analytic = info.putObject("analytic");
            putIfNotNull(analytic, "uid", control(record, "id"));
            putIfNotNull(analytic, "name", control(record, "name"));
            analytic.put("type_id", 1);
            analytic.put("type", "Rule");
        }

        boolean cloud = Ocsf.cloud(doc, Fields.cloudPlatform(record), resource(record, "region"),
                resource(record, "subscriptionId"), resource(record, "subscriptionName"));
        Findings.resource(doc, record == null ? null : record.get("resource"), cloud);

        String remediation = control(record, "remediation");
        if (remediation != null) {
            doc.putObject("remediation").put("desc", remediation);
        }
        if (c == Ocsf.COMPLIANCE_FINDING) {
            ObjectNode compliance = doc.putObject("compliance");
            putIfNotNull(compliance, "control", control(record, "name"));
            ArrayNode s = compliance.putArray("standards");
            standards.forEach(s::add);
            boolean pass = "RESOLVED".equals(wizStatus);
            compliance.put("status_id", pass ? 1 : 3);
            compliance.put("status", pass ? "Pass" : "Fail");
        }

        ObjectNode unmapped = doc.objectNode();
        putIfNotNull(unmapped, "wizStatus", wizStatus);
        putIfNotNull(unmapped, "mappedStatus", text(record, "status"));
        putIfNotNull(unmapped, "resolutionReason", text(record, "resolutionReason"));
        Ocsf.putNode(unmapped, "projects", Ocsf.copy(record == null ? null : record.get("projects")));
        Ocsf.putNode(unmapped, "serviceTickets", Ocsf.copy(record == null ? null : record.get("serviceTickets")));
        putIfNotNull(unmapped, "dueAt", text(record, "dueAt"));
        putIfNotEmpty(doc, "unmapped", unmapped);
        return doc;
    }

    /**
     * Compliance Finding (2003) for a posture issue (CLOUD_CONFIGURATION, TOXIC_COMBINATION) whose control names the
     * frameworks OCSF requires as {@code compliance.standards}; any other issue, and a posture issue without them, is a
     * Detection Finding (2004): an invented standard would mislead.
     */
    static Ocsf.EventClass classOf(String type, List<String> standards) {
        boolean posture = "CLOUD_CONFIGURATION".equals(type) || "TOXIC_COMBINATION".equals(type);
        return posture && !standards.isEmpty() ? Ocsf.COMPLIANCE_FINDING : Ocsf.DETECTION_FINDING;
    }

    /** 3 Close for a resolved or rejected issue, 1 Create when its status never changed, else 2 Update. */
    static int activityId(JsonNode record) {
        String wizStatus = text(record, "wizStatus");
        if ("RESOLVED".equals(wizStatus) || "REJECTED".equals(wizStatus)) {
            return 3;
        }
        String changed = text(record, "statusChangedAt");
        String created = text(record, "createdAt");
        Long changedMs = Fields.epochMillis(changed);
        // compare instants so "…Z" and "…+00:00" agree; fall back to the strings when either is unparseable
        boolean same = changed != null && created != null
                && (changedMs != null ? changedMs.equals(Fields.epochMillis(created)) : changed.equals(created));
        return same ? 1 : 2;
    }

    static int statusId(String wizStatus) {
        if (wizStatus == null) {
            return 0;
        }
        return switch (wizStatus) {
            case "OPEN" -> 1;
            case "IN_PROGRESS" -> 2;
            case "REJECTED" -> 3;
            case "RESOLVED" -> 4;
            default -> 99;
        };
    }

    @Override
    public LineEvent line(JsonNode record, RenderContext context) {
        String type = text(record, "type");
        List<String> projects = Fields.projectNames(record);
        return new LineEvent(text(record, "id"), "issue", firstNonNull(control(record, "id"), type, "unknown"),
                firstNonNull(text(record, "title"), type, "Wiz issue"), text(record, "severity"),
                Fields.time(record, context, TIME_FIELDS), text(record, "title"))
                .field("cat", "type", type)
                .field(null, "severity", text(record, "severity"))
                .field("act", "status", text(record, "status"))
                .custom(1, "wizStatus", text(record, "wizStatus"))
                .custom(2, "resourceId", resource(record, "id"))
                .custom(3, "cloudPlatform", Fields.cloudPlatform(record))
                .custom(4, "region", resource(record, "region"))
                .customCefOnly(5, "subscriptionId", resource(record, "subscriptionId"))
                .customCefOnly(6, "project", projects.isEmpty() ? null : String.join(",", projects))
                .field("request", "url", text(record, "url"))
                .field("msg", null, firstNonNull(control(record, "remediation"), control(record, "description")))
                .field("dhost", null, resource(record, "name"));
    }
}
