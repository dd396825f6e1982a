package io.wizcamel.stream.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream with a JQ mapping goes to every sink as its records' own JSON, whatever format is configured (ECS, OCSF,
 * CEF read the built-in record's fields), through the deployed routes.
 */
class MappedRecordsAsJsonTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    /** a mapping of the operator's own shape: nothing ECS, OCSF or CEF would find */
    static final String MAPPING = """
            - kind: issue
              mappings:
                id: .id
                heading: '"wiz issue " + .id'
                state: .mappedStatus
                rule: .sourceRule.name
            """;

    @TempDir
    Path dir;

    private SyncHarness mapped(WizEmulator emulator) throws Exception {
        Path file = dir.resolve("issues-mapping.yaml");
        Files.writeString(file, MAPPING);
        return new SyncHarness(emulator, dir).set("wiz.mapping-file", file.toString());
    }

    private static void assertMapped(JsonNode r) {
        assertEquals(Set.of("id", "heading", "state", "rule"), fieldNames(r), r.toString());
        assertEquals("wiz issue " + r.path("id").asText(), r.path("heading").asText());
    }

    private static Set<String> fieldNames(JsonNode r) {
        Set<String> names = new TreeSet<>();
        r.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void theFileSinkWritesMappedRecordsOnceAsJsonLinesWhateverTheFormats() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(120).build().start()) {
            SyncHarness h = mapped(emulator).set("wiz.sink.file.formats", "ecs,ocsf,cef");
            assertEquals(0, h.run(), h.stderr);
            List<Path> files = h.allOutputFiles();
            assertFalse(files.isEmpty());
            for (Path f : files) {
                String name = f.getFileName().toString();
                assertTrue(name.endsWith(".jsonl") && !name.endsWith(".ecs.jsonl") && !name.endsWith(".ocsf.jsonl"),
                        "one JSON Lines file, no ECS/OCSF/CEF file of mapped records: " + files);
            }
            List<JsonNode> records = h.allRecords();
            records.forEach(MappedRecordsAsJsonTest::assertMapped);
            assertEquals(new TreeSet<>(h.expectedIds(120)), records.stream().map(r -> r.path("id").asText())
                    .collect(Collectors.toCollection(TreeSet::new)));
            assertTrue(h.logs.contains("has a JQ mapping: its records are sent as their own JSON, not as file"
                    + " ecs,ocsf,cef"), "start-up says so: " + h.logs);
        }
    }

    @Test
    void kafkaWithFormatEcsCarriesTheMappedJson() throws Exception {
        String topic = "wiz.issues.mapped-" + System.nanoTime();
        try (WizEmulator emulator = WizEmulator.builder().issues(120).build().start()) {
            SyncHarness h = mapped(emulator).set("wiz.sinks", "file,kafka")
                    .set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext()).set("wiz.sink.kafka.topic", topic)
                    .set("wiz.sink.kafka.format", "ecs");
            assertEquals(0, h.run(), h.stderr);
            Map<String, JsonNode> byKey = new TreeMap<>();
            for (ConsumerRecord<String, String> m : KAFKA.readAll(topic)) {
                byKey.put(m.key(), SyncHarness.JSON.readTree(m.value()));
            }
            assertEquals(new TreeSet<>(h.expectedIds(120)), byKey.keySet());
            Map<String, JsonNode> inFiles = new TreeMap<>();
            h.allRecords().forEach(r -> inFiles.put(r.path("id").asText(), r));
            assertEquals(inFiles, byKey, "Kafka carries the same mapped JSON as the file");
            byKey.values().forEach(MappedRecordsAsJsonTest::assertMapped);
            assertTrue(h.logs.contains("kafka ecs"), h.logs);
        }
    }

    @Test
    void mappedRecordsDeadLetteredByKafkaAreReplayedAsTheMappedJson() throws Exception {
        String topic = "wiz.issues.mapped-replay-" + System.nanoTime();
        try (WizEmulator emulator = WizEmulator.builder().issues(60).build().start()) {
            int dead;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                dead = s.getLocalPort();
            }
            SyncHarness h = mapped(emulator).set("wiz.sinks", "file,kafka").set("wiz.sink.kafka.topic", topic)
                    .set("wiz.sink.kafka.format", "ecs").set("wiz.sink-retries", "1")
                    .set("wiz.sink-retry-delay-ms", "10").set("wiz.sink.kafka.max-block-ms", "1500")
                    .set("wiz.sink.kafka.bootstrap-servers", "127.0.0.1:" + dead);
            assertEquals(3, h.run(), "partial: Kafka is down, its records wait as dead letters; " + h.stderr);
            long kept = h.lastRun().path("sinks").path("kafka").path("deadLettered").asLong();
            assertEquals(h.expectedIds(60).size(), kept, h.lastRun().toString());

            // the broker is back: the next run (nothing new from Wiz) replays the dead letters before any page
            h.set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext());
            assertEquals(0, h.run(), h.stderr);
            assertEquals(kept, h.lastRun().path("sinks").path("kafka").path("redelivered").asLong(),
                    h.lastRun().toString());
            List<ConsumerRecord<String, String>> messages = KAFKA.readAll(topic);
            assertEquals(kept, messages.size());
            for (ConsumerRecord<String, String> m : messages) {
                assertMapped(SyncHarness.JSON.readTree(m.value()));
            }
        }
    }

    @Test
    void aRecordThatMapsAgainLeavesTheDeadLettersAndTheHistoryCountsThoseWaiting() throws Exception {
        Path file = dir.resolve("issues-mapping.yaml");
        // an operator's slip: a number added to the severity text fails on the LOW issues only
        Files.writeString(file, "- kind: issue\n  mappings:\n    id: .id\n"
                + "    level: 'if .severity == \"LOW\" then .severity + 1 else .severity end'\n");
        try (WizEmulator emulator = WizEmulator.builder().issues(200).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.mapping-file", file.toString());
            assertEquals(0, h.run(), h.stderr);
            JsonNode first = h.lastRun();
            long failed = first.path("dropped").path("mapping").asLong();
            assertTrue(failed > 0, "the emulator gives LOW issues: " + first);
            assertEquals(failed, first.path("mappingDeadLetters").asLong(), first.toString());

            // the same failing mapping again: the same records wait, not twice
            assertEquals(0, h.run("--full"), h.stderr);
            assertEquals(failed, h.lastRun().path("mappingDeadLetters").asLong(), h.lastRun().toString());

            // the operator fixes the expression and runs --full: every record maps, nothing waits any more
            Files.writeString(file, "- kind: issue\n  mappings:\n    id: .id\n"
                    + "    level: .severity\n");
            assertEquals(0, h.run("--full"), h.stderr);
            JsonNode fixed = h.lastRun();
            assertEquals(0, fixed.path("dropped").path("mapping").asLong(), fixed.toString());
            assertEquals(0, fixed.path("mappingDeadLetters").asLong(), fixed.toString());
            assertTrue(fixed.has("mappingDeadLetters"), fixed.toString());
        }
    }

    @Test
    void aStreamWithoutAMappingHasNoMappingCountInItsHistory() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(20).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir);
            assertEquals(0, h.run(), h.stderr);
            assertFalse(h.lastRun().has("mappingDeadLetters"), h.lastRun().toString());
        }
    }
}
