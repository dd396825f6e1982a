package io.wizcamel.format;

import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.text;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code iam-insights} stream: a Wiz issue about a cloud identity is an ECS alert of category {@code iam} with
 * the identity as {@code user.*}, and an OCSF Detection Finding (2004) with the identity as its resource. As a
 * finding it has CEF and RFC 5424 forms too. docs/formats.md has the field tables.
 */
final class IamInsightMapping implements StreamMapping {

    @Override
    public ObjectNode ecs(JsonNode record, RenderContext context) {
        ObjectNode doc = Ecs.document(record, "iam_insight", Fields.time(record, context, IssueMapping.TIME_FIELDS),
                "alert", List.of("iam"), List.of("info"));
        putIfNotNull(doc, "message", text(record, "title"));
        Ecs.severity(doc, text(record, "severity"));
        ObjectNode event = Ecs.event(doc);
        putIfNotNull(event, "id", text(record, "id"));
        putIfNotNull(event, "created", Fields.isoTime(text(record, "createdAt")));
        putIfNotNull(event, "url", text(record, "url"));
        ObjectNode user = Ecs.object(doc, "user");
        putIfNotNull(user, "id", text(record, "identity", "cloudExternalId"));
        putIfNotNull(user, "name", text(record, "identity", "name"));
        putIfNotNull(user, "email", text(record, "identity", "email"));
        Ecs.cloud(doc, text(record, "cloudPlatform"), text(record, "identity", "region"),
                text(record, "account", "id"), text(record, "account", "name"));
        ObjectNode rule = Ecs.object(doc, "rule");
        putIfNotNull(rule, "id", text(record, "control", "id"));
        putIfNotNull(rule, "name", text(record, "control", "name"));
        return Ecs.pruned(doc);
    }

    @Override
    public ObjectNode ocsf(JsonNode record, RenderContext context) {
        int activityId = IssueMapping.activityId(record);
        ObjectNode doc = Ocsf.event(Ocsf.DETECTION_FINDING, activityId, Findings.ACTIVITY[activityId],
                Fields.time(record, context, IssueMapping.TIME_FIELDS),
                Fields.originalTime(record, IssueMapping.TIME_FIELDS), text(record, "severity"));
        Findings.status(doc, text(record, "wizStatus"));
        String type = text(record, "issueType");
        putIfNotNull(doc, "message", text(record, "title"));
        ObjectNode info = doc.putObject("finding_info");
        info.put("uid", firstNonNull(text(record, "id"), "unknown"));
        info.put("title", firstNonNull(text(record, "title"), type, "Wiz IAM insight"));
        if (type != null) {
            info.putArray("types").add(type);
        }
        putIfNotNull(info, "created_time", Fields.epochMillis(text(record, "createdAt")));
        putIfNotNull(info, "modified_time", Fields.epochMillis(text(record, "updatedAt")));
        putIfNotNull(info, "src_url", text(record, "url"));
        if (text(record, "control", "id") != null || text(record, "control", "name") != null) {
            ObjectNode analytic = info.putObject("analytic");
            putIfNotNull(analytic, "uid", text(record, "control", "id"));
            putIfNotNull(analytic, "name", text(record, "control", "name"));
            analytic.put("type_id", 1);
            analytic.put("type", "Rule");
        }
        boolean cloud = Ocsf.cloud(doc, text(record, "cloudPlatform"), text(record, "identity", "region"),
                text(record, "account", "id"), text(record, "account", "name"));
        ObjectNode identity = doc.objectNode();
        putIfNotNull(identity, "uid", firstNonNull(text(record, "identity", "cloudExternalId"),
                text(record, "identity", "wizId")));
        putIfNotNull(identity, "name", text(record, "identity", "name"));
        putIfNotNull(identity, "type", text(record, "identity", "type"));
        if (cloud) {
            putIfNotNull(identity, "region", text(record, "identity", "region"));
        }
        if (identity.size() > 0) {
            doc.putArray("resources").add(identity);
        }
        ObjectNode unmapped = doc.objectNode();
        putIfNotNull(unmapped, "wizStatus", text(record, "wizStatus"));
        putIfNotNull(unmapped, "mappedStatus", text(record, "status"));
        putIfNotNull(unmapped, "resolutionReason", text(record, "resolutionReason"));
        Ocsf.putNode(unmapped, "identity", Ocsf.copy(record == null ? null : record.get("identity")));
        Ocsf.putNode(unmapped, "projects", Ocsf.copy(record == null ? null : record.get("projects")));
        Ocsf.putNode(doc, "unmapped", unmapped);
        return doc;
    }

    @Override
    public LineEvent line(JsonNode record, RenderContext context) {
        String type = text(record, "issueType");
        String title = firstNonNull(text(record, "title"), type, "Wiz IAM insight");
        return new LineEvent(text(record, "id"), "iam-insight", firstNonNull(text(record, "control", "id"), type,
                "unknown"), title, text(record, "severity"), Fields.time(record, context, IssueMapping.TIME_FIELDS),
                text(record, "title"))
                .field("cat", "type", type)
                .field(null, "severity", text(record, "severity"))
                .field("act", "status", text(record, "status"))
                .custom(1, "wizStatus", text(record, "wizStatus"))
                .custom(2, "identity", firstNonNull(text(record, "identity", "cloudExternalId"),
                        text(record, "identity", "wizId")))
                .custom(3, "cloudPlatform", text(record, "cloudPlatform"))
                .custom(4, "account", text(record, "account", "id"))
                .field("duser", "user", firstNonNull(text(record, "identity", "email"),
                        text(record, "identity", "name")))
                .field("request", "url", text(record, "url"));
    }
}
