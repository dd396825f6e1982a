package io.wizcamel.delivery;

import io.wizcamel.stream.SyncInterruptedException;

/**
 * A run refused its commit because another node began a newer epoch of its stream (docs/state.md, fencing). It ends
 * as a stopped run does: recorded as interrupted, its files thrown away, the watermark and ledger left as the newer
 * run wrote them.
 */
public class FencedException extends SyncInterruptedException {

    public FencedException(String message) {
        super(message);
    }
}
