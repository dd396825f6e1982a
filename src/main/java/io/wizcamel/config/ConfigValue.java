package io.wizcamel.config;

import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Reads a setting exactly as configured, when a bean needs it. Secrets go this way rather than through YAML bean
 * arguments, which Camel parses as text: a quote or comma in a password would break start-up or change the value.
 *
 * <p>Camel reads {@code {{...}}} inside a value as a placeholder, so that {@code wiz.client-secret={{env:X}}} or a
 * vault function works. Any other value that Camel cannot resolve (a generated password holding {@code {{} or
 * {@code }}}) would read as unset, and Camel's error would quote it: such a value is taken as it was given, from
 * whichever source gave it (the environment, application.properties, the defaults). A value that is one placeholder
 * and nothing else ({@code {{env:MISSING}}}) stays unset when it does not resolve: it names a value, it is not one.
 */
public final class ConfigValue {

    /** one listener per properties component: it hands the value a lookup found to the read that asked for it */
    private static final Map<PropertiesComponent, Boolean> LISTENING = new WeakHashMap<>();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{[^{}]*\\}\\}");
    /** the read in progress on this thread: {key, raw value found} */
    private static final ThreadLocal<String[]> READING = new ThreadLocal<>();

    private ConfigValue() {
    }

    /** the value of {@code key} (application.properties or its environment variable), or "" when unset */
    public static String read(CamelContext context, String key) {
        return find(context.getPropertiesComponent(), key).orElse("");
    }

    /** the value of {@code key}, placeholders resolved where they resolve, else as given; empty when unset */
    public static Optional<String> find(PropertiesComponent pc, String key) {
        listen(pc);
        String[] reading = {key, null};
        READING.set(reading);
        try {
            Optional<String> resolved = pc.resolveProperty(key); // empty as well when the value does not parse
            if (resolved.isPresent() || reading[1] == null || PLACEHOLDER.matcher(reading[1]).matches()) {
                return resolved;
            }
            return Optional.of(reading[1]);
        } finally {
            READING.remove();
        }
    }

    private static void listen(PropertiesComponent pc) {
        synchronized (LISTENING) {
            if (LISTENING.put(pc, Boolean.TRUE) == null) {
                pc.addPropertiesLookupListener((name, value, defaultValue, source) -> {
                    String[] reading = READING.get();
                    if (reading != null && reading[1] == null && reading[0].equals(name)) {
                        reading[1] = value;
                    }
                });
            }
        }
    }
}
