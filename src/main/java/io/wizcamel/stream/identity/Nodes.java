package io.wizcamel.stream.identity;

import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Reading Wiz identity nodes: text or null, the email as a key, lists copied. */
final class Nodes {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private Nodes() {
    }

    /** the field's text, or null when absent, null or not a scalar */
    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    /** the email as people are keyed: trimmed, lower-cased; null when there is none */
    static String email(JsonNode node) {
        String email = text(node, "email");
        if (email == null || email.isBlank()) {
            return null;
        }
        return email.trim().toLowerCase(Locale.ROOT);
    }

    /** the text items of a list field (null when the field is absent or null) */
    static ArrayNode strings(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isArray()) {
            return null;
        }
        ArrayNode out = JSON.arrayNode(v.size());
        v.forEach(item -> out.add(item.asText()));
        return out;
    }

    /** the list field as an array of objects (an absent or null list as an empty one) */
    static Iterable<JsonNode> items(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || !v.isArray() ? JSON.arrayNode() : v;
    }

    static ObjectNode object() {
        return JSON.objectNode();
    }
}
