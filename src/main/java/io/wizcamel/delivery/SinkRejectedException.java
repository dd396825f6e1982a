package io.wizcamel.delivery;

/** A sink's target refused the data itself (bad format, bad token): trying again cannot help. */
public class SinkRejectedException extends RuntimeException {

    public SinkRejectedException(String message) {
        super(message);
    }
}
