package io.wizcamel.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.stream.findings.ConfigurationFindingShaper;
import io.wizcamel.stream.findings.FindingFilter;
import io.wizcamel.stream.findings.VulnerabilityShaper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mapping as data for the projects, vulnerabilities and configuration-findings streams: a Wiz answer page
 * (src/test/resources/streams/&lt;stream&gt;/page.json) and the exact records it must produce (expected.jsonl), through the
 * page, filter, shaper and status-map beans as their routes configure them with the built-in defaults and the real
 * application.properties.
 */
class FindingMappingTest {

    static final Properties CONFIG = new Properties();

    @BeforeAll
    static void load() throws Exception {
        CONFIG.putAll(SettingsSchema.load().defaults());
        try (FileReader r = new FileReader("application.properties")) {
            CONFIG.load(r);
        }
    }

    static String c(String key) {
        return CONFIG.getProperty(key, "");
    }

    /** the filter as routes/streams/<stream>.yaml builds it */
    static FindingFilter filter(String results, String asset) {
        return new FindingFilter(c("wiz.severities"), c("wiz.cloud-platforms"), Boolean.parseBoolean(c("wiz.skip-deleted")),
                c("wiz.deleted-resource-statuses"), c("wiz.statuses"), c("wiz.project-ids"), results, asset);
    }

    static FindingFilter vulnerabilityFilter() {
        return filter("", "vulnerableAsset");
    }

    static FindingFilter configurationFilter() {
        return filter(c("wiz.configuration-findings.results"), "resource");
    }

    static StatusMapper mapper() {
        return new StatusMapper(c("wiz.status-map"), c("wiz.status-fallback"));
    }

    /** the page's nodes through StreamPages, then the mapping; checks the records and returns the run */
    static RunStats golden(String stream, String connection, String watermarkField,
            Function<RunStats, Function<JsonNode, List<ObjectNode>>> mapping) throws Exception {
        Path dir = Path.of("src/test/resources/streams", stream);
        JsonNode page = SyncHarness.JSON.readTree(dir.resolve("page.json").toFile());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        RunStats run = new RunStats(stream, stream, "test");
        exchange.setProperty(RunStats.PROPERTY, run);
        exchange.setProperty(StreamPages.CONNECTION, connection);
        exchange.setProperty(StreamPages.WATERMARK_FIELD, watermarkField);
        JsonNode nodes = new StreamPages().advance(page, exchange);
        List<ObjectNode> records = mapping.apply(run).apply(nodes);
        assertEquals(Files.readAllLines(dir.resolve("expected.jsonl")), records.stream().map(JsonNode::toString).toList());
        assertEquals(nodes.size(), run.fetched);
        return run;
    }

    @Test
    void vulnerabilityPage() throws Exception {
        RunStats run = golden("vulnerabilities", "vulnerabilityFindings", "updatedAt",
                r -> nodes -> mapper().apply(new VulnerabilityShaper().shapeAll(vulnerabilityFilter().keep(nodes, r))));
        assertEquals(Map.of("severity", 1L, "cloudPlatform", 1L, "deletedResource", 1L), run.dropped);
        assertEquals("2026-10-23T00:00:00Z", run.newestWatermark);
    }

    @Test
    void configurationFindingPage() throws Exception {
        RunStats run = golden("configuration-findings", "configurationFindings", "updatedAt",
                r -> nodes -> mapper().apply(new ConfigurationFindingShaper().shapeAll(configurationFilter().keep(nodes, r))));
        assertEquals(Map.of("result", 1L, "severity", 1L, "cloudPlatform", 1L, "deletedResource", 1L), run.dropped);
    }

    @Test
    void projectPage() throws Exception {
        RunStats run = golden("projects", "projects", "", r -> nodes -> new StreamPages().asRecords(nodes));
        assertEquals(Map.of(), run.dropped);
    }

    /** one row a rule: the finding's fields and the reason it is dropped (or "kept") under the default settings */
    @ParameterizedTest(name = "{0} {1} {2} {3} {4} {5} -> {6}")
    @CsvSource(nullValues = "-", value = {
        "vulnerableAsset, -,            CRITICAL,      OPEN,        AWS,        Active,  kept",
        "vulnerableAsset, -,            LOW,           REJECTED,    gcp,        Inactive, kept",
        "vulnerableAsset, -,            NONE,          OPEN,        AWS,        Active,  severity",
        "vulnerableAsset, -,            -,             OPEN,        AWS,        Active,  severity",
        "vulnerableAsset, -,            HIGH,          RESOLVED,    Kubernetes, Active,  cloudPlatform",
        "vulnerableAsset, -,            HIGH,          OPEN,        -,          Active,  cloudPlatform",
        "vulnerableAsset, -,            HIGH,          OPEN,        Azure,      Deleted, deletedResource",
        "vulnerableAsset, -,            HIGH,          SNOOZED,     Azure,      Active,  kept",
        "resource,        FAIL,         HIGH,          OPEN,        AWS,        Active,  kept",
        "resource,        PASS,         HIGH,          OPEN,        AWS,        Active,  result",
        "resource,        ERROR,        HIGH,          OPEN,        AWS,        Active,  result",
        "resource,        NOT_ASSESSED, HIGH,          OPEN,        AWS,        Active,  result",
        "resource,        FAIL,         INFORMATIONAL, OPEN,        AWS,        Active,  severity",
        "resource,        FAIL,         MEDIUM,        IN_PROGRESS, Alibaba,    Active,  cloudPlatform",
        "resource,        FAIL,         MEDIUM,        OPEN,        GCP,        Deleted, deletedResource",
    })
    void safeRules(String asset, String result, String severity, String status, String platform, String assetStatus,
            String verdict) {
        ObjectNode finding = SyncHarness.JSON.createObjectNode().put("id", "x").put("severity", severity)
                .put("status", status).put("result", result);
        finding.putObject(asset).put("cloudPlatform", platform).put("status", assetStatus);
        FindingFilter filter = asset.equals("resource") ? configurationFilter() : vulnerabilityFilter();
        String dropped = filter.dropReason(finding);
        assertEquals(verdict, dropped == null ? "kept" : dropped);
    }

    @Test
    void deletedFindingsProjectsAndTheOperatorsLists() {
        ObjectNode finding = SyncHarness.JSON.createObjectNode().put("severity", "NONE").put("status", "OPEN")
                .put("result", "FAIL").put("deleted", true);
        finding.putObject("resource").put("cloudPlatform", "AWS").put("status", "Active")
                .putArray("projects").addObject().put("id", "p1");
        FindingFilter informational = new FindingFilter("INFORMATIONAL", "AWS", true, "Deleted", "OPEN", "", "FAIL",
                "resource");
        assertEquals("deletedResource", informational.dropReason(finding), "a deleted finding");
        finding.put("deleted", false);
        assertEquals(null, informational.dropReason(finding), "NONE is INFORMATIONAL");
        assertEquals("project", new FindingFilter("NONE,INFORMATIONAL", "AWS", true, "Deleted", "OPEN", "p2", "FAIL",
                "resource").dropReason(finding), "the resource's projects");
        assertEquals(null, new FindingFilter("INFORMATIONAL", "AWS", true, "Deleted", "OPEN", "p1", "FAIL,PASS",
                "resource").dropReason(finding));
        assertEquals("status", new FindingFilter("INFORMATIONAL", "AWS", true, "Deleted", "RESOLVED", "", "FAIL",
                "resource").dropReason(finding));
    }
}
