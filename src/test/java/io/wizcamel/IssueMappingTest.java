package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.StatusMapper;
import io.wizcamel.stream.StreamPages;
import io.wizcamel.stream.issues.IssueFilter;
import io.wizcamel.stream.issues.IssueShaper;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mapping as data: a Wiz answer page (src/test/resources/mapping/page.json) and the exact records it must produce
 * (expected.jsonl), through the page, filter, shaper and status-map beans configured by the built-in defaults
 * and the real application.properties.
 */
class IssueMappingTest {

    static Properties config = new Properties();

    @BeforeAll
    static void load() throws Exception {
        config.putAll(io.wizcamel.config.SettingsSchema.load().defaults()); // the built-in defaults, then the file
        try (FileReader r = new FileReader("application.properties")) {
            config.load(r);
        }
    }

    static IssueFilter filter() {
        return new IssueFilter(config.getProperty("wiz.severities"), config.getProperty("wiz.cloud-platforms"),
                Boolean.parseBoolean(config.getProperty("wiz.skip-deleted")),
                config.getProperty("wiz.deleted-resource-statuses"), config.getProperty("wiz.statuses"),
                config.getProperty("wiz.project-ids"));
    }

    static StatusMapper mapper() {
        return new StatusMapper(config.getProperty("wiz.status-map"), config.getProperty("wiz.status-fallback"));
    }

    @Test
    void aPageBecomesExactlyTheExpectedRecords() throws Exception {
        JsonNode page = SyncHarness.JSON.readTree(Path.of("src/test/resources/mapping/page.json").toFile());
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        RunStats run = new RunStats("issues", "issue", "test");
        exchange.setProperty(RunStats.PROPERTY, run);

        exchange.setProperty(StreamPages.CONNECTION, "issues");
        exchange.setProperty(StreamPages.WATERMARK_FIELD, "statusChangedAt");
        JsonNode nodes = new StreamPages().advance(page, exchange);
        List<ObjectNode> records = mapper().apply(new IssueShaper().shapeAll(filter().keep(nodes, run)));

        List<String> expected = Files.readAllLines(Path.of("src/test/resources/mapping/expected.jsonl"));
        assertEquals(expected, records.stream().map(JsonNode::toString).toList());
        assertEquals(Map.of("severity", 1L, "cloudPlatform", 3L, "deletedResource", 2L), run.dropped);
        assertEquals(11, run.fetched);
        assertEquals("2026-10-20T12:05:00Z", run.newestWatermark);
        assertEquals(false, exchange.getProperty(StreamPages.HAS_NEXT_PAGE));
    }

    /** one row a rule: the issue's fields, and the reason it is dropped (or "kept") under the default settings */
    @ParameterizedTest(name = "{0} {1} {2} {3} {4} -> {5}")
    @CsvSource(nullValues = "-", value = {
        "CRITICAL,      OPEN,        AWS,        Active,  -,              kept",
        "HIGH,          IN_PROGRESS, Azure,      Active,  -,              kept",
        "MEDIUM,        RESOLVED,    GCP,        Active,  ISSUE_FIXED,    kept",
        "LOW,           REJECTED,    aws,        Active,  WONT_FIX,       kept",
        "INFORMATIONAL, OPEN,        AWS,        Active,  -,              severity",
        "-,             OPEN,        AWS,        Active,  -,              severity",
        "HIGH,          OPEN,        OCI,        Active,  -,              cloudPlatform",
        "HIGH,          OPEN,        Kubernetes, Active,  -,              cloudPlatform",
        "HIGH,          OPEN,        -,          Active,  -,              cloudPlatform",
        "HIGH,          RESOLVED,    AWS,        Active,  OBJECT_DELETED, deletedResource",
        "HIGH,          OPEN,        GCP,        Deleted, -,              deletedResource",
        "HIGH,          SNOOZED,     GCP,        Active,  -,              kept",
    })
    void safeRules(String severity, String status, String platform, String resourceStatus, String reason,
            String verdict) {
        ObjectNode issue = SyncHarness.JSON.createObjectNode().put("id", "x").put("severity", severity)
                .put("status", status).put("resolutionReason", reason);
        issue.putObject("entitySnapshot").put("cloudPlatform", platform).put("status", resourceStatus);
        String dropped = filter().dropReason(issue);
        assertEquals(verdict, dropped == null ? "kept" : dropped);
    }

    @Test
    void configuredStatusesProjectsAndDeletedHandlingApply() {
        ObjectNode issue = SyncHarness.JSON.createObjectNode().put("severity", "HIGH").put("status", "RESOLVED")
                .put("resolutionReason", "OBJECT_DELETED");
        issue.putObject("entitySnapshot").put("cloudPlatform", "AWS").put("status", "Active");
        issue.putArray("projects").addObject().put("id", "p1");
        assertEquals("status", new IssueFilter("HIGH", "AWS", true, "Deleted", "OPEN", "").dropReason(issue));
        assertEquals(null, new IssueFilter("HIGH", "AWS", false, "Deleted", "RESOLVED", "p1").dropReason(issue));
        assertEquals("project", new IssueFilter("HIGH", "AWS", false, "Deleted", "RESOLVED", "p2").dropReason(issue));
    }

    @ParameterizedTest
    @CsvSource({"OPEN, Failed", "IN_PROGRESS, Failed", "RESOLVED, Passed", "REJECTED, Accepted Failed",
        "open, Failed", "SNOOZED, Failed"})
    void statusMapRows(String wiz, String mapped) {
        assertEquals(mapped, mapper().map(wiz));
    }

    @Test
    void theStatusMapIsTheOperators() {
        StatusMapper custom = new StatusMapper("OPEN=New, REJECTED=Risk Accepted", "Unknown");
        assertEquals("New", custom.map("OPEN"));
        assertEquals("Risk Accepted", custom.map("REJECTED"));
        assertEquals("Unknown", custom.map("IN_PROGRESS"));
    }
}
