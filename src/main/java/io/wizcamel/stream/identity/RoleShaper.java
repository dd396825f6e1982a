package io.wizcamel.stream.identity;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code userRolesV2} nodes into role records (docs/streams/roles.md). */
public class RoleShaper {

    public List<ObjectNode> shapeAll(JsonNode nodes) {
        List<ObjectNode> records = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            ObjectNode r = Nodes.object();
            r.put("id", Nodes.text(node, "id"));
            r.put("name", Nodes.text(node, "name"));
            r.put("description", Nodes.text(node, "description"));
            r.set("scopes", Nodes.strings(node, "scopes"));
            r.set("builtin", node.path("builtin").isBoolean() ? node.get("builtin") : Nodes.JSON.nullNode());
            r.set("projectScoped", node.path("isProjectScoped").isBoolean() ? node.get("isProjectScoped")
                    : Nodes.JSON.nullNode());
            records.add(r);
        }
        return records;
    }
}
