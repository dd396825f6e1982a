package io.wizcamel.stream.issues;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.RenderedRecord;

/**
 * Turns a Wiz {@code issuesV2} node into the connector's issue record: a flat, stable schema (docs/streams/issues.md,
 * "Issue record") that every sink and format reads. {@code status} is left empty here; the status mapper fills it.
 */
public class IssueShaper {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** the issue's page in the portal: this, its id, then ')' */
    private static final String ISSUE_URL = "https://app.wiz.io/issues#~(issue~'";
    /** projects' business impacts, lowest first */
    private static final List<String> IMPACTS = List.of("LBI", "MBI", "HBI");

    /**
     * Wiz's nodes as a JQ mapping reads them, in the shape mappings written for Wiz expect (Port's among them): a null
     * {@code serviceTickets} is an empty list, and {@code sourceRule} (deprecated) is the first of {@code sourceRules}
     * when the query selects only the list. The nodes are otherwise as Wiz answered.
     */
    public List<JsonNode> forMappings(List<JsonNode> issues) {
        for (JsonNode issue : issues) {
            if (issue instanceof ObjectNode node) {
                if (!node.path("serviceTickets").isArray()) {
                    node.putArray("serviceTickets");
                }
                JsonNode rules = node.path("sourceRules");
                if (!node.has("sourceRule") && rules.isArray()) {
                    node.set("sourceRule", rules.isEmpty() ? JsonNodeFactory.instance.nullNode() : rules.get(0));
                }
            }
        }
        return issues;
    }

    public List<ObjectNode> shapeAll(List<JsonNode> issues) {
        List<ObjectNode> records = new ArrayList<>(issues.size());
        for (JsonNode issue : issues) {
            records.add(shape(issue));
        }
        return records;
    }

    public ObjectNode shape(JsonNode issue) {
        List<JsonNode> rules = SourceRules.of(issue);
        JsonNode rule = rules.isEmpty() ? MissingNode.getInstance() : rules.get(0);
        JsonNode entity = issue.path("entitySnapshot");
        ObjectNode r = RenderedRecord.draft(); // rendered as it is when delivered, without a copy
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
        r.put("url", ISSUE_URL + text(issue, "id") + "')");

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
        resource.set("subscriptionTags", object(entity.path("subscriptionTags")));
        resource.put("resourceGroupExternalId", text(entity, "resourceGroupExternalId"));
        resource.set("tags", object(entity.path("tags")));
        resource.put("consoleUrl", text(entity, "cloudProviderURL"));

        // the first rule is the issue's control, as sourceRule was (its frameworks are in rules[0]); rules has them all
        ArrayNode all = F.arrayNode(rules.size());
        for (JsonNode each : rules) {
            all.add(SourceRules.record(each));
        }
        r.set("control", SourceRules.summary(all.isEmpty() ? SourceRules.none() : (ObjectNode) all.get(0)));
        r.set("rules", all);

        ArrayNode projects = r.putArray("projects");
        String impact = null;
        for (JsonNode p : issue.path("projects")) {
            String businessImpact = text(p.path("riskProfile"), "businessImpact");
            projects.addObject().put("id", text(p, "id")).put("name", text(p, "name"))
                    .put("businessImpact", businessImpact);
            impact = higher(impact, businessImpact);
        }
        r.putObject("riskProfile").put("businessImpact", impact);
        ArrayNode tickets = r.putArray("serviceTickets");
        for (JsonNode t : issue.path("serviceTickets")) { // null (no tickets) iterates as nothing
            tickets.addObject().put("externalId", text(t, "externalId")).put("name", text(t, "name"))
                    .put("url", text(t, "url"));
        }
        ArrayNode notes = r.putArray("notes");
        for (JsonNode n : issue.path("notes")) {
            notes.addObject().put("createdAt", text(n, "createdAt")).put("updatedAt", text(n, "updatedAt"))
                    .put("text", text(n, "text")).put("userName", text(n.path("user"), "name"))
                    .put("userEmail", text(n.path("user"), "email"))
                    .put("serviceAccountName", text(n.path("serviceAccount"), "name"));
        }
        return r;
    }

    /** the higher of two business impacts, HBI over MBI over LBI; an unknown value ranks below them */
    static String higher(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null || IMPACTS.indexOf(b) <= IMPACTS.indexOf(a) ? a : b;
    }

    private static ObjectNode object(JsonNode value) {
        return value.isObject() ? ((ObjectNode) value).deepCopy() : F.objectNode();
    }

    /** Wiz issues have no title of their own: the (first) rule that raised them names them, as in the portal. */
    private static String title(JsonNode rule, JsonNode entity, JsonNode issue) {
        String name = text(rule, "name");
        if (name != null) {
            return name;
        }
        String resource = text(entity, "name");
        return text(issue, "type") + (resource != null ? " on " + resource : "");
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
