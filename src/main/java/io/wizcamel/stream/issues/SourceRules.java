package io.wizcamel.stream.issues;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The rules that raised an issue, read from {@code sourceRules} (a list) or, for a tenant or query that still
 * selects only the deprecated {@code sourceRule}, from that one rule; and a rule as the connector's record (the issue
 * record's {@code control} and {@code rules[]}, and the {@code controls} stream's record).
 */
public final class SourceRules {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private SourceRules() {
    }

    /** the issue's rules: sourceRules when the node has that list, else the one sourceRule, else none */
    public static List<JsonNode> of(JsonNode issue) {
        JsonNode rules = issue.path("sourceRules");
        if (rules.isArray()) {
            List<JsonNode> out = new ArrayList<>(rules.size());
            for (JsonNode rule : rules) {
                if (rule.isObject()) {
                    out.add(rule);
                }
            }
            return out;
        }
        JsonNode rule = issue.path("sourceRule");
        return rule.isObject() ? List.of(rule) : List.of();
    }

    /**
     * A rule as a record: every field present ({@code null} or an empty list when Wiz has no value), so a control
     * record does not change shape with the rule's kind.
     */
    public static ObjectNode record(JsonNode rule) {
        ObjectNode r = F.objectNode();
        r.put("id", text(rule, "id"));
        r.put("kind", text(rule, "__typename"));
        r.put("name", text(rule, "name"));
        r.put("description", text(rule, "description"));
        r.put("remediation", remediation(rule));
        r.put("severity", text(rule, "severity"));
        ArrayNode risks = r.putArray("risks");
        for (JsonNode risk : rule.path("risks")) {
            risks.add(risk.asText());
        }
        ArrayNode subs = r.putArray("securitySubCategories");
        Set<String> frameworks = new LinkedHashSet<>();
        for (JsonNode s : rule.path("securitySubCategories")) {
            JsonNode category = s.path("category");
            String framework = text(category.path("framework"), "name");
            subs.addObject().put("title", text(s, "title")).put("category", text(category, "name"))
                    .put("framework", framework);
            if (framework != null) {
                frameworks.add(framework);
            }
        }
        ArrayNode names = r.putArray("frameworks");
        frameworks.forEach(names::add);
        return r;
    }

    /** a rule record without its lists (risks, sub-categories, frameworks): the issue record's control */
    public static ObjectNode summary(ObjectNode rule) {
        ObjectNode r = F.objectNode();
        for (String field : List.of("id", "kind", "name", "description", "remediation", "severity")) {
            r.set(field, rule.get(field));
        }
        return r;
    }

    /** the record of an issue without a rule: the same fields, all empty */
    public static ObjectNode none() {
        return record(F.objectNode());
    }

    /** Controls carry resolutionRecommendation, configuration rules remediationInstructions, event rules none. */
    private static String remediation(JsonNode rule) {
        String recommendation = text(rule, "resolutionRecommendation");
        return recommendation != null ? recommendation : text(rule, "remediationInstructions");
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
