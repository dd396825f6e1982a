package io.wizcamel.config;

import org.apache.camel.CamelContext;

/**
 * Reads a setting exactly as configured, when a bean needs it. Secrets go this way rather than through YAML bean
 * arguments, which Camel parses as text: a quote or comma in a password would break start-up or change the value.
 */
public final class ConfigValue {

    private ConfigValue() {
    }

    /** the value of {@code key} (application.properties or its environment variable), or "" when unset */
    public static String read(CamelContext context, String key) {
        return context.getPropertiesComponent().resolveProperty(key).orElse("");
    }
}
