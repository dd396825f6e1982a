package io.wizcamel.stream.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.StreamPages;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mapping as data (src/test/resources/streams/resources/): a cloudResourcesV2 answer page and a hostedTechnologies
 * page in, the exact resource records out (expected.jsonl), through the filter (default settings, one deleted asset
 * delivered before) and the shaper with the technology table.
 */
class ResourceMappingTest {

    static final Path DATA = Path.of("src/test/resources/streams/resources");

    @TempDir
    Path dir;

    private List<ObjectNode> map(boolean deletedKnown, RunStats run) throws Exception {
        try (DeliveryLedger ledger = new DeliveryLedger(dir.toString(), 300, List.of());
                ResourceTechnologies technologies = new ResourceTechnologies(dir.toString(), "unused", 300);
                ReportedDeletions deletions = new ReportedDeletions(dir.toString(), ledger)) {
            if (deletedKnown) {
                RunStats earlier = new RunStats("resources", "resource", "test");
                ledger.begin(earlier, false);
                ledger.confirm(List.of(SyncHarness.JSON.createObjectNode().put("id", "r-aws-deleted")), earlier,
                        "kafka", false, null);
            }
            ledger.begin(run, false);
            technologies.load(SyncHarness.JSON.readTree(DATA.resolve("technologies.json").toFile())
                    .path("data").path("hostedTechnologies").path("nodes"));
            Exchange exchange = new DefaultExchange(new DefaultCamelContext());
            exchange.setProperty(RunStats.PROPERTY, run);
            exchange.setProperty(StreamPages.CONNECTION, "cloudResourcesV2");
            exchange.setProperty(StreamPages.WATERMARK_FIELD, "updatedAt");
            JsonNode nodes = new StreamPages().advance(SyncHarness.JSON.readTree(DATA.resolve("page.json").toFile()),
                    exchange);
            ResourceFilter filter = new ResourceFilter("AWS,Azure,GCP", true, true, "file,kafka", ledger,
                    deletions);
            return new ResourceShaper(technologies).shapeAll(filter.keep(nodes, run));
        }
    }

    @Test
    void aPageBecomesExactlyTheExpectedRecords() throws Exception {
        RunStats run = new RunStats("resources", "resource", "test");
        List<ObjectNode> records = map(true, run);
        assertEquals(Files.readAllLines(DATA.resolve("expected.jsonl")),
                records.stream().map(JsonNode::toString).toList());
        assertEquals(Map.of("cloudPlatform", 2L), run.dropped);
        assertEquals(6, run.fetched);
        assertEquals("2026-10-24T00:00:00Z", run.newestWatermark);
    }

    @Test
    void aDeletedAssetNeverDeliveredIsNotOnboarded() throws Exception {
        RunStats run = new RunStats("resources", "resource", "test");
        List<ObjectNode> records = map(false, run);
        assertEquals(3, records.size());
        assertEquals(Map.of("cloudPlatform", 2L, "deleted", 1L), run.dropped);
    }

    /** the switches: known = some sink of the stream received the id before */
    @ParameterizedTest(name = "onboardNew={0} updateExisting={1} known={2} deleted={3} -> {4}")
    @CsvSource({
        "true,  true,  false, false, kept",
        "true,  true,  false, true,  deleted",
        "false, true,  false, false, notOnboarded",
        "false, true,  false, true,  deleted",
        "true,  true,  true,  false, kept",
        "true,  false, true,  false, notUpdated",
        "true,  false, true,  true,  kept",
        "false, false, true,  true,  kept",
    })
    void switches(boolean onboardNew, boolean updateExisting, boolean known, boolean deleted, String verdict) {
        String reason = new ResourceFilter("AWS", onboardNew, updateExisting, "", null, null).dropReason(known, deleted);
        assertEquals(verdict, reason == null ? "kept" : reason);
    }
}
