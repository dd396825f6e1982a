package io.wizcamel.stream.findings;

import static io.wizcamel.stream.findings.Nodes.text;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a Wiz {@code configurationFindings} node into the configuration finding record
 * (docs/streams/configuration-findings.md). {@code status} is left empty here; the status mapper fills it.
 */
public class ConfigurationFindingShaper {

    public List<ObjectNode> shapeAll(List<JsonNode> findings) {
        List<ObjectNode> records = new ArrayList<>(findings.size());
        for (JsonNode f : findings) {
            records.add(shape(f));
        }
        return records;
    }

    public ObjectNode shape(JsonNode f) {
        JsonNode res = f.path("resource");
        JsonNode rule = f.path("rule");
        ObjectNode r = Nodes.F.objectNode();
        r.put("id", text(f, "id"));
        r.put("name", text(f, "name"));
        String ruleName = text(rule, "name");
        r.put("title", ruleName != null ? ruleName : text(f, "name"));
        r.put("severity", text(f, "severity"));
        r.put("result", text(f, "result"));
        r.put("wizStatus", text(f, "status"));
        r.putNull("status");
        r.put("resolutionReason", text(f, "resolutionReason"));
        for (String field : new String[] {"analyzedAt", "firstSeenAt", "updatedAt", "targetExternalId",
            "remediation"}) {
            r.put(field, text(f, field));
        }
        r.put("cloudPlatform", text(res, "cloudPlatform"));

        ObjectNode resource = r.putObject("resource");
        for (String field : new String[] {"id", "providerId", "name", "type", "nativeType", "status", "cloudPlatform",
            "region"}) {
            resource.put(field, text(res, field));
        }
        resource.put("subscriptionId", text(res.path("subscription"), "externalId"));
        resource.put("subscriptionName", text(res.path("subscription"), "name"));
        resource.set("tags", Nodes.tags(res.path("tags")));

        ObjectNode rr = r.putObject("rule");
        for (String field : new String[] {"id", "shortId", "name", "description"}) {
            rr.put(field, text(rule, field));
        }
        rr.put("remediation", text(rule, "remediationInstructions"));

        JsonNode ev = f.path("evidence");
        ObjectNode evidence = r.putObject("evidence");
        for (String field : new String[] {"currentValue", "expectedValue", "configurationPath",
            "cloudConfigurationLink"}) {
            evidence.put(field, text(ev, field));
        }

        ArrayNode subs = r.putArray("securitySubCategories");
        for (JsonNode s : f.path("securitySubCategories")) {
            subs.addObject().put("title", text(s, "title")).put("category", text(s.path("category"), "name"))
                    .put("framework", text(s.path("category").path("framework"), "name"));
        }
        r.set("projects", Nodes.refs(res.path("projects")));
        return r;
    }
}
