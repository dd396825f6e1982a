package io.wizcamel.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.wizcamel.Services;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change events from a RabbitMQ queue (the local broker, guest/guest on 5672), through the deployed route
 * wiz-users-events-rabbitmq: a message is acknowledged only after its change is applied or recorded as refused, and
 * stays on the queue while Wiz cannot be reached.
 */
@Services
class UserEventsRabbitMqTest {

    @TempDir
    Path dir;

    private static int depth(Channel ch, String queue) throws Exception {
        return ch.queueDeclarePassive(queue).getMessageCount();
    }

    private static void publish(Channel ch, String queue, String body) throws Exception {
        ch.basicPublish("", queue, new AMQP.BasicProperties.Builder().deliveryMode(2)
                .messageId(UUID.randomUUID().toString()).build(), body.getBytes(StandardCharsets.UTF_8));
    }

    SyncHarness harness(WizEmulator e, String queue) {
        return new SyncHarness(e, dir).set("wiz.sinks", "file").set("wiz.users.events.rabbitmq.enabled", "true")
                .set("wiz.users.events.rabbitmq.queue", queue).set("wiz.users.events.rabbitmq.poll-ms", "300")
                .set("wiz.sink.rabbitmq.host", "127.0.0.1").set("wiz.sink.rabbitmq.username", "guest")
                .set("wiz.sink.rabbitmq.password", "guest");
    }

    @Test
    void aMessageIsAcknowledgedOnlyAfterItsChangeWasMadeOrRefused() throws Exception {
        String queue = "wiz-users-test-" + UUID.randomUUID();
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setUsername("guest");
        f.setPassword("guest");
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start();
                Connection c = f.newConnection(); Channel ch = c.createChannel()) {
            ch.queueDeclare(queue, true, false, false, null);
            publish(ch, queue, "{\"email\":\"sam.okafor@acme.example\",\"role\":\"GLOBAL_CONTRIBUTOR\"}");

            // Wiz unreachable: the message goes back to the queue
            SyncHarness down = harness(e, queue);
            String closed = UserEventsTest.closedUrl();
            down.set("wiz.api-url", closed).set("wiz.token-url", closed + "/oauth/token");
            UserEventsTest.daemon(down, 4, null);
            assertEquals(1, depth(ch, queue), "not acknowledged while Wiz is unreachable");
            assertEquals(0, e.userMutations());

            publish(ch, queue, "{\"email\":\"new.hire@acme.example\",\"name\":\"New Hire\",\"role\":\"GLOBAL_READER\","
                    + "\"projects\":[\"Project 99\"]}");
            SyncHarness up = harness(e, queue);
            UserEventsTest.daemon(up, 6, null);
            assertEquals(0, depth(ch, queue), "both acknowledged: one applied, one refused");
            assertEquals("GLOBAL_CONTRIBUTOR", e.identities().user(1).path("effectiveRole").path("id").asText());
            assertEquals(1, e.userMutations());
            List<JsonNode> records = UserLifecycleTest.records(dir.resolve("out").resolve("user-changes"));
            assertEquals(2, records.size(), records.toString());
            assertTrue(records.stream().anyMatch(r -> r.path("outcome").asText().equals("refused")
                    && r.path("why").asText().contains("unknown project 'Project 99'")
                    && r.path("why").asText().contains("rabbitmq queue " + queue)), records.toString());
            UserLifecycleTest.assertNoSecret(up);
        } finally {
            try (Connection c = f.newConnection(); Channel ch = c.createChannel()) {
                ch.queueDelete(queue);
            }
        }
    }
}
