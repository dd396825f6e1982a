package io.wizcamel.sink.kafka;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.Settings;
import io.wizcamel.config.SettingsRoom;

/** The Kafka sink's room (settings/sink-kafka.yaml). */
public final class KafkaSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-kafka.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        for (String server : Settings.list(c.value("wiz.sink.kafka.bootstrap-servers"))) {
            if (!server.matches("([^\\s:\\[\\]]+|\\[[0-9a-fA-F:.]+\\]):\\d{1,5}")) {
                c.problem("wiz.sink.kafka.bootstrap-servers (WIZ_SINK_KAFKA_BOOTSTRAP_SERVERS) has '" + server
                        + "', which is not host:port: give the brokers as host:port,host:port");
            }
        }
        String topic = c.value("wiz.sink.kafka.topic"); // {stream} already substituted
        if (!topic.matches("[a-zA-Z0-9._-]{1,249}")) {
            c.problem("wiz.sink.kafka.topic (WIZ_SINK_KAFKA_TOPIC) is '" + topic
                    + "': a Kafka topic name is 1 to 249 letters, digits, '.', '_' or '-'");
        }
        try {
            KafkaMessages.check(c.raw("wiz.sink.kafka.format"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
        String protocol = c.value("wiz.sink.kafka.security-protocol").toUpperCase(Locale.ROOT);
        if (protocol.startsWith("SASL_")) {
            String mechanism = c.value("wiz.sink.kafka.sasl-mechanism").toUpperCase(Locale.ROOT);
            if (c.required("wiz.sink.kafka.sasl-mechanism", "the SASL mechanism, e.g. PLAIN or SCRAM-SHA-512")
                    && (mechanism.equals("PLAIN") || mechanism.startsWith("SCRAM-"))) {
                // never echo this value: it holds the password
                c.required("wiz.sink.kafka.sasl-jaas-config", "the JAAS login line for " + mechanism + ", e.g."
                        + " org.apache.kafka.common.security.plain.PlainLoginModule required username=\"...\""
                        + " password=\"...\";");
            }
        }
        String truststore = c.value("wiz.sink.kafka.ssl-truststore-location");
        if (!truststore.isEmpty() && !Files.isReadable(Path.of(truststore))) {
            c.problem("wiz.sink.kafka.ssl-truststore-location (WIZ_SINK_KAFKA_SSL_TRUSTSTORE_LOCATION) is '"
                    + truststore + "', which is not a readable file: give the path of the truststore");
        }
        try {
            KafkaSinkConfiguration.parse(c.raw("wiz.sink.kafka.additional-properties"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
        try {
            if (Long.parseLong(c.value("wiz.sink.kafka.delivery-timeout-ms"))
                    < Long.parseLong(c.value("wiz.sink.kafka.request-timeout-ms"))) {
                c.problem("wiz.sink.kafka.delivery-timeout-ms (WIZ_SINK_KAFKA_DELIVERY_TIMEOUT_MS) is below"
                        + " wiz.sink.kafka.request-timeout-ms (WIZ_SINK_KAFKA_REQUEST_TIMEOUT_MS): Kafka requires it to"
                        + " be at least the request timeout");
            }
        } catch (NumberFormatException e) {
            // reported by the schema's integer check
        }
    }
}
