package io.wizcamel.sink;

/** A ticketing target could not take a request now (429, 5xx, a refused token to renew): the sink retries. */
public class TargetBusyException extends RuntimeException {

    public TargetBusyException(String message) {
        super(message);
    }
}
