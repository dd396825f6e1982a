package io.wizcamel.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream is a shape: a second stream made of YAML and a query file only (routes/streams/projects.yaml) runs beside
 * issues through the same templates, to the file and Kafka sinks, under its own folder, topic, history and checkpoint.
 */
class SecondStreamTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void projectsDefinedInYamlReachFileAndKafkaUnderTheirOwnNames() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(700).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir)
                    .set("wiz.streams", "issues,projects")
                    .set("wiz.stream.projects.page-size", "2")
                    .set("wiz.sinks", "file,kafka")
                    .set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext());
            assertEquals(0, h.run(), h.stderr);

            List<JsonNode> history = h.history();
            assertEquals(List.of("issues", "projects"), history.stream().map(r -> r.path("stream").asText()).toList());
            JsonNode projects = history.get(1);
            assertEquals("succeeded", projects.path("outcome").asText());
            assertEquals(3, projects.path("pages").asLong(), "six projects, two a page");
            assertEquals(6, projects.path("sinks").path("file").path("delivered").asLong());
            assertEquals(6, projects.path("sinks").path("kafka").path("delivered").asLong());

            // the file sink: out/projects/projects-<run>-0001.jsonl, the nodes as the query selected them
            List<Path> files;
            try (Stream<Path> s = Files.list(dir.resolve("out").resolve("projects"))) {
                files = s.toList();
            }
            assertEquals(List.of("projects-" + projects.path("runId").asText() + "-0001.jsonl"),
                    files.stream().map(f -> f.getFileName().toString()).toList());
            List<JsonNode> records = SyncHarness.records(files.get(0));
            Set<String> ids = records.stream().map(r -> r.path("id").asText())
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(6, ids.size());
            // records as the query selects them
            assertEquals(Set.of("id", "name", "slug", "isFolder", "archived", "businessUnit", "description",
                    "riskProfile", "projectOwners", "securityChampions"), fieldNames(records.get(0)));
            assertTrue(h.allRecords().stream().noneMatch(r -> ids.contains(r.path("id").asText())),
                    "no project in the issues folder");

            // the Kafka sink: topic wiz.projects (the default wiz.{stream}), keyed by project id; issues on wiz.issues
            List<ConsumerRecord<String, String>> onTopic = KAFKA.readAll("wiz.projects");
            assertEquals(ids, onTopic.stream().map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(h.expectedIds(700).size(), KAFKA.readAll("wiz.issues").size());

            // a second run: the projects are unchanged, so nothing is delivered again; each stream keeps its own
            // checkpoint (issues continue from their watermark, projects have no watermark field and read all)
            assertEquals(0, h.run(), h.stderr);
            List<JsonNode> again = h.history().subList(2, 4);
            assertEquals("incremental", again.get(0).path("mode").asText());
            assertEquals(history.get(0).path("watermarkTo").asText(), again.get(0).path("watermarkFrom").asText());
            assertEquals("full", again.get(1).path("mode").asText());
            assertEquals("", again.get(1).path("watermarkFrom").asText(""));
            assertEquals(6, again.get(1).path("sinks").path("kafka").path("unchanged").asLong());
            assertEquals(0, again.get(1).path("delivered").asLong());
            assertEquals(6, KAFKA.readAll("wiz.projects").size(), "nothing twice");

            // --stream runs just the streams named
            assertEquals(0, h.run("--stream", "projects"), h.stderr);
            List<JsonNode> all = h.history();
            assertEquals(List.of("projects"), all.subList(4, all.size()).stream().map(r -> r.path("stream").asText())
                    .toList());
        }
    }

    @Test
    void anUnknownStreamStopsStartUpNamingTheKnownOnes() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.streams", "issues,projetcs");
            assertEquals(1, h.run());
            // the known streams, in name order, issues among them
            assertTrue(h.stderr.contains("'projetcs'") && h.stderr.matches("(?s).*streams: [a-z, -]*\\bissues\\b.*"),
                    h.stderr);
            assertEquals(1, h.run("--stream", "nope"));
            assertTrue(h.stderr.contains("--stream names 'nope'"), h.stderr);
        }
    }

    @Test
    void aFailingStreamDoesNotStopTheOthersAndTheExitCodeSaysSo() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(300).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.streams", "projects,issues");
            // the first GraphQL request, the projects stream's, is refused for a missing scope
            emulator.enqueue(Fault.graphqlError("UNAUTHORIZED", "Missing required scope"));
            assertEquals(1, h.run(), "a failed stream fails the run");
            assertTrue(h.stderr.contains("projects: Wiz refused projects: UNAUTHORIZED")
                    && h.stderr.contains("read:projects"), h.stderr);
            List<JsonNode> history = h.history();
            assertEquals("failed", history.get(0).path("outcome").asText());
            assertEquals("succeeded", history.get(1).path("outcome").asText(), "issues ran all the same");
            assertEquals(h.expectedIds(300).size(), history.get(1).path("delivered").asLong());
            assertNotEquals(0, h.allRecords().size());
        }
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
