package io.wizcamel.emulator.scim;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.wizcamel.emulator.scim.ScimSchema.Attribute;
import io.wizcamel.emulator.scim.ScimSchema.Mutability;
import io.wizcamel.emulator.scim.ScimSchema.Type;

/**
 * RFC 7644 section 3.5.2 PATCH: a {@code PatchOp} message's {@code add}, {@code replace} and {@code remove}
 * operations applied in order to a copy of the resource, all or nothing (the caller keeps the copy only when every
 * operation succeeded). Paths: {@code attr}, {@code attr.sub}, {@code attr[filter]}, {@code attr[filter].sub}; without
 * a path the value is an object of attributes (keys may themselves be paths, as Azure AD sends them).
 */
final class ScimPatch {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private ScimPatch() {
    }

    /** applies {@code message} to {@code resource} (a copy the caller may throw away) */
    static void apply(JsonNode message, ObjectNode resource, ScimSchema schema) {
        if (message == null || !message.isObject()) {
            throw ScimError.invalidSyntax("a PATCH body is a JSON object with schemas [\"" + PATCH_OP
                    + "\"] and Operations");
        }
        JsonNode schemas = message.get("schemas");
        boolean patchOp = false;
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas) {
                patchOp |= PATCH_OP.equals(s.asText());
            }
        }
        if (!patchOp) {
            throw ScimError.invalidSyntax("schemas must be [\"" + PATCH_OP + "\"]");
        }
        JsonNode ops = ScimFilter.field(message, "Operations");
        if (ops == null || !ops.isArray() || ops.isEmpty()) {
            throw ScimError.invalidSyntax("Operations must be a non-empty array of {op, path, value}");
        }
        int i = 0;
        for (JsonNode op : ops) {
            i++;
            String name = op.path("op").asText("").toLowerCase(Locale.ROOT);
            JsonNode pathNode = op.get("path");
            String path = pathNode == null || pathNode.isNull() ? null : pathNode.asText();
            JsonNode value = op.get("value");
            switch (name) {
                case "add", "replace" -> {
                    if (value == null) {
                        throw ScimError.invalidSyntax("operation " + i + " (" + name + ") has no value");
                    }
                    if (path == null) {
                        withoutPath(resource, schema, value, name.equals("add"), i);
                    } else {
                        withPath(resource, schema, ScimFilter.path(path, schema), value, name);
                    }
                }
                case "remove" -> {
                    if (path == null || path.isBlank()) {
                        throw ScimError.noTarget("operation " + i + ": remove needs a path");
                    }
                    withPath(resource, schema, ScimFilter.path(path, schema), null, name);
                }
                default -> throw ScimError.invalidSyntax("operation " + i + ": op must be add, replace or remove,"
                        + " not \"" + op.path("op").asText("") + "\"");
            }
        }
    }

    private static void withoutPath(ObjectNode resource, ScimSchema schema, JsonNode value, boolean add, int i) {
        if (!value.isObject()) {
            throw ScimError.invalidValue("operation " + i + ": without a path the value is an object of attributes");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("schemas")) {
                continue;
            }
            withPath(resource, schema, ScimFilter.path(e.getKey(), schema), e.getValue(), add ? "add" : "replace");
        }
    }

    private static void withPath(ObjectNode resource, ScimSchema schema, ScimFilter.Path path, JsonNode value,
            String op) {
        Attribute a = path.attribute();
        Attribute target = path.sub() != null ? path.sub() : a;
        if (a.mutability() == Mutability.READ_ONLY || target.mutability() == Mutability.READ_ONLY) {
            throw ScimError.mutability(path.text() + " is read-only");
        }
        String key = existingKey(resource, a.name());
        JsonNode current = resource.get(key);
        if (path.filter() != null) {
            ArrayNode kept = resource.arrayNode();
            int matched = 0;
            for (JsonNode element : current == null ? resource.arrayNode() : current) {
                if (!path.filter().test(element)) {
                    kept.add(element);
                    continue;
                }
                matched++;
                if (op.equals("remove")) {
                    if (path.sub() != null) {
                        ((ObjectNode) element).remove(existingKey((ObjectNode) element, path.sub().name()));
                        kept.add(element);
                    }
                } else if (path.sub() != null) {
                    checkValue(path.sub(), value, path.text());
                    ((ObjectNode) element).set(existingKey((ObjectNode) element, path.sub().name()), value);
                    kept.add(element);
                } else {
                    checkValue(single(a), value, path.text());
                    ObjectNode merged = ((ObjectNode) element).deepCopy();
                    if (op.equals("replace")) {
                        merged.removeAll();
                    }
                    merged.setAll((ObjectNode) value);
                    kept.add(merged);
                }
            }
            if (matched == 0 && !op.equals("remove")) {
                throw ScimError.noTarget(path.text() + " matches no value");
            }
            set(resource, key, kept);
            return;
        }
        if (path.sub() != null) {
            if (a.multiValued()) {
                throw ScimError.invalidPath(path.text() + ": name the values of " + a.name()
                        + " with a filter, e.g. " + a.name() + "[type eq \"work\"]." + path.sub().name());
            }
            ObjectNode complex = current instanceof ObjectNode o ? o : resource.objectNode();
            String subKey = existingKey(complex, path.sub().name());
            if (op.equals("remove")) {
                complex.remove(subKey);
            } else {
                checkValue(path.sub(), value, path.text());
                complex.set(subKey, value);
            }
            set(resource, key, complex);
            return;
        }
        if (op.equals("remove")) {
            if (a.required()) {
                throw ScimError.mutability(a.name() + " is required and cannot be removed");
            }
            resource.remove(key);
            return;
        }
        if (a.mutability() == Mutability.IMMUTABLE && current != null && !current.isNull()) {
            throw ScimError.mutability(a.name() + " is immutable");
        }
        if (a.multiValued()) {
            ArrayNode values = resource.arrayNode();
            if (value.isArray()) {
                values.addAll((ArrayNode) value);
            } else {
                values.add(value);
            }
            checkValue(a, values, path.text());
            if (op.equals("add") && current != null && current.isArray()) {
                ArrayNode merged = ((ArrayNode) current).deepCopy();
                for (JsonNode v : values) {
                    if (!contains(merged, v)) { // adding a value already there changes nothing
                        merged.add(v);
                    }
                }
                values = merged;
            }
            set(resource, key, values);
        } else if (a.type() == Type.COMPLEX) {
            checkValue(a, value, path.text());
            ObjectNode merged = current instanceof ObjectNode o ? o.deepCopy() : resource.objectNode();
            // a complex attribute's sub-attributes given replace those; the others stay (RFC 7644 3.5.2.3)
            for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                merged.set(existingKey(merged, e.getKey()), e.getValue());
            }
            set(resource, key, merged);
        } else {
            checkValue(a, value, path.text());
            set(resource, key, value);
        }
    }

    private static boolean contains(ArrayNode values, JsonNode v) {
        JsonNode id = v.get("value");
        for (JsonNode have : values) {
            if (id != null ? id.equals(have.get("value")) : have.equals(v)) {
                return true;
            }
        }
        return false;
    }

    private static Attribute single(Attribute a) {
        return new Attribute(a.name(), a.type(), false, a.caseExact(), a.mutability(), a.required(),
                a.subAttributes());
    }

    /** checks a value against its attribute's type: strings, Booleans (not "True"), date-times, sub-attributes */
    static void checkValue(Attribute a, JsonNode value, String where) {
        if (value == null || value.isNull()) {
            throw ScimError.invalidValue(where + ": a value is needed (to unassign, remove it)");
        }
        if (a.multiValued()) {
            if (!value.isArray()) {
                throw ScimError.invalidValue(where + ": " + a.name() + " is multi-valued: give an array");
            }
            for (JsonNode v : value) {
                checkValue(single(a), v, where);
            }
            return;
        }
        switch (a.type()) {
            case BOOLEAN -> {
                if (!value.isBoolean()) {
                    throw ScimError.invalidValue(where + ": " + a.name() + " is a Boolean: true or false, not "
                            + value);
                }
            }
            case COMPLEX -> {
                if (!value.isObject()) {
                    throw ScimError.invalidValue(where + ": " + a.name() + " is complex: give an object of its"
                            + " sub-attributes");
                }
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Attribute sub = a.sub(e.getKey());
                    if (sub == null) {
                        throw ScimError.invalidValue(where + ": " + a.name() + " has no sub-attribute "
                                + e.getKey());
                    }
                    checkValue(sub, e.getValue(), where);
                }
            }
            case DATETIME -> {
                try {
                    Instant.parse(value.asText());
                } catch (DateTimeParseException e) {
                    throw ScimError.invalidValue(where + ": " + a.name() + " is a DateTime, not " + value);
                }
            }
            default -> {
                if (!value.isTextual()) {
                    throw ScimError.invalidValue(where + ": " + a.name() + " is a string, not " + value);
                }
            }
        }
    }

    /** the key the object already uses for this attribute (names are case-insensitive), else the schema's name */
    private static String existingKey(ObjectNode o, String name) {
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(name)) {
                return k;
            }
        }
        return name;
    }

    private static void set(ObjectNode resource, String key, JsonNode value) {
        if (value.isArray() && value.isEmpty()) {
            resource.remove(key); // no values left: unassigned (RFC 7644 3.5.2.2)
        } else {
            resource.set(key, value);
        }
    }
}
