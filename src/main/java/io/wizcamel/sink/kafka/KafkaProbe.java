package io.wizcamel.sink.kafka;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.stream.RunStats;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.camel.ExchangeProperty;

/**
 * --test-connection's call of the Kafka sink: an admin client with the producer's connection and security settings
 * describes the cluster (reachability and the credentials), then the stream's topic (the right to see it). Nothing
 * is written; the client lives only for the check, each call bounded by the request timeout (at most
 * {@link #MAX_TIMEOUT_MS}).
 */
public class KafkaProbe {

    /** at most this long per call, however long the producer may wait (wiz.sink.kafka.request-timeout-ms) */
    static final int MAX_TIMEOUT_MS = 10_000;

    private final KafkaSinkConfiguration configuration;
    private final StreamSettings streamSettings;

    public KafkaProbe(KafkaSinkConfiguration configuration, StreamSettings streamSettings) {
        this.configuration = configuration;
        this.streamSettings = streamSettings;
    }

    public String check(@ExchangeProperty(RunStats.PROPERTY) RunStats run) throws InterruptedException {
        String topic = streamSettings.get("wiz.sink.kafka.topic", run);
        String servers = configuration.getBrokers();
        int timeout = Math.min(MAX_TIMEOUT_MS, configuration.getRequestTimeoutMs() == null ? MAX_TIMEOUT_MS
                : configuration.getRequestTimeoutMs());
        Properties props = new Properties();
        // the producer's own settings (security, SASL, TLS, additional-properties), as far as an admin client has them
        configuration.createProducerProperties().forEach((k, v) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(k))) {
                props.put(k, v);
            }
        });
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "wiz-camel-test-connection");
        try (Admin admin = Admin.create(props)) {
            String cluster = admin.describeCluster().clusterId().get(timeout, TimeUnit.MILLISECONDS);
            String where = "Kafka at " + servers + " (cluster " + cluster + ")";
            try {
                TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(timeout, TimeUnit.MILLISECONDS).get(topic);
                return where + " accepted the client; topic " + topic + " has " + d.partitions().size()
                        + " partition" + (d.partitions().size() == 1 ? "" : "s");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    return where + " accepted the client; topic " + topic + " does not exist yet (the first send"
                            + " creates it only when the broker allows auto.create.topics.enable)";
                }
                throw e;
            }
        } catch (ExecutionException e) {
            throw refused(servers, topic, e.getCause());
        } catch (TimeoutException e) {
            throw new SinkRejectedException("Kafka at " + servers + " did not answer within " + timeout
                    + " ms: check wiz.sink.kafka.bootstrap-servers (WIZ_SINK_KAFKA_BOOTSTRAP_SERVERS) and"
                    + " wiz.sink.kafka.security-protocol (WIZ_SINK_KAFKA_SECURITY_PROTOCOL)");
        } catch (org.apache.kafka.common.KafkaException e) {
            throw refused(servers, topic, e);
        }
    }

    private static SinkRejectedException refused(String servers, String topic, Throwable t) {
        if (t instanceof AuthenticationException) {
            return new SinkRejectedException("Kafka at " + servers + " refused the credentials (" + t.getClass()
                    .getSimpleName() + "): check wiz.sink.kafka.sasl-jaas-config (WIZ_SINK_KAFKA_SASL_JAAS_CONFIG),"
                    + " wiz.sink.kafka.sasl-mechanism (WIZ_SINK_KAFKA_SASL_MECHANISM) and"
                    + " wiz.sink.kafka.security-protocol (WIZ_SINK_KAFKA_SECURITY_PROTOCOL)");
        }
        if (t instanceof AuthorizationException) {
            return new SinkRejectedException("Kafka at " + servers + " does not let this client see topic " + topic
                    + " (" + t.getClass().getSimpleName() + "): grant it Describe and Write on the topic, or check"
                    + " wiz.sink.kafka.topic (WIZ_SINK_KAFKA_TOPIC)");
        }
        if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
            return new SinkRejectedException("Kafka at " + servers + " cannot be reached (" + t.getMessage()
                    + "): check wiz.sink.kafka.bootstrap-servers (WIZ_SINK_KAFKA_BOOTSTRAP_SERVERS) and"
                    + " wiz.sink.kafka.security-protocol (WIZ_SINK_KAFKA_SECURITY_PROTOCOL)");
        }
        return new SinkRejectedException("Kafka at " + servers + " failed the check (" + t.getClass().getSimpleName()
                + "): check wiz.sink.kafka.bootstrap-servers (WIZ_SINK_KAFKA_BOOTSTRAP_SERVERS) and the security"
                + " settings");
    }
}
