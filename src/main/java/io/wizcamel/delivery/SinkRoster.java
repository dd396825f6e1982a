package io.wizcamel.delivery;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.wizcamel.config.Settings;
import io.wizcamel.stream.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Route;

/**
 * The sinks a run delivers to, from {@code wiz.sinks}. A sink is a route with id {@code sink-<name>} (conventionally
 * in routes/sinks/<name>.yaml) that takes a page of records from {@code direct:sink-<name>} and throws when it cannot
 * deliver them after its own retries. A sink takes the streams {@code wiz.sink.<name>.streams} lists (every stream
 * when unset or {@code *}; the ticketing sinks take issues only by default).
 */
public class SinkRoster implements CamelContextAware {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final List<String> sinks;
    private final Map<String, List<String>> byStream = new ConcurrentHashMap<>();
    private CamelContext context;

    public SinkRoster(String sinks) {
        this.sinks = Settings.list(sinks);
        for (String sink : this.sinks) {
            if (!NAME.matcher(sink).matches()) {
                throw new IllegalArgumentException("wiz.sinks (WIZ_SINKS) has '" + sink
                        + "': a sink name is lower-case letters, digits and dashes, as in routes/sinks/<name>.yaml");
            }
        }
        if (this.sinks.isEmpty()) {
            throw new IllegalArgumentException("wiz.sinks (WIZ_SINKS) is empty: name at least one sink, e.g. file");
        }
    }

    /** every sink of wiz.sinks */
    public List<String> enabled() {
        return sinks;
    }

    /** the sinks of wiz.sinks that take the run's stream */
    public List<String> forRun(@ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        return forStream(run.stream);
    }

    public List<String> forStream(String stream) {
        return byStream.computeIfAbsent(stream, s -> sinks.stream().filter(sink -> takes(sink, s)).toList());
    }

    private boolean takes(String sink, String stream) {
        String accepted = context == null ? ""
                : context.getPropertiesComponent().resolveProperty("wiz.sink." + sink + ".streams").orElse("");
        List<String> streams = Settings.list(accepted);
        return streams.isEmpty() || streams.contains("*") || streams.contains(stream);
    }

    /** whether the sink already gave up in this run: then its later pages go straight to the dead letters */
    public boolean isDown(@ExchangeProperty(RunStats.PROPERTY) RunStats run,
            @ExchangeProperty(DeliveryLedger.SINK) String sink) {
        return run.isDown(sink);
    }

    /** Refuses to start with a sink that has no route, naming the sinks that do. */
    public void verify(CamelContext context) {
        for (String sink : sinks) {
            if (context.getRoute("sink-" + sink) == null) {
                String known = context.getRoutes().stream().map(Route::getRouteId).filter(id -> id.startsWith("sink-"))
                        .map(id -> id.substring(5)).sorted().collect(Collectors.joining(", "));
                throw new IllegalArgumentException("wiz.sinks (WIZ_SINKS) names '" + sink + "', but no route has id sink-"
                        + sink + ": add a route file such as routes/sink-" + sink + ".yaml (any file the"
                        + " routes-include-pattern reads, e.g. under routes/sinks/) or remove the name (sinks with routes: "
                        + known + ")");
            }
        }
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
