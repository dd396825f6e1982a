package io.wizcamel.console;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.EffectiveConfig;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.ops.RunMonitor;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.SyncHistory;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.Trigger;

/**
 * What the console shows, as JSON, read from the classes that already know it: the run monitor (runs under way,
 * each sink's last delivery), the history (last runs), the checkpoint store (watermarks, dead letters waiting), the
 * Quartz scheduler (next fire times) and the effective configuration, secrets masked.
 */
public class ConsoleState {

    /** how far back the history is read for each stream's last run (a stream quiet for longer shows none) */
    static final int LAST_RUN_LINES = 5000;
    /** how far back a filtered History looks (a poll every few seconds must not parse a years-long file) */
    static final int FILTER_LINES = 20_000;
    /** the longest history the History table asks for */
    public static final int HISTORY_MAX = 100;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context;
    private final Map<String, String> crawlOf;
    private final RunMonitor monitor;
    private final boolean tokenSet;
    private ArrayNode config;

    public ConsoleState(CamelContext context, Map<String, String> crawlOf, RunMonitor monitor, boolean tokenSet) {
        this.context = context;
        this.crawlOf = new LinkedHashMap<>(crawlOf);
        this.monitor = monitor;
        this.tokenSet = tokenSet;
    }

    public Set<String> streams() {
        return crawlOf.keySet();
    }

    public String crawlOf(String stream) {
        return crawlOf.get(stream);
    }

    public List<String> sinks() {
        Set<String> sinks = new LinkedHashSet<>();
        SinkRoster roster = roster();
        crawlOf.keySet().forEach(s -> sinks.addAll(roster.forStream(s)));
        return List.copyOf(sinks);
    }

    /** the streams that take the sink's records */
    public List<String> streamsOf(String sink) {
        SinkRoster roster = roster();
        return crawlOf.keySet().stream().filter(s -> roster.forStream(s).contains(sink)).toList();
    }

    public long deadLetters(String stream, String sink) throws SQLException {
        return ledger().deadLetterCount(stream, sink);
    }

    public ObjectNode state() throws IOException, SQLException {
        ObjectNode root = JSON.createObjectNode();
        root.put("now", Instant.now().toString());
        root.put("startedAt", monitor.startedAt().toString());
        String version = ConsoleState.class.getPackage().getImplementationVersion();
        root.put("version", version == null ? "development build" : version);
        root.put("adminTokenSet", tokenSet);
        Map<String, JsonNode> lastRuns = lastRuns();
        ArrayNode streams = root.putArray("streams");
        for (Map.Entry<String, String> e : crawlOf.entrySet()) {
            String stream = e.getKey();
            String crawl = e.getValue();
            ObjectNode s = streams.addObject().put("name", stream).put("crawl", crawl);
            s.put("nextRun", nextFire("wiz-" + crawl + "-schedule"));
            s.put("nextFullRun", nextFire("wiz-" + crawl + "-full-schedule"));
            s.put("watermark", ledger().watermark(stream));
            RunStats running = monitor.running(stream).orElse(null);
            if (running == null) {
                s.putNull("running");
            } else {
                s.putObject("running").put("runId", running.runId).put("trigger", running.trigger)
                        .put("mode", running.mode()).put("start", running.startedAt.toString())
                        .put("pages", running.pages).put("fetched", running.fetched)
                        .put("delivered", running.deliveredTotal());
            }
            s.set("lastRun", lastRuns.get(stream));
            s.putArray("sinks").addAll(roster().forStream(stream).stream().map(JSON::valueToTree)
                    .map(JsonNode.class::cast).toList());
        }
        ArrayNode sinks = root.putArray("sinks");
        for (String sink : sinks()) {
            ObjectNode o = sinks.addObject().put("name", sink);
            ObjectNode waiting = o.putObject("deadLettersByStream");
            long total = 0;
            for (String stream : streamsOf(sink)) {
                long n = deadLetters(stream, sink);
                waiting.put(stream, n);
                total += n;
            }
            o.put("deadLetters", total);
            RunMonitor.SinkDelivery last = null;
            String lastStream = null;
            for (Map.Entry<String, RunMonitor.SinkDelivery> d : monitor.deliveries(sink).entrySet()) {
                if (last == null || d.getValue().at().isAfter(last.at())) {
                    last = d.getValue();
                    lastStream = d.getKey();
                }
            }
            if (last == null) {
                o.putNull("lastDelivery");
            } else {
                o.putObject("lastDelivery").put("stream", lastStream).put("runId", last.runId())
                        .put("at", last.at() == null ? null : last.at().toString())
                        .put("outcome", last.failed() ? "failed" : "ok").put("error", last.error());
            }
        }
        root.set("config", config());
        return root;
    }

    /** the settings in effect, secrets masked: read once, as the daemon reads them once at start */
    private synchronized ArrayNode config() {
        if (config == null) {
            config = JSON.createArrayNode();
            for (EffectiveConfig.Entry c : EffectiveConfig.entries(context.getPropertiesComponent())) {
                config.addObject().put("room", c.room()).put("key", c.key()).put("env", c.env())
                        .put("value", c.shown()).put("secret", c.secret()).put("default", c.isDefault());
            }
        }
        return config;
    }

    /** the last 100 (or fewer) runs, newest first, of the stream and with the outcome given (null or blank: any) */
    public ObjectNode history(String stream, String outcome, int limit) throws IOException {
        boolean anyStream = stream == null || stream.isBlank();
        boolean anyOutcome = outcome == null || outcome.isBlank();
        List<JsonNode> runs = history().newestFirst(r -> (anyStream || stream.equals(r.path("stream").asText()))
                && (anyOutcome || outcome.equals(r.path("outcome").asText())),
                Math.max(1, Math.min(HISTORY_MAX, limit)), FILTER_LINES);
        ObjectNode root = JSON.createObjectNode();
        root.putArray("runs").addAll(runs);
        return root;
    }

    /** each stream's newest crawl run (a re-read of webhook ids is not the stream's run) in the history's tail */
    private Map<String, JsonNode> lastRuns() throws IOException {
        Map<String, JsonNode> last = new LinkedHashMap<>();
        history().newestFirst(r -> {
            String s = r.path("stream").asText();
            if (crawlOf.containsKey(s) && !r.has("ids") && !last.containsKey(s)) {
                last.put(s, r);
                return true;
            }
            return false;
        }, crawlOf.size(), LAST_RUN_LINES);
        return last;
    }

    /** the next fire time of a schedule route's Quartz trigger, or null when it is not scheduled (scheduler off) */
    private String nextFire(String routeId) {
        Route route = context.getRoute(routeId);
        if (route == null || !(route.getEndpoint() instanceof QuartzEndpoint quartz)
                || !context.getRouteController().getRouteStatus(routeId).isStarted()) {
            return null;
        }
        try {
            Trigger trigger = quartz.getComponent().getScheduler().getTrigger(quartz.getTriggerKey());
            Date next = trigger == null ? null : trigger.getNextFireTime();
            return next == null ? null : next.toInstant().toString();
        } catch (Exception e) {
            return null;
        }
    }

    private SinkRoster roster() {
        return context.getRegistry().findSingleByType(SinkRoster.class);
    }

    private DeliveryLedger ledger() {
        return context.getRegistry().findSingleByType(DeliveryLedger.class);
    }

    private SyncHistory history() {
        return context.getRegistry().findSingleByType(SyncHistory.class);
    }
}
