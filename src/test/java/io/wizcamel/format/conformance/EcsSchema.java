package io.wizcamel.format.conformance;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The Elastic Common Schema as {@code ecs_flat.yml} defines it, and a check of a document against it. A document
 * passes when:
 * <ul>
 * <li>every leaf is an ECS field, or lies under an ECS field of type {@code object} or {@code flattened} (such as
 * {@code labels.*}), or under the project's own namespace {@code wiz.*};</li>
 * <li>a value has its field's type (keyword-like: string; long: integer; float-like: number; boolean; date: an
 * ISO-8601 date-time; ip: an address literal; object, nested, flattened: objects), and is a list exactly when the
 * field's {@code normalize} says {@code array};</li>
 * <li>{@code allowed_values} hold (event.kind, event.category, event.type, event.outcome), and each
 * {@code event.type} is one the field's {@code event.category} values expect;</li>
 * <li>the fields ECS marks required ({@code @timestamp}, {@code ecs.version}) are there, and nothing is null.</li>
 * </ul>
 */
public final class EcsSchema {

    /** the project's custom top-level field set */
    public static final String CUSTOM = "wiz";

    private static final Set<String> STRINGS = Set.of("keyword", "constant_keyword", "wildcard", "match_only_text",
            "text");
    private static final Set<String> CONTAINERS = Set.of("object", "flattened", "nested");
    private static final Pattern IP = Pattern.compile("[0-9.]+|[0-9A-Fa-f:.]+");

    private final Map<String, Map<String, Object>> fields;
    private final Map<String, Set<String>> allowed = new HashMap<>();
    private final Map<String, Set<String>> expectedTypes = new HashMap<>();
    private final List<String> required = new ArrayList<>();

    @SuppressWarnings("unchecked")
    private EcsSchema(Map<String, Map<String, Object>> fields) {
        this.fields = fields;
        fields.forEach((name, spec) -> {
            Object values = spec.get("allowed_values");
            if (values instanceof List<?> list) {
                Set<String> names = new HashSet<>();
                for (Object v : list) {
                    Map<String, Object> value = (Map<String, Object>) v;
                    names.add((String) value.get("name"));
                    if (value.get("expected_event_types") instanceof List<?> types) {
                        expectedTypes.put((String) value.get("name"), new HashSet<>((List<String>) types));
                    }
                }
                allowed.put(name, names);
            }
            if (Boolean.TRUE.equals(spec.get("required"))) {
                required.add(name);
            }
        });
    }

    @SuppressWarnings("unchecked")
    public static EcsSchema load(Path ecsFlat) {
        try (InputStream in = Files.newInputStream(ecsFlat)) {
            Load yaml = new Load(LoadSettings.builder().setCodePointLimit(16 * 1024 * 1024).build());
            return new EcsSchema((Map<String, Map<String, Object>>) yaml.loadFromInputStream(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isField(String flatName) {
        return fields.containsKey(flatName);
    }

    public String type(String flatName) {
        Map<String, Object> spec = fields.get(flatName);
        return spec == null ? null : (String) spec.get("type");
    }

    /** what is wrong with the document; empty when it conforms */
    public List<String> problems(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        if (!doc.isObject()) {
            problems.add("an ECS document is a JSON object, not " + doc.getNodeType());
            return problems;
        }
        walk(doc, "", problems);
        for (String name : required) {
            if (at(doc, name) == null) {
                problems.add(name + ": required by ECS, missing");
            }
        }
        JsonNode categories = at(doc, "event.category");
        JsonNode types = at(doc, "event.type");
        if (categories != null && types != null && categories.isArray() && types.isArray()) {
            for (JsonNode category : categories) {
                Set<String> expected = expectedTypes.get(category.asText());
                for (JsonNode type : types) {
                    if (expected != null && !expected.contains(type.asText())) {
                        problems.add("event.type " + type.asText() + " is not one event.category " + category.asText()
                                + " expects " + expected);
                    }
                }
            }
        }
        return problems;
    }

    private void walk(JsonNode node, String prefix, List<String> problems) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String name = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            JsonNode value = e.getValue();
            if (name.equals(CUSTOM) || name.startsWith(CUSTOM + ".")) {
                noNulls(value, name, problems);
                continue;
            }
            if (e.getKey().contains(".") && !underContainer(prefix)) {
                problems.add(name + ": a dotted key; write nested objects");
            }
            String type = type(name);
            if (type == null) {
                String container = containerOf(name);
                if (container != null) {
                    noNulls(value, name, problems);
                } else if (value.isObject() && hasFieldsUnder(name)) {
                    walk(value, name, problems);
                } else {
                    problems.add(name + ": not an ECS 8.11 field (custom fields go under " + CUSTOM + ".*)");
                }
                continue;
            }
            checkValue(name, type, value, problems);
            if (value.isObject() && "object".equals(type) && hasFieldsUnder(name)) {
                walk(value, name, problems); // e.g. log.syslog has fields of its own
            }
        }
    }

    private void checkValue(String name, String type, JsonNode value, List<String> problems) {
        if (value.isNull()) {
            problems.add(name + ": null (leave the field out)");
            return;
        }
        Object normalize = fields.get(name).get("normalize");
        boolean array = normalize instanceof List<?> list && list.contains("array");
        if ("nested".equals(type)) {
            if (!value.isArray()) {
                problems.add(name + ": nested, so a list of objects");
            }
            return;
        }
        if (array && !value.isArray()) {
            problems.add(name + ": ECS normalizes it to an array, got " + value.getNodeType());
            return;
        }
        if (!array && value.isArray()) {
            problems.add(name + ": a single " + type + ", not an array");
            return;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                checkScalar(name, type, item, problems);
            }
        } else {
            checkScalar(name, type, value, problems);
        }
    }

    private void checkScalar(String name, String type, JsonNode v, List<String> problems) {
        String wrong = null;
        if (STRINGS.contains(type)) {
            wrong = v.isTextual() ? null : "a string";
        } else if ("long".equals(type)) {
            wrong = v.isIntegralNumber() ? null : "an integer";
        } else if ("float".equals(type) || "scaled_float".equals(type)) {
            wrong = v.isNumber() ? null : "a number";
        } else if ("boolean".equals(type)) {
            wrong = v.isBoolean() ? null : "a boolean";
        } else if ("date".equals(type)) {
            wrong = v.isTextual() && isDate(v.asText()) || v.isIntegralNumber() ? null
                    : "an ISO-8601 date-time with an offset (or epoch milliseconds)";
        } else if ("ip".equals(type)) {
            wrong = v.isTextual() && isIp(v.asText()) ? null : "an IPv4 or IPv6 address";
        } else if (CONTAINERS.contains(type)) {
            wrong = v.isObject() ? null : "an object";
        } else if ("geo_point".equals(type)) {
            wrong = v.isObject() || v.isTextual() ? null : "a geo point";
        }
        if (wrong != null) {
            problems.add(name + ": ECS type " + type + " takes " + wrong + ", got " + v);
            return;
        }
        Set<String> values = allowed.get(name);
        if (values != null && !values.contains(v.asText())) {
            problems.add(name + ": '" + v.asText() + "' is not one of ECS's allowed values " + values);
        }
    }

    private String containerOf(String name) {
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            String t = type(name.substring(0, dot));
            if ("object".equals(t) || "flattened".equals(t)) {
                return name.substring(0, dot);
            }
        }
        return null;
    }

    private boolean underContainer(String prefix) {
        return !prefix.isEmpty() && (containerOf(prefix + ".x") != null);
    }

    private boolean hasFieldsUnder(String name) {
        String p = name + ".";
        for (String f : fields.keySet()) {
            if (f.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static void noNulls(JsonNode node, String path, List<String> problems) {
        if (node.isNull()) {
            problems.add(path + ": null (leave the field out)");
        } else if (node.isContainerNode()) {
            if (node.isObject()) {
                node.properties().forEach(e -> noNulls(e.getValue(), path + "." + e.getKey(), problems));
            } else {
                node.forEach(item -> noNulls(item, path + "[]", problems));
            }
        }
    }

    /** the value at a flat ECS name in a nested document */
    static JsonNode at(JsonNode doc, String flatName) {
        if (doc.has(flatName)) {
            return doc.get(flatName);
        }
        JsonNode node = doc;
        for (String part : flatName.split("\\.")) {
            node = node == null ? null : node.get(part);
        }
        return node;
    }

    static boolean isDate(String s) {
        try {
            OffsetDateTime.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isIp(String s) {
        if (!IP.matcher(s).matches() || !(s.contains(".") || s.contains(":"))) {
            return false; // a literal only: getByName must not resolve a host name
        }
        try {
            InetAddress.getByName(s);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
