package io.wizcamel.sink.kafka;

import io.wizcamel.delivery.SinkRejectedException;
import org.apache.camel.Exchange;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.UnsupportedVersionException;

/**
 * Tells a Kafka refusal (credentials, ACLs, a message or topic the broker will not take, a bad producer setting),
 * which no retry can fix, from a transient failure (broker unreachable, leader moving, timeouts), which the sink's
 * retries and the dead-letter store handle. A refusal becomes a {@link SinkRejectedException} saying what to do.
 */
public class KafkaRefusals {

    /** the exchange property with the topic of the stream being delivered */
    public static final String TOPIC = "wizKafkaTopic";

    /** Called with the failure of a send: throws a SinkRejectedException for a refusal, else the failure itself. */
    public void rethrow(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String advice = advice(failure);
        if (advice != null) {
            throw new SinkRejectedException("Kafka refused the messages for topic "
                    + exchange.getProperty(TOPIC, String.class) + ": "
                    + rootMessage(failure) + " - " + advice);
        }
        throw failure;
    }

    static String advice(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof AuthenticationException) {
                return "check the credentials in WIZ_SINK_KAFKA_SASL_JAAS_CONFIG and WIZ_SINK_KAFKA_SASL_MECHANISM,"
                        + " or the truststore (WIZ_SINK_KAFKA_SSL_TRUSTSTORE_LOCATION) for TLS";
            }
            if (t instanceof AuthorizationException) {
                return "grant the sink's principal WRITE and DESCRIBE on the topic (and IDEMPOTENT_WRITE on the"
                        + " cluster for brokers before 2.8)";
            }
            if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException) {
                return "raise the topic's max.message.bytes (and the producer's max.request.size via"
                        + " WIZ_SINK_KAFKA_ADDITIONAL_PROPERTIES)";
            }
            if (t instanceof InvalidTopicException) {
                return "set WIZ_SINK_KAFKA_TOPIC to a valid topic name";
            }
            if (t instanceof InvalidRecordException || t instanceof SerializationException) {
                return "the broker or a producer plug-in refused the record; check the topic's settings";
            }
            if (t instanceof UnsupportedVersionException) {
                return "the broker is too old for an idempotent producer; use Kafka 0.11 or later";
            }
            if (t instanceof ConfigException) {
                return "fix the Kafka producer settings (WIZ_SINK_KAFKA_*)";
            }
        }
        return null;
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return m.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
