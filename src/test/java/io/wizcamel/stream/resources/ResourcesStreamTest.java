package io.wizcamel.stream.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.EmulatedResources;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The resources stream as deployed (routes/streams/resources.yaml, the real application.properties) against the
 * emulator: a full sync over several pages to the file and Kafka sinks with each asset's technologies joined, an
 * incremental run that asks only for changes and delivers only them (a touched asset, a new technology, a deletion
 * reported once), the onboarding switches, and a missing read:resources that fails this stream alone.
 */
class ResourcesStreamTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    private static final Set<String> SAFE_PLATFORMS = Set.of("AWS", "Azure", "GCP");

    @TempDir
    Path dir;

    /** SAFE's rule, written out apart from the product's filter: a live asset on AWS, Azure or GCP is onboarded */
    static boolean onboarded(ObjectNode resource) {
        return SAFE_PLATFORMS.contains(resource.path("cloudPlatform").asText()) && resource.path("deletedAt").isNull();
    }

    static List<Integer> expected(EmulatedResources resources) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < resources.count(); i++) {
            if (onboarded(resources.resource(i))) {
                out.add(i);
            }
        }
        return out;
    }

    private SyncHarness harness(WizEmulator emulator, String streams) {
        return new SyncHarness(emulator, dir).set("wiz.streams", streams).set("wiz.page-size", "200");
    }

    private List<JsonNode> records() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        Path folder = dir.resolve("out").resolve("resources");
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                out.addAll(SyncHarness.records(f));
            }
        }
        return out;
    }

    private static JsonNode last(List<JsonNode> history, String stream) {
        JsonNode found = null;
        for (JsonNode run : history) {
            if (run.path("stream").asText().equals(stream)) {
                found = run;
            }
        }
        return found;
    }

    @Test
    void fullThenIncrementalToFileAndKafka() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).cloudResources(1150).build().start()) {
            EmulatedResources resources = emulator.resources();
            SyncHarness h = harness(emulator, "resources").set("wiz.sinks", "file,kafka")
                    .set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext());
            assertEquals(0, h.run(), h.stderr);

            List<Integer> expected = expected(resources);
            int technologyRows = 0;
            for (int i = 0; i < resources.count(); i++) {
                technologyRows += resources.technologies(i).size();
            }
            JsonNode run = h.lastRun();
            assertEquals("succeeded", run.path("outcome").asText(), run.toString());
            assertEquals(6, run.path("pages").asLong(), "1,150 resources, 200 a page");
            // the minimum: the resource pages, the technology pages, nothing else
            assertEquals(6 + (technologyRows + 199) / 200, run.path("requests").asLong());
            assertEquals(expected.size(), run.path("sinks").path("file").path("delivered").asLong());
            assertTrue(run.path("dropped").path("cloudPlatform").asLong() > 0, "OCI, Kubernetes and Alibaba assets");
            assertTrue(run.path("dropped").path("deleted").asLong() > 0, "deleted assets are not onboarded");

            List<JsonNode> records = records();
            Set<String> expectedIds = expected.stream().map(resources::id)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(expectedIds, records.stream().map(r -> r.path("id").asText()).collect(Collectors.toCollection(TreeSet::new)));
            Map<String, Integer> index = new HashMap<>();
            expected.forEach(i -> index.put(resources.id(i), i));
            int withTechnologies = 0;
            for (JsonNode r : records) {
                int i = index.get(r.path("id").asText());
                Set<String> want = resources.technologies(i).stream().map(t -> t.path("technology").path("name").asText())
                        .collect(Collectors.toCollection(TreeSet::new));
                Set<String> got = new TreeSet<>();
                r.path("technologies").forEach(t -> got.add(t.path("name").asText()));
                assertEquals(want, got, "technologies of " + r.path("id"));
                if (!want.isEmpty()) {
                    withTechnologies++;
                    assertEquals(List.copyOf(want).size(), r.path("assetTypes").size());
                    r.path("technologies").forEach(t -> assertFalse(t.path("category").asText("").isEmpty()));
                } else {
                    assertEquals(r.path("type").asText(), r.path("assetTypes").path(0).asText());
                }
            }
            assertTrue(withTechnologies > expected.size() / 2);
            List<ConsumerRecord<String, String>> onTopic = KAFKA.readAll("wiz.resources");
            assertEquals(expected.size(), onTopic.size());

            // changes: an asset touched, one given a new technology, one deleted
            int touched = expected.get(3);
            int tech = expected.get(10);
            int deleted = expected.get(20);
            Instant now = Instant.now();
            resources.touch(touched, now);
            resources.addTechnology(tech, 13, now.plusSeconds(1));
            resources.delete(deleted, now.plusSeconds(2));
            emulator.resetCounters();
            assertEquals(0, h.run(), h.stderr);
            JsonNode second = h.lastRun();
            assertEquals("incremental", second.path("mode").asText());
            assertEquals(run.path("watermarkTo").asText(), second.path("watermarkFrom").asText());
            // every request asked only for what changed since a watermark
            List<JsonNode> asked = emulator.recordedVariables();
            assertEquals(2, asked.size(), "one page of resources, one of technologies: " + asked);
            for (JsonNode v : asked) {
                assertFalse(v.path("filterBy").path("updatedAt").path("after").asText("").isEmpty(), v.toString());
            }
            assertTrue(asked.stream().anyMatch(v -> v.path("filterBy").path("updatedAt").path("after").asText()
                    .equals(run.path("watermarkTo").asText())));
            assertEquals(3, second.path("sinks").path("kafka").path("delivered").asLong(), second.toString());
            assertEquals(3, second.path("sinks").path("file").path("delivered").asLong());
            List<ConsumerRecord<String, String>> changed = KAFKA.readAll("wiz.resources");
            assertEquals(expected.size() + 3, changed.size());
            Map<String, JsonNode> newest = new HashMap<>();
            for (ConsumerRecord<String, String> c : changed) {
                newest.put(c.key(), SyncHarness.JSON.readTree(c.value()));
            }
            JsonNode gone = newest.get(resources.id(deleted));
            assertTrue(gone.path("deleted").asBoolean());
            assertEquals(now.plusSeconds(2).toString(), gone.path("deletedAt").asText());
            assertEquals(0, gone.path("technologies").size());
            JsonNode withPython = newest.get(resources.id(tech));
            assertTrue(withPython.path("assetTypes").toString().contains("Python"), withPython.toString());

            // a full resync: nothing changed, nothing delivered; the deletion is not reported again
            assertEquals(0, h.run("--full"), h.stderr);
            JsonNode third = h.lastRun();
            assertEquals("full", third.path("mode").asText());
            assertEquals(0, third.path("sinks").path("kafka").path("delivered").asLong(), third.toString());
            assertEquals(expected.size() - 1, third.path("sinks").path("kafka").path("unchanged").asLong());
            assertEquals(1, third.path("dropped").path("alreadyDeleted").asLong(), third.toString());
            assertEquals(expected.size() + 3, KAFKA.readAll("wiz.resources").size(), "nothing twice");

            // Wiz changes the deleted resource afterwards: its deletion was reported, it is not delivered again
            resources.touch(deleted, now.plusSeconds(3));
            assertEquals(0, h.run(), h.stderr);
            JsonNode fourth = h.lastRun();
            assertEquals(0, fourth.path("sinks").path("kafka").path("delivered").asLong(), fourth.toString());
            assertEquals(1, fourth.path("dropped").path("alreadyDeleted").asLong());
            assertEquals(expected.size() + 3, KAFKA.readAll("wiz.resources").size());
        }
    }

    @Test
    void onboardNewOffDeliversNothingNewAndUpdateExistingOffOnlyDeletions() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).cloudResources(300).build().start()) {
            EmulatedResources resources = emulator.resources();
            List<Integer> expected = expected(resources);
            SyncHarness off = new SyncHarness(emulator, dir.resolve("off")).set("wiz.streams", "resources")
                    .set("wiz.resources.onboard-new", "false");
            assertEquals(0, off.run(), off.stderr);
            assertEquals(0, off.lastRun().path("delivered").asLong());
            assertEquals(expected.size(), off.lastRun().path("dropped").path("notOnboarded").asLong());

            SyncHarness h = new SyncHarness(emulator, dir.resolve("on")).set("wiz.streams", "resources");
            assertEquals(0, h.run(), h.stderr);
            assertEquals(expected.size(), h.lastRun().path("delivered").asLong());
            h.set("wiz.resources.update-existing", "false");
            Instant now = Instant.now();
            resources.touch(expected.get(0), now);
            resources.delete(expected.get(1), now.plusSeconds(1));
            assertEquals(0, h.run(), h.stderr);
            JsonNode run = h.lastRun();
            assertEquals(1, run.path("delivered").asLong(), "the deletion only: " + run);
            // the touched asset, and any asset read again inside the watermark's overlap
            assertTrue(run.path("dropped").path("notUpdated").asLong() >= 1, run.toString());
        }
    }

    @Test
    void transientFaultsAreRetriedAndAFailedRunLosesAndDoublesNothing() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).cloudResources(1150).build().start()) {
            List<Integer> expected = expected(emulator.resources());
            SyncHarness h = harness(emulator, "resources").set("wiz.sinks", "file,kafka")
                    .set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext())
                    .set("wiz.sink.kafka.topic", "wiz.resources.faults");
            // the fourth request (a resource page or a technology page) is refused for good: the run fails
            for (int i = 0; i < 3; i++) {
                emulator.enqueue(Fault.delay(Duration.ZERO));
            }
            emulator.enqueue(Fault.graphqlError("BAD_USER_INPUT", "refused"));
            assertEquals(1, h.run());
            assertEquals("failed", h.lastRun().path("outcome").asText());
            assertTrue(!Files.exists(dir.resolve("out").resolve("resources")) || records().isEmpty(),
                    "a failed run publishes no file");

            // the next run, through a 503, a 429 and a dropped connection, delivers everything exactly once
            emulator.enqueue(Fault.http(503));
            emulator.enqueue(Fault.http429(null));
            emulator.enqueue(Fault.dropConnection());
            assertEquals(0, h.run(), h.stderr);
            JsonNode run = h.lastRun();
            assertEquals("full", run.path("mode").asText(), "the failed run left no watermark");
            assertEquals(3, run.path("retries").asLong(), run.toString());
            assertEquals(expected.size(), records().size());
            List<String> keys = KAFKA.readAll("wiz.resources.faults").stream().map(ConsumerRecord::key).toList();
            assertEquals(expected.size(), keys.size(), "nothing lost, nothing twice");
            assertEquals(expected.size(), Set.copyOf(keys).size());
        }
    }

    @Test
    void withoutReadResourcesTheStreamFailsAloneNamingTheScope() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(300).cloudResources(100).denyScopes("read:resources")
                .build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.streams", "issues,resources,audit-logs");
            assertEquals(1, h.run(), "a failed stream fails the run");
            assertTrue(h.stderr.contains("read:resources"), h.stderr);
            List<JsonNode> history = h.history();
            assertEquals("succeeded", last(history, "issues").path("outcome").asText());
            assertEquals("failed", last(history, "resources").path("outcome").asText());
            assertTrue(last(history, "resources").path("error").asText().contains("read:resources"));
            assertEquals("succeeded", last(history, "audit-logs").path("outcome").asText());
            assertEquals(h.expectedIds(300).size(), last(history, "issues").path("delivered").asLong());
            assertFalse(Files.exists(dir.resolve("out").resolve("resources")) && records().size() > 0);
        }
    }
}
