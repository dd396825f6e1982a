package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.format.EcsFormat;
import io.wizcamel.format.OcsfFormat;
import io.wizcamel.sink.kafka.KafkaBroker;
import io.wizcamel.sink.kafka.RecordingInterceptor;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The Kafka sink against a real KRaft broker in this JVM (see KafkaBroker), through the routes as deployed. */
class KafkaSinkTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    WizEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    private SyncHarness harness(int issues, String topic, String bootstrap) {
        emulator = WizEmulator.builder().issues(issues).build().start();
        return new SyncHarness(emulator, dir)
                .set("wiz.sinks", "file,kafka")
                .set("wiz.sink.kafka.bootstrap-servers", bootstrap)
                .set("wiz.sink.kafka.topic", topic)
                .set("wiz.sink-retries", "1")
                .set("wiz.sink-retry-delay-ms", "10");
    }

    @Test
    void everyRecordArrivesOnceKeyedByIdAndAResyncAddsOnlyTheChange() throws Exception {
        String topic = "wiz.issues.happy";
        KAFKA.createTopic(topic, 3, Map.of("cleanup.policy", "compact"));
        SyncHarness h = harness(600, topic, KAFKA.plaintext()).set("wiz.page-size", "200")
                .set("wiz.sink.kafka.additional-properties",
                        "interceptor.classes=" + RecordingInterceptor.class.getName() + ", compression.type=gzip");
        List<String> expected = h.expectedIds(600);
        assertEquals(0, h.run(), h.stderr);
        JsonNode run = h.lastRun();
        assertEquals(expected.size(), run.path("sinks").path("kafka").path("delivered").asLong(), run.toString());
        assertEquals(0, run.path("sinks").path("kafka").path("deadLettered").asLong());

        Map<String, String> fileLines = fileLinesById(h);
        List<ConsumerRecord<String, String>> messages = KAFKA.readAll(topic);
        assertEquals(expected.size(), messages.size(), "one message per record");
        assertEquals(expected.stream().sorted().toList(), messages.stream().map(ConsumerRecord::key).sorted().toList(),
                "each issue exactly once, keyed by its id");
        for (ConsumerRecord<String, String> m : messages) {
            assertEquals(fileLines.get(m.key()), m.value(), "the value is the exact record JSON");
            JsonNode record = SyncHarness.JSON.readTree(m.value());
            assertEquals(record.path("severity").asText(), header(m, "severity"));
            assertEquals(record.path("wizStatus").asText(), header(m, "wizStatus"));
            assertEquals(run.path("runId").asText(), header(m, "wizRunId"));
            assertEquals(3, m.headers().toArray().length, "no other header: " + List.of(m.headers().toArray()));
        }
        // the producer got the pass-through settings and the delivery guarantees
        assertEquals("gzip", RecordingInterceptor.CONFIG.get("compression.type"));
        assertEquals("true", RecordingInterceptor.CONFIG.get("enable.idempotence"));
        assertEquals("all", RecordingInterceptor.CONFIG.get("acks"));

        // Wiz changes one issue: the next run sends exactly one new message for it
        String changedId = expected.get(7);
        int changed = emulator.indexOf(changedId);
        String newStatus = "RESOLVED".equals(emulator.issue(changed).path("status").asText()) ? "OPEN" : "RESOLVED";
        emulator.setStatus(changed, newStatus, Instant.now());
        assertEquals(0, h.run(), h.stderr);
        assertEquals(1, h.lastRun().path("sinks").path("kafka").path("delivered").asLong());
        List<ConsumerRecord<String, String>> after = KAFKA.readAll(topic);
        assertEquals(expected.size() + 1, after.size());
        List<ConsumerRecord<String, String>> forChanged = after.stream().filter(m -> m.key().equals(changedId)).toList();
        assertEquals(2, forChanged.size());
        assertEquals(newStatus, SyncHarness.JSON.readTree(forChanged.get(1).value()).path("wizStatus").asText());
        assertEquals(newStatus, header(forChanged.get(1), "wizStatus"));

        // a full resync finds nothing else to send; per key, the latest message is Wiz's current state
        assertEquals(0, h.run("--full"), h.stderr);
        assertEquals(0, h.lastRun().path("sinks").path("kafka").path("delivered").asLong());
        assertEquals(expected.size() + 1, KAFKA.readAll(topic).size());
        assertEquals(fileLinesById(h), latestByKey(KAFKA.readAll(topic)), "the compacted view is Wiz's current state");
    }

    @Test
    void ecsAndOcsfValuesAreTheSharedFormats() throws Exception {
        emulator = WizEmulator.builder().issues(150).build().start();
        for (String format : List.of("ecs", "ocsf")) {
            String topic = "wiz.issues." + format;
            SyncHarness h = new SyncHarness(emulator, dir.resolve(format)).set("wiz.sinks", "file,kafka")
                    .set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext()).set("wiz.sink.kafka.topic", topic)
                    .set("wiz.sink.kafka.format", format);
            assertEquals(0, h.run(), h.stderr);
            Map<String, String> byId = latestByKey(KAFKA.readAll(topic));
            List<JsonNode> records = h.allRecords();
            assertEquals(records.size(), byId.size());
            for (JsonNode record : records) {
                String rendered = format.equals("ecs") ? new EcsFormat().render(record) : new OcsfFormat().render(record);
                assertEquals(rendered, byId.get(record.path("id").asText()), format);
            }
            JsonNode first = SyncHarness.JSON.readTree(byId.values().iterator().next());
            assertTrue(format.equals("ecs") ? first.path("ecs").path("version").isTextual()
                    : first.path("class_uid").isInt(), first.toString());
        }
    }

    @Test
    void aBrokerDownForARunLosesNothingAndBlocksNoOtherSink() throws Exception {
        String topic = "wiz.issues.outage";
        SyncHarness h = harness(600, topic, "127.0.0.1:" + deadPort()).set("wiz.sink.kafka.max-block-ms", "1500");
        List<String> expected = h.expectedIds(600);
        assertEquals(3, h.run(), "a Kafka outage does not fail the run: " + h.stderr);
        JsonNode run = h.lastRun();
        assertEquals(expected.size(), run.path("sinks").path("file").path("delivered").asLong(), "file unaffected");
        JsonNode kafka = run.path("sinks").path("kafka");
        assertEquals(0, kafka.path("delivered").asLong());
        assertEquals(expected.size(), kafka.path("deadLettered").asLong(), kafka.toString());
        assertTrue(kafka.path("error").asText().contains("metadata"), kafka.toString());
        assertTrue(h.logs.contains("Sink kafka failed: ") && h.logs.contains("; retry 1 of "), "a broker that is not there is retried");

        // the broker is back and one issue changed meanwhile: dead letters first, then the change
        String changedId = expected.get(3);
        int changed = emulator.indexOf(changedId);
        String newStatus = "RESOLVED".equals(emulator.issue(changed).path("status").asText()) ? "OPEN" : "RESOLVED";
        emulator.setStatus(changed, newStatus, Instant.now());
        h.set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext());
        assertEquals(0, h.run(), h.stderr);
        JsonNode second = h.lastRun().path("sinks").path("kafka");
        assertEquals(expected.size(), second.path("redelivered").asLong(), second.toString());
        assertEquals(1, second.path("delivered").asLong(), second.toString());
        assertTrue(second.path("error").isNull(), second.toString());

        List<ConsumerRecord<String, String>> messages = KAFKA.readAll(topic);
        assertEquals(expected.size() + 1, messages.size(), "every version once");
        assertEquals(expected.stream().sorted().toList(),
                messages.stream().map(ConsumerRecord::key).distinct().sorted().toList());
        Map<String, String> latest = latestByKey(messages);
        assertEquals(newStatus, SyncHarness.JSON.readTree(latest.get(changedId)).path("wizStatus").asText());
        assertEquals(fileLinesById(h), latest, "per key, the latest message is Wiz's current state");

        assertEquals(0, h.run(), h.stderr);
        assertEquals(0, h.lastRun().path("sinks").path("kafka").path("redelivered").asLong(), "nothing left to replay");
        assertEquals(expected.size() + 1, KAFKA.readAll(topic).size());
    }

    @Test
    void saslCredentialsWorkAndABadPasswordIsRefusedWithoutRetriesAndNeverShown() throws Exception {
        String truststorePassword = "truststore-pw-" + UUID.randomUUID();
        String wrongPassword = "wrong-pw-" + UUID.randomUUID();
        String topic = "wiz.issues.sasl";
        SyncHarness h = harness(150, topic, KAFKA.sasl()).set("wiz.sink-retries", "2")
                .set("wiz.sink.kafka.security-protocol", "SASL_PLAINTEXT")
                .set("wiz.sink.kafka.sasl-mechanism", "PLAIN")
                .set("wiz.sink.kafka.sasl-jaas-config", jaas(KafkaBroker.SASL_PASSWORD))
                .set("wiz.sink.kafka.ssl-truststore-password", truststorePassword);
        List<String> expected = h.expectedIds(150);
        // the producer's INFO lines include its whole configuration: let them reach the captured log too
        Configurator.setLevel("org.apache.kafka.clients", Level.INFO);
        try {
            assertEquals(0, h.run(), h.stderr);
        } finally {
            Configurator.setLevel("org.apache.kafka.clients", Level.WARN);
        }
        assertTrue(h.logs.contains("sasl.jaas.config = [hidden]"), "the configuration dump was captured");
        assertEquals(expected.size(), h.lastRun().path("sinks").path("kafka").path("delivered").asLong(),
                h.lastRun().toString());
        assertEquals(expected.size(), KAFKA.readAll(topic).size());
        assertNoSecret(h, List.of(KafkaBroker.SASL_PASSWORD, truststorePassword));

        // the same with a wrong password, from a fresh state: refused at once, kept as dead letters
        SyncHarness bad = new SyncHarness(emulator, dir.resolve("bad"));
        bad.props.putAll(h.props);
        bad.set("wiz.output-dir", dir.resolve("bad/out").toString()).set("wiz.state-dir", dir.resolve("bad/data").toString())
                .set("wiz.sink.kafka.sasl-jaas-config", jaas(wrongPassword));
        assertEquals(3, bad.run(), bad.stderr);
        JsonNode kafka = bad.lastRun().path("sinks").path("kafka");
        assertEquals(expected.size(), kafka.path("deadLettered").asLong(), kafka.toString());
        String error = kafka.path("error").asText();
        assertTrue(error.contains("Authentication failed") && error.contains("WIZ_SINK_KAFKA_SASL_JAAS_CONFIG"), error);
        assertFalse(bad.logs.contains("; retry 1 of "), "refused credentials are not retried");
        assertEquals(expected.size(), KAFKA.readAll(topic).size(), "nothing more arrived");
        assertNoSecret(bad, List.of(wrongPassword, truststorePassword, KafkaBroker.SASL_PASSWORD));
    }

    @Test
    void aMessageTheTopicRefusesAsTooLargeIsDeadLetteredWithoutRetries() throws Exception {
        String topic = "wiz.issues.small";
        KAFKA.createTopic(topic, 1, Map.of("max.message.bytes", "600"));
        SyncHarness h = harness(100, topic, KAFKA.plaintext()).set("wiz.sink-retries", "2");
        assertEquals(3, h.run(), h.stderr);
        JsonNode kafka = h.lastRun().path("sinks").path("kafka");
        assertEquals(h.expectedIds(100).size(), kafka.path("deadLettered").asLong(), kafka.toString());
        assertTrue(kafka.path("error").asText().contains("max.message.bytes"), kafka.toString());
        assertFalse(h.logs.contains("; retry 1 of "), "a refusal is not retried");
        assertEquals(0, KAFKA.readAll(topic).size());
    }

    @Test
    void aPageKafkaTakesOnlyInPartFailsWhole() throws Exception {
        // learn the records' sizes from a file-only run, then size the topic so that the page's first record fits
        // and some later ones do not: Kafka writes part of the page, and the page must still fail
        SyncHarness probe = harness(100, "unused", KAFKA.plaintext()).set("wiz.sinks", "file");
        assertEquals(0, probe.run(), probe.stderr);
        List<String> lines = Files.readAllLines(probe.files().get(0));
        List<Integer> sizes = lines.stream().map(l -> l.getBytes(StandardCharsets.UTF_8).length).sorted().toList();
        int limit = Math.max(lines.get(0).getBytes(StandardCharsets.UTF_8).length, sizes.get(sizes.size() / 2)) + 200;
        assertTrue(sizes.get(sizes.size() - 1) + 100 > limit, "some records are too large: " + sizes + " " + limit);
        String topic = "wiz.issues.partial";
        KAFKA.createTopic(topic, 1, Map.of("max.message.bytes", String.valueOf(limit)));

        SyncHarness h = new SyncHarness(emulator, dir.resolve("partial"));
        h.props.putAll(probe.props);
        h.set("wiz.output-dir", dir.resolve("partial/out").toString())
                .set("wiz.state-dir", dir.resolve("partial/data").toString())
                .set("wiz.sinks", "file,kafka").set("wiz.sink.kafka.topic", topic)
                // batches below the topic's limit: a larger batch.size makes the producer split refused batches
                // into equally large ones until delivery.timeout.ms (KAFKA-8350)
                .set("wiz.sink.kafka.additional-properties", "batch.size=" + (limit - 300));
        assertEquals(3, h.run(), h.stderr);
        JsonNode kafka = h.lastRun().path("sinks").path("kafka");
        assertEquals(0, kafka.path("delivered").asLong(), kafka.toString());
        assertEquals(lines.size(), kafka.path("deadLettered").asLong(), "the whole page is kept: " + kafka);
        assertTrue(kafka.path("error").asText().contains("max.message.bytes"), kafka.toString());
        int written = KAFKA.readAll(topic).size();
        assertTrue(written > 0 && written < lines.size(), "Kafka took part of the page: " + written);
    }

    @Test
    void badSettingsAreRefusedAtStartUpOnlyWhenKafkaIsOn() throws Exception {
        SyncHarness h = harness(10, "wiz.issues", "");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("WIZ_SINK_KAFKA_BOOTSTRAP_SERVERS"), h.stderr);

        String secret = "pw-" + UUID.randomUUID();
        h.set("wiz.sink.kafka.bootstrap-servers", "broker-1:9092,broker-2")
                .set("wiz.sink.kafka.security-protocol", "SASL_SSL")
                .set("wiz.sink.kafka.format", "xml")
                .set("wiz.sink.kafka.additional-properties", "linger.ms=5,ssl.key.password " + secret);
        assertEquals(1, h.run());
        for (String part : List.of("broker-2", "WIZ_SINK_KAFKA_SASL_JAAS_CONFIG", "WIZ_SINK_KAFKA_FORMAT",
                "WIZ_SINK_KAFKA_ADDITIONAL_PROPERTIES")) {
            assertTrue(h.stderr.contains(part), part + " in: " + h.stderr);
        }
        assertFalse(h.stderr.contains(secret), "a malformed entry is named, not shown");

        h.set("wiz.sinks", "file");
        assertEquals(0, h.run(), "kafka off: its settings are not checked: " + h.stderr);
    }

    private static String jaas(String password) {
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + KafkaBroker.SASL_USER
                + "\" password=\"" + password + "\";";
    }

    private void assertNoSecret(SyncHarness h, List<String> secrets) throws IOException {
        List<Path> files = new ArrayList<>(h.allOutputFiles());
        try (Stream<Path> s = Files.walk(h.dir.resolve("data"))) {
            s.filter(Files::isRegularFile).forEach(files::add); // history, checkpoint store, dead letters
        }
        for (String secret : secrets) {
            assertFalse(h.logs.contains(secret), "secret in the log");
            assertFalse(h.stderr.contains(secret), "secret on stderr");
            for (Path f : files) {
                assertFalse(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(secret),
                        "secret in " + f);
            }
        }
    }

    private static String header(ConsumerRecord<String, String> m, String name) {
        Header h = m.headers().lastHeader(name);
        assertNotNull(h, name + " header");
        return new String(h.value(), StandardCharsets.UTF_8);
    }

    /** each id's latest line in the published JSON Lines files (the file sink writes each version it sees) */
    private static Map<String, String> fileLinesById(SyncHarness h) throws IOException {
        Map<String, String> out = new HashMap<>();
        for (Path f : h.files()) {
            for (String line : Files.readAllLines(f)) {
                out.put(SyncHarness.JSON.readTree(line).path("id").asText(), line);
            }
        }
        return out;
    }

    /** what a compacted topic keeps: each key's last value */
    private static Map<String, String> latestByKey(List<ConsumerRecord<String, String>> messages) {
        Map<String, String> out = new LinkedHashMap<>();
        messages.forEach(m -> out.put(m.key(), m.value()));
        return out.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
