package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import io.wizcamel.Services;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RabbitMQ sink against the RabbitMQ server on 127.0.0.1:5672 (guest/guest). Each test uses its own exchange and
 * queue names and deletes them; the server itself is never stopped.
 */
@Services
class RabbitMqSinkTest {

    @TempDir
    Path dir;

    WizEmulator emulator;
    Connection amqp;
    Channel admin;
    String exchange;
    String queue;

    @BeforeEach
    void connect() throws Exception {
        ConnectionFactory f = new ConnectionFactory();
        f.setHost("127.0.0.1");
        f.setPort(5672);
        f.setUsername("guest");
        f.setPassword("guest");
        amqp = f.newConnection("wiz-camel-test");
        admin = amqp.createChannel();
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        exchange = "wiz.test." + suffix;
        queue = "wiz.test.q." + suffix;
    }

    @AfterEach
    void cleanUp() throws Exception {
        Channel c = amqp.createChannel();
        c.queueDelete(queue);
        c.exchangeDelete(exchange);
        amqp.close();
        if (emulator != null) {
            emulator.close();
        }
    }

    SyncHarness harness(int issues) {
        emulator = WizEmulator.builder().issues(issues).build().start();
        return new SyncHarness(emulator, dir)
                .set("wiz.sinks", "file,rabbitmq")
                .set("wiz.page-size", "200")
                .set("wiz.sink-retries", "1")
                .set("wiz.sink-retry-delay-ms", "10")
                .set("wiz.sink.rabbitmq.host", "127.0.0.1")
                .set("wiz.sink.rabbitmq.port", "5672")
                .set("wiz.sink.rabbitmq.username", "guest")
                .set("wiz.sink.rabbitmq.password", "guest")
                .set("wiz.sink.rabbitmq.exchange", exchange);
    }

    /** A durable queue bound with issue.# (declaring the topic exchange as the sink does, to bind before it runs). */
    void bindQueue() throws IOException {
        admin.exchangeDeclare(exchange, "topic", true);
        admin.queueDeclare(queue, true, false, false, null);
        admin.queueBind(queue, exchange, "issue.#");
    }

    List<GetResponse> drain() throws IOException {
        List<GetResponse> out = new ArrayList<>();
        for (GetResponse r = admin.basicGet(queue, true); r != null; r = admin.basicGet(queue, true)) {
            out.add(r);
        }
        return out;
    }

    @Test
    void everyRecordIsOnePersistentJsonMessageRoutedBySeverity() throws Exception {
        bindQueue();
        SyncHarness h = harness(600);
        assertEquals(0, h.run());
        List<JsonNode> records = h.allRecords();
        assertEquals(h.expectedIds(600).size(), records.size());
        assertEquals(records.size(), h.lastRun().path("sinks").path("rabbitmq").path("delivered").asLong());

        Map<String, GetResponse> byId = byMessageId(drain());
        assertEquals(records.size(), byId.size(), "every record once");
        for (JsonNode record : records) {
            GetResponse m = byId.get(record.path("id").asText());
            assertEquals(record, SyncHarness.JSON.readTree(m.getBody()), "the body is the record as JSON");
            assertEquals(exchange, m.getEnvelope().getExchange());
            assertEquals("issue." + record.path("severity").asText().toLowerCase(Locale.ROOT),
                    m.getEnvelope().getRoutingKey());
            assertEquals(2, m.getProps().getDeliveryMode(), "persistent");
            assertEquals("application/json", m.getProps().getContentType());
            assertEquals("utf-8", m.getProps().getContentEncoding());
            assertEquals("wiz-camel", m.getProps().getAppId());
        }

        assertEquals(0, h.run(), "a second run");
        assertEquals(0, h.lastRun().path("sinks").path("rabbitmq").path("delivered").asLong());
        assertEquals(List.of(), drain(), "nothing unchanged is published again");
    }

    @Test
    void theExchangeIsDeclaredIfMissingAndMessagesNoQueueTakesAreDeadLetteredUntilOneIsBound() throws Exception {
        SyncHarness h = harness(300).set("wiz.sink-retries", "2");
        int expected = h.expectedIds(300).size();
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("rabbitmq");
        assertEquals(0, sink.path("delivered").asLong());
        assertEquals(expected, sink.path("deadLettered").asLong());
        assertTrue(sink.path("error").asText().contains("to no queue") && sink.path("error").asText().contains(exchange)
                && sink.path("error").asText().contains("issue.#"), sink.toString());
        assertFalse(h.logs.contains("; retry 1 of "), "an unroutable page is not retried within the run");
        admin.exchangeDeclarePassive(exchange); // throws if the sink did not declare it

        admin.queueDeclare(queue, true, false, false, null);
        admin.queueBind(queue, exchange, "issue.#");
        assertEquals(0, h.run());
        sink = h.lastRun().path("sinks").path("rabbitmq");
        assertEquals(expected, sink.path("redelivered").asLong(), sink.toString());
        assertEquals(expected, byMessageId(drain()).size(), "every record once");
    }

    @Test
    void aBrokerOutageDeadLettersThePageAndTheNextRunDeliversEverythingOnce() throws Exception {
        bindQueue();
        SyncHarness h = harness(600).set("wiz.sink.rabbitmq.port", Integer.toString(closedPort()));
        int expected = h.expectedIds(600).size();
        assertEquals(3, h.run(), "a sink outage does not fail the run");
        JsonNode run = h.lastRun();
        assertEquals(expected, run.path("sinks").path("file").path("delivered").asLong(), "the file sink unaffected");
        JsonNode sink = run.path("sinks").path("rabbitmq");
        assertEquals(0, sink.path("delivered").asLong());
        assertEquals(expected, sink.path("deadLettered").asLong());
        assertTrue(sink.path("error").asText().contains("Connection refused"), sink.toString());
        assertEquals(List.of(), drain());

        h.set("wiz.sink.rabbitmq.port", "5672");
        assertEquals(0, h.run());
        sink = h.lastRun().path("sinks").path("rabbitmq");
        assertEquals(expected, sink.path("redelivered").asLong(), sink.toString());
        assertEquals(0, sink.path("deadLettered").asLong());
        Map<String, GetResponse> got = byMessageId(drain());
        assertEquals(h.allRecords().stream().map(r -> r.path("id").asText()).sorted().toList(),
                got.keySet().stream().sorted().toList(), "every record, none twice");
    }

    @Test
    void aRefusedPasswordIsNotRetriedAndAppearsNowhere() throws Exception {
        bindQueue();
        String secret = "wrong-Pa55word-" + UUID.randomUUID();
        SyncHarness h = harness(300).set("wiz.sink-retries", "2").set("wiz.sink.rabbitmq.password", secret);
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("rabbitmq");
        assertEquals(h.expectedIds(300).size(), sink.path("deadLettered").asLong());
        assertTrue(sink.path("error").asText().contains("refused the login of user 'guest'")
                && sink.path("error").asText().contains("WIZ_SINK_RABBITMQ_PASSWORD"), sink.toString());
        assertFalse(h.logs.contains("; retry 1 of "), "bad credentials are not retried");
        assertFalse(h.logs.contains(secret) || h.stderr.contains(secret), "the password is in no log line");
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret),
                        "the password is not in " + f);
            }
        }
        assertNull(admin.basicGet(queue, true));
    }

    @Test
    void anExchangeOfAnotherTypeIsRefusedWithWhatToDo() throws Exception {
        admin.exchangeDeclare(exchange, "fanout", true);
        SyncHarness h = harness(300);
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("rabbitmq");
        assertEquals(h.expectedIds(300).size(), sink.path("deadLettered").asLong());
        assertTrue(sink.path("error").asText().contains("PRECONDITION_FAILED")
                && sink.path("error").asText().contains("WIZ_SINK_RABBITMQ_EXCHANGE_TYPE"), sink.toString());
    }

    private static Map<String, GetResponse> byMessageId(List<GetResponse> messages) {
        Map<String, GetResponse> out = new HashMap<>();
        List<String> twice = new ArrayList<>();
        for (GetResponse m : messages) {
            if (out.put(m.getProps().getMessageId(), m) != null) {
                twice.add(m.getProps().getMessageId());
            }
        }
        assertEquals(List.of(), twice, "message ids that arrived twice");
        return out;
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed again when this returns: connecting is refused
        }
    }
}
