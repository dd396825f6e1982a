package io.wizcamel.wiz;

import java.util.Arrays;

/**
 * At most {@code limit} requests in any sliding second, not merely per fixed one-second slot (where a burst at the end
 * of one slot and another at the start of the next put twice the limit within a second). It remembers when the last
 * {@code limit} requests went out and lets the next one go when the oldest of them is a second old. Libraries'
 * limiters (Guava's smooth RateLimiter with its stored permits, Resilience4j's and Bucket4j's refill periods) allow
 * more than the limit within some second, so this one is small and our own.
 *
 * <p>A request waits in the route, before its token is checked ({@link #acquire}), so that the token cannot expire
 * while it waits; the HTTP client then marks when it really leaves ({@link #leaving}), after any token fetch and
 * connection set-up, and the window counts from then.
 */
public class SlidingRateLimit {

    /**
     * A twentieth over a second: requests take varying times to reach Wiz (tens of milliseconds), which must not
     * squeeze more than the limit into one second as Wiz counts them. Costs 5% of the rate.
     */
    static final long WINDOW_NANOS = 1_050_000_000L;

    private final long[] sent;
    private int oldest;
    /** the slot the request on this thread took, until it leaves */
    private final ThreadLocal<Integer> slot = new ThreadLocal<>();

    public SlidingRateLimit(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("the rate limit must be at least 1 request a second, not " + limit);
        }
        sent = new long[limit];
        Arrays.fill(sent, System.nanoTime() - WINDOW_NANOS);
    }

    /** waits until one more request keeps every second within the limit, and counts it */
    public synchronized void acquire() throws InterruptedException {
        while (true) {
            long now = System.nanoTime();
            long wait = sent[oldest] + WINDOW_NANOS - now;
            if (wait <= 0) {
                sent[oldest] = now;
                slot.set(oldest);
                oldest = (oldest + 1) % sent.length;
                return;
            }
            wait(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    /** the request counted on this thread leaves now: the requests after it wait a second from now */
    public synchronized void leaving() {
        Integer mine = slot.get();
        if (mine != null) {
            slot.remove();
            sent[mine] = Math.max(sent[mine], System.nanoTime());
        }
    }
}
