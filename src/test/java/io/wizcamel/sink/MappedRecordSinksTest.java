package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.format.RenderContext;
import io.wizcamel.sink.elastic.ElasticBulkBatcher;
import io.wizcamel.sink.sentinel.SentinelRows;
import io.wizcamel.sink.syslog.SyslogMessages;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;

/**
 * A record the operator's JQ mapping made goes to Elastic, syslog and Sentinel as its own JSON: their ECS, CEF,
 * RFC 5424 and column forms read the built-in record's fields, which a mapped record does not have. (The file sink and
 * Kafka are tested through the deployed routes in MappedRecordsAsJsonTest; Splunk HEC and RabbitMQ send every record
 * as its JSON already.)
 */
class MappedRecordSinksTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static ObjectNode mapped() {
        ObjectNode r = JSON.createObjectNode().put("id", "issue-1").put("blueprint", "wizIssue");
        r.putObject("properties").put("severity", "HIGH").put("note", "a \"quoted\" line\nand another");
        return r;
    }

    private static RunStats run(boolean mapped) {
        RunStats run = new RunStats("issues", "issue", "test");
        run.mapped = mapped;
        return run;
    }

    @Test
    void elasticIndexesTheMappedRecordItself() throws Exception {
        String body = new String(new ElasticBulkBatcher("wiz-issues", 1_000_000, 10)
                .page(List.of(mapped()), run(true)).batches().get(0).body(), StandardCharsets.UTF_8);
        String[] lines = body.split("\n");
        assertEquals(2, lines.length, body);
        assertEquals("issue-1", JSON.readTree(lines[0]).path("index").path("_id").asText());
        assertEquals(mapped(), JSON.readTree(lines[1]));

        String ecs = new String(new ElasticBulkBatcher("wiz-issues", 1_000_000, 10)
                .page(List.of(mapped()), run(false)).batches().get(0).body(), StandardCharsets.UTF_8);
        assertTrue(ecs.contains("\"ecs\""), "a built-in record is still an ECS document: " + ecs);
    }

    @Test
    void syslogCarriesTheMappedJsonAsMsgInBothFormats() throws Exception {
        RenderContext context = RenderContext.of(run(true));
        for (String format : List.of("rfc5424", "cef")) {
            for (String protocol : List.of("tcp", "udp")) {
                SyslogMessages messages = new SyslogMessages(format, protocol, "newline", 2048, "host-1",
                        "wiz-camel", "local0", "wiz@32473");
                String message = messages.message(mapped(), context);
                String json = message.substring(message.indexOf('{'));
                assertEquals(mapped(), JSON.readTree(json), format + ": " + message);
                assertTrue(message.startsWith(format.equals("cef") ? "<133>" : "<133>1 "), message);
                if (format.equals("rfc5424")) {
                    assertTrue(message.contains(" host-1 wiz-camel - issue [wiz@32473 id=\"issue-1\"] {"), message);
                }
                // sent for any stream, even one without a syslog form of its own (projects, ...)
                RunStats projects = new RunStats("projects", "project", "test");
                projects.mapped = true;
                List<byte[]> frames = messages.frames(List.of(mapped()), projects);
                assertEquals(1, frames.size());
                assertTrue(new String(frames.get(0), StandardCharsets.UTF_8).contains("\"blueprint\":\"wizIssue\""));
            }
        }
    }

    @Test
    void syslogOverUdpRefusesAMappedRecordTooLongRatherThanCutItsJson() {
        SyslogMessages messages = new SyslogMessages("rfc5424", "udp", "newline", 480, "host-1", "wiz-camel",
                "local0", "wiz@32473");
        ObjectNode big = mapped().put("text", "x".repeat(1000));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> messages.frames(List.of(big), run(true)));
        assertTrue(e.getMessage().contains("udp-max-bytes"), e.getMessage());
    }

    @Test
    void sentinelRowsAreTheMappedRecordsFields() throws Exception {
        Batches batches = new SentinelRows(1_000_000).batches(List.of(mapped()), run(true));
        JsonNode rows = JSON.readTree(batches.body());
        assertEquals(1, rows.size());
        JsonNode row = rows.get(0);
        assertTrue(row.path("TimeGenerated").isTextual(), row.toString());
        ObjectNode withoutTime = ((ObjectNode) row.deepCopy());
        withoutTime.remove("TimeGenerated");
        assertEquals(mapped(), withoutTime);
        assertEquals("issue-1", batches.recordId(0));
    }
}
