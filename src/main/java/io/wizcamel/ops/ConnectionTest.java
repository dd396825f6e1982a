package io.wizcamel.ops;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wizcamel.WizCamel;
import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.StreamPages;
import io.wizcamel.wiz.WizApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.util.json.JsonObject;

/**
 * {@code --test-connection}: fetches a Wiz token, asks each stream's query for one node (a missing scope is named),
 * reaches each enabled sink with its cheapest harmless call, prints a table and passes only when every check does.
 * A sink's call is its route {@code sink-<name>-probe} (e.g. Splunk HEC's empty POST); the file sink's is a file
 * created and removed in its output folder; a sink without either is reported as not checked.
 */
public final class ConnectionTest {

    /** one line of the table */
    public record Check(String what, String result, String detail) {
        public boolean failed() {
            return "FAIL".equals(result);
        }
    }

    private final CamelContext context;
    private final ProducerTemplate template;

    public ConnectionTest(CamelContext context) {
        this.context = context;
        this.template = context.createProducerTemplate();
    }

    /** runs every check, prints the table, and returns whether all passed */
    public boolean run(List<String> streams, PrintStream out) {
        List<Check> checks = checks(streams);
        int width = checks.stream().mapToInt(c -> c.what().length()).max().orElse(10);
        out.println("wiz-camel --test-connection");
        for (Check c : checks) {
            out.printf("  %-" + width + "s  %-4s  %s%n", c.what(), c.result(), c.detail());
        }
        long failed = checks.stream().filter(Check::failed).count();
        out.println(failed == 0 ? "all checks passed" : failed + " of " + checks.size() + " checks failed");
        return failed == 0;
    }

    /** runs every check (the token, each stream's query, each enabled sink's harmless call): the table's rows */
    public List<Check> checks(List<String> streams) {
        List<Check> checks = new ArrayList<>();
        Check token = token();
        checks.add(token);
        for (String stream : streams) {
            checks.add(token.failed() ? new Check("stream " + stream, "FAIL", "no token") : stream(stream));
        }
        SinkRoster roster = context.getRegistry().findSingleByType(SinkRoster.class);
        for (String sink : roster.enabled()) {
            checks.add(sink(sink, streams.get(0)));
        }
        return checks;
    }

    private Check token() {
        String url = context.resolvePropertyPlaceholders("{{wiz.token-url}}");
        Exchange e = template.send("direct:wizTokens-token", ex -> { });
        if (e.getException() != null) {
            return new Check("Wiz token", "FAIL", WizCamel.oneLine(e.getException()));
        }
        return new Check("Wiz token", "OK", "from " + url);
    }

    /** one node of the stream's query, as its sync route asks (the stream template's parameters) */
    private Check stream(String stream) {
        RouteDefinition route = context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinition("wiz-" + stream + "-sync");
        Map<String, Object> p = route == null ? Map.of() : route.getTemplateParameters();
        String query = String.valueOf(p.getOrDefault("query", stream));
        String scope = String.valueOf(p.getOrDefault("scope", "?"));
        String connection = String.valueOf(p.getOrDefault("connection", stream));
        Object file = p.get("query-file");
        JsonObject variables = new JsonObject();
        variables.put("first", 1);
        Exchange e = template.send("direct:wiz-graphql", ex -> {
            ex.setProperty("wizQuery", query);
            ex.setProperty("wizQueryFile", StreamPages.queryFile(query, file == null ? null : file.toString()));
            ex.setProperty("wizScope", scope);
            ex.setProperty(StreamPages.CONNECTION, connection);
            ex.setProperty("wizVariables", variables);
        });
        String what = "stream " + stream + " (" + scope + ")";
        Throwable t = e.getException();
        if (t != null) {
            WizApiException wiz = e.getException(WizApiException.class);
            if (wiz != null && "UNAUTHORIZED".equals(wiz.code())) {
                return new Check(what, "FAIL", "missing scope " + scope + ": " + WizCamel.oneLine(wiz));
            }
            return new Check(what, "FAIL", WizCamel.oneLine(t));
        }
        var nodes = e.getMessage().getBody(com.fasterxml.jackson.databind.JsonNode.class).path("data").path(connection)
                .path("nodes");
        if (!nodes.isArray()) {
            return new Check(what, "FAIL", "the answer has no data." + connection + ".nodes: check the query file");
        }
        return new Check(what, "OK", "query " + query + " answered with " + nodes.size() + " node"
                + (nodes.size() == 1 ? "" : "s"));
    }

    private Check sink(String sink, String stream) {
        String what = "sink " + sink;
        if (context.getRoute("sink-" + sink + "-probe") != null) {
            Exchange e = template.send("direct:sink-" + sink + "-probe", ex -> {
                ex.setProperty(RunStats.PROPERTY, new RunStats(stream, stream, "test-connection"));
                ex.getMessage().setBody("");
            });
            // a probe may set exchange property probeResult "--": reached nothing that can be checked (syslog UDP)
            return e.getException() != null ? new Check(what, "FAIL", WizCamel.oneLine(e.getException()))
                    : new Check(what, e.getProperty("probeResult", "OK", String.class),
                            e.getMessage().getBody(String.class));
        }
        if ("file".equals(sink)) {
            Path dir = Path.of(context.resolvePropertyPlaceholders("{{wiz.output-dir}}"));
            try {
                Files.createDirectories(dir);
                Files.delete(Files.createTempFile(dir, ".wiz-camel-test-", ".tmp"));
                return new Check(what, "OK", "can write " + dir.toAbsolutePath().normalize());
            } catch (Exception ex) {
                return new Check(what, "FAIL", "wiz.output-dir (WIZ_OUTPUT_DIR) " + dir + " is not writable: "
                        + ex.getMessage());
            }
        }
        return new Check(what, "--", "not checked: the sink has no harmless call (route sink-" + sink + "-probe)");
    }
}
