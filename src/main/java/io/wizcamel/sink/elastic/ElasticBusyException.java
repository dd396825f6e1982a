package io.wizcamel.sink.elastic;

/** The cluster could not take some or all of a bulk request for now (429, 5xx): the sink's retries send it again. */
public class ElasticBusyException extends RuntimeException {

    public ElasticBusyException(String message) {
        super(message);
    }
}
