package io.wizcamel.stream;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.http.ByteChunks;
import io.wizcamel.wiz.RetryPolicy;
import io.wizcamel.wiz.WizApiException;
import io.wizcamel.wiz.WizResponseCheck;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.json.JsonObject;

/**
 * The page loop's bookkeeping, for any stream (a root that answers a plain list instead of a paged connection is
 * one page): what to ask for next (page size, cursor, the stream's filterBy) and
 * whether the answer's cursor really moves on. The stream's template sets which connection of the answer it pages
 * ({@code wizConnection}) and which record field its watermark follows ({@code wizWatermarkField}).
 *
 * <p>While a page is mapped and delivered, the next one is already being asked for (through the same
 * direct:wiz-graphql route, with its rate limit, token and retries), so the download of one page overlaps the
 * delivery of the one before. The page asked for ahead waits as its bytes, checked but not parsed
 * ({@link WizResponseCheck#PARSE_LATER}), and is parsed when the run takes it: one parsed page is alive at a time.
 */
public class StreamPages implements CamelContextAware {

    public static final String AFTER = "wizAfter";
    public static final String HAS_NEXT_PAGE = "wizHasNextPage";
    public static final String CONNECTION = "wizConnection";
    public static final String WATERMARK_FIELD = "wizWatermarkField";
    public static final String PAGE_SIZE = "wizPageSize";
    public static final String FILTER_BY = "wizFilterBy";
    /** the request for the next page, under way while this one is delivered */
    public static final String NEXT_PAGE = "wizNextPage";
    static final String GRAPHQL = "direct:wiz-graphql";
    private static final JsonNode LAST_PAGE = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
            .put("hasNextPage", false);

    private CamelContext context;
    private ProducerTemplate template;
    private SyncStop stop;

    /** the stop a run heeds while it waits for a page (routes/wiz/stream.yaml wires syncStop) */
    public void setStop(SyncStop stop) {
        this.stop = stop;
    }

    /** the query's file: routes/graphql/<query>.graphql unless the stream names another */
    public static String queryFile(String query, String file) {
        return file == null || file.isBlank() ? "routes/graphql/" + query + ".graphql" : file;
    }

    /** The variables of the next page's query: $first, $after and, when the stream has one, $filterBy. */
    public JsonObject variables(Exchange exchange) {
        JsonObject variables = new JsonObject();
        variables.put("first", exchange.getProperty(PAGE_SIZE, 500, Integer.class));
        variables.put("after", exchange.getProperty(AFTER, String.class));
        Object filterBy = exchange.getProperty(FILTER_BY);
        if (filterBy != null) {
            variables.put("filterBy", filterBy);
        }
        return variables;
    }

    /** The answer of the next page: asked for while the previous page was delivered, or asked for now. */
    public JsonNode fetch(Exchange exchange) throws Exception {
        @SuppressWarnings("unchecked")
        CompletableFuture<Exchange> ahead = exchange.getProperty(NEXT_PAGE, CompletableFuture.class);
        exchange.removeProperty(NEXT_PAGE);
        if (ahead == null) {
            ahead = template().asyncSend(GRAPHQL, request(exchange));
        }
        Exchange answered = awaitPage(ahead, exchange);
        if (answered.getException() != null) {
            Throwable reported = answered.getProperty(RetryPolicy.FAILURE, Throwable.class);
            throw reported instanceof RuntimeException r ? r : answered.getException();
        }
        Object answer = answered.getMessage().getBody();
        return answer instanceof ByteChunks bytes ? WizResponseCheck.parse(bytes)
                : answered.getMessage().getMandatoryBody(JsonNode.class);
    }

    /**
     * The page's answer; when the process is stopping, a page still not in (Wiz slow, or retries backing off) is
     * abandoned: the run ends here rather than hold up the stop.
     */
    private Exchange awaitPage(CompletableFuture<Exchange> ahead, Exchange exchange) throws Exception {
        while (true) {
            try {
                return ahead.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException notYet) {
                if (stop != null && stop.requested()) {
                    RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
                    throw new SyncInterruptedException("stopped while waiting for page "
                            + (run == null ? "?" : run.pages + 1) + " of the " + exchange.getProperty(CONNECTION)
                            + " query");
                }
            }
        }
    }

    /** a request of the next page, carrying the run's properties (its statistics, query and scope) */
    private Exchange request(Exchange exchange) {
        Exchange request = new DefaultExchange(exchange.getContext());
        request.getProperties().putAll(exchange.getProperties());
        request.removeProperty(NEXT_PAGE);
        request.setProperty("wizVariables", variables(exchange));
        // parsed by the run when it takes the page: the page asked for ahead waits as bytes, not parsed beside the
        // one being delivered
        request.setProperty(WizResponseCheck.PARSE_LATER, true);
        return request;
    }

    private ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    /**
     * Takes a page's answer: counts it, remembers its cursor, asks for the next page ahead and returns this page's
     * nodes. A page that promises more with an empty or repeated cursor would loop for ever: it ends the run instead.
     */
    public JsonNode advance(JsonNode answer, Exchange exchange) {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        String name = exchange.getProperty(CONNECTION, String.class);
        String query = exchange.getProperty("wizQuery", name, String.class);
        JsonNode connection = answer.path("data").path(name);
        // a root that answers a plain list, not a connection (userRolesV2): the list is the run's one page
        boolean list = connection.isArray();
        JsonNode nodes = list ? connection : connection.path("nodes");
        JsonNode pageInfo = list ? LAST_PAGE : connection.path("pageInfo");
        if (!nodes.isArray() || !pageInfo.isObject()) {
            throw WizApiException.fatal("BAD_PAGE", "Wiz answered the " + name + " query without nodes or pageInfo: "
                    + "check that " + exchange.getProperty("wizQueryFile", queryFile(query, null), String.class)
                    + " selects " + name + " { nodes pageInfo } (or, for a root that answers a list, " + name + " { ... })");
        }
        boolean hasNextPage = pageInfo.path("hasNextPage").asBoolean(false);
        String endCursor = pageInfo.path("endCursor").asText("");
        String previous = exchange.getProperty(AFTER, String.class);
        if (hasNextPage && (endCursor.isEmpty() || endCursor.equals(previous))) {
            throw WizApiException.fatal("BAD_CURSOR", "Wiz answered page " + (run.pages + 1)
                    + " of the " + name + " query with hasNextPage true and " + (endCursor.isEmpty() ? "an empty" : "a repeated")
                    + " cursor; stopping rather than looping; the watermark stays where it was.");
        }
        run.pages++;
        run.fetched += nodes.size();
        if (connection.path("totalCount").isNumber()) {
            run.totalCount = connection.path("totalCount").asLong();
        }
        String field = exchange.getProperty(WATERMARK_FIELD, "", String.class);
        // a re-read of given ids says nothing about what else changed: it must not move the watermark
        if (!field.isEmpty() && run.byIds == 0) {
            for (JsonNode node : nodes) {
                run.sawWatermark(node.path(field).asText(null));
            }
        }
        exchange.setProperty(AFTER, endCursor);
        exchange.setProperty(HAS_NEXT_PAGE, hasNextPage);
        if (hasNextPage && context != null) {
            // a run that fails before it takes this page leaves the request to finish unread; nothing is lost
            exchange.setProperty(NEXT_PAGE, template().asyncSend(GRAPHQL, request(exchange)));
        }
        return nodes;
    }

    /** The mapping of a stream whose records are Wiz's nodes as its query selects them. */
    public List<ObjectNode> asRecords(JsonNode nodes) {
        List<ObjectNode> records = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            if (node instanceof ObjectNode record) {
                records.add(record);
            }
        }
        return records;
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
