package io.wizcamel.stream.issues;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a Wiz {@code issuesV2} node into the connector's issue record: a flat, stable schema (docs/streams/issues.md,
 * "Issue record") that every sink and format reads. {@code status} is left empty here; the status mapper fills it.
 */
public class IssueShaper {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String ISSUE_URL = "https://app.wiz.io/issues#~(issue~'%s')";

    public List<ObjectNode> shapeAll(List<JsonNode> issues) {
        List<ObjectNode> records = new ArrayList<>(issues.size());
        for (JsonNode issue : issues) {
            records.add(shape(issue));
        }
        return records;
    }

    public ObjectNode shape(JsonNode issue) {
        JsonNode rule = issue.path("sourceRule");
        JsonNode entity = issue.path("entitySnapshot");
        ObjectNode r = F.objectNode();
        r.put("id", text(issue, "id"));
        r.put("type", text(issue, "type"));
        r.put("title", title(rule, entity, issue));
        r.put("severity", text(issue, "severity"));
        r.put("wizStatus", text(issue, "status"));
        r.putNull("status");
        r.put("resolutionReason", text(issue, "resolutionReason"));
        r.put("cloudPlatform", text(entity, "cloudPlatform"));
        r.put("createdAt", text(issue, "createdAt"));
        r.put("updatedAt", text(issue, "updatedAt"));
        r.put("statusChangedAt", text(issue, "statusChangedAt"));
        r.put("resolvedAt", text(issue, "resolvedAt"));
        r.put("dueAt", text(issue, "dueAt"));
        r.put("url", String.format(ISSUE_URL, text(issue, "id")));

        ObjectNode resource = r.putObject("resource");
        resource.put("id", text(entity, "id"));
        resource.put("providerId", text(entity, "providerId"));
        resource.put("name", text(entity, "name"));
        resource.put("type", text(entity, "type"));
        resource.put("nativeType", text(entity, "nativeType"));
        resource.put("status", text(entity, "status"));
        resource.put("cloudPlatform", text(entity, "cloudPlatform"));
        resource.put("region", text(entity, "region"));
        resource.put("subscriptionId", text(entity, "subscriptionExternalId"));
        resource.put("subscriptionName", text(entity, "subscriptionName"));
        resource.set("tags", entity.path("tags").isObject() ? entity.get("tags").deepCopy() : F.objectNode());
        resource.put("consoleUrl", text(entity, "cloudProviderURL"));

        ObjectNode control = r.putObject("control");
        control.put("id", text(rule, "id"));
        control.put("kind", text(rule, "__typename"));
        control.put("name", text(rule, "name"));
        control.put("description", text(rule, "description"));
        control.put("remediation", remediation(rule));

        ArrayNode projects = r.putArray("projects");
        for (JsonNode p : issue.path("projects")) {
            projects.addObject().put("id", text(p, "id")).put("name", text(p, "name"));
        }
        ArrayNode tickets = r.putArray("serviceTickets");
        for (JsonNode t : issue.path("serviceTickets")) {
            tickets.addObject().put("externalId", text(t, "externalId")).put("name", text(t, "name"))
                    .put("url", text(t, "url"));
        }
        return r;
    }

    /** Wiz issues have no title of their own: the rule that raised them names them, as in the portal. */
    private static String title(JsonNode rule, JsonNode entity, JsonNode issue) {
        String name = text(rule, "name");
        if (name != null) {
            return name;
        }
        String resource = text(entity, "name");
        return text(issue, "type") + (resource != null ? " on " + resource : "");
    }

    /** Controls carry resolutionRecommendation, configuration rules remediationInstructions, event rules none. */
    private static String remediation(JsonNode rule) {
        String recommendation = text(rule, "resolutionRecommendation");
        return recommendation != null ? recommendation : text(rule, "remediationInstructions");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
