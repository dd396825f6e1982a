package io.wizcamel;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

/** A sink target for tests: keeps what it receives, or fails while it is down. */
public class FlakyTarget {

    static final ConcurrentHashMap<String, AtomicInteger> RECEIVED = new ConcurrentHashMap<>();
    static volatile boolean down;
    static final AtomicInteger ATTEMPTS = new AtomicInteger();

    static void reset() {
        RECEIVED.clear();
        down = false;
        ATTEMPTS.set(0);
    }

    public void accept(List<? extends JsonNode> records) throws java.io.IOException {
        ATTEMPTS.incrementAndGet();
        if (down) {
            throw new java.io.IOException("Connection refused (test target down)");
        }
        for (JsonNode r : records) {
            RECEIVED.computeIfAbsent(r.path("id").asText() + "@" + r.path("wizStatus").asText(),
                    k -> new AtomicInteger()).incrementAndGet();
        }
    }
}
