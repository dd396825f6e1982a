package io.wizcamel.tenant;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

/**
 * The tenants of one process starting together: each tenant's context reports once whether it started (its
 * configuration checked, its state folder locked); none runs until all have, and if one could not, none runs (a
 * daemon must not quietly serve half its tenants). The first tenant's context is the host of what the process has
 * once: the management server (health and metrics of every tenant, tagged) and the webhook receiver.
 */
public final class TenantGroup {

    private final List<String> tenants;
    private final CountDownLatch starting;
    private final AtomicReference<String> refused = new AtomicReference<>();
    private volatile CamelContext host;
    private final Set<Main> runners = ConcurrentHashMap.newKeySet();

    /** @param together the tenants start side by side (--once, a daemon) and wait for each other; else one by one */
    public TenantGroup(List<String> tenants, boolean together) {
        this.tenants = List.copyOf(tenants);
        this.starting = new CountDownLatch(together ? tenants.size() : 0);
    }

    public List<String> tenants() {
        return tenants;
    }

    /** the tenant whose context hosts the management server and the webhook receiver */
    public boolean isHost(String tenant) {
        return tenants.get(0).equals(tenant);
    }

    /**
     * The tenant's context started (ok) or could not; waits until every tenant said so.
     *
     * @return null when every tenant started, else the first tenant that could not
     */
    public String started(String tenant, CamelContext context, boolean ok) throws InterruptedException {
        if (ok && isHost(tenant)) {
            host = context;
        }
        if (!ok) {
            refused.compareAndSet(null, tenant);
        }
        starting.countDown();
        starting.await();
        return refused.get();
    }

    /** a tenant's runner, to stop when another tenant's daemon ends for good */
    public void add(Main runner) {
        runners.add(runner);
    }

    /**
     * A tenant's daemon ended for good (it failed after start-up): the others stop too, so that a process never
     * goes on quietly serving only some of its tenants (its service manager sees the failure and restarts it).
     */
    public void stopAll() {
        runners.forEach(Main::completed);
    }

    /** the host tenant's context, once every tenant started (null before, or when the host could not start) */
    public CamelContext host() {
        return host;
    }
}
