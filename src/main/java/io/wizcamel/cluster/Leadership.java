package io.wizcamel.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * {@code wizLeadership}: whether this node may run a stream now: always without a cluster; with one, only while it
 * leads the stream. The schedules check it as they fire: a leader that has just given a stream up (or lost it)
 * may still get a last tick from its {@code master:} consumer, which stops a moment after the new leader starts.
 */
public class Leadership implements CamelContextAware {

    private CamelContext context;

    public boolean leads(String stream) {
        ClusterRole role = context == null ? null : ClusterRole.of(context);
        return role == null || role.leads(stream);
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
