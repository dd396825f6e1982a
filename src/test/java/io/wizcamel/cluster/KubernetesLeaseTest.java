package io.wizcamel.cluster;

import static io.wizcamel.cluster.ConsumerNodes.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;

import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * wiz.cluster=kubernetes against the fabric8 Kubernetes API mock in CRUD mode (Leases and Pods stored as a server
 * would): two nodes (CamelContexts with the cluster service {@link ClusterService} builds from the settings) run a
 * consumer under {@code {{wizMaster:issues}}}; exactly one leads the stream's Lease and only it consumes; when it
 * stops, the other takes the Lease over and consumes.
 */
class KubernetesLeaseTest {

    private KubernetesMockServer server;
    private NamespacedKubernetesClient client;
    private final ConsumerNodes nodes = new ConsumerNodes();

    @BeforeEach
    void startApi() {
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init();
        client = server.createClient();
        for (String pod : List.of("wiz-a", "wiz-b")) {
            client.pods().inNamespace("wiz").resource(new PodBuilder().withNewMetadata().withName(pod)
                    .withNamespace("wiz").addToLabels("app", "wiz-camel").endMetadata()
                    // a running, ready pod: the cluster service counts only those as members
                    .withNewStatus().withPhase("Running").withInitContainerStatuses(List.of())
                    .addNewContainerStatus().withName("wiz-camel").withReady(true).endContainerStatus()
                    .addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
        }
    }

    @AfterEach
    void stop() {
        nodes.close();
        client.close();
        server.destroy();
    }

    private DefaultCamelContext node(String id, AtomicInteger fired) throws Exception {
        Properties p = new Properties();
        p.setProperty("wiz.cluster", "kubernetes");
        p.setProperty("wiz.cluster.kubernetes-master-url", server.url("/"));
        p.setProperty("wiz.cluster.kubernetes-namespace", "wiz");
        p.setProperty("wiz.cluster.kubernetes-lease-duration-seconds", "3");
        p.setProperty("wiz.cluster.kubernetes-renew-deadline-seconds", "2");
        p.setProperty("wiz.cluster.kubernetes-retry-period-seconds", "1");
        return nodes.start(id, p, fired);
    }

    @Test
    void oneNodeLeadsTheStreamsLeaseAndTheOtherTakesOverWhenItStops() throws Exception {
        AtomicInteger firedA = new AtomicInteger();
        AtomicInteger firedB = new AtomicInteger();
        DefaultCamelContext a = node("wiz-a", firedA);
        DefaultCamelContext b = node("wiz-b", firedB);
        ClusterRole roleA = ClusterRole.of(a);
        ClusterRole roleB = ClusterRole.of(b);
        await(() -> roleA.leads("issues") || roleB.leads("issues"), "a leader within 30 s");
        Thread.sleep(2000); // both have tried the Lease several times by now
        assertTrue(roleA.leads("issues") ^ roleB.leads("issues"), "exactly one node leads the stream");
        boolean aLeads = roleA.leads("issues");
        DefaultCamelContext leader = aLeads ? a : b;
        ClusterRole follower = aLeads ? roleB : roleA;
        AtomicInteger leaderFired = aLeads ? firedA : firedB;
        AtomicInteger followerFired = aLeads ? firedB : firedA;
        String leaderId = aLeads ? "wiz-a" : "wiz-b";
        String followerId = aLeads ? "wiz-b" : "wiz-a";

        Lease lease = client.leases().inNamespace("wiz").withName("wiz-camel-wiz-default-issues").get();
        assertEquals(leaderId, lease == null ? leases() : lease.getSpec().getHolderIdentity(),
                "the stream's Lease names its leader");
        await(() -> leaderFired.get() > 3, "the leader's consumer runs");
        assertEquals(0, followerFired.get(), "the follower's consumer does not run");
        assertEquals(leaderId, follower.leader("issues").orElse(null), "the follower knows who leads");

        // the leader's pod ends, as when Kubernetes stops or evicts it
        leader.stop();
        client.pods().inNamespace("wiz").withName(leaderId).delete();
        await(() -> follower.leads("issues"), "the other node takes the Lease over within 30 s");
        int before = followerFired.get();
        await(() -> followerFired.get() > before + 3, "the new leader's consumer runs");
        assertEquals(followerId, client.leases().inNamespace("wiz").withName("wiz-camel-wiz-default-issues").get()
                .getSpec().getHolderIdentity());
        assertFalse(follower.leader("issues").isEmpty());
    }

    private String leases() {
        return client.leases().inNamespace("wiz").list().getItems().stream()
                .map(l -> l.getMetadata().getName() + "=" + l.getSpec().getHolderIdentity()).toList().toString();
    }
}
