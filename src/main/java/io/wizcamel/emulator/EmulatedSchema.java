package io.wizcamel.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import graphql.ExecutionInput;
import graphql.ExecutionResult;
import graphql.GraphQL;
import graphql.ParseAndValidate;
import graphql.language.ArrayValue;
import graphql.language.BooleanValue;
import graphql.language.Document;
import graphql.language.EnumValue;
import graphql.language.Field;
import graphql.language.FloatValue;
import graphql.language.FragmentDefinition;
import graphql.language.IntValue;
import graphql.language.NullValue;
import graphql.language.ObjectField;
import graphql.language.ObjectValue;
import graphql.language.OperationDefinition;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.language.VariableDefinition;
import graphql.language.VariableReference;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;

/**
 * The emulated API's schema (the SDL files under {@code emulator/schema/}), and every request checked against it with
 * graphql-java: a field, argument or fragment the emulator does not serve fails the request with
 * GRAPHQL_VALIDATION_FAILED, so a typo in a query file fails a test instead of passing unnoticed. Introspection
 * queries are answered from the same schema, so a schema check against the emulator sees what it validates with.
 */
public final class EmulatedSchema {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };
    private static final Map<List<String>, GraphQLSchema> BUILT = new ConcurrentHashMap<>();
    private static final int MAX_CACHED_QUERIES = 256;

    private final GraphQLSchema schema;
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    /** A request's document, validated once per query text. */
    private record Parsed(OperationDefinition operation, Map<String, FragmentDefinition> fragments) { }

    /** The query could not be parsed or does not fit the schema. */
    public static final class Invalid extends Exception {
        public Invalid(String message) {
            super(message, null, false, false);
        }
    }

    EmulatedSchema(List<String> files) {
        this.schema = BUILT.computeIfAbsent(List.copyOf(files), EmulatedSchema::build);
    }

    public GraphQLSchema graphql() {
        return schema;
    }

    private static GraphQLSchema build(List<String> files) {
        TypeDefinitionRegistry types = new TypeDefinitionRegistry();
        SchemaParser parser = new SchemaParser();
        types.merge(parser.parse(read("common.graphqls")));
        for (String f : files) {
            types.merge(parser.parse(read(f)));
        }
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(types);
    }

    private static String read(String file) {
        try (InputStream in = EmulatedSchema.class.getResourceAsStream("/emulator/schema/" + file)) {
            if (in == null) {
                throw new IllegalStateException("emulator schema file missing: emulator/schema/" + file);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The root fields a request asks for, in order, with their arguments resolved against the variables. */
    public List<RootCall> calls(String query, String operationName, JsonNode variables, Fault.Kind cursorFault)
            throws Invalid {
        Parsed p = parse(query, operationName);
        Map<String, Value<?>> defaults = new LinkedHashMap<>();
        for (VariableDefinition v : p.operation().getVariableDefinitions()) {
            if (v.getDefaultValue() != null) {
                defaults.put(v.getName(), v.getDefaultValue());
            }
        }
        List<RootCall> calls = new ArrayList<>();
        for (Field f : p.operation().getSelectionSet().getSelectionsOfType(Field.class)) {
            if (f.getName().startsWith("__")) {
                continue;
            }
            Map<String, JsonNode> args = new LinkedHashMap<>();
            f.getArguments().forEach(a -> args.put(a.getName(), json(a.getValue(), variables, defaults)));
            String key = f.getAlias() != null ? f.getAlias() : f.getName();
            calls.add(new RootCall(f.getName(), key, args, f.getSelectionSet(), cursorFault,
                    new Selections(schema, p.fragments())));
        }
        return calls;
    }

    /**
     * The answer to an introspection query ({@code __schema}, {@code __type} at the root), executed by graphql-java on
     * the schema the requests are validated against, deprecations included; null when the query asks for no
     * introspection field.
     */
    public JsonNode introspect(String query, String operationName, JsonNode variables) throws Invalid {
        Parsed p = parse(query, operationName);
        boolean asks = p.operation().getSelectionSet().getSelectionsOfType(Field.class).stream()
                .anyMatch(f -> f.getName().equals("__schema") || f.getName().equals("__type"));
        if (!asks) {
            return null;
        }
        Map<String, Object> vars = variables == null || !variables.isObject() ? Map.of()
                : MAPPER.convertValue(variables, MAP);
        ExecutionResult result = GraphQL.newGraphQL(schema).build().execute(ExecutionInput.newExecutionInput()
                .query(query).operationName(operationName).variables(vars).build());
        return MAPPER.valueToTree(result.toSpecification());
    }

    private Parsed parse(String query, String operationName) throws Invalid {
        String cacheKey = operationName == null ? query : operationName + "\u0000" + query;
        Parsed p = parsed.get(cacheKey);
        if (p != null) {
            return p;
        }
        Document doc;
        try {
            doc = Parser.parse(query);
        } catch (InvalidSyntaxException e) {
            throw new Invalid("Syntax error: " + e.getMessage());
        }
        List<ValidationError> errors = ParseAndValidate.validate(schema, doc);
        if (!errors.isEmpty()) {
            throw new Invalid(errors.stream().map(ValidationError::getDescription).collect(Collectors.joining("; ")));
        }
        List<OperationDefinition> ops = doc.getDefinitionsOfType(OperationDefinition.class);
        OperationDefinition op = ops.stream()
                .filter(o -> operationName == null || operationName.equals(o.getName()))
                .findFirst().orElseThrow(() -> new Invalid("Unknown operation named \"" + operationName + "\"."));
        if (op.getOperation() == OperationDefinition.Operation.SUBSCRIPTION) {
            throw new Invalid("The emulator serves queries and mutations only, not subscriptions");
        }
        Map<String, FragmentDefinition> fragments = new LinkedHashMap<>();
        doc.getDefinitionsOfType(FragmentDefinition.class).forEach(d -> fragments.put(d.getName(), d));
        p = new Parsed(op, Map.copyOf(fragments));
        if (parsed.size() >= MAX_CACHED_QUERIES) {
            parsed.clear();
        }
        parsed.put(cacheKey, p);
        return p;
    }

    /** An argument's literal or variable as JSON, as a server would coerce it (enums become their names). */
    private static JsonNode json(Value<?> v, JsonNode variables, Map<String, Value<?>> defaults) {
        if (v instanceof VariableReference r) {
            JsonNode given = variables.get(r.getName());
            if (given != null) {
                return given;
            }
            Value<?> d = defaults.get(r.getName());
            return d == null ? null : json(d, variables, defaults);
        }
        if (v instanceof StringValue s) {
            return JSON.textNode(s.getValue());
        }
        if (v instanceof IntValue i) {
            return JSON.numberNode(i.getValue());
        }
        if (v instanceof FloatValue f) {
            return JSON.numberNode(f.getValue());
        }
        if (v instanceof BooleanValue b) {
            return JSON.booleanNode(b.isValue());
        }
        if (v instanceof EnumValue e) {
            return JSON.textNode(e.getName());
        }
        if (v instanceof ArrayValue a) {
            ArrayNode out = JSON.arrayNode();
            for (Value<?> item : a.getValues()) {
                out.add(json(item, variables, defaults));
            }
            return out;
        }
        if (v instanceof ObjectValue o) {
            ObjectNode out = JSON.objectNode();
            for (ObjectField f : o.getObjectFields()) {
                out.set(f.getName(), json(f.getValue(), variables, defaults));
            }
            return out;
        }
        if (v instanceof NullValue) {
            return JSON.nullNode();
        }
        throw new IllegalArgumentException("unexpected GraphQL value " + v);
    }
}
