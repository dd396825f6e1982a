package io.wizcamel.delivery;

import io.wizcamel.WizCamel;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs a sink's retry on one line: the sink, the cause, which try comes next (Camel's own line names exchange ids). */
public class SinkRetryLog implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(SinkRetryLog.class);
    private final int retries;

    public SinkRetryLog(int retries) {
        this.retries = retries;
    }

    @Override
    public void process(Exchange exchange) {
        Throwable cause = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int attempt = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, 0, Integer.class);
        LOG.warn("Sink {} failed: {}; retry {} of {}", exchange.getProperty(DeliveryLedger.SINK, "?", String.class),
                cause == null ? "unknown" : WizCamel.oneLine(cause), attempt, retries);
    }
}
