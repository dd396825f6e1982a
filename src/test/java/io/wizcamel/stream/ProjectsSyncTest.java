package io.wizcamel.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.ProjectsRoot;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The projects stream through the deployed routes: every page to the end, archived projects as configured, owners
 * and champions, only changed projects delivered again; and the new streams' records on Kafka beside the file sink.
 */
class ProjectsSyncTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void everyProjectEveryPageThenOnlyWhatChanged() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).projects(230).build().start()) {
            ProjectsRoot root = emulator.projects();
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.streams", "projects")
                    .set("wiz.stream.projects.page-size", "100");
            assertEquals(0, h.run(), h.stderr);

            JsonNode first = FindingStreamsSyncTest.run(h, "projects");
            assertEquals(3, first.path("pages").asLong(), "230 projects, 100 a page: past the first page");
            assertEquals(Boolean.TRUE, emulator.recordedVariables().get(0).path("filterBy").path("includeArchived")
                    .booleanValue());
            List<JsonNode> records = FindingStreamsSyncTest.records(h, "projects");
            Set<String> all = new TreeSet<>();
            for (int i = 0; i < root.size(); i++) {
                all.add(root.node(i).path("id").asText());
            }
            assertEquals(all, FindingStreamsSyncTest.ids(records));
            assertTrue(records.stream().anyMatch(r -> r.path("isFolder").asBoolean()));
            assertTrue(records.stream().anyMatch(r -> r.path("archived").asBoolean()));
            JsonNode owner = records.get(0).path("projectOwners").get(0);
            String name = owner.path("name").asText();
            assertEquals(ProjectsRoot.email(name), owner.path("email").asText());
            assertTrue(owner.path("email").asText().matches("[a-z]+\\.[a-z]+@acme\\.example"), owner.toString());
            assertEquals(ProjectsRoot.ownerId(name), owner.path("id").asText());
            assertTrue(records.stream().anyMatch(r -> r.path("securityChampions").size() > 0));
            assertEquals("HBI", records.get(0).path("riskProfile").path("businessImpact").asText());

            // a project is archived and another renamed in Wiz: the next run delivers those two only
            root.update(1, n -> n.put("archived", true));
            root.update(2, n -> n.put("name", "Data Lake (EU)"));
            assertEquals(0, h.run(), h.stderr);
            JsonNode second = FindingStreamsSyncTest.run(h, "projects");
            assertEquals("full", second.path("mode").asText(), "projects are read whole every run");
            assertEquals(2, second.path("delivered").asLong(), second.toString());
            assertEquals(all.size() - 2, second.path("sinks").path("file").path("unchanged").asLong());
            List<JsonNode> again = FindingStreamsSyncTest.records(h, "projects");
            assertEquals(Set.of(root.node(1).path("id").asText(), root.node(2).path("id").asText()),
                    FindingStreamsSyncTest.ids(again.subList(records.size(), again.size())));

            // without archived projects (wiz.projects.include-archived=false) Wiz leaves them out
            h.set("wiz.projects.include-archived", "false");
            emulator.resetCounters();
            assertEquals(0, h.run(), h.stderr);
            assertFalse(emulator.recordedVariables().get(0).path("filterBy").path("includeArchived").asBoolean(true));
            long active = java.util.stream.IntStream.range(0, root.size())
                    .filter(i -> !root.node(i).path("archived").asBoolean()).count();
            assertEquals(active, FindingStreamsSyncTest.run(h, "projects").path("fetched").asLong());
        }
    }

    @Test
    void theNewStreamsReachKafkaKeyedByRecordIdOnTheirOwnTopics() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).projects(12).vulnerabilityFindings(400)
                .configurationFindings(200).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir)
                    .set("wiz.streams", "projects,vulnerabilities,configuration-findings")
                    .set("wiz.sinks", "file,kafka")
                    .set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext());
            assertEquals(0, h.run(), h.stderr);
            for (String stream : List.of("projects", "vulnerabilities", "configuration-findings")) {
                Set<String> onFile = FindingStreamsSyncTest.ids(FindingStreamsSyncTest.records(h, stream));
                assertFalse(onFile.isEmpty(), stream);
                List<ConsumerRecord<String, String>> onTopic = KAFKA.readAll("wiz." + stream);
                assertEquals(onFile, onTopic.stream().map(ConsumerRecord::key)
                        .collect(Collectors.toCollection(TreeSet::new)), stream);
                assertEquals(onFile.size(), onTopic.size(), stream + ": each once");
            }
            // the message is the record the file sink wrote
            ConsumerRecord<String, String> message = KAFKA.readAll("wiz.vulnerabilities").get(0);
            JsonNode onFile = FindingStreamsSyncTest.records(h, "vulnerabilities").stream()
                    .filter(r -> r.path("id").asText().equals(message.key())).findFirst().orElseThrow();
            assertEquals(onFile, SyncHarness.JSON.readTree(message.value()));
        }
    }
}
