package io.wizcamel.stream;

/** A run given up at a page boundary because the process is stopping: recorded as interrupted, not failed. */
public class SyncInterruptedException extends RuntimeException {

    public SyncInterruptedException(String message) {
        super(message);
    }
}
