package io.wizcamel.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.WizCamel;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change events from a folder and from a Kafka topic (a broker in the test JVM), through the deployed routes
 * wiz-users-events-file and wiz-users-events-kafka in a running daemon: a file moves to .done, and the consumer
 * group's offset moves past a message, only once its change is applied or recorded as refused; while Wiz cannot be
 * reached, neither is acknowledged.
 */
class UserEventsTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final String TOPIC = "wiz.user-events";
    private static final String GROUP = "wiz-camel-users-test";

    @TempDir
    Path dir;

    /** a port nothing listens on: Wiz unreachable */
    static String closedUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /** the daemon (no --once) until it has been idle for a while, or at most {@code maxSeconds} */
    static void daemon(SyncHarness h, int maxSeconds, Integer idleSeconds) throws Exception {
        h.set("camel.main.duration-max-seconds", String.valueOf(maxSeconds));
        if (idleSeconds != null) {
            h.set("camel.main.duration-max-idle-seconds", String.valueOf(idleSeconds));
        }
        h.set("wiz.scheduler-enabled", "false");
        Thread runner = new Thread(() -> WizCamel.run(new String[0], h.props));
        runner.start();
        runner.join((maxSeconds + 60) * 1000L);
        assertFalse(runner.isAlive(), "the daemon stopped");
    }

    private static void send(String value) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.plaintext());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, value)).get();
        }
    }

    private static long committed() throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.plaintext());
        try (Admin admin = Admin.create(p)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata().get();
            OffsetAndMetadata o = offsets.get(new TopicPartition(TOPIC, 0));
            return o == null ? 0 : o.offset();
        }
    }

    SyncHarness harness(WizEmulator e, Path events) {
        return new SyncHarness(e, dir).set("wiz.sinks", "file")
                .set("wiz.users.events.file.enabled", "true").set("wiz.users.events.file.folder", events.toString())
                .set("wiz.users.events.file.poll-ms", "300")
                .set("wiz.users.events.kafka.enabled", "true").set("wiz.users.events.kafka.brokers", KAFKA.plaintext())
                .set("wiz.users.events.kafka.topic", TOPIC).set("wiz.users.events.kafka.group-id", GROUP)
                .set("wiz.users.events.retry-delay-ms", "200");
    }

    @Test
    void anEventIsAcknowledgedOnlyAfterItsChangeWasMadeOrRefused() throws Exception {
        KAFKA.createTopic(TOPIC, 1, Map.of());
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start()) {
            Path events = Files.createDirectories(dir.resolve("events"));
            Files.writeString(events.resolve("e1.json"),
                    "{\"email\":\"Dana.Reyes@acme.example\",\"name\":\"Dana From HR\"}");
            send("{\"email\":\"priya.natarajan@acme.example\",\"active\":false}");

            // Wiz unreachable: nothing acknowledged; and the scheduled apply fires on its own cron (and fails)
            SyncHarness down = harness(e, events);
            String closed = closedUrl();
            down.set("wiz.api-url", closed).set("wiz.token-url", closed + "/oauth/token");
            Path desired = Files.writeString(dir.resolve("users.csv"), "email,name\nann@acme.example,Ann\n");
            down.set("wiz.users.schedule-enabled", "true").set("wiz.users.apply-schedule", "0/2 * * * * ?")
                    .set("wiz.users.desired-file", desired.toString());
            daemon(down, 6, null);
            assertTrue(down.history().stream().anyMatch(r -> r.path("trigger").asText().equals("schedule")
                    && r.path("stream").asText().equals("user-changes") && r.path("outcome").asText().equals("failed")),
                    "the scheduled apply ran: " + down.history());
            assertTrue(Files.exists(events.resolve("e1.json")), "the file stays while Wiz is unreachable");
            assertFalse(Files.exists(events.resolve(".done").resolve("e1.json")));
            assertEquals(0, committed(), "no offset committed while Wiz is unreachable");
            assertEquals(0, e.userMutations());
            assertTrue(down.history().stream().anyMatch(r -> r.path("trigger").asText().equals("event:file")
                    && r.path("outcome").asText().equals("failed")), down.history().toString());

            // Wiz back, and one refused event more on each: all four acknowledged
            Files.writeString(events.resolve("e2.json"),
                    "{\"email\":\"someone@acme.example\",\"name\":\"Someone\",\"role\":\"NO_SUCH_ROLE\"}");
            send("{\"email\":\"not an email\",\"role\":\"GLOBAL_READER\"}");
            SyncHarness up = harness(e, events);
            daemon(up, 40, 4);
            assertEquals("Dana From HR", e.identities().user(0).path("name").asText());
            assertTrue(e.identities().user(2).path("isSuspended").asBoolean());
            assertEquals(2, e.userMutations());
            assertTrue(Files.exists(events.resolve(".done").resolve("e1.json")), "applied: acknowledged");
            assertTrue(Files.exists(events.resolve(".done").resolve("e2.json")), "refused and recorded: acknowledged");
            assertFalse(Files.exists(events.resolve("e1.json")));
            assertEquals(2, committed(), "both offsets committed: one applied, one refused");

            List<JsonNode> records = UserLifecycleTest.records(dir.resolve("out").resolve("user-changes"));
            assertEquals(4, records.size(), records.toString());
            JsonNode applied = records.stream().filter(r -> r.path("outcome").asText().equals("applied")
                    && r.path("email").asText().equals("dana.reyes@acme.example")).findFirst().orElseThrow();
            assertEquals("Dana Reyes", applied.path("before").path("name").asText());
            assertTrue(applied.path("by").asText().contains("event:file"), applied.toString());
            assertTrue(records.stream().anyMatch(r -> r.path("outcome").asText().equals("refused")
                    && r.path("why").asText().contains("file e2.json")
                    && r.path("why").asText().contains("unknown role 'NO_SUCH_ROLE'")), records.toString());
            assertTrue(records.stream().anyMatch(r -> r.path("outcome").asText().equals("refused")
                    && r.path("why").asText().contains("malformed email")
                    && r.path("why").asText().contains("kafka " + TOPIC + " partition 0 offset 1")), records.toString());
            UserLifecycleTest.assertNoSecret(up);
        }
    }
}
