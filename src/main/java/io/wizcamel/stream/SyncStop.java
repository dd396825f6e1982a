package io.wizcamel.stream;

import java.time.Duration;

import org.apache.camel.Exchange;

/**
 * A stop asked for while runs may be under way (SIGTERM): each run ends at its next page boundary, publishes
 * nothing, keeps its watermark and is recorded as {@code interrupted}; the launcher waits for that before Camel
 * stops, so that no route is stopped under a run.
 */
public class SyncStop {

    /** exchange property: the run was stopped at a page boundary */
    public static final String INTERRUPTED = "wizInterrupted";

    private volatile boolean requested;
    private int running;

    public void request() {
        requested = true;
    }

    public boolean requested() {
        return requested;
    }

    /** A run starts; none starts once the stop was asked for (the exchange goes no further, without error). */
    public synchronized void started(Exchange exchange) {
        if (requested) {
            exchange.setRouteStop(true);
            return;
        }
        running++;
    }

    public synchronized void ended() {
        running--;
        notifyAll();
    }

    /** Between two pages: a stop asked for ends the page loop here, with nothing half-delivered. */
    public void atPageBoundary(Exchange exchange) {
        if (requested) {
            exchange.setProperty(StreamPages.HAS_NEXT_PAGE, false);
            exchange.setProperty(INTERRUPTED, true);
        }
    }

    /** waits until no run is under way, at most {@code timeout}; true when none is */
    public synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (running > 0) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }
}
