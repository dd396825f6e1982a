package io.wizcamel.config;

import java.util.Properties;

import org.apache.camel.Ordered;
import org.apache.camel.spi.PropertiesSource;

/**
 * The settings schema's wiz.* defaults as a Camel properties source of the lowest precedence, found by Camel itself
 * (META-INF/services/org/apache/camel/properties-source-factory): the routes then also run without the launcher
 * (Camel JBang, any camel-main application with the jar), with application.properties and WIZ_* variables over them.
 */
public class SchemaDefaults implements PropertiesSource, Ordered {

    private final Properties defaults = SettingsSchema.load().defaults();

    @Override
    public String getName() {
        return "wiz-camel settings schema defaults";
    }

    @Override
    public String getProperty(String name) {
        return defaults.getProperty(name);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST;
    }
}
