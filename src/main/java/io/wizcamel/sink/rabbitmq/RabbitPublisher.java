package io.wizcamel.sink.rabbitmq;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AuthenticationFailureException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.Method;
import com.rabbitmq.client.ShutdownSignalException;
import io.wizcamel.config.ConfigValue;
import io.wizcamel.config.StreamSettingsAware;
import io.wizcamel.delivery.RenderedRecord;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.sink.TlsTrust;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;

/**
 * Publishes a page of issue records to a RabbitMQ exchange (AMQP 0-9-1) and returns only once the broker has
 * confirmed every one of them.
 *
 * <p>Each record is one message: the record as JSON, {@code content_type application/json}, persistent
 * ({@code delivery_mode 2}), {@code message_id} = the issue id, routing key = prefix + lower-case severity
 * ({@code issue.critical}). Published with {@code mandatory}, so a message no queue takes comes back and the page
 * fails instead of counting as delivered (RabbitMQ confirms an unroutable message as soon as it drops it).
 *
 * <p>Why the RabbitMQ client and not camel-spring-rabbitmq: that producer waits for a confirm after every single
 * message (one round trip per record) and cannot publish with {@code mandatory}. Here a page is published on a
 * confirm channel in one go and {@code waitForConfirmsOrDie} waits once for all of it.
 *
 * <p>One connection is kept per run (automatic recovery off: a failure must reach the route, which retries); a page
 * uses its own channel, so a channel the broker closed (404, 406) leaves nothing behind.
 */
public class RabbitPublisher extends StreamSettingsAware implements AutoCloseable {

    /** read from the configuration as is, not through the YAML bean's argument string, which quotes and trims */
    static final String PASSWORD = "wiz.sink.rabbitmq.password";
    static final String TRUST_PASSWORD = "wiz.sink.rabbitmq.tls-trust-password";

    public static final List<String> EXCHANGE_TYPES = List.of("topic", "direct", "fanout", "headers");

    private final ConnectionFactory factory;
    private final String target;
    private final String user;
    private String exchangeType = "topic";
    private boolean declare = true;
    private boolean mandatory = true;
    private long confirmTimeoutMs = 30_000;
    private final boolean tls;
    private final boolean verify;
    private final String trustFile;
    private Connection connection;
    /** the exchanges declared on this connection: one per stream by default (wiz.{stream}) */
    private final Set<String> declared = new HashSet<>();

    /** The connection, less its secrets (see {@link #PASSWORD}); what goes where comes from the setters. */
    public RabbitPublisher(String host, int port, String virtualHost, String username, int connectTimeoutMs,
            boolean tls, boolean tlsVerify, String tlsTrustFile) {
        this.factory = new ConnectionFactory();
        factory.setHost(host == null ? "" : host.trim());
        factory.setPort(port);
        factory.setVirtualHost(virtualHost == null || virtualHost.isBlank() ? "/" : virtualHost.trim());
        factory.setUsername(username == null ? "" : username);
        factory.setConnectionTimeout(connectTimeoutMs);
        factory.setHandshakeTimeout(connectTimeoutMs);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setTopologyRecoveryEnabled(false);
        this.target = factory.getHost() + ":" + port + " vhost " + factory.getVirtualHost();
        this.user = factory.getUsername();
        this.tls = tls;
        this.verify = tlsVerify;
        this.trustFile = tlsTrustFile;
    }

    private String secret(String key) {
        return getCamelContext() == null ? "" : ConfigValue.read(getCamelContext(), key);
    }

    public void setExchangeType(String exchangeType) {
        this.exchangeType = exchangeType == null ? "topic" : exchangeType.trim().toLowerCase(Locale.ROOT);
    }

    public void setDeclareExchange(boolean declare) {
        this.declare = declare;
    }

    public void setMandatory(boolean mandatory) {
        this.mandatory = mandatory;
    }

    public void setConfirmTimeoutMs(long confirmTimeoutMs) {
        this.confirmTimeoutMs = confirmTimeoutMs;
    }

    /** The routing key of a record: prefix + severity in lower case ({@code unknown} without one). */
    public static String routingKey(String prefix, JsonNode record) {
        JsonNode severity = record.get("severity");
        String s = severity == null || severity.isNull() || severity.asText().isBlank() ? "unknown"
                : severity.asText().toLowerCase(Locale.ROOT);
        return prefix + s;
    }

    /**
     * Publishes the page and waits for the broker's confirms.
     *
     * @throws SinkRejectedException the broker refused the login, the exchange, or a message no queue takes
     * @throws IOException           anything transient (connection refused or lost, a nack, no confirm in time)
     */
    public synchronized void publish(List<? extends JsonNode> records, @ExchangeProperty(RunStats.PROPERTY) RunStats run)
            throws IOException, InterruptedException {
        // per stream: wiz.sink.rabbitmq.exchange (wiz.{stream}) and routing-key-prefix ({item}.)
        String exchange = streamSettings().get("wiz.sink.rabbitmq.exchange", run).trim();
        String prefix = streamSettings().get("wiz.sink.rabbitmq.routing-key-prefix", run).trim();
        Channel channel = null;
        try {
            channel = connection().createChannel();
            List<String> returned = Collections.synchronizedList(new ArrayList<>());
            channel.addReturnListener(r -> returned.add(r.getProperties().getMessageId() + " (" + r.getRoutingKey()
                    + ": " + r.getReplyText() + ")"));
            if (declare && !declared.contains(exchange)) {
                channel.exchangeDeclare(exchange, exchangeType, true);
                declared.add(exchange);
            }
            channel.confirmSelect();
            Date now = new Date();
            for (JsonNode record : records) {
                AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                        .contentType("application/json").contentEncoding("utf-8").deliveryMode(2)
                        .messageId(record.path("id").asText()).timestamp(now).appId("wiz-camel")
                        .type("wiz." + run.item).build();
                channel.basicPublish(exchange, routingKey(prefix, record), mandatory, props,
                        RenderedRecord.of((ObjectNode) record).json());
            }
            // the broker sends basic.return before the basic.ack of an unroutable message: after this, all are in
            channel.waitForConfirmsOrDie(confirmTimeoutMs);
            if (!returned.isEmpty()) {
                throw new SinkRejectedException("RabbitMQ at " + target + " routed " + returned.size() + " of "
                        + records.size() + " messages to no queue (exchange '" + exchange + "', e.g. "
                        + returned.get(0) + "): bind a queue to the exchange (e.g. with routing key '" + prefix
                        + "#'), or set WIZ_SINK_RABBITMQ_MANDATORY=false to let the broker drop them");
            }
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ at " + target + " did not confirm " + records.size() + " messages within "
                    + confirmTimeoutMs + " ms (wiz.sink.rabbitmq.confirm-timeout-ms)", e);
        } catch (AuthenticationFailureException e) {
            dropConnection();
            throw new SinkRejectedException("RabbitMQ at " + target + " refused the login of user '" + user
                    + "': check WIZ_SINK_RABBITMQ_USERNAME and WIZ_SINK_RABBITMQ_PASSWORD");
        } catch (IOException | ShutdownSignalException e) {
            SinkRejectedException refused = refusal(e, exchange);
            dropConnectionIfClosed();
            if (refused != null) {
                throw refused;
            }
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("RabbitMQ at " + target + " closed the channel: " + e.getMessage(), e);
        } finally {
            closeQuietly(channel);
        }
    }

    /**
     * --test-connection's call (route sink-rabbitmq-probe): opens the connection (the login) and a channel, and
     * declares the stream's exchange passively, which only asks whether it is there. Nothing is published.
     */
    public synchronized String probe(@ExchangeProperty(RunStats.PROPERTY) RunStats run) throws IOException {
        String exchange = streamSettings().get("wiz.sink.rabbitmq.exchange", run).trim();
        Channel channel = null;
        try {
            channel = connection().createChannel();
            channel.exchangeDeclarePassive(exchange);
            return "RabbitMQ at " + target + " accepted user '" + user + "'; exchange '" + exchange + "' is there";
        } catch (AuthenticationFailureException e) {
            dropConnection();
            throw new SinkRejectedException("RabbitMQ at " + target + " refused the login of user '" + user
                    + "': check wiz.sink.rabbitmq.username and password (WIZ_SINK_RABBITMQ_USERNAME,"
                    + " WIZ_SINK_RABBITMQ_PASSWORD)");
        } catch (IOException | ShutdownSignalException e) {
            SinkRejectedException refused = refusal(e, exchange);
            dropConnectionIfClosed();
            if (declare && replyCode(e) == 404) {
                return "RabbitMQ at " + target + " accepted user '" + user + "'; exchange '" + exchange
                        + "' is not there yet (the sink declares it, WIZ_SINK_RABBITMQ_DECLARE_EXCHANGE=true)";
            }
            if (refused != null) {
                throw refused;
            }
            throw new SinkRejectedException(e.getMessage() + ": check wiz.sink.rabbitmq.host and port"
                    + " (WIZ_SINK_RABBITMQ_HOST, WIZ_SINK_RABBITMQ_PORT) and wiz.sink.rabbitmq.tls");
        } finally {
            closeQuietly(channel);
        }
    }

    private static int replyCode(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ShutdownSignalException s && s.getReason() instanceof AMQP.Channel.Close close) {
                return close.getReplyCode();
            }
        }
        return -1;
    }

    /** The broker's refusals that a retry cannot cure: access (403, 530), a different exchange (406), none (404). */
    private SinkRejectedException refusal(Exception e, String exchange) {
        ShutdownSignalException signal = null;
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof ShutdownSignalException s) {
                signal = s;
                break;
            }
        }
        if (signal == null) {
            return null;
        }
        Method reason = signal.getReason();
        int code = -1;
        String text = signal.getMessage();
        if (reason instanceof AMQP.Channel.Close close) {
            code = close.getReplyCode();
            text = close.getReplyText();
        } else if (reason instanceof AMQP.Connection.Close close) {
            code = close.getReplyCode();
            text = close.getReplyText();
        }
        switch (code) {
            case 403:
            case 530:
                return new SinkRejectedException("RabbitMQ at " + target + " refused user '" + user + "': " + text
                        + ". Grant the user configure and write permission on the virtual host (configure only"
                        + " when WIZ_SINK_RABBITMQ_DECLARE_EXCHANGE is true)");
            case 404:
                return new SinkRejectedException("RabbitMQ at " + target + ": " + text + ". Create exchange '"
                        + exchange + "' or set WIZ_SINK_RABBITMQ_DECLARE_EXCHANGE=true");
            case 406:
                return new SinkRejectedException("RabbitMQ at " + target + " refused exchange '" + exchange + "': "
                        + text + ". It exists with other settings: set WIZ_SINK_RABBITMQ_EXCHANGE_TYPE to its type"
                        + " (durable), or use another exchange name");
            default:
                return null;
        }
    }

    private Connection connection() throws IOException {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        declared.clear();
        try {
            factory.setPassword(secret(PASSWORD));
            if (tls) {
                factory.useSslProtocol(TlsTrust.context(trustFile, secret(TRUST_PASSWORD), verify));
                if (verify) {
                    factory.enableHostnameVerification();
                }
            }
            connection = factory.newConnection("wiz-camel");
            return connection;
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ at " + target + " did not answer within the connect timeout", e);
        } catch (java.security.GeneralSecurityException e) {
            throw new SinkRejectedException("RabbitMQ TLS set-up failed: " + e.getMessage());
        } catch (IOException e) {
            if (e instanceof AuthenticationFailureException) {
                throw e;
            }
            throw new IOException("cannot connect to RabbitMQ at " + target + ": " + describe(e), e);
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return root.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private void dropConnectionIfClosed() {
        if (connection != null && !connection.isOpen()) {
            connection = null;
        }
    }

    private void dropConnection() {
        if (connection != null) {
            try {
                connection.abort(2000);
            } finally {
                connection = null;
            }
        }
    }

    private static void closeQuietly(Channel channel) {
        if (channel != null && channel.isOpen()) {
            try {
                channel.close();
            } catch (Exception ignored) {
                // the broker closed it already, or the connection is gone: nothing to keep
            }
        }
    }

    @Override
    public synchronized void close() {
        dropConnection();
    }
}
