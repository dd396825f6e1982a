package io.wizcamel.delivery;

import io.wizcamel.config.Settings;
import io.wizcamel.stream.RunStats;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Route;

/**
 * The sinks a run delivers to, from {@code wiz.sinks}. A sink is a route with id {@code sink-<name>} (conventionally
 * in routes/sink-<name>.yaml) that takes a page of records from {@code direct:sink-<name>} and throws when it cannot
 * deliver them after its own retries.
 */
public class SinkRoster {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final List<String> sinks;

    public SinkRoster(String sinks) {
        this.sinks = Settings.list(sinks);
        for (String sink : this.sinks) {
            if (!NAME.matcher(sink).matches()) {
                throw new IllegalArgumentException("wiz.sinks (WIZ_SINKS) has '" + sink
                        + "': a sink name is lower-case letters, digits and dashes, as in routes/sink-<name>.yaml");
            }
        }
        if (this.sinks.isEmpty()) {
            throw new IllegalArgumentException("wiz.sinks (WIZ_SINKS) is empty: name at least one sink, e.g. file");
        }
    }

    public List<String> enabled() {
        return sinks;
    }

    /** whether the sink already gave up in this run: then its later pages go straight to the dead letters */
    public boolean isDown(@ExchangeProperty(RunStats.PROPERTY) RunStats run,
            @ExchangeProperty(DeliveryLedger.SINK) String sink) {
        return run.isDown(sink);
    }

    /**
     * The file sink publishes its output when the run commits; every other sink delivers as it goes. Only a
     * transactional sink's deliveries are undone when a run fails.
     */
    public static boolean isTransactional(String sink) {
        return "file".equals(sink);
    }

    /** Refuses to start with a sink that has no route, naming the sinks that do. */
    public void verify(CamelContext context) {
        for (String sink : sinks) {
            if (context.getRoute("sink-" + sink) == null) {
                String known = context.getRoutes().stream().map(Route::getRouteId).filter(id -> id.startsWith("sink-"))
                        .map(id -> id.substring(5)).sorted().collect(Collectors.joining(", "));
                throw new IllegalArgumentException("wiz.sinks (WIZ_SINKS) names '" + sink + "', but no route has id sink-"
                        + sink + ": add a route file such as routes/sink-" + sink + ".yaml (any file the routes-include-pattern reads, e.g. under routes/sinks/) or remove the name (sinks with routes: " + known + ")");
            }
        }
    }
}
