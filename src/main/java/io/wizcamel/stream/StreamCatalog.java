package io.wizcamel.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * The streams the routes define: crawls (routes of the wiz-stream-sync template, each paging one Wiz query) and
 * derived streams (routes of the wiz-derived-stream template, fed by a crawl's pages without another API call). It
 * says which crawls serve a choice of streams, and, during a crawl, opens and names the runs of the derived streams
 * it feeds.
 */
public class StreamCatalog implements CamelContextAware {

    public static final String CRAWL_TEMPLATE = "wiz-stream-sync";
    public static final String DERIVED_TEMPLATE = "wiz-derived-stream";
    /** the derived runs a crawl feeds, by stream (a LinkedHashMap of RunStats) */
    public static final String DERIVED_RUNS = "wizDerivedRuns";
    /** whether the crawl delivers its own records (its stream is chosen) or only feeds derived streams */
    public static final String OWN_RECORDS = "wizOwnRecords";
    /** the crawl's current page, its nodes as the query returned them */
    public static final String PAGE_NODES = "wizPageNodes";

    private record Derived(String stream, String item, String source) { }

    private CamelContext context;
    private Set<String> crawls;
    private List<Derived> derived;
    private volatile Set<String> chosen;

    /** The streams chosen for this process (--stream or wiz.streams); until set, wiz.streams. */
    public void choose(Collection<String> streams) {
        this.chosen = new LinkedHashSet<>(streams);
    }

    private Set<String> chosen() {
        Set<String> c = chosen;
        if (c == null) {
            c = new LinkedHashSet<>(Settings.list(context.getPropertiesComponent().resolveProperty("wiz.streams")
                    .orElse("issues")));
            chosen = c;
        }
        return c;
    }

    /**
     * The crawls to run for these streams, each once, in order: a crawl for itself, the sources of a derived stream
     * for it. An unknown name is an error naming the streams there are.
     *
     * @param what how the user named them, for the message (--stream or wiz.streams (WIZ_STREAMS))
     */
    public List<String> crawlsFor(List<String> streams, String what) {
        load();
        if (streams.isEmpty()) {
            throw new IllegalArgumentException("wiz.streams (WIZ_STREAMS) is empty: name at least one stream, e.g. issues");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String stream : streams) {
            if (crawls.contains(stream)) {
                out.add(stream);
                continue;
            }
            List<String> sources = derived.stream().filter(d -> d.stream().equals(stream)).map(Derived::source).toList();
            if (sources.isEmpty()) {
                Set<String> known = new TreeSet<>(crawls);
                derived.forEach(d -> known.add(d.stream()));
                throw new IllegalArgumentException(what + " names '" + stream + "', but no stream route has that name:"
                        + " add routes/streams/" + stream + ".yaml (a templatedRoute of " + CRAWL_TEMPLATE + " or "
                        + DERIVED_TEMPLATE + ") or remove the name (streams: " + String.join(", ", known) + ")");
            }
            out.addAll(sources);
        }
        return new ArrayList<>(out);
    }

    /**
     * At the start of a crawl: opens a run for each chosen stream it feeds, and says whether the crawl's own
     * records go out. A crawl that only feeds others reads everything and keeps its watermark where it was.
     */
    public void open(Exchange exchange) {
        load();
        RunStats crawl = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        Set<String> chosen = chosen();
        Map<String, RunStats> runs = new LinkedHashMap<>();
        for (Derived d : derived) {
            if (d.source().equals(crawl.stream) && chosen.contains(d.stream())) {
                RunStats run = new RunStats(d.stream(), d.item(), crawl.trigger);
                run.source = crawl.stream;
                runs.put(d.stream(), run);
            }
        }
        exchange.setProperty(DERIVED_RUNS, runs);
        boolean own = chosen.contains(crawl.stream) || runs.isEmpty();
        exchange.setProperty(OWN_RECORDS, own);
        if (!own) {
            exchange.setProperty("wizFull", true);
            exchange.setProperty(StreamPages.WATERMARK_FIELD, "");
        }
    }

    /** Whether this crawl feeds any derived run. */
    public boolean feeds(Exchange exchange) {
        Map<?, ?> runs = exchange.getProperty(DERIVED_RUNS, Map.class);
        return runs != null && !runs.isEmpty();
    }

    /** The routes of the derived runs open in this crawl, one per run: direct:wiz-<stream>-from-<source>. */
    public List<String> endpoints(Exchange exchange) {
        @SuppressWarnings("unchecked")
        Map<String, RunStats> runs = exchange.getProperty(DERIVED_RUNS, Map.class);
        List<String> uris = new ArrayList<>();
        if (runs != null) {
            runs.values().forEach(r -> uris.add("direct:wiz-" + r.stream + "-from-" + r.source));
        }
        return uris;
    }

    /** The open run of a derived stream in this crawl; a source page counts as seen by it. */
    public RunStats run(Exchange exchange, String stream) {
        @SuppressWarnings("unchecked")
        Map<String, RunStats> runs = exchange.getProperty(DERIVED_RUNS, Map.class);
        return runs.get(stream);
    }

    /** A page of the crawl, as a derived run takes it: counted, and as the crawl's query returned it. */
    public JsonNode fed(Exchange exchange) {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        JsonNode nodes = exchange.getProperty(PAGE_NODES, JsonNode.class);
        run.pages++;
        run.fetched += nodes.size();
        return nodes;
    }

    /** The default finish of a derived stream: nothing more to deliver at the end of the crawl. */
    public List<ObjectNode> nothingMore() {
        return List.of();
    }

    private synchronized void load() {
        if (crawls != null) {
            return;
        }
        Set<String> c = new LinkedHashSet<>();
        List<Derived> d = new ArrayList<>();
        for (RouteDefinition route : context.getCamelContextExtension().getContextPlugin(Model.class)
                .getRouteDefinitions()) {
            Map<String, Object> p = route.getTemplateParameters();
            if (p == null) {
                continue;
            }
            if (CRAWL_TEMPLATE.equals(route.getGroup())) {
                c.add(String.valueOf(p.get("stream")));
            } else if (DERIVED_TEMPLATE.equals(route.getGroup())) {
                d.add(new Derived(String.valueOf(p.get("stream")), String.valueOf(p.get("item")),
                        String.valueOf(p.get("from"))));
            }
        }
        crawls = c;
        derived = d;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
