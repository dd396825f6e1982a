package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.sink.elastic.ElasticBulkBatcher;
import io.wizcamel.sink.sentinel.SentinelAnswer;
import io.wizcamel.sink.splunk.HecEvents;
import io.wizcamel.stream.RunStats;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

/**
 * Each sink names what it writes to after the stream it delivers: the schema's defaults carry {stream}, {Stream} and
 * {item}, and wiz.stream.<stream>.<key> overrides a key for one stream.
 */
class PerStreamSettingsTest {

    static final RunStats ISSUES = new RunStats("issues", "issue", "test");
    static final RunStats TICKETS = new RunStats("service-tickets", "service-ticket", "test");
    static final RunStats PROJECTS = new RunStats("projects", "project", "test");

    @Test
    void defaultsFollowTheStreamAndAStreamMayHaveItsOwnValue() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(SettingsSchema.load().defaults());
            Properties own = new Properties();
            own.setProperty("wiz.stream.projects.sink.elastic.index", "security-projects");
            own.setProperty("wiz.stream.projects.sink.splunk-hec.sourcetype", "wiz:project:v2");
            context.getPropertiesComponent().setOverrideProperties(own);
            StreamSettings settings = new StreamSettings();
            settings.setCamelContext(context);

            ElasticBulkBatcher elastic = new ElasticBulkBatcher("unused", 1_000_000, 100);
            elastic.setStreamSettings(settings);
            assertEquals("wiz-issues", index(elastic, ISSUES));
            assertEquals("wiz-service-tickets", index(elastic, TICKETS));
            assertEquals("security-projects", index(elastic, PROJECTS));

            HecEvents hec = new HecEvents("http://hec", "box", "wiz-camel", "unused", "", 1_000_000, 100);
            hec.setStreamSettings(settings);
            assertEquals("wiz:issue", sourcetype(hec, ISSUES));
            assertEquals("wiz:service-ticket", sourcetype(hec, TICKETS));
            assertEquals("wiz:project:v2", sourcetype(hec, PROJECTS));

            SentinelAnswer sentinel = new SentinelAnswer("https://dce.example", "dcr-1", "unused", null);
            sentinel.setStreamSettings(settings);
            assertTrue(sentinel.url(ISSUES).endsWith("/streams/Custom-WizIssues_CL"), sentinel.url(ISSUES));
            assertTrue(sentinel.url(TICKETS).endsWith("/streams/Custom-WizServiceTickets_CL"), sentinel.url(TICKETS));

            assertEquals("wiz.projects", settings.get("wiz.sink.kafka.topic", PROJECTS));
            assertEquals("project.", settings.get("wiz.sink.rabbitmq.routing-key-prefix", PROJECTS));
            assertEquals("wiz.service-tickets", settings.get("wiz.sink.rabbitmq.exchange", TICKETS));
            assertEquals("issues", settings.get("wiz.sink.file.folder", ISSUES));

            // which streams a sink takes: every stream, but the ticketing sinks only issues
            SinkRoster roster = new SinkRoster("file,kafka,jira,servicenow");
            roster.setStreamSettings(settings);
            assertEquals(List.of("file", "kafka", "jira", "servicenow"), roster.forStream("issues"));
            assertEquals(List.of("file", "kafka"), roster.forStream("projects"));
        }
    }

    private static ObjectNode record() {
        return SyncHarness.JSON.createObjectNode().put("id", "r1").put("createdAt", "2026-10-01T08:00:00Z");
    }

    private static String index(ElasticBulkBatcher elastic, RunStats run) throws Exception {
        byte[] body = elastic.page(List.of(record()), run).batches().get(0).body();
        String action = new String(body, StandardCharsets.UTF_8).split("\n")[0];
        return SyncHarness.JSON.readTree(action).path("index").path("_index").asText();
    }

    private static String sourcetype(HecEvents hec, RunStats run) throws Exception {
        JsonNode event = SyncHarness.JSON.readTree(hec.batches(List.of(record()), run).body());
        return event.path("sourcetype").asText();
    }
}
