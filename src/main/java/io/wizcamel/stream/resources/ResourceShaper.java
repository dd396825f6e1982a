package io.wizcamel.stream.resources;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a {@code cloudResourcesV2} node and the technologies found on it into the resource record
 * (docs/streams/resources.md, "Resource record"). A deleted resource carries no technologies: Wiz no longer scans it,
 * and its last record stays the same however the technology table changes, so it is delivered once.
 */
public class ResourceShaper {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] FLAGS = {"isAccessibleFromInternet", "hasAccessToSensitiveData",
        "hasAdminPrivileges", "hasHighPrivileges", "hasSensitiveData"};

    private final ResourceTechnologies technologies;

    public ResourceShaper(ResourceTechnologies technologies) {
        this.technologies = technologies;
    }

    public List<ObjectNode> shapeAll(List<JsonNode> resources) throws SQLException {
        Map<String, List<ObjectNode>> found = technologies.of(resources.stream()
                .filter(r -> !ResourceFilter.isDeleted(r)).map(r -> r.path("id").asText()).toList());
        List<ObjectNode> records = new ArrayList<>(resources.size());
        for (JsonNode resource : resources) {
            records.add(shape(resource, found.getOrDefault(resource.path("id").asText(), List.of())));
        }
        return records;
    }

    public static ObjectNode shape(JsonNode resource, List<ObjectNode> technologies) {
        ObjectNode r = F.objectNode();
        for (String field : new String[] {"id", "name", "externalId", "type", "cloudPlatform", "status"}) {
            r.put(field, text(resource, field));
        }
        boolean deleted = ResourceFilter.isDeleted(resource);
        r.put("deleted", deleted);
        r.put("createdAt", text(resource, "createdAt"));
        r.put("updatedAt", text(resource, "updatedAt"));
        r.put("deletedAt", text(resource, "deletedAt"));
        ObjectNode tags = r.putObject("tags");
        for (JsonNode tag : resource.path("tags")) {
            if (tag.hasNonNull("key")) {
                tags.put(tag.get("key").asText(), text(tag, "value"));
            }
        }
        ArrayNode projects = r.putArray("projects");
        for (JsonNode p : resource.path("projects")) {
            projects.addObject().put("id", text(p, "id")).put("name", text(p, "name"));
        }
        JsonNode account = resource.path("cloudAccount");
        if (account.isObject()) {
            r.putObject("cloudAccount").put("id", text(account, "id")).put("name", text(account, "name"))
                    .put("cloudProvider", text(account, "cloudProvider")).put("externalId", text(account, "externalId"));
        } else {
            r.putNull("cloudAccount");
        }
        for (String flag : FLAGS) {
            JsonNode v = resource.path(flag);
            if (v.isBoolean()) {
                r.put(flag, v.booleanValue());
            } else {
                r.putNull(flag);
            }
        }
        ArrayNode techs = r.putArray("technologies");
        Set<String> types = new LinkedHashSet<>();
        if (!deleted) {
            for (ObjectNode t : technologies) {
                techs.add(t);
                if (t.hasNonNull("name")) {
                    types.add(t.get("name").asText());
                }
            }
        }
        if (types.isEmpty() && resource.hasNonNull("type")) {
            types.add(resource.get("type").asText());
        }
        ArrayNode assetTypes = r.putArray("assetTypes");
        types.forEach(assetTypes::add);
        return r;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
