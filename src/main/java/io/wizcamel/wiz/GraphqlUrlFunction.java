package io.wizcamel.wiz;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{wizGraphqlUrl:wiz.api-url}}}: the GraphQL endpoint of the API URL in that setting, with or without
 * {@code /graphql}. A property function (found by Camel through META-INF/services), so that the routes need no value
 * only the launcher computes and also run under Camel JBang or any camel-main application with the jar.
 */
public class GraphqlUrlFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext context;

    /** https://api.us17.app.wiz.io → https://api.us17.app.wiz.io/graphql; a URL ending in /graphql stays */
    public static String of(String apiUrl) {
        String path = apiUrl.trim().replaceAll("/+$", "");
        return path.endsWith("/graphql") ? path : path + "/graphql";
    }

    @Override
    public String getName() {
        return "wizGraphqlUrl";
    }

    @Override
    public String apply(String key) {
        String apiUrl = context.getPropertiesComponent().resolveProperty(key.trim())
                .orElseThrow(() -> new IllegalArgumentException(key + " is not set: give the tenant's API endpoint URL"));
        return of(apiUrl);
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
