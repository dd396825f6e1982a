package io.wizcamel.wiz;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import graphql.ParseAndValidate;
import graphql.analysis.QueryTraverser;
import graphql.analysis.QueryVisitorFieldEnvironment;
import graphql.analysis.QueryVisitorStub;
import graphql.execution.CoercedVariables;
import graphql.introspection.IntrospectionQuery;
import graphql.introspection.IntrospectionResultToSchema;
import graphql.language.Document;
import graphql.language.OperationDefinition;
import graphql.parser.InvalidSyntaxException;
import graphql.parser.Parser;
import graphql.schema.GraphQLArgument;
import graphql.schema.GraphQLFieldDefinition;
import graphql.schema.GraphQLFieldsContainer;
import graphql.schema.GraphQLSchema;
import graphql.schema.GraphQLType;
import graphql.schema.GraphQLTypeUtil;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.UnExecutableSchemaGenerator;
import graphql.validation.ValidationError;
import io.wizcamel.WizCamel;
import io.wizcamel.config.UnknownSettings;
import io.wizcamel.stream.StreamPages;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schema-drift check (docs/schema-drift.md): the tenant's schema fetched with the standard introspection query
 * (through direct:wiz-graphql: the same token, rate limit and retries as the streams), and every bundled GraphQL
 * file (routes/graphql/*.graphql and each stream's query file, as the operator edited them) validated against it
 * with graphql-java. Errors: unknown fields, arguments and types (with the nearest existing name), wrong variable
 * types, a root the tenant does not have. Warnings: deprecated fields, with Wiz's reason. The schema is cached in the
 * state folder with its fetch time; when Wiz cannot be reached the cached one is used and said so.
 */
public final class SchemaCheck {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCheck.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern UNDEFINED_FIELD = Pattern.compile("Field '(\\w+)' in type '(\\w+)' is undefined");
    private static final Pattern UNKNOWN_ARGUMENT = Pattern.compile("Unknown field argument '(\\w+)'");
    public static final String CACHE_FILE = "wiz-schema.json";

    /** one line of the report: an error or a warning about a file */
    public record Finding(boolean error, String text) {
        @Override
        public String toString() {
            return (error ? "error: " : "warning: ") + text;
        }
    }

    private SchemaCheck() {
    }

    // ---- what is checked --------------------------------------------------------------------------------------

    /** Every error and warning of one GraphQL document against the schema. */
    public static List<Finding> check(GraphQLSchema schema, String text) {
        Document doc;
        try {
            doc = Parser.parse(text);
        } catch (InvalidSyntaxException e) {
            return List.of(new Finding(true, "not valid GraphQL: " + e.getMessage()));
        }
        List<Finding> out = new ArrayList<>();
        for (ValidationError e : ParseAndValidate.validate(schema, doc)) {
            out.add(new Finding(true, explain(schema, e)));
        }
        if (out.isEmpty()) {
            out.addAll(deprecations(schema, doc));
        }
        return out;
    }

    private static String explain(GraphQLSchema schema, ValidationError e) {
        String where = e.getQueryPath() == null || e.getQueryPath().isEmpty() ? ""
                : " (at " + String.join("/", e.getQueryPath()) + ")";
        String text = e.getDescription().replaceFirst("^Validation error \\([^)]*\\) : ", "");
        Matcher field = UNDEFINED_FIELD.matcher(text);
        if (field.find()) {
            GraphQLType type = schema.getType(field.group(2));
            List<String> names = type instanceof GraphQLFieldsContainer c
                    ? c.getFieldDefinitions().stream().map(GraphQLFieldDefinition::getName).toList() : List.of();
            String root = type != null && type == schema.getQueryType()
                    ? "the tenant's schema has no root " + field.group(1) + " (removed or renamed); " : "";
            return root + text + where + suggestion(field.group(1), names);
        }
        Matcher argument = UNKNOWN_ARGUMENT.matcher(text);
        if (argument.find()) {
            Set<String> names = new TreeSet<>();
            for (GraphQLType t : schema.getAllTypesAsList()) {
                if (t instanceof GraphQLFieldsContainer c) {
                    c.getFieldDefinitions().forEach(f -> f.getArguments().stream().map(GraphQLArgument::getName)
                            .forEach(names::add));
                }
            }
            return text + where + suggestion(argument.group(1), names);
        }
        return text + where;
    }

    /** "; did you mean 'severity'?" when a name is close enough to be a typo of it */
    static String suggestion(String given, Iterable<String> names) {
        List<String> candidates = new ArrayList<>();
        names.forEach(candidates::add);
        String best = UnknownSettings.closest(given, candidates, Function.identity());
        return best != null && UnknownSettings.distance(given.toLowerCase(Locale.ROOT), best.toLowerCase(Locale.ROOT))
                <= Math.max(2, given.length() / 3) ? "; did you mean '" + best + "'?" : "";
    }

    private static List<Finding> deprecations(GraphQLSchema schema, Document doc) {
        Set<String> seen = new TreeSet<>();
        for (OperationDefinition op : doc.getDefinitionsOfType(OperationDefinition.class)) {
            if (op.getVariableDefinitions().stream().anyMatch(v -> v.getType() instanceof graphql.language.NonNullType
                    && !(schema.getType(typeName(v.getType())) instanceof graphql.schema.GraphQLScalarType))) {
                // a required input object ($input of the user mutations) cannot be coerced from no variables: the
                // traversal would fail; such an operation's fields are checked by validation above, not for
                // deprecation
                continue;
            }
            QueryTraverser.newQueryTraverser().schema(schema).document(doc).operationName(op.getName())
                    .coercedVariables(CoercedVariables.emptyVariables()).build()
                    .visitPreOrder(new QueryVisitorStub() {
                        @Override
                        public void visitField(QueryVisitorFieldEnvironment env) {
                            GraphQLFieldDefinition f = env.getFieldDefinition();
                            if (f.isDeprecated()) {
                                seen.add(GraphQLTypeUtil.simplePrint(GraphQLTypeUtil.unwrapAll(env.getParentType()))
                                        + "." + f.getName() + " is deprecated: " + f.getDeprecationReason());
                            }
                        }
                    });
        }
        return seen.stream().map(s -> new Finding(false, s)).toList();
    }

    private static String typeName(graphql.language.Type<?> t) {
        return graphql.schema.idl.TypeUtil.unwrapAll(t).getName();
    }

    /** The schema an introspection answer describes ({"__schema": ...}), deprecations included. */
    public static GraphQLSchema fromIntrospection(JsonNode data) {
        Map<String, Object> result = JSON.convertValue(data, new TypeReference<Map<String, Object>>() { });
        Document sdl = new IntrospectionResultToSchema().createSchemaDefinition(result);
        return UnExecutableSchemaGenerator.makeUnExecutableSchema(new SchemaParser().buildRegistry(sdl));
    }

    // ---- against the running routes ---------------------------------------------------------------------------

    /** stream → its query file, from the sync routes' template parameters */
    public static Map<String, String> streamFiles(CamelContext context) {
        Map<String, String> out = new TreeMap<>();
        for (RouteDefinition r : ((ModelCamelContext) context).getRouteDefinitions()) {
            Map<String, Object> p = r.getTemplateParameters();
            if (p != null && p.get("query") != null && p.get("stream") != null && r.getRouteId() != null
                    && r.getRouteId().endsWith("-sync")) {
                Object file = p.get("query-file");
                out.put(String.valueOf(p.get("stream")), StreamPages.queryFile(String.valueOf(p.get("query")),
                        file == null ? null : String.valueOf(file)));
            }
        }
        return out;
    }

    /** every bundled GraphQL file: routes/graphql/*.graphql and the streams' own query files */
    public static Set<String> bundledFiles(CamelContext context) throws IOException {
        Set<String> files = new TreeSet<>(streamFiles(context).values());
        Path dir = Path.of("routes/graphql");
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.graphql")) {
                s.forEach(p -> files.add(p.toString()));
            }
        }
        return files;
    }

    /** file → its findings, against the tenant's schema */
    public static Map<String, List<Finding>> checkAll(CamelContext context, PrintStream out) throws Exception {
        GraphQLSchema schema = fromIntrospection(fetch(context, out).path("data"));
        Map<String, List<Finding>> report = new LinkedHashMap<>();
        for (String file : bundledFiles(context)) {
            Path p = Path.of(file);
            report.put(file, Files.isRegularFile(p)
                    ? check(schema, Files.readString(p, StandardCharsets.UTF_8))
                    : List.of(new Finding(true, "the file is missing")));
        }
        return report;
    }

    /** --check-schema: prints each file's findings; 0 without errors, 1 with */
    public static int run(CamelContext context, PrintStream out) {
        Map<String, List<Finding>> report;
        try {
            report = checkAll(context, out);
        } catch (Exception e) {
            out.println("schema check: cannot fetch the tenant's schema: " + WizCamel.oneLine(e));
            return 1;
        }
        return print(report, out) == 0 ? 0 : 1;
    }

    /** prints the report; returns the number of files with errors */
    static int print(Map<String, List<Finding>> report, PrintStream out) {
        int failed = 0;
        int warnings = 0;
        for (Map.Entry<String, List<Finding>> e : report.entrySet()) {
            if (e.getValue().isEmpty()) {
                out.println(e.getKey() + ": OK");
            }
            for (Finding f : e.getValue()) {
                out.println(e.getKey() + ": " + f);
                warnings += f.error() ? 0 : 1;
            }
            failed += e.getValue().stream().anyMatch(Finding::error) ? 1 : 0;
        }
        out.println("schema check: " + report.size() + " file(s), " + failed + " with errors, " + warnings
                + " warning(s)");
        return failed;
    }

    /**
     * WIZ_CHECK_SCHEMA_ON_START: the streams whose query has errors against the tenant's schema, each with why;
     * the launcher does not run them (the others run). Warnings are logged. A check that cannot fetch the schema
     * refuses no stream: the streams' own runs will say what is wrong.
     */
    public static Map<String, String> refusedStreams(CamelContext context) {
        Map<String, String> refused = new TreeMap<>();
        Map<String, List<Finding>> report;
        try {
            report = checkAll(context, null);
        } catch (Exception e) {
            LOG.warn("Schema check at start: cannot fetch the tenant's schema ({}); the streams start unchecked",
                    WizCamel.oneLine(e));
            return refused;
        }
        streamFiles(context).forEach((stream, file) -> {
            for (Finding f : report.getOrDefault(file, List.of())) {
                if (f.error()) {
                    refused.merge(stream, file + ": " + f.text(), (a, b) -> a + "; " + b);
                } else {
                    LOG.warn("Schema check: {}: {}", file, f);
                }
            }
        });
        return refused;
    }

    /**
     * The tenant's introspection answer, fetched now and cached in the state folder with its fetch time; when the
     * fetch fails, the cached answer (saying how old it is), else the failure.
     */
    static JsonNode fetch(CamelContext context, PrintStream out) throws Exception {
        Path cache = Path.of(context.resolvePropertyPlaceholders("{{wiz.state-dir}}"), CACHE_FILE);
        Exchange request = new DefaultExchange(context);
        request.setProperty("wizQuery", "the introspection query");
        request.setProperty("wizQueryFile", "(introspection)");
        request.setProperty("wizScope", "any read");
        request.setProperty("wizVariables", new JsonObject());
        request.setProperty(GraphqlRequest.QUERY_TEXT, IntrospectionQuery.INTROSPECTION_QUERY);
        Exchange answered;
        try (ProducerTemplate template = context.createProducerTemplate()) {
            answered = template.send("direct:wiz-graphql", request);
        }
        if (answered.getException() == null) {
            JsonNode answer = answered.getMessage().getMandatoryBody(JsonNode.class);
            ObjectNode cached = JSON.createObjectNode();
            cached.put("fetchedAt", Instant.now().toString());
            cached.set("data", answer.path("data"));
            Files.createDirectories(cache.getParent());
            Files.write(cache, JSON.writeValueAsBytes(cached));
            return cached;
        }
        if (!Files.isRegularFile(cache)) {
            throw answered.getException();
        }
        JsonNode cached = JSON.readTree(cache.toFile());
        String age = Duration.between(Instant.parse(cached.path("fetchedAt").asText()), Instant.now())
                .toMinutes() + " minutes";
        String note = "cannot fetch the tenant's schema (" + WizCamel.oneLine(answered.getException())
                + "); checking against the one cached in " + cache + " " + age + " ago";
        if (out != null) {
            out.println("schema check: " + note);
        }
        LOG.warn(note);
        return cached;
    }
}
