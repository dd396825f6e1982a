package io.wizcamel.cluster;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the cluster ({@code wizClusterRole}, bound by the launcher when wiz.cluster is not none):
 * which streams it leads, who leads the others, and leadership taken for a {@code --once} run. Each stream is a view
 * of the cluster service in its namespace ({@link ClusterService#namespace}); the {@code master:} consumers of the
 * routes share the same views.
 */
public class ClusterRole implements AutoCloseable {

    public static final String BEAN = "wizClusterRole";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRole.class);

    private final CamelClusterService service;
    private final String mode;
    private final String nodeId;
    private final Map<String, CamelClusterView> views = new ConcurrentHashMap<>();
    private final String tenant;

    public ClusterRole(CamelClusterService service, String mode, String nodeId) {
        this(service, mode, nodeId, null);
    }

    /** @param tenant the context's tenant (wiz.tenants), or null for a single tenant */
    public ClusterRole(CamelClusterService service, String mode, String nodeId, String tenant) {
        this.service = service;
        this.mode = mode;
        this.nodeId = nodeId;
        this.tenant = tenant;
    }

    /** the namespace of the stream's election: {@code wiz-<tenant>-<stream>}, tenant {@code default} for one tenant */
    public String namespace(String stream) {
        return ClusterService.namespace(tenant == null ? stream : tenant + "/" + stream);
    }

    /** the context's role, or null when wiz.cluster is none */
    public static ClusterRole of(CamelContext context) {
        return context.getRegistry().lookupByNameAndType(BEAN, ClusterRole.class);
    }

    public String mode() {
        return mode;
    }

    public String nodeId() {
        return nodeId;
    }

    /** the stream's view: this node is a candidate for its leadership from now on */
    public CamelClusterView view(String stream) {
        return views.computeIfAbsent(stream, s -> {
            try {
                return service.getView(namespace(s));
            } catch (Exception e) {
                throw new IllegalStateException("wiz.cluster (" + mode + "): cannot join the election of stream " + s
                        + ": " + e.getMessage(), e);
            }
        });
    }

    /** whether this node leads the stream now */
    public boolean leads(String stream) {
        try {
            return view(stream).getLocalMember().isLeader();
        } catch (RuntimeException e) {
            return false; // not connected to the cluster: it leads nothing
        }
    }

    /** the stream's leader as far as this node knows (the file lock names only itself) */
    public Optional<String> leader(String stream) {
        try {
            CamelClusterView view = view(stream);
            if (view.getLocalMember().isLeader()) {
                return Optional.of(nodeId);
            }
            return view.getLeader().map(CamelClusterMember::getId).filter(id -> !id.isBlank());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** "this node (wiz-a)", "node wiz-b" or "no node yet / unknown": for messages and health details */
    public String describeLeader(String stream) {
        if (leads(stream)) {
            return "this node (" + nodeId + ")";
        }
        return leader(stream).map(l -> "node " + l).orElse("another node (or none yet)");
    }

    /** waits up to {@code wait} to lead the stream (--once); true when it does */
    public boolean await(String stream, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        view(stream);
        while (!leads(stream)) {
            if (System.nanoTime() - end > 0) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    /** leaves the stream's election (--once, after its run): another node may lead it at once */
    public void release(String stream) {
        CamelClusterView view = views.remove(stream);
        if (view != null) {
            try {
                service.releaseView(view);
            } catch (Exception e) {
                LOG.debug("Could not leave the election of stream {}: {}", stream, e.getMessage());
            }
        }
    }

    /** calls {@code then} each time this node becomes the stream's leader */
    public void onLeadership(String stream, Runnable then) {
        CamelClusterView view = view(stream);
        view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> {
            if (leader != null && leader.isLocal()) {
                then.run();
            }
        });
    }

    /** streams this node has left the election of, to give them to another node, and when it stands again */
    private final Map<String, Long> yielded = new ConcurrentHashMap<>();

    /**
     * Spreads the streams: Camel's elections are first come, first served, so the first node to start would lead
     * every stream. When this node leads more than its share (the streams over the nodes in their elections,
     * rounded up), it leaves the election of one stream with no run under way, so another node takes it, and stands
     * again after {@code rejoin}. Called every few seconds by the daemon (wiz.cluster.balance); not for {@code file},
     * whose elections do not know the other nodes.
     */
    public void balance(java.util.List<String> streams, java.util.function.Predicate<String> busy, Duration rejoin) {
        long now = System.nanoTime();
        yielded.forEach((stream, until) -> {
            if (now - until >= 0) {
                try {
                    service.startView(namespace(stream));
                } catch (Exception e) {
                    LOG.warn("Could not stand again for stream {}: {}", stream, e.getMessage());
                }
                yielded.remove(stream);
            }
        });
        if ("file".equals(mode) || streams.size() < 2 || !yielded.isEmpty()) {
            return;
        }
        int members = 0;
        java.util.List<String> led = new java.util.ArrayList<>();
        for (String stream : streams) {
            try {
                members = Math.max(members, view(stream).getMembers().size());
            } catch (RuntimeException e) {
                return; // not connected: nothing to balance
            }
            if (leads(stream)) {
                led.add(stream);
            }
        }
        int share = members <= 1 ? streams.size() : (streams.size() + members - 1) / members;
        if (led.size() <= share) {
            return;
        }
        for (int i = led.size() - 1; i >= 0; i--) {
            String stream = led.get(i);
            if (!busy.test(stream)) {
                try {
                    service.stopView(namespace(stream));
                    yielded.put(stream, now + rejoin.toNanos());
                    LOG.info("Cluster: this node ({}) leads {} of {} streams with {} nodes: gives {} to another node",
                            nodeId, led.size(), streams.size(), members, stream);
                } catch (Exception e) {
                    LOG.warn("Could not give stream {} up: {}", stream, e.getMessage());
                }
                return;
            }
        }
    }

    @Override
    public void close() {
        for (String stream : views.keySet()) {
            release(stream);
        }
    }
}
