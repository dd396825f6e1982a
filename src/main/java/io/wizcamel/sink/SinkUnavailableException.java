package io.wizcamel.sink;

/** The target could not take the data now (busy, down, throttling): the sink's retries and dead letters apply. */
public class SinkUnavailableException extends RuntimeException {

    public SinkUnavailableException(String message) {
        super(message);
    }
}
