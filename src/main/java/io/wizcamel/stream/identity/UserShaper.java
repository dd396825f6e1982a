package io.wizcamel.stream.identity;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.StreamPages;
import org.apache.camel.ExchangeProperty;

/**
 * A page of {@code users} nodes (or, in the fallback, {@code userAccounts} nodes) into user records
 * (docs/streams/users.md). Every field is always present; what userAccounts lacks is null.
 */
public class UserShaper {

    public List<ObjectNode> shapeAll(JsonNode nodes, @ExchangeProperty(StreamPages.CONNECTION) String connection) {
        boolean accounts = UserSource.ACCOUNTS.equals(connection);
        List<ObjectNode> records = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            records.add(shape(node, accounts ? UserSource.ACCOUNTS : "users"));
        }
        return records;
    }

    static ObjectNode shape(JsonNode node, String source) {
        ObjectNode r = Nodes.object();
        r.put("id", Nodes.text(node, "id"));
        r.put("email", Nodes.email(node));
        r.put("name", Nodes.text(node, "name"));
        JsonNode role = node.get("effectiveRole");
        if (role == null || !role.isObject()) {
            r.putNull("role");
        } else {
            ObjectNode out = r.putObject("role");
            out.put("id", Nodes.text(role, "id"));
            out.put("name", Nodes.text(role, "name"));
            out.set("scopes", Nodes.strings(role, "scopes"));
        }
        JsonNode projects = node.get("effectiveAssignedProjects");
        if (projects == null || projects.isNull()) {
            r.putNull("projects");
        } else {
            ArrayNode out = r.putArray("projects");
            for (JsonNode p : projects) {
                out.addObject().put("id", Nodes.text(p, "id")).put("name", Nodes.text(p, "name"));
            }
        }
        r.put("identityProvider", Nodes.text(node, "identityProviderType"));
        JsonNode suspended = node.get("isSuspended");
        if (suspended == null || !suspended.isBoolean()) {
            r.putNull("suspended");
        } else {
            r.put("suspended", suspended.asBoolean());
        }
        r.put("createdAt", Nodes.text(node, "createdAt"));
        r.put("lastLoginAt", Nodes.text(node, "lastLoginAt"));
        r.put("source", source);
        return r;
    }
}
