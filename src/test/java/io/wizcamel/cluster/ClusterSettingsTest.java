package io.wizcamel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Properties;

import io.wizcamel.config.ConfigCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/** The cluster room's checks at start (naming the key and its variable), the namespaces and the route prefix. */
class ClusterSettingsTest {

    private static Properties valid() {
        Properties p = new Properties();
        p.setProperty("wiz.api-url", "https://api.us17.app.wiz.io/graphql");
        p.setProperty("wiz.client-id", "id");
        p.setProperty("wiz.client-secret", "secret");
        return p;
    }

    private static String problems(Properties p) {
        return assertThrows(IllegalArgumentException.class, () -> ConfigCheck.check(p::getProperty)).getMessage();
    }

    @Test
    void eachClusterServiceNeedsItsSettingsAndTheyAreNamedWhenWrong() {
        Properties p = valid();
        p.setProperty("wiz.cluster", "zookeper");
        assertTrue(problems(p).contains("WIZ_CLUSTER"), problems(p));

        p.setProperty("wiz.cluster", "zookeeper");
        assertTrue(problems(p).contains("wiz.cluster.zookeeper-nodes (WIZ_CLUSTER_ZOOKEEPER_NODES)"), problems(p));
        p.setProperty("wiz.cluster.zookeeper-nodes", "zk1:2181;zk2");
        assertTrue(problems(p).contains("host:port pairs separated by commas"), problems(p));
        p.setProperty("wiz.cluster.zookeeper-nodes", "zk1.example.com:2181, 10.0.0.2:2181");
        p.setProperty("wiz.cluster.zookeeper-base-path", "wiz");
        assertTrue(problems(p).contains("WIZ_CLUSTER_ZOOKEEPER_BASE_PATH"), problems(p));
        p.setProperty("wiz.cluster.zookeeper-base-path", "/wiz");
        ConfigCheck.check(p::getProperty);

        p = valid();
        p.setProperty("wiz.cluster", "file");
        assertTrue(problems(p).contains("wiz.cluster.file-root (WIZ_CLUSTER_FILE_ROOT)"), problems(p));

        p = valid();
        p.setProperty("wiz.cluster", "kubernetes");
        ConfigCheck.check(p::getProperty); // in a pod: nothing else needed
        p.setProperty("wiz.cluster.kubernetes-renew-deadline-seconds", "15");
        assertTrue(problems(p).contains("must be less than wiz.cluster.kubernetes-lease-duration-seconds"),
                problems(p));
    }

    @Test
    void aStreamsNamespaceAndTheRoutePrefix() throws Exception {
        assertEquals("wiz-default-issues", ClusterService.namespace("issues"));
        assertEquals("wiz-acme-configuration-findings", ClusterService.namespace("acme/configuration-findings"));
        try (DefaultCamelContext c = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("wiz.cluster", "none");
            c.getPropertiesComponent().setInitialProperties(p);
            assertEquals("quartz:x", c.resolvePropertyPlaceholders("{{wizMaster:issues}}quartz:x"),
                    "nothing without a cluster: the routes are as they were");
            p.setProperty("wiz.cluster", "zookeeper");
            assertEquals("master:wiz-default-issues:quartz:x",
                    c.resolvePropertyPlaceholders("{{wizMaster:issues}}quartz:x"));
            // a tenant's context (wiz.tenants): its own elections, one per (tenant, stream)
            p.setProperty("wiz.tenant", "eu");
            assertEquals("master:wiz-eu-issues:quartz:x", c.resolvePropertyPlaceholders("{{wizMaster:issues}}quartz:x"));
        }
    }
}
