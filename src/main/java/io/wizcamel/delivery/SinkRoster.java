package io.wizcamel.delivery;

import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.wizcamel.config.Settings;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.config.StreamSettingsAware;
import io.wizcamel.stream.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

/**
 * The sinks a run delivers to, from {@code wiz.sinks}. A sink is a route with id {@code sink-<name>} and group
 * {@value #GROUP} (conventionally
 * in routes/sinks/<name>.yaml) that takes a page of records from {@code direct:sink-<name>} and throws when it cannot
 * deliver them after its own retries. A sink takes the streams {@code wiz.sink.<name>.streams} lists (every stream
 * when unset or {@code *}; the ticketing sinks take issues only by default).
 */
public class SinkRoster extends StreamSettingsAware {

    /** the route group that declares a route a sink */
    public static final String GROUP = "wiz-sink";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private final List<String> sinks;
    private final Map<String, List<String>> byStream = new ConcurrentHashMap<>();

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
        StreamSettings streamSettings = streamSettings();
        String accepted = streamSettings == null ? ""
                : streamSettings.get("wiz.sink." + sink + ".streams", stream, stream);
        List<String> streams = Settings.list(accepted);
        return streams.isEmpty() || streams.contains("*") || streams.contains(stream);
    }

    /** whether a page has anything to deliver (plain Java: a simple expression on the list costs a hash of it) */
    public static boolean hasRecords(List<?> records) {
        return records != null && !records.isEmpty();
    }

    /** whether the sink already gave up in this run: then its later pages go straight to the dead letters */
    public boolean isDown(@ExchangeProperty(RunStats.PROPERTY) RunStats run,
            @ExchangeProperty(DeliveryLedger.SINK) String sink) {
        return run.isDown(sink);
    }

    /**
     * The route files of the bundled sinks that are off (routes/sinks/<name>.yaml), as Camel's routes exclude
     * pattern: they are not loaded. The file sink is always loaded: its publisher finishes a run a crash left behind.
     */
    public static String idleRoutes(List<String> enabled, List<String> bundled) {
        return bundled.stream().filter(s -> !enabled.contains(s) && !"file".equals(s))
                .map(s -> "**/sinks/" + s + ".yaml").collect(Collectors.joining(","));
    }

    /**
     * Refuses to start with a sink that has no route declared a sink (group {@value #GROUP}), naming the bundled
     * sinks: a helper route such as sentinel-post or servicenow-call is not a sink, whatever its id.
     */
    public void verify(CamelContext context, List<String> bundled) {
        for (String sink : sinks) {
            // the route as read (a route file's), so that --check-config finds it before any route is started
            RouteDefinition route = context.getCamelContextExtension().getContextPlugin(Model.class)
                    .getRouteDefinition("sink-" + sink);
            if (route != null && !GROUP.equals(route.getGroup())) {
                throw new IllegalArgumentException("wiz.sinks (WIZ_SINKS) names '" + sink + "', but route sink-" + sink
                        + " is not declared a sink (group: " + GROUP + "): it is a helper route of another sink;"
                        + " remove the name (the bundled sinks: " + String.join(", ", new TreeSet<>(bundled)) + ")");
            }
            if (route == null) {
                throw new IllegalArgumentException("wiz.sinks (WIZ_SINKS) names '" + sink + "', but no route has id sink-"
                        + sink + ": add a route file for it, such as routes/sink-" + sink + ".yaml (under routes/sinks/,"
                        + " or any file the routes-include-pattern reads), or remove the name (the bundled sinks: "
                        + String.join(", ", new TreeSet<>(bundled)) + ")");
            }
        }
    }
}
