package io.wizcamel.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * Cluster nodes in this JVM, each a CamelContext with the cluster service {@link ClusterService} builds from its
 * settings and one consumer under {@code {{wizMaster:issues}}} (a timer, as a stream's schedule is) that counts how
 * often it fires: what a test of a cluster mode needs to see which node leads. Stopped by {@link #close}.
 */
final class ConsumerNodes implements AutoCloseable {

    private final List<DefaultCamelContext> nodes = new ArrayList<>();

    /** a node with these cluster settings (wiz.cluster.node-id is {@code id}); {@code fired} counts its consumer */
    DefaultCamelContext start(String id, Properties settings, AtomicInteger fired) throws Exception {
        DefaultCamelContext c = new DefaultCamelContext();
        Properties p = new Properties();
        p.putAll(settings);
        p.setProperty("wiz.cluster.node-id", id);
        c.getPropertiesComponent().setInitialProperties(p);
        CamelClusterService service = ClusterService.create(c.getPropertiesComponent());
        c.addService(service, true, true);
        c.getRegistry().bind(ClusterRole.BEAN, new ClusterRole(service, p.getProperty("wiz.cluster"), id));
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("{{wizMaster:issues}}timer:wiz-issues?period=100").routeId("wiz-issues-schedule")
                        .process(e -> fired.incrementAndGet());
            }
        });
        c.start();
        nodes.add(c);
        return c;
    }

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Override
    public void close() {
        nodes.forEach(DefaultCamelContext::stop);
    }
}
