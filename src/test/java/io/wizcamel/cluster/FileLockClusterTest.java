package io.wizcamel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.wizcamel.cluster.ConsumerNodes.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

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

    private final ConsumerNodes nodes = new ConsumerNodes();

    @AfterEach
    void stop() {
        nodes.close();
    }

    private DefaultCamelContext node(String id, AtomicInteger fired) throws Exception {
        Properties p = new Properties();
        p.setProperty("wiz.cluster", "file");
        p.setProperty("wiz.cluster.file-root", root.toString());
        p.setProperty("wiz.cluster.file-acquire-interval-seconds", "1");
        return nodes.start(id, p, fired);
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
}
