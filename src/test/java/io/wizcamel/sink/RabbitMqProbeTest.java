package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.ServerSocket;
import java.util.UUID;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.wizcamel.Services;
import io.wizcamel.ops.ProbeTestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** --test-connection's call of the RabbitMQ sink against the RabbitMQ server on 127.0.0.1:5672 (guest/guest). */
@Services
class RabbitMqProbeTest extends ProbeTestBase {

    Connection amqp;
    String exchange;

    @BeforeEach
    void rabbit() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setUsername("guest");
        f.setPassword("guest");
        amqp = f.newConnection("wiz-camel-probe-test");
        exchange = "wiz.probe." + UUID.randomUUID().toString().substring(0, 8);
        h.set("wiz.sinks", "rabbitmq").set("wiz.sink.rabbitmq.host", "127.0.0.1").set("wiz.sink.rabbitmq.port", "5672")
                .set("wiz.sink.rabbitmq.username", "guest").set("wiz.sink.rabbitmq.password", "guest")
                .set("wiz.sink.rabbitmq.exchange", exchange);
    }

    @AfterEach
    void cleanUp() throws Exception {
        try (Channel c = amqp.createChannel()) {
            c.exchangeDelete(exchange);
        }
        amqp.close();
    }

    @Test
    void passesWithTheLoginAndTheExchangeAndPublishesNothing() throws Exception {
        try (Channel c = amqp.createChannel()) {
            c.exchangeDeclare(exchange, "topic", true);
        }
        assertPasses("rabbitmq", "accepted user 'guest'; exchange '" + exchange + "' is there");
    }

    @Test
    void aMissingExchangeFailsOnlyWhenTheSinkWouldNotDeclareIt() throws Exception {
        assertPasses("rabbitmq", "is not there yet (the sink declares it");
        h.set("wiz.sink.rabbitmq.declare-exchange", "false");
        assertFails("rabbitmq", "Create exchange '" + exchange + "'", null);
        assertFalse(exchangeExists(), "the probe declares nothing");
    }

    private boolean exchangeExists() throws Exception {
        Channel c = amqp.createChannel(); // a 404 closes the channel
        try {
            c.exchangeDeclarePassive(exchange);
            c.close();
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aWrongPasswordFailsNamingTheSettingAndNeverShowsIt() {
        h.set("wiz.sink.rabbitmq.password", "wrong-rabbit-pw-5");
        assertFails("rabbitmq", "WIZ_SINK_RABBITMQ_PASSWORD", "wrong-rabbit-pw-5");
    }

    @Test
    void aBrokerThatIsNotThereFailsNamingTheSetting() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        h.set("wiz.sink.rabbitmq.port", Integer.toString(closed));
        assertFails("rabbitmq", "WIZ_SINK_RABBITMQ_PORT", null);
    }
}
