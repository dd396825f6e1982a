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

    public ClusterRole(CamelClusterService service, String mode, String nodeId) {
        this.service = service;
        this.mode = mode;
        this.nodeId = nodeId;
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
                return service.getView(ClusterService.namespace(s));
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

    @Override
    public void close() {
        for (String stream : views.keySet()) {
            release(stream);
        }
    }
}
