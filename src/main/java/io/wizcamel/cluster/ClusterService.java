package io.wizcamel.cluster;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.KubernetesConfiguration;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.spi.PropertiesComponent;

/**
 * The Camel cluster service wiz.cluster names, built from the room's settings (settings/cluster.yaml): the
 * {@code master:} endpoints of the routes find it in the context. Each stream is one namespace of it,
 * {@code wiz-<tenant>-<stream>}, so the nodes elect a leader per stream and spread the streams between them.
 */
public final class ClusterService {

    public static final String NONE = "none";
    /** the tenant of a single-tenant deployment (wiz.api-url and friends) */
    public static final String DEFAULT_TENANT = "default";

    private ClusterService() {
    }

    /** wiz.cluster: none, file, zookeeper or kubernetes */
    public static String mode(PropertiesComponent pc) {
        String mode = pc.resolveProperty("wiz.cluster").orElse(NONE).trim().toLowerCase(Locale.ROOT);
        return mode.isEmpty() ? NONE : mode;
    }

    /**
     * The namespace of a stream's election: {@code wiz-<tenant>-<stream>} (a valid Lease name, znode and file name).
     * {@code tenantAndStream} is {@code stream} or {@code tenant/stream}.
     */
    public static String namespace(String tenantAndStream) {
        String s = tenantAndStream.trim();
        int slash = s.indexOf('/');
        String tenant = slash < 0 ? DEFAULT_TENANT : s.substring(0, slash);
        String stream = slash < 0 ? s : s.substring(slash + 1);
        return ("wiz-" + tenant + "-" + stream).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-");
    }

    /** this node's name: wiz.cluster.node-id, else HOSTNAME (a pod's name), else the host name (+ pid for file) */
    public static String nodeId(PropertiesComponent pc, String mode) {
        String id = pc.resolveProperty("wiz.cluster.node-id").orElse("").trim();
        if (!id.isEmpty()) {
            return id;
        }
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                host = "node";
            }
        }
        // several processes on one host (tests, a VM with two nodes) must differ; a pod's name already does
        return "kubernetes".equals(mode) ? host : host + "-" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    /** the cluster service for wiz.cluster, or null for none */
    public static CamelClusterService create(PropertiesComponent pc) {
        String mode = mode(pc);
        String id = nodeId(pc, mode);
        switch (mode) {
            case NONE:
                return null;
            case "file": {
                FileLockClusterService s = new FileLockClusterService();
                s.setId(id);
                s.setRoot(get(pc, "wiz.cluster.file-root"));
                s.setAcquireLockDelay(1, TimeUnit.SECONDS);
                s.setAcquireLockInterval(Long.parseLong(get(pc, "wiz.cluster.file-acquire-interval-seconds")),
                        TimeUnit.SECONDS);
                return s;
            }
            case "zookeeper": {
                ZooKeeperClusterService s = new ZooKeeperClusterService();
                s.setId(id);
                s.setNodes(get(pc, "wiz.cluster.zookeeper-nodes"));
                s.setBasePath(get(pc, "wiz.cluster.zookeeper-base-path"));
                s.setSessionTimeout(Integer.parseInt(get(pc, "wiz.cluster.zookeeper-session-timeout-seconds")) * 1000L);
                return s;
            }
            case "kubernetes": {
                String master = get(pc, "wiz.cluster.kubernetes-master-url");
                String ns = get(pc, "wiz.cluster.kubernetes-namespace");
                KubernetesConfiguration conf = new KubernetesConfiguration();
                if (!master.isEmpty()) {
                    // outside a pod: a client of that API server (the service's own master URL does not reach
                    // the client it builds in Camel 4.17); in a pod: the pod's service account
                    conf.setMasterUrl(master);
                    conf.setKubernetesClient(new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                            .withMasterUrl(master).withNamespace(ns.isEmpty() ? null : ns).build()).build());
                }
                KubernetesClusterService s = new KubernetesClusterService(conf);
                s.setId(id);
                s.setPodName(id);
                s.setLeaseResourceType(LeaseResourceType.Lease);
                s.setKubernetesResourceName("wiz-camel");
                if (!ns.isEmpty()) {
                    s.setKubernetesResourcesNamespace(ns);
                }
                s.setLeaseDurationMillis(Long.parseLong(get(pc, "wiz.cluster.kubernetes-lease-duration-seconds")) * 1000);
                s.setRenewDeadlineMillis(Long.parseLong(get(pc, "wiz.cluster.kubernetes-renew-deadline-seconds")) * 1000);
                s.setRetryPeriodMillis(Long.parseLong(get(pc, "wiz.cluster.kubernetes-retry-period-seconds")) * 1000);
                return s;
            }
            default:
                throw new IllegalArgumentException("wiz.cluster (WIZ_CLUSTER) is '" + mode
                        + "': give none, file, zookeeper or kubernetes");
        }
    }

    private static String get(PropertiesComponent pc, String key) {
        return pc.resolveProperty(key).orElse("").trim();
    }
}
