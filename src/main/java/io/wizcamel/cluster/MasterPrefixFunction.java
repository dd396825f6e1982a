package io.wizcamel.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{wizMaster:issues}}} (or {@code {{wizMaster:acme/issues}}} for a tenant): the prefix that puts a consumer
 * under the stream's leader election, {@code master:wiz-default-issues:}, when wiz.cluster names a cluster service;
 * nothing with {@code none}, so the endpoint is exactly what follows it. The schedule routes and the webhook drain
 * start their {@code from} with it (routes/wiz/stream.yaml, routes/wiz/webhook.yaml).
 */
public class MasterPrefixFunction implements PropertiesFunction, CamelContextAware {

    private CamelContext context;

    @Override
    public String getName() {
        return "wizMaster";
    }

    @Override
    public String apply(String tenantAndStream) {
        if (ClusterService.NONE.equals(ClusterService.mode(context.getPropertiesComponent()))) {
            return "";
        }
        // in a tenant's context (wiz.tenants) its streams' elections are its own: wiz-<tenant>-<stream>
        String tenant = context.getPropertiesComponent().resolveProperty("wiz.tenant").orElse("").trim();
        return "master:" + ClusterService.namespace(tenant.isEmpty() || tenantAndStream.contains("/")
                ? tenantAndStream : tenant + "/" + tenantAndStream) + ":";
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
