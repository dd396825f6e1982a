package io.wizcamel.stream.identity;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code serviceAccounts} nodes into service-account records (docs/streams/service-accounts.md). Only the fields
 * named are copied: a secret a tenant's edited query might select never reaches a record.
 */
public class ServiceAccountShaper {

    public List<ObjectNode> shapeAll(JsonNode nodes) {
        List<ObjectNode> records = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            ObjectNode r = Nodes.object();
            r.put("id", Nodes.text(node, "id"));
            r.put("name", Nodes.text(node, "name"));
            r.put("type", Nodes.text(node, "type"));
            r.put("clientId", Nodes.text(node, "clientId"));
            r.set("scopes", Nodes.strings(node, "scopes"));
            ArrayNode projects = r.putArray("projects");
            Nodes.items(node, "assignedProjects").forEach(p -> projects.add(p.path("id").asText()));
            r.put("createdAt", Nodes.text(node, "createdAt"));
            r.put("lastRotatedAt", Nodes.text(node, "lastRotatedAt"));
            records.add(r);
        }
        return records;
    }
}
