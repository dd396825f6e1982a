package io.wizcamel.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.wizcamel.cluster.ClusterRole;
import io.wizcamel.config.Settings;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;

/**
 * {@code POST /wiz/sync?stream=issues&full=true} on the management port: runs the named streams (a derived stream
 * by its source's crawl; every stream of
 * the daemon when none is named) now, in the daemon, which holds the state folder. Needs
 * {@code Authorization: Bearer <wiz.admin-token>} (compared in constant time; 401 otherwise, and always when no
 * token is set). Answers 202 with the streams started; a stream with a run under way or already asked for is not
 * queued again: 409 says so.
 */
public class SyncNow implements Handler<RoutingContext> {

    public static final String PATH = "/wiz/sync";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** an answer to a request: its HTTP status and JSON body */
    public record Answer(int status, ObjectNode body) {
    }

    private final CamelContext context;
    /** the streams this daemon syncs, with the crawl that runs each (a derived stream runs in its source's crawl) */
    private final Map<String, String> crawlOf;
    private final AdminToken token;
    private final RunMonitor monitor;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private ProducerTemplate template;
    /** with a cluster: a stream runs only on its leader */
    private ClusterRole cluster;

    public SyncNow(CamelContext context, Map<String, String> crawlOf, String adminToken, RunMonitor monitor) {
        this.context = context;
        this.crawlOf = new LinkedHashMap<>(crawlOf);
        this.token = new AdminToken(adminToken);
        this.monitor = monitor;
    }

    /**
     * With a cluster, a stream this node does not lead is not run here: 421 (Misdirected Request) names its leader,
     * so the caller asks that node (or a load balancer retries another).
     */
    public SyncNow inCluster(ClusterRole role) {
        this.cluster = role;
        return this;
    }

    /** the streams this daemon syncs, each with the crawl that runs it */
    public Map<String, String> crawlOf() {
        return Map.copyOf(crawlOf);
    }

    @Override
    public void handle(RoutingContext rc) {
        if (!token.check(rc, "sync now")) {
            return;
        }
        List<String> named = new ArrayList<>();
        rc.queryParam("stream").forEach(v -> named.addAll(Settings.list(v)));
        String fullParam = rc.queryParam("full").isEmpty() ? "false" : rc.queryParam("full").get(0);
        answer(rc, sync(named, fullParam, "sync-now"));
    }

    /**
     * Starts the crawls that run the named streams (every crawl when none is named), unless one of them has a run
     * under way or asked for (409, nothing started). {@code full} is "true" or "false".
     */
    public Answer sync(List<String> named, String fullParam, String trigger) {
        List<String> chosen = new ArrayList<>();
        for (String s : named) {
            String crawl = crawlOf.get(s);
            if (crawl == null) {
                return new Answer(400, message("stream '" + s + "' is not one this daemon syncs: "
                        + String.join(", ", new TreeSet<>(crawlOf.keySet()))));
            }
            if (!chosen.contains(crawl)) {
                chosen.add(crawl);
            }
        }
        if (chosen.isEmpty()) {
            crawlOf.values().stream().distinct().forEach(chosen::add);
        }
        if (cluster != null) {
            ArrayNode elsewhere = JSON.createArrayNode();
            for (String s : chosen) {
                if (!cluster.leads(s)) {
                    elsewhere.addObject().put("stream", s).put("leader", cluster.leader(s).orElse(null));
                }
            }
            // every stream named must be led here; with none named, the streams this node leads
            if (!elsewhere.isEmpty() && !named.isEmpty()) {
                ObjectNode body = message("this node (" + cluster.nodeId() + ") does not lead "
                        + (elsewhere.size() == 1 ? "this stream" : "these streams") + " (wiz.cluster "
                        + cluster.mode() + "): ask its leader's POST " + PATH + "; nothing was started");
                body.set("notLeader", elsewhere);
                return new Answer(421, body);
            }
            chosen.removeIf(s -> !cluster.leads(s));
            if (chosen.isEmpty()) {
                return new Answer(421, message("this node (" + cluster.nodeId() + ") leads no stream now (wiz.cluster "
                        + cluster.mode() + "): ask another node; nothing was started"));
            }
        }
        if (!fullParam.equals("true") && !fullParam.equals("false")) {
            return new Answer(400, message("full is true or false, not '" + fullParam + "'"));
        }
        boolean full = Boolean.parseBoolean(fullParam);
        ArrayNode busy = JSON.createArrayNode();
        for (String s : chosen) {
            monitor.running(s).ifPresentOrElse(
                    run -> busy.addObject().put("stream", s).put("runId", run.runId)
                            .put("started", run.startedAt.toString()).put("trigger", run.trigger),
                    () -> {
                        if (requested.contains(s)) {
                            busy.addObject().put("stream", s).put("runId", (String) null).put("trigger", "sync-now");
                        }
                    });
        }
        if (!busy.isEmpty()) {
            ObjectNode body = message("a run is already under way or asked for; this request is not queued: ask again"
                    + " when it has ended");
            body.set("running", busy);
            return new Answer(409, body);
        }
        ArrayNode started = JSON.createArrayNode();
        for (String s : chosen) {
            if (requested.add(s)) {
                started.add(s);
                template().asyncSend("direct:wiz-" + s + "-sync", e -> {
                    e.setProperty("wizTrigger", trigger);
                    e.setProperty("wizFull", full);
                }).whenComplete((e, t) -> requested.remove(s));
            }
        }
        ObjectNode body = JSON.createObjectNode().put("full", full);
        body.set("started", started);
        return new Answer(202, body);
    }

    private synchronized ProducerTemplate template() {
        if (template == null) {
            template = context.createProducerTemplate();
        }
        return template;
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }

    public static void answer(RoutingContext rc, Answer answer) {
        rc.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                .end(answer.body().toString());
    }
}
