package io.wizcamel.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
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

    private final CamelContext context;
    /** the streams this daemon syncs, with the crawl that runs each (a derived stream runs in its source's crawl) */
    private final Map<String, String> crawlOf;
    private final byte[] tokenDigest;
    private final RunMonitor monitor;
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    private ProducerTemplate template;
    /** with a cluster: a stream runs only on its leader */
    private ClusterRole cluster;

    public SyncNow(CamelContext context, Map<String, String> crawlOf, String adminToken, RunMonitor monitor) {
        this.context = context;
        this.crawlOf = new LinkedHashMap<>(crawlOf);
        this.tokenDigest = adminToken == null || adminToken.isBlank() ? null : sha256(adminToken);
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

    @Override
    public void handle(RoutingContext rc) {
        String auth = rc.request().getHeader("Authorization");
        if (tokenDigest == null || auth == null || !auth.startsWith("Bearer ")
                || !MessageDigest.isEqual(tokenDigest, sha256(auth.substring("Bearer ".length()).trim()))) {
            rc.response().putHeader("WWW-Authenticate", "Bearer realm=\"wiz-camel\"");
            answer(rc, 401, message(tokenDigest == null
                    ? "sync now is off: set wiz.admin-token (WIZ_ADMIN_TOKEN) on the daemon"
                    : "give the daemon's wiz.admin-token (WIZ_ADMIN_TOKEN) as Authorization: Bearer <token>"));
            return;
        }
        List<String> named = new ArrayList<>();
        rc.queryParam("stream").forEach(v -> named.addAll(Settings.list(v)));
        List<String> chosen = new ArrayList<>();
        for (String s : named) {
            String crawl = crawlOf.get(s);
            if (crawl == null) {
                answer(rc, 400, message("stream '" + s + "' is not one this daemon syncs: "
                        + String.join(", ", new TreeSet<>(crawlOf.keySet()))));
                return;
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
                answer(rc, 421, body);
                return;
            }
            chosen.removeIf(s -> !cluster.leads(s));
            if (chosen.isEmpty()) {
                answer(rc, 421, message("this node (" + cluster.nodeId() + ") leads no stream now (wiz.cluster "
                        + cluster.mode() + "): ask another node; nothing was started"));
                return;
            }
        }
        String fullParam = rc.queryParam("full").isEmpty() ? "false" : rc.queryParam("full").get(0);
        if (!fullParam.equals("true") && !fullParam.equals("false")) {
            answer(rc, 400, message("full is true or false, not '" + fullParam + "'"));
            return;
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
            answer(rc, 409, body);
            return;
        }
        ArrayNode started = JSON.createArrayNode();
        for (String s : chosen) {
            if (requested.add(s)) {
                started.add(s);
                template().asyncSend("direct:wiz-" + s + "-sync", e -> {
                    e.setProperty("wizTrigger", "sync-now");
                    e.setProperty("wizFull", full);
                }).whenComplete((e, t) -> requested.remove(s));
            }
        }
        ObjectNode body = JSON.createObjectNode().put("full", full);
        body.set("started", started);
        answer(rc, 202, body);
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

    private static void answer(RoutingContext rc, int status, ObjectNode body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(body.toString());
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
