package io.wizcamel.stream.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * One resource of a mapping file, in Port's shape: its {@code kind}, its {@code selector.query} (a JQ boolean; false
 * drops the record) and its {@code mappings} (an object whose leaves are JQ expressions, or one JQ expression that
 * produces the whole record), every expression compiled once. An expression's value is its one output; several
 * outputs make an array; none makes null.
 */
public final class JqResource {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    /** jq's built-in functions, loaded once; each evaluation gets a child scope of its own (thread-safe) */
    private static final Scope ROOT = rootScope();

    /** A runtime error of one expression on one record. */
    public static final class Failure extends Exception {
        public final String expression;

        Failure(String where, String expression, String error) {
            super(where + ": `" + expression + "` failed: " + error, null, false, false);
            this.expression = expression;
        }
    }

    /** a compiled expression, with where it came from for messages */
    private record Expr(String where, String text, JsonQuery query) { }

    public final String kind;
    /** the resource's place in its file: "<file> resource 2 (kind issue)" */
    public final String name;
    private final Expr selector;
    /** an Expr (the whole record) or a Map of field → Expr / Map */
    private final Object mapping;

    private JqResource(String kind, String name, Expr selector, Object mapping) {
        this.kind = kind;
        this.name = name;
        this.selector = selector;
        this.mapping = mapping;
    }

    /**
     * Compiles a resource read from YAML.
     *
     * @throws IllegalArgumentException naming the file, the resource, the key and the expression
     */
    static JqResource compile(String file, int index, Map<?, ?> resource) {
        Object kind = resource.get("kind");
        String name = file + " resource " + (index + 1) + (kind == null ? "" : " (kind " + kind + ")");
        if (!(kind instanceof String k) || k.isBlank()) {
            throw new IllegalArgumentException(name + ": kind is missing: give the stream (or its record's name) it "
                    + "maps, e.g. kind: issue");
        }
        Object selectorQuery = "true";
        if (resource.get("selector") instanceof Map<?, ?> selector && selector.get("query") != null) {
            selectorQuery = selector.get("query");
        }
        Object mappings = resource.get("mappings");
        if (mappings == null && resource.get("port") instanceof Map<?, ?> port
                && port.get("entity") instanceof Map<?, ?> entity) {
            mappings = entity.get("mappings");
        }
        if (mappings == null) {
            throw new IllegalArgumentException(name + ": mappings is missing: give port.entity.mappings (or mappings),"
                    + " an object of JQ expressions or one JQ expression that makes the record");
        }
        return new JqResource(k.trim(), name, expr(name + " selector.query", selectorQuery),
                tree(name + " mappings", mappings));
    }

    private static Object tree(String where, Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> fields = new LinkedHashMap<>();
            map.forEach((k, v) -> fields.put(String.valueOf(k), tree(where + "." + k, v)));
            return fields;
        }
        return expr(where, value);
    }

    private static Expr expr(String where, Object value) {
        if (value == null || value instanceof List || value instanceof Map) {
            throw new IllegalArgumentException(where + ": is " + (value == null ? "empty" : "not a JQ expression")
                    + ": give a JQ expression, e.g. .id (quote a constant string twice: '\"wizIssue\"')");
        }
        String text = String.valueOf(value).trim();
        try {
            return new Expr(where, text, JsonQuery.compile(text, Versions.JQ_1_6));
        } catch (JsonQueryException e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            // the parser's first line says where: Encountered "<EOF>" at line 1, column 5.
            String why = String.valueOf(root.getMessage()).lines().findFirst().orElse("");
            throw new IllegalArgumentException(where + ": `" + text + "` is not a valid JQ expression: " + why, e);
        }
    }

    /** whether the selector keeps the record (its first output is true) */
    public boolean selects(JsonNode record) throws Failure {
        JsonNode v = eval(selector, record, Scope.newChildScope(ROOT));
        return v.isBoolean() && v.booleanValue();
    }

    /** the record this resource makes of the input record */
    public ObjectNode map(JsonNode record) throws Failure {
        JsonNode out = build(mapping, record, Scope.newChildScope(ROOT));
        if (out instanceof ObjectNode object) {
            return object;
        }
        throw new Failure(name + " mappings", ((Expr) mapping).text(), "made " + out.getNodeType()
                + ", not a JSON object (a record is an object)");
    }

    @SuppressWarnings("unchecked")
    private static JsonNode build(Object node, JsonNode record, Scope scope) throws Failure {
        if (node instanceof Expr e) {
            return eval(e, record, scope);
        }
        ObjectNode out = F.objectNode();
        for (Map.Entry<String, Object> field : ((Map<String, Object>) node).entrySet()) {
            out.set(field.getKey(), build(field.getValue(), record, scope));
        }
        return out;
    }

    /**
     * An expression's value. The expressions of one record share one child scope of the built-ins (a scope per
     * expression cost a tenth of the mapping's time); nothing in it outlives the record.
     */
    private static JsonNode eval(Expr e, JsonNode record, Scope scope) throws Failure {
        List<JsonNode> out = new ArrayList<>(1);
        try {
            e.query().apply(scope, record, out::add);
        } catch (JsonQueryException | RuntimeException ex) {
            throw new Failure(e.where(), e.text(), oneLine(String.valueOf(ex.getMessage())));
        }
        if (out.size() == 1) {
            return out.get(0);
        }
        if (out.isEmpty()) {
            return NullNode.instance;
        }
        ArrayNode all = F.arrayNode(out.size());
        out.forEach(all::add);
        return all;
    }

    private static Scope rootScope() {
        Scope scope = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, scope);
        return scope;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
