package io.wizcamel.format;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Null-safe reads of the issue record shared by the formats. Any field of the record may be null or missing, so
 * every accessor answers {@code null} instead of throwing: one odd record must not sink a whole page.
 */
final class Fields {

    private Fields() {
    }

    /** The text of a scalar field; {@code null} when the field is missing, null or a container. */
    static String text(JsonNode node, String field) {
        if (node == null) {
            return null;
        }
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    static String resource(JsonNode record, String field) {
        return text(record == null ? null : record.get("resource"), field);
    }

    static String control(JsonNode record, String field) {
        return text(record == null ? null : record.get("control"), field);
    }

    /** The time the record describes: when its status last changed, else its last update, else its creation. */
    static String eventTime(JsonNode record) {
        return firstNonNull(text(record, "statusChangedAt"), text(record, "updatedAt"), text(record, "createdAt"));
    }

    /** Issue-level platform first; the resource's own platform covers records shaped without it. */
    static String cloudPlatform(JsonNode record) {
        return firstNonNull(text(record, "cloudPlatform"), resource(record, "cloudPlatform"));
    }

    /** Epoch milliseconds of an ISO-8601 instant; {@code null} if absent or unparseable (never "now"). */
    static Long epochMillis(String iso) {
        if (iso == null) {
            return null;
        }
        try {
            return Instant.parse(iso).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(iso).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    /** Project names in record order, skipping projects without one. */
    static List<String> projectNames(JsonNode record) {
        List<String> names = new ArrayList<>();
        JsonNode projects = record == null ? null : record.get("projects");
        if (projects != null && projects.isArray()) {
            for (JsonNode p : projects) {
                String name = text(p, "name");
                if (name != null) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    /** The resource's tags as (key, string value) pairs in record order; null values are skipped. */
    static List<Map.Entry<String, String>> tags(JsonNode record) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        JsonNode resource = record == null ? null : record.get("resource");
        JsonNode tags = resource == null ? null : resource.get("tags");
        if (tags != null && tags.isObject()) {
            for (Map.Entry<String, JsonNode> e : tags.properties()) {
                JsonNode v = e.getValue();
                if (v != null && !v.isNull()) {
                    // tag values are strings in every cloud; anything else is kept as its JSON text
                    out.add(Map.entry(e.getKey(), v.isValueNode() ? v.asText() : v.toString()));
                }
            }
        }
        return out;
    }

    /** A deep copy without null members, so documents never carry {@code "x": null}. */
    static JsonNode withoutNulls(JsonNode node) {
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.properties().forEach(e -> {
                if (e.getValue() != null && !e.getValue().isNull()) {
                    copy.set(e.getKey(), withoutNulls(e.getValue()));
                }
            });
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            for (JsonNode item : node) {
                if (!item.isNull()) {
                    copy.add(withoutNulls(item));
                }
            }
            return copy;
        }
        return node;
    }

    static void putIfNotNull(ObjectNode target, String field, String value) {
        if (value != null) {
            target.put(field, value);
        }
    }

    static void putIfNotNull(ObjectNode target, String field, Long value) {
        if (value != null) {
            target.put(field, value);
        }
    }

    /** Sets a child object only when it got at least one member. */
    static void putIfNotEmpty(ObjectNode target, String field, JsonNode child) {
        if (child != null && child.size() > 0) {
            target.set(field, child);
        }
    }

    @SafeVarargs
    static <T> T firstNonNull(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
