package io.wizcamel;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.wizcamel.stream.SyncStop;
import org.apache.camel.main.Main;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT stop the runner cleanly: each run under way ends at its next page boundary and is recorded as
 * interrupted, then Camel stops and the process exits 0 (a service manager's stop is not a failure). The JVM's own
 * handling would run the shutdown hooks while routes are still working, and exit 143. A second signal stops at
 * once (the next start accounts for the run it cuts short), unless it comes within {@link #SAME_STOP} of the first.
 */
final class StopOnSignal {

    private static final Logger LOG = LoggerFactory.getLogger(StopOnSignal.class);
    /** how long runs get to reach a page boundary; Kubernetes' grace period is 30 s, the target 20 s */
    static final Duration RUNS_GRACE = Duration.ofSeconds(15);

    /**
     * a second signal this soon after the first is the same stop: a process group's SIGINT or a service manager's
     * SIGTERM reaches the connector both directly and through the launcher (io.wizcamel.launch.JvmLauncher)
     */
    static final Duration SAME_STOP = Duration.ofSeconds(2);

    private static volatile boolean requested;
    private static volatile long requestedAt;
    /** the runners to stop and their runs: one, or one per tenant (docs/tenants.md) */
    private static final Map<Main, SyncStop> RUNNERS = new ConcurrentHashMap<>();

    private StopOnSignal() {
    }

    /** takes over SIGTERM and SIGINT for this process (the launcher's main only: not in a test JVM) */
    static void install() {
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), StopOnSignal::handle);
        }
    }

    /** the runner to stop, once started; a signal that came during start-up is acted on now */
    static void attach(Main runner, SyncStop stop) {
        RUNNERS.put(runner, stop);
        if (requested) {
            stop.request();
            runner.completed();
        }
    }

    /** the runner stopped on its own (its run ended) */
    static void detach(Main runner) {
        RUNNERS.remove(runner);
    }

    /**
     * Ends every runner of this JVM as its duration limit would (camel.main.duration-max-seconds): for tests that run
     * the launcher's daemon in their own JVM and are done with it.
     */
    static void completeAll() {
        RUNNERS.keySet().forEach(Main::completed);
    }

    /** whether a stop was asked for */
    static boolean requested() {
        return requested;
    }

    private static void handle(Signal signal) {
        if (requested) {
            if (System.nanoTime() - requestedAt < SAME_STOP.toNanos()) {
                return;
            }
            LOG.warn("SIG{} again: stopping now; a run cut short is recorded as interrupted at the next start",
                    signal.getName());
            Runtime.getRuntime().halt(130);
        }
        requestedAt = System.nanoTime();
        requested = true;
        LOG.info("SIG{}: stopping; a run under way ends at its next page boundary", signal.getName());
        Map<Main, SyncStop> runners = Map.copyOf(RUNNERS);
        runners.values().forEach(SyncStop::request);
        long deadline = System.nanoTime() + RUNS_GRACE.toNanos();
        for (SyncStop stop : runners.values()) { // the tenants' runs stop side by side: the grace is shared
            try {
                if (!stop.awaitIdle(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
                    LOG.warn("A run did not reach a page boundary within {} s; stopping anyway", RUNS_GRACE.toSeconds());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        runners.keySet().forEach(Main::completed);
    }
}
