package io.wizcamel.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A derived stream (routes/wiz/derived.yaml) is fed by another stream's crawl: one crawl for both, each with its own
 * run, history line and ledger; the crawl alone when only the derived stream is chosen; both fail together.
 */
class DerivedStreamTest {

    static final String DERIVED = "file:src/test/resources/derived/*.yaml";

    @TempDir
    Path dir;

    @Test
    void oneCrawlFeedsBothStreamsAtTheCostOfTheCrawlAlone() throws Exception {
        long alone;
        try (WizEmulator emulator = WizEmulator.builder().issues(1200).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir.resolve("alone")).set("wiz.streams", "issues");
            assertEquals(0, h.run(), h.stderr);
            alone = emulator.graphqlRequests();
        }
        try (WizEmulator emulator = WizEmulator.builder().issues(1200).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir.resolve("both")).extraRoutes(DERIVED)
                    .set("wiz.streams", "issues,issue-projects").set("wiz.sinks", "file");
            assertEquals(0, h.run(), h.stderr);
            assertEquals(alone, emulator.graphqlRequests(), "no request beyond the issues crawl's");

            List<JsonNode> history = h.history();
            assertEquals(Set.of("issues", "issue-projects"), Set.copyOf(streams(history)));
            assertEquals(2, history.size());
            JsonNode derived = byStream(history, "issue-projects");
            assertEquals("succeeded", derived.path("outcome").asText());
            assertEquals("issues", derived.path("source").asText());
            assertEquals(0, derived.path("requests").asLong());
            assertEquals(byStream(history, "issues").path("pages").asLong(), derived.path("pages").asLong());
            // six projects, each delivered once although every page names them; plus the finish step's record
            List<JsonNode> records = SyncHarness.records(only(dir.resolve("both/out/issue-projects")));
            Set<String> ids = records.stream().map(r -> r.path("id").asText()).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(7, records.size(), records.toString());
            assertEquals(7, ids.size());
            assertEquals(Set.copyOf(WizEmulator.PROJECT_IDS), ids.stream().filter(i -> !i.equals("crawl-end"))
                    .collect(Collectors.toSet()));

            // nothing changed: nothing again
            assertEquals(0, h.run(), h.stderr);
            assertEquals(0, byStream(h.history().subList(2, 4), "issue-projects").path("delivered").asLong());
        }
    }

    @Test
    void aDerivedStreamAloneRunsItsSourceCrawlWithoutDeliveringOrMovingIt() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(600).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).extraRoutes(DERIVED).set("wiz.streams", "issue-projects")
                    .set("wiz.sinks", "file");
            assertEquals(0, h.run(), h.stderr);
            JsonNode crawl = byStream(h.history(), "issues");
            assertEquals(0, crawl.path("delivered").asLong(), "the issues themselves were not chosen");
            assertFalse(Files.exists(dir.resolve("out/issues")));
            assertEquals("", crawl.path("watermarkTo").asText(""), "an unchosen crawl keeps no watermark");
            assertEquals(7, byStream(h.history(), "issue-projects").path("delivered").asLong());
            // the next run reads everything again (full), as it must to feed the derived stream
            assertEquals(0, h.run(), h.stderr);
            assertEquals("full", byStream(h.history().subList(2, 4), "issues").path("mode").asText());
        }
    }

    @Test
    void whenTheCrawlFailsItsDerivedRunFailsTooAndPublishesNothing() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(1200).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).extraRoutes(DERIVED)
                    .set("wiz.streams", "issues,issue-projects").set("wiz.sinks", "file");
            emulator.enqueue(Fault.delay(java.time.Duration.ZERO));
            emulator.enqueue(Fault.graphqlError("BAD_USER_INPUT", "boom on page 2"));
            assertEquals(1, h.run());
            List<JsonNode> history = h.history();
            assertEquals("failed", byStream(history, "issues").path("outcome").asText());
            JsonNode derived = byStream(history, "issue-projects");
            assertEquals("failed", derived.path("outcome").asText());
            assertTrue(derived.path("error").asText().contains("boom on page 2"), derived.toString());
            assertFalse(Files.exists(dir.resolve("out/issue-projects")) && Files.list(dir.resolve("out/issue-projects"))
                    .anyMatch(p -> p.toString().endsWith(".jsonl")), "nothing published");
            // the next run delivers them all
            assertEquals(0, h.run(), h.stderr);
            assertEquals(7, byStream(h.history().subList(2, 4), "issue-projects").path("delivered").asLong());
        }
    }

    @Test
    void anUnknownNameListsDerivedStreamsToo() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).extraRoutes(DERIVED).set("wiz.streams", "isue-projects");
            assertEquals(1, h.run());
            assertTrue(h.stderr.contains("'isue-projects'") && h.stderr.contains("issue-projects, issues"), h.stderr);
        }
    }

    private static List<String> streams(List<JsonNode> history) {
        return history.stream().map(r -> r.path("stream").asText()).toList();
    }

    private static JsonNode byStream(List<JsonNode> history, String stream) {
        return history.stream().filter(r -> r.path("stream").asText().equals(stream)).findFirst().orElseThrow();
    }

    private static Path only(Path folder) throws Exception {
        try (var s = Files.list(folder)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".jsonl")).toList();
            assertEquals(1, files.size(), files.toString());
            return files.get(0);
        }
    }
}
