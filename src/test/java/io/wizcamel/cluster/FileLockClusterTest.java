package io.wizcamel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * wiz.cluster=file: two nodes (CamelContexts with the FileLockClusterService built from the settings) on one lock
 * folder: exactly one runs the consumer under {@code {{wizMaster:issues}}}; when it stops, the other takes over.
 */
class FileLockClusterTest {

    @TempDir
    Path root;

    private final List<DefaultCamelContext> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(DefaultCamelContext::stop);
    }

    private DefaultCamelContext node(String id, AtomicInteger fired) throws Exception {
        DefaultCamelContext c = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty("wiz.cluster", "file");
        p.setProperty("wiz.cluster.node-id", id);
        p.setProperty("wiz.cluster.file-root", root.toString());
        p.setProperty("wiz.cluster.file-acquire-interval-seconds", "1");
        c.getPropertiesComponent().setInitialProperties(p);
        CamelClusterService service = ClusterService.create(c.getPropertiesComponent());
        c.addService(service, true, true);
        c.getRegistry().bind(ClusterRole.BEAN, new ClusterRole(service, "file", id));
        c.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("{{wizMaster:issues}}timer:wiz-issues?period=100").process(e -> fired.incrementAndGet());
            }
        });
        c.start();
        nodes.add(c);
        return c;
    }

    @Test
    void oneNodeHoldsTheStreamsLockAndTheOtherTakesOverWhenItStops() throws Exception {
        AtomicInteger firedA = new AtomicInteger();
        AtomicInteger firedB = new AtomicInteger();
        DefaultCamelContext a = node("file-a", firedA);
        DefaultCamelContext b = node("file-b", firedB);
        ClusterRole roleA = ClusterRole.of(a);
        ClusterRole roleB = ClusterRole.of(b);
        await(() -> roleA.leads("issues") || roleB.leads("issues"), "a leader");
        Thread.sleep(3000);
        assertTrue(roleA.leads("issues") ^ roleB.leads("issues"), "exactly one node holds the lock");
        boolean aLeads = roleA.leads("issues");
        AtomicInteger followerFired = aLeads ? firedB : firedA;
        assertEquals(0, followerFired.get(), "the follower's consumer does not run");
        (aLeads ? a : b).stop();
        ClusterRole follower = aLeads ? roleB : roleA;
        await(() -> follower.leads("issues"), "the other node takes the lock");
        await(() -> followerFired.get() > 3, "the new leader's consumer runs");
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.currentTimeMillis() + 30_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > end) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }
}
