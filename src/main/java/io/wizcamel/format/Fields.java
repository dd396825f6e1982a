package io.wizcamel.format;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Null-safe reads of records shared by the formats. Any field of the record may be null or missing, so
 * every accessor answers {@code null} instead of throwing: one odd record must not sink a whole page.
 */
final class Fields {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

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

    /** The text at a path of object members; {@code null} as {@link #text} answers it. */
    static String text(JsonNode node, String first, String... more) {
        JsonNode n = node;
        String last = first;
        for (String name : more) {
            n = n == null ? null : n.get(last);
            last = name;
        }
        return text(n, last);
    }

    /** The child object or array at a path; {@code null} when absent, null or a scalar. */
    static JsonNode child(JsonNode node, String... path) {
        JsonNode n = node;
        for (String name : path) {
            n = n == null ? null : n.get(name);
        }
        return n == null || !n.isContainerNode() ? null : n;
    }

    /** A boolean field; {@code null} unless it is a JSON boolean. */
    static Boolean bool(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isBoolean() ? v.booleanValue() : null;
    }

    /** A numeric field; {@code null} unless it is a JSON number. */
    static Double number(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isNumber() ? v.doubleValue() : null;
    }

    /** {@code field} of each object of an array, in order, skipping nulls; empty for a missing array. */
    static List<String> texts(JsonNode array, String field) {
        List<String> out = new ArrayList<>();
        if (array != null && array.isArray()) {
            for (JsonNode item : array) {
                String v = item.isValueNode() && field == null ? item.asText() : text(item, field);
                if (v != null && !out.contains(v)) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** whether the text is an IPv4 or IPv6 address literal (never looked up as a host name) */
    static boolean isIp(String s) {
        return s != null && (IPV4.matcher(s).matches() || s.indexOf(':') >= 0 && IPV6.matcher(s).matches());
    }

    static String resource(JsonNode record, String field) {
        return text(record == null ? null : record.get("resource"), field);
    }

    static String control(JsonNode record, String field) {
        return text(record == null ? null : record.get("control"), field);
    }

    /**
     * The first of the record's {@code fields} that holds a real ISO-8601 date-time (with offset); the fetch time when
     * none does, so that a document always has a time and never one copied unchecked from text that is not a date.
     */
    static Instant time(JsonNode record, RenderContext context, String... fields) {
        for (String field : fields) {
            Instant t = instant(text(record, field));
            if (t != null) {
                return t;
            }
        }
        return context.fetchedAt();
    }

    /** The first of {@code fields} that is not null, as written: OCSF's metadata.original_time. */
    static String originalTime(JsonNode record, String... fields) {
        for (String field : fields) {
            String t = text(record, field);
            if (t != null) {
                return t;
            }
        }
        return null;
    }

    /** An ISO-8601 instant with an offset, or {@code null} if absent or unparseable (never "now"). */
    static Instant instant(String iso) {
        Long ms = epochMillis(iso);
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }

    /** {@link #instant} as ISO-8601 UTC text, or {@code null} */
    static String isoTime(String iso) {
        Instant t = instant(iso);
        return t == null ? null : t.toString();
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
        return tags(record, "resource", "tags");
    }

    /** The tags object at {@code path} as (key, string value) pairs in record order; null values are skipped. */
    static List<Map.Entry<String, String>> tags(JsonNode record, String... path) {
        List<Map.Entry<String, String>> out = new ArrayList<>();
        JsonNode tags = child(record, path);
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
