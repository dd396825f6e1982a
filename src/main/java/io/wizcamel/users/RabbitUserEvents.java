package io.wizcamel.users;

import java.io.IOException;
import java.util.concurrent.TimeoutException;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.wizcamel.config.ConfigValue;
import io.wizcamel.sink.TlsTrust;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;

/**
 * The RabbitMQ change-event queue (bean {@code rabbitUserEvents}, route {@code wiz-users-events-rabbitmq}): one
 * message at a time taken without auto-acknowledgement ({@code basic.get}), acknowledged only once its change is
 * applied or recorded as refused, handed back to the queue ({@code basic.nack}, requeue) when the change could not
 * be made. The connection is the RabbitMQ sink's ({@code wiz.sink.rabbitmq.*}; password read as configured).
 */
public class RabbitUserEvents implements CamelContextAware, AutoCloseable {

    /** exchange property: whether a message was taken (false: the queue is empty, or was left for later) */
    public static final String MORE = "wizUsersMore";
    private static final String TAG = "wizUsersDeliveryTag";

    private final ConnectionFactory factory;
    private final String queue;
    private final boolean tls;
    private final boolean verify;
    private final String trustFile;
    private CamelContext context;
    private Connection connection;
    private Channel channel;

    public RabbitUserEvents(String host, int port, String virtualHost, String username, int connectTimeoutMs,
            boolean tls, boolean tlsVerify, String tlsTrustFile, String queue) {
        factory = new ConnectionFactory();
        factory.setHost(host == null ? "" : host.trim());
        factory.setPort(port);
        factory.setVirtualHost(virtualHost == null || virtualHost.isBlank() ? "/" : virtualHost.trim());
        factory.setUsername(username == null ? "" : username);
        factory.setConnectionTimeout(connectTimeoutMs);
        factory.setAutomaticRecoveryEnabled(false);
        this.tls = tls;
        this.verify = tlsVerify;
        this.trustFile = tlsTrustFile;
        this.queue = queue.trim();
    }

    /** takes the next message into the body, unacknowledged; sets {@link #MORE} false when there is none */
    public synchronized void take(Exchange exchange) throws IOException {
        GetResponse r = channel().basicGet(queue, false);
        if (r == null) {
            exchange.setProperty(MORE, false);
            return;
        }
        exchange.setProperty(MORE, true);
        exchange.setProperty(TAG, r.getEnvelope().getDeliveryTag());
        exchange.setProperty("wizUsersEventSource", "rabbitmq queue " + queue + " message "
                + (r.getProps().getMessageId() != null ? r.getProps().getMessageId()
                : "#" + r.getEnvelope().getDeliveryTag()));
        exchange.getMessage().setBody(r.getBody());
    }

    /** the change is applied or recorded as refused: the message is done */
    public synchronized void ack(Exchange exchange) throws IOException {
        channel().basicAck(exchange.getProperty(TAG, Long.class), false);
    }

    /** the change could not be made: the message goes back to the queue, and the route waits for the next poll */
    public synchronized void requeue(Exchange exchange) {
        exchange.setProperty(MORE, false);
        Long tag = exchange.getProperty(TAG, Long.class);
        try {
            if (tag != null && channel != null && channel.isOpen()) {
                channel.basicNack(tag, false, true);
            }
        } catch (IOException e) {
            // a closed channel hands its unacknowledged messages back itself
            closeQuietly();
        }
    }

    private Channel channel() throws IOException {
        if (channel != null && channel.isOpen()) {
            return channel;
        }
        try {
            if (connection == null || !connection.isOpen()) {
                factory.setPassword(ConfigValue.read(context, "wiz.sink.rabbitmq.password"));
                if (tls) {
                    factory.useSslProtocol(TlsTrust.context(trustFile,
                            ConfigValue.read(context, "wiz.sink.rabbitmq.tls-trust-password"), verify));
                }
                connection = factory.newConnection("wiz-camel-user-events");
            }
            channel = connection.createChannel();
            channel.basicQos(1);
            channel.queueDeclare(queue, true, false, false, null);
            return channel;
        } catch (TimeoutException e) {
            throw new IOException("RabbitMQ at " + factory.getHost() + ":" + factory.getPort()
                    + " did not answer within the connect timeout", e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("RabbitMQ TLS set-up failed: " + e.getMessage(), e);
        }
    }

    private void closeQuietly() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (Exception ignored) {
            // closing anyway
        }
        connection = null;
        channel = null;
    }

    @Override
    public synchronized void close() {
        closeQuietly();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
