package io.wizcamel.stream.findings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading Wiz nodes into records: every record field present, null when Wiz has no value. */
final class Nodes {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Nodes() {
    }

    /** a scalar as text, or null */
    static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() || v.isContainerNode() ? null : v.asText();
    }

    /** a scalar copied as it is (number, boolean, text), or null */
    static void copy(ObjectNode to, String name, JsonNode from, String field) {
        JsonNode v = from.path(field);
        to.set(name, v.isValueNode() ? v : F.nullNode());
    }

    /** [{id, name}] */
    static ArrayNode refs(JsonNode list) {
        ArrayNode out = F.arrayNode();
        for (JsonNode p : list) {
            out.addObject().put("id", text(p, "id")).put("name", text(p, "name"));
        }
        return out;
    }

    /** tags as {key: value}: from an object as it is, or from [{key, value}] */
    static ObjectNode tags(JsonNode tags) {
        ObjectNode out = F.objectNode();
        if (tags.isObject()) {
            out.setAll((ObjectNode) tags.deepCopy());
        } else if (tags.isArray()) {
            for (JsonNode t : tags) {
                if (text(t, "key") != null) {
                    out.put(text(t, "key"), text(t, "value"));
                }
            }
        }
        return out;
    }
}
