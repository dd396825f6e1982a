package io.wizcamel.ops;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.UUID;

import io.wizcamel.sink.kafka.KafkaBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** --test-connection's call of the Kafka sink: the admin client against Kafka in the test JVM. */
class KafkaProbeTest extends ProbeTestBase {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + KafkaBroker.SASL_USER
                + "\" password=\"" + password + "\";";
    }

    @Test
    void passesDescribingTheClusterAndTheTopic() throws Exception {
        String topic = "wiz.probe." + UUID.randomUUID();
        KAFKA.createTopic(topic, 3, Map.of());
        h.set("wiz.sinks", "kafka").set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext())
                .set("wiz.sink.kafka.topic", topic);
        assertPasses("kafka", "accepted the client; topic " + topic + " has 3 partitions");
        assertTrue(KAFKA.readAll(topic).isEmpty(), "nothing is sent");
    }

    @Test
    void passesOverSaslAndFailsOnAWrongPasswordNeverShowingIt() {
        h.set("wiz.sinks", "kafka").set("wiz.sink.kafka.bootstrap-servers", KAFKA.sasl())
                .set("wiz.sink.kafka.security-protocol", "SASL_PLAINTEXT").set("wiz.sink.kafka.sasl-mechanism", "PLAIN")
                .set("wiz.sink.kafka.sasl-jaas-config", jaas(KafkaBroker.SASL_PASSWORD));
        assertPasses("kafka", "accepted the client");
        String wrong = "wrong-pw-" + UUID.randomUUID();
        h.set("wiz.sink.kafka.sasl-jaas-config", jaas(wrong));
        assertFails("kafka", "refused the credentials", wrong);
        assertRow("kafka", "FAIL", "WIZ_SINK_KAFKA_SASL_JAAS_CONFIG");
    }

    @Test
    void failsWhenNoBrokerAnswersNamingTheSetting() throws Exception {
        int closed;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        h.set("wiz.sinks", "kafka").set("wiz.sink.kafka.bootstrap-servers", "127.0.0.1:" + closed)
                .set("wiz.sink.kafka.request-timeout-ms", "1500");
        assertFails("kafka", "WIZ_SINK_KAFKA_BOOTSTRAP_SERVERS", null);
    }
}
