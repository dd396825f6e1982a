package io.wizcamel.webhook;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the receiver saw since it started: events received, refused by reason, deduplicated, queued and processed,
 * and the longest end-to-end delay (received to delivered). Logged with each webhook run and read by the metrics
 * (counted under this object's lock, read at any time: hence volatile).
 */
public class WebhookStats {

    /** why the receiver refuses an event (the metrics show each, at zero until it happens) */
    public static final List<String> REFUSALS = List.of("unauthenticated", "bad-credentials", "throttled",
            "bad-body", "no-issue-id", "queue-full");

    public volatile long received;
    public volatile long deduplicated;
    public volatile long queued;
    public volatile long processed;
    public volatile long maxDelayMs;
    public final Map<String, Long> refused = new TreeMap<>();

    public synchronized long refusedFor(String reason) {
        return refused.getOrDefault(reason, 0L);
    }

    public synchronized void refused(String reason) {
        refused.merge(reason, 1L, Long::sum);
    }

    public synchronized void received() {
        received++;
    }

    public synchronized void deduplicated() {
        deduplicated++;
    }

    public synchronized void queued() {
        queued++;
    }

    public synchronized void processed(long events, long delayMs) {
        processed += events;
        maxDelayMs = Math.max(maxDelayMs, delayMs);
    }

    @Override
    public synchronized String toString() {
        return "received " + received + ", refused " + refused + ", deduplicated " + deduplicated + ", queued "
                + queued + ", processed " + processed + ", longest delay " + maxDelayMs + " ms";
    }
}
