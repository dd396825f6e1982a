package io.wizcamel.stream.mapping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A JQ mapping in the deployed routes: the launcher, the emulator, the file sink. */
class MappedSyncTest {

    @TempDir
    Path dir;

    @Test
    void portsIssueMappingShapesTheDeliveredRecordsAndSelectorDropsAreCounted() throws Exception {
        Path file = dir.resolve("issues.yaml");
        // Port's issue resource, limited by a selector to the issues whose mapped status is Failed
        Files.writeString(file, Files.readString(Path.of(RecordMappingsTest.PORT))
                .replace("- kind: issue\n    selector:\n      query: 'true'",
                        "- kind: issue\n    selector:\n      query: '.mappedStatus == \"Failed\"'"));
        try (WizEmulator emulator = WizEmulator.builder().issues(300).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.mapping-file", file.toString());
            assertEquals(0, h.run(), h.stderr);
            JsonNode run = h.lastRun();
            List<JsonNode> records = h.allRecords();
            Set<String> expected = new TreeSet<>();
            long safe = 0;
            for (int i = 0; i < 300; i++) {
                JsonNode issue = emulator.issue(i);
                if (SyncHarness.safeKeeps(issue)) {
                    safe++;
                    if (Set.of("OPEN", "IN_PROGRESS").contains(issue.path("status").asText())) {
                        expected.add(emulator.issueId(i));
                    }
                }
            }
            assertEquals(expected, records.stream().map(r -> r.path("identifier").asText())
                    .collect(Collectors.toCollection(TreeSet::new)));
            assertEquals(safe - expected.size(), run.path("dropped").path("selector").asLong());
            JsonNode one = records.get(0);
            assertEquals("wizIssue", one.path("blueprint").asText());
            assertTrue(one.path("title").asText().contains(" | "), one.toString());
            assertEquals(one.path("identifier"), one.path("id"));
            assertTrue(one.path("relations").path("projects").isArray(), one.toString());
        }
    }

    @Test
    void aMappingSyntaxErrorStopsStartUpNamingTheExpression() throws Exception {
        Path file = dir.resolve("issues.yaml");
        Files.writeString(file, "- kind: issue\n  mappings: { id: '.id |' }\n");
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.mapping-file", file.toString());
            assertEquals(1, h.run(), h.stderr);
            assertTrue(h.stderr.contains(file + " resource 1 (kind issue) mappings.id: `.id |` is not a valid JQ"
                    + " expression"), h.stderr);
            assertEquals(0, emulator.graphqlRequests(), "no request before the mapping compiles");
        }
    }
}
