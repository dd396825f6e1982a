package io.wizcamel.config;

import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Ordered;
import org.apache.camel.component.properties.PropertiesComponent;
import org.apache.camel.spi.PropertiesSource;

/**
 * The settings schema's wiz.* defaults as a Camel properties source found by Camel itself
 * (META-INF/services/org/apache/camel/properties-source-factory): the routes then also run without the launcher
 * (Camel JBang, any camel-main application with the jar). Camel asks property sources after the properties files
 * and before the initial properties, so a key the initial properties hold (the launcher's own defaults, a test's or
 * an application's settings) is left to them.
 */
public class SchemaDefaults implements PropertiesSource, Ordered, CamelContextAware {

    private final Properties defaults = SettingsSchema.load().defaults();
    private CamelContext context;

    @Override
    public String getName() {
        return "wiz-camel settings schema defaults";
    }

    @Override
    public String getProperty(String name) {
        if (context != null && context.getPropertiesComponent() instanceof PropertiesComponent pc
                && pc.getInitialProperties() != null && pc.getInitialProperties().containsKey(name)) {
            return null;
        }
        return defaults.getProperty(name);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST;
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
