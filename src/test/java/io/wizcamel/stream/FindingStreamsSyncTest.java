package io.wizcamel.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.ConfigurationFindingsRoot;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.TimelineRoot;
import io.wizcamel.emulator.VulnerabilitiesRoot;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The vulnerabilities and configuration-findings streams through the deployed routes against the emulator: a full
 * sync over several pages with SAFE's rules, an incremental run that asks Wiz only for changes and delivers only
 * them, a missing scope that fails its stream alone.
 */
class FindingStreamsSyncTest {

    static final int VULNERABILITIES = 1300;
    static final int CONFIGURATION_FINDINGS = 900;
    static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW");
    static final List<String> PLATFORMS = List.of("AWS", "Azure", "GCP");

    @TempDir
    Path dir;

    WizEmulator emulator;

    @AfterEach
    void stop() {
        if (emulator != null) {
            emulator.close();
        }
    }

    SyncHarness harness(String streams) {
        emulator = WizEmulator.builder().issues(50).vulnerabilityFindings(VULNERABILITIES)
                .configurationFindings(CONFIGURATION_FINDINGS).build().start();
        return new SyncHarness(emulator, dir).set("wiz.streams", streams);
    }

    /** SAFE's rules for a vulnerability finding, written out apart from the product's filter */
    static boolean safeKeepsVulnerability(JsonNode f) {
        JsonNode asset = f.path("vulnerableAsset");
        return SEVERITIES.contains(f.path("severity").asText())
                && PLATFORMS.contains(asset.path("cloudPlatform").asText())
                && !"Deleted".equals(asset.path("status").asText())
                && !"OBJECT_DELETED".equals(f.path("resolutionReason").asText());
    }

    static boolean safeKeepsConfigurationFinding(JsonNode f) {
        JsonNode resource = f.path("resource");
        return "FAIL".equals(f.path("result").asText()) && SEVERITIES.contains(f.path("severity").asText())
                && PLATFORMS.contains(resource.path("cloudPlatform").asText())
                && !f.path("deleted").asBoolean() && !"Deleted".equals(resource.path("status").asText());
    }

    static Set<String> expected(TimelineRoot root, Predicate<JsonNode> keep) {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode n = root.node(i);
            if (keep.test(n)) {
                ids.add(n.path("id").asText());
            }
        }
        return ids;
    }

    /** every record the file sink published for the stream, in order */
    static List<JsonNode> records(SyncHarness h, String stream) throws IOException {
        Path folder = h.dir.resolve("out").resolve(stream);
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                out.addAll(SyncHarness.records(f));
            }
        }
        return out;
    }

    static Set<String> ids(List<JsonNode> records) {
        return records.stream().map(r -> r.path("id").asText()).collect(Collectors.toCollection(TreeSet::new));
    }

    static JsonNode run(SyncHarness h, String stream) throws IOException {
        List<JsonNode> history = h.history();
        for (int i = history.size() - 1; i >= 0; i--) {
            if (stream.equals(history.get(i).path("stream").asText())) {
                return history.get(i);
            }
        }
        throw new AssertionError("no run of " + stream);
    }

    @Test
    void vulnerabilitiesFullThenIncrementalInEveryStatus() throws Exception {
        SyncHarness h = harness("vulnerabilities");
        VulnerabilitiesRoot root = emulator.vulnerabilityFindings();
        assertEquals(0, h.run(), h.stderr);

        JsonNode first = run(h, "vulnerabilities");
        Set<String> expected = expected(root, FindingStreamsSyncTest::safeKeepsVulnerability);
        List<JsonNode> records = records(h, "vulnerabilities");
        assertEquals(expected, ids(records));
        assertEquals(expected.size(), records.size(), "each once");
        assertEquals(3, first.path("pages").asLong(), "1300 findings, less the NONE ones, 500 a page");
        // every status asked for explicitly (without it Wiz serves OPEN only), the severities as Wiz names them
        JsonNode filterBy = emulator.recordedVariables().get(0).path("filterBy");
        assertEquals("[\"OPEN\",\"IN_PROGRESS\",\"RESOLVED\",\"REJECTED\"]", filterBy.path("status").toString());
        assertEquals("[\"CRITICAL\",\"HIGH\",\"MEDIUM\",\"LOW\"]", filterBy.path("severity").toString());
        assertTrue(filterBy.path("updatedAt").isMissingNode(), "the first run is full");
        assertEquals(Set.of("OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED"),
                records.stream().map(r -> r.path("wizStatus").asText()).collect(Collectors.toSet()));
        assertTrue(first.path("dropped").path("cloudPlatform").asLong() > 0, first.toString());
        assertTrue(first.path("dropped").path("deletedResource").asLong() > 0, first.toString());
        assertEquals(first.path("fetched").asLong() - expected.size(), first.path("dropped").path("cloudPlatform")
                .asLong() + first.path("dropped").path("deletedResource").asLong(), "Wiz filtered the severities");
        for (JsonNode r : records) {
            String mapped = switch (r.path("wizStatus").asText()) {
                case "RESOLVED" -> "Passed";
                case "REJECTED" -> "Accepted Failed";
                default -> "Failed";
            };
            assertEquals(mapped, r.path("status").asText(), r.toString());
        }
        Set<String> kinds = records.stream().map(r -> r.path("resource").path("kind").asText())
                .collect(Collectors.toSet());
        assertEquals(Set.of("VulnerableAssetVirtualMachine", "VulnerableAssetContainerImage",
                "VulnerableAssetContainer", "VulnerableAssetServerless"), kinds, "every asset fragment read");

        // two delivered findings are fixed, one is reopened: the next run asks for changes only and delivers those
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < root.size() && kept.size() < 3; i++) {
            if (expected.contains(root.node(i).path("id").asText()) && "OPEN".equals(root.node(i).path("status").asText())) {
                kept.add(i);
            }
        }
        String now = Instant.now().toString();
        root.update(kept.get(0), n -> n.put("status", "RESOLVED").put("resolvedAt", now).put("updatedAt", now));
        root.update(kept.get(1), n -> n.put("status", "RESOLVED").put("resolvedAt", now).put("updatedAt", now));
        root.update(kept.get(2), n -> n.put("status", "REJECTED").put("updatedAt", now));
        emulator.resetCounters();
        assertEquals(0, h.run(), h.stderr);

        JsonNode second = run(h, "vulnerabilities");
        assertEquals("incremental", second.path("mode").asText());
        assertEquals(first.path("watermarkTo").asText(), second.path("watermarkFrom").asText());
        assertEquals(first.path("watermarkTo").asText(), emulator.recordedVariables().get(0).path("filterBy")
                .path("updatedAt").path("after").asText(), "only what changed after the watermark");
        assertEquals(1, second.path("pages").asLong());
        assertTrue(second.path("fetched").asLong() < 20, second.toString());
        assertEquals(3, second.path("delivered").asLong(), second.toString());
        List<JsonNode> all = records(h, "vulnerabilities");
        List<JsonNode> delivered = all.subList(records.size(), all.size());
        assertEquals(kept.stream().map(i -> root.node(i).path("id").asText()).collect(Collectors.toSet()),
                ids(delivered));
        assertEquals(Set.of("Passed", "Accepted Failed"),
                delivered.stream().map(r -> r.path("status").asText()).collect(Collectors.toSet()));

        // a full resync reads everything and delivers nothing unchanged
        assertEquals(0, h.run("--full"), h.stderr);
        JsonNode full = run(h, "vulnerabilities");
        assertEquals("full", full.path("mode").asText());
        assertEquals(0, full.path("delivered").asLong());
        assertEquals(expected.size(), full.path("sinks").path("file").path("unchanged").asLong());
    }

    @Test
    void configurationFindingsOfTheConfiguredResultsIncrementally() throws Exception {
        SyncHarness h = harness("configuration-findings");
        ConfigurationFindingsRoot root = emulator.configurationFindings();
        assertEquals(0, h.run(), h.stderr);

        JsonNode first = run(h, "configuration-findings");
        Set<String> expected = expected(root, FindingStreamsSyncTest::safeKeepsConfigurationFinding);
        List<JsonNode> records = records(h, "configuration-findings");
        assertEquals(expected, ids(records));
        assertEquals(expected.size(), records.size());
        JsonNode filterBy = emulator.recordedVariables().get(0).path("filterBy");
        assertEquals("[\"FAIL\"]", filterBy.path("result").toString());
        assertFalse(filterBy.path("includeDeleted").asBoolean(true));
        assertTrue(first.path("dropped").path("cloudPlatform").asLong() > 0, first.toString());
        assertTrue(first.path("dropped").path("deletedResource").asLong() > 0, first.toString());
        assertEquals(0, first.path("dropped").path("result").asLong(), "Wiz filtered the results");
        JsonNode r0 = records.get(0);
        assertTrue(r0.path("rule").path("shortId").isTextual() && r0.path("evidence").path("configurationPath")
                .isTextual() && r0.path("securitySubCategories").size() > 0, r0.toString());

        // one finding is fixed: the next run asks only for findings updated after the watermark
        int changed = -1;
        for (int i = 0; i < root.size() && changed < 0; i++) {
            if (expected.contains(root.node(i).path("id").asText())) {
                changed = i;
            }
        }
        String now = Instant.now().toString();
        root.update(changed, n -> n.put("status", "RESOLVED").put("updatedAt", now));
        emulator.resetCounters();
        assertEquals(0, h.run(), h.stderr);
        JsonNode second = run(h, "configuration-findings");
        assertEquals(first.path("watermarkTo").asText(), emulator.recordedVariables().get(0).path("filterBy")
                .path("updatedAt").path("after").asText());
        assertEquals(1, second.path("delivered").asLong(), second.toString());
        List<JsonNode> all = records(h, "configuration-findings");
        assertEquals(root.node(changed).path("id").asText(), all.get(all.size() - 1).path("id").asText());
        assertEquals("Passed", all.get(all.size() - 1).path("status").asText());

        // the operator asks for ERROR results as well, for this stream's severities only HIGH
        h.set("wiz.configuration-findings.results", "FAIL,ERROR").set("wiz.stream.configuration-findings.severities",
                "HIGH");
        emulator.resetCounters();
        assertEquals(0, h.run("--full"), h.stderr);
        filterBy = emulator.recordedVariables().get(0).path("filterBy");
        assertEquals("[\"FAIL\",\"ERROR\"]", filterBy.path("result").toString());
        assertEquals("[\"HIGH\"]", filterBy.path("severity").toString());
    }

    @Test
    void aMissingScopeFailsItsStreamAloneNamingTheScope() throws Exception {
        SyncHarness h = harness("issues,projects,vulnerabilities,configuration-findings");
        emulator.denyScope("read:vulnerabilities");
        assertEquals(1, h.run(), "a failed stream fails the run");
        assertTrue(h.stderr.contains("read:vulnerabilities"), h.stderr);
        assertEquals("failed", run(h, "vulnerabilities").path("outcome").asText());
        assertEquals("succeeded", run(h, "issues").path("outcome").asText());
        assertEquals("succeeded", run(h, "configuration-findings").path("outcome").asText());
        assertEquals("succeeded", run(h, "projects").path("outcome").asText());
        assertTrue(records(h, "vulnerabilities").isEmpty());
        assertFalse(records(h, "configuration-findings").isEmpty());

        // with the scope granted the stream starts from scratch (no watermark was moved)
        emulator.allowScope("read:vulnerabilities");
        emulator.denyScope("read:cloud_configuration");
        emulator.denyScope("read:projects");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("read:cloud_configuration") && h.stderr.contains("read:projects"), h.stderr);
        assertEquals("failed", run(h, "projects").path("outcome").asText());
        assertEquals("succeeded", run(h, "issues").path("outcome").asText());
        JsonNode vulnerabilities = run(h, "vulnerabilities");
        assertEquals("succeeded", vulnerabilities.path("outcome").asText());
        assertEquals("full", vulnerabilities.path("mode").asText());
        assertEquals(expected(emulator.vulnerabilityFindings(), FindingStreamsSyncTest::safeKeepsVulnerability),
                ids(records(h, "vulnerabilities")));
        assertEquals("failed", run(h, "configuration-findings").path("outcome").asText());
    }

    @Test
    void aBadPerStreamFilterStopsStartUpNamingItsVariable() throws Exception {
        SyncHarness h = harness("vulnerabilities").set("wiz.stream.vulnerabilities.severities", "CRITICAL,SEVERE");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("WIZ_STREAM_VULNERABILITIES_SEVERITIES") && h.stderr.contains("SEVERE"), h.stderr);
        assertEquals(0, emulator.graphqlRequests());
    }

    @Test
    void throttlingAndOutagesMidCrawlLoseNothingAndDoubleNothing() throws Exception {
        SyncHarness h = harness("vulnerabilities");
        emulator.enqueue(Fault.http(503));
        emulator.enqueue(Fault.http429(0));
        emulator.enqueue(Fault.dropConnection());
        assertEquals(0, h.run(), h.stderr);
        JsonNode run = run(h, "vulnerabilities");
        assertEquals(3, run.path("retries").asLong(), run.toString());
        List<JsonNode> records = records(h, "vulnerabilities");
        assertEquals(expected(emulator.vulnerabilityFindings(), FindingStreamsSyncTest::safeKeepsVulnerability),
                ids(records));
        assertEquals(ids(records).size(), records.size(), "each once");
    }
}
