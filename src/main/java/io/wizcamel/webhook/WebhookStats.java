package io.wizcamel.webhook;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the receiver saw since it started: events received, refused by reason, deduplicated, queued and processed,
 * and the longest end-to-end delay (received to delivered). Logged with each webhook run and read by the metrics.
 */
public class WebhookStats {

    public long received;
    public long deduplicated;
    public long queued;
    public long processed;
    public long maxDelayMs;
    public final Map<String, Long> refused = new TreeMap<>();

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
