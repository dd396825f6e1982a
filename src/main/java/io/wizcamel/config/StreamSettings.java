package io.wizcamel.config;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.wizcamel.stream.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * A sink's or stream's setting as it applies to one stream. {@code wiz.stream.<stream>.<key without "wiz.">}
 * overrides {@code <key>} for that stream (WIZ_STREAM_PROJECTS_SINK_KAFKA_TOPIC for wiz.sink.kafka.topic), and the
 * value's tokens are filled in: {stream} (issues), {Stream} (Issues; service-tickets gives ServiceTickets) and
 * {item} (issue). So the Kafka topic default wiz.{stream} is wiz.issues for issues and wiz.projects for projects.
 */
public class StreamSettings implements CamelContextAware {

    /** its name in the registry (a route may say {@code ref: streamSettings}) */
    public static final String BEAN = "streamSettings";
    private static final Object BINDING = new Object();

    private final Map<String, String> cache = new ConcurrentHashMap<>();
    private CamelContext context;

    /**
     * The context's instance: the one bound as {@value #BEAN}, else a new one, bound now. Beans ask for it
     * ({@link StreamSettingsAware}) instead of taking {@code #bean:streamSettings}: route files are read in no fixed
     * order, and a plain camel-main (Camel JBang, the Kamelet's own context) has no launcher to bind it first.
     */
    public static StreamSettings of(CamelContext context) {
        synchronized (BINDING) {
            StreamSettings settings = context.getRegistry().lookupByNameAndType(BEAN, StreamSettings.class);
            if (settings == null) {
                settings = new StreamSettings();
                settings.setCamelContext(context);
                context.getRegistry().bind(BEAN, settings);
            }
            return settings;
        }
    }

    /** {@code key} for the run's stream; without settings (a bean made by a test) the given value, tokens filled in */
    public static String forRun(StreamSettings settings, String key, String given, RunStats run) {
        return settings != null ? settings.get(key, run) : StreamValues.expand(given, run.stream, run.item);
    }

    /** the value of {@code key} for the run's stream, or "" when neither the stream's key nor the key is set */
    public String get(String key, RunStats run) {
        return get(key, run.stream, run.item);
    }

    public String get(String key, String stream, String item) {
        return cache.computeIfAbsent(key + '\n' + stream + '\n' + item,
                k -> StreamValues.expand(raw(key, stream), stream, item));
    }

    private String raw(String key, String stream) {
        var pc = context.getPropertiesComponent();
        if (key.startsWith("wiz.")) {
            var own = pc.resolveProperty(StreamValues.streamKey(key, stream));
            if (own.isPresent()) {
                return own.get();
            }
        }
        return pc.resolveProperty(key).orElse("");
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
