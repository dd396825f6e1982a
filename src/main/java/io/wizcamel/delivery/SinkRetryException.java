package io.wizcamel.delivery;

/**
 * A sink's target could not take the data now (busy, throttling, down, a token to renew): the sink's retries
 * (route configuration sink-retries) try again, and dead letters follow only when they run out. Its counterpart,
 * {@link SinkRejectedException}, is for what trying again cannot fix.
 */
public class SinkRetryException extends RuntimeException {

    public SinkRetryException(String message) {
        super(message);
    }
}
