package io.wizcamel.delivery;

/**
 * A sink's target refused the data or the credentials (bad format, bad token, missing permission): trying again
 * cannot help, so the page is dead-lettered at once (route configuration sink-retries does not retry it). Its
 * counterpart, {@link SinkRetryException}, is for a target that is only busy or unavailable.
 */
public class SinkRejectedException extends RuntimeException {

    public SinkRejectedException(String message) {
        super(message);
    }
}
