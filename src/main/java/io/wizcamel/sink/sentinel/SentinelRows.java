package io.wizcamel.sink.sentinel;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.sink.Batches;
import io.wizcamel.stream.RunStats;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Shapes issue records as rows of a Log Analytics custom table (e.g. WizIssues_CL) for the Logs Ingestion API, and
 * packs them into JSON-array request bodies under the API's 1 MB per call limit.
 *
 * <p>Columns: {@code TimeGenerated} (datetime: statusChangedAt, else updatedAt, else createdAt, else the time of
 * sending), then one column per record field. Scalars keep their value under a PascalCase name; nested objects and
 * lists are {@code dynamic} columns. {@code id}, {@code type}, {@code title} and {@code url} are renamed
 * {@code IssueId}, {@code IssueType}, {@code IssueTitle}, {@code IssueUrl}: {@code id}, {@code Type} and
 * {@code Title} are reserved column names in Log Analytics.
 */
public class SentinelRows {

    /** record field → column, in table order; docs/sinks/sentinel.md lists the same table */
    static final String[][] COLUMNS = {
        {"id", "IssueId", "string"},
        {"type", "IssueType", "string"},
        {"title", "IssueTitle", "string"},
        {"severity", "Severity", "string"},
        {"wizStatus", "WizStatus", "string"},
        {"status", "Status", "string"},
        {"resolutionReason", "ResolutionReason", "string"},
        {"cloudPlatform", "CloudPlatform", "string"},
        {"createdAt", "CreatedAt", "datetime"},
        {"updatedAt", "UpdatedAt", "datetime"},
        {"statusChangedAt", "StatusChangedAt", "datetime"},
        {"resolvedAt", "ResolvedAt", "datetime"},
        {"dueAt", "DueAt", "datetime"},
        {"url", "IssueUrl", "string"},
        {"resource", "Resource", "dynamic"},
        {"control", "Control", "dynamic"},
        {"projects", "Projects", "dynamic"},
        {"serviceTickets", "ServiceTickets", "dynamic"},
    };

    private static final ObjectMapper JSON = new ObjectMapper();

    private final int maxBatchBytes;
    private final Clock clock;

    public SentinelRows(int maxBatchBytes) {
        this(maxBatchBytes, Clock.systemUTC());
    }

    SentinelRows(int maxBatchBytes, Clock clock) {
        this.maxBatchBytes = maxBatchBytes;
        this.clock = clock;
    }

    Batches batches(List<? extends JsonNode> records) throws JsonProcessingException {
        return batches(records, null);
    }

    public Batches batches(@Body List<? extends JsonNode> records, @ExchangeProperty(RunStats.PROPERTY) RunStats run)
            throws JsonProcessingException {
        boolean mapped = run != null && run.mapped;
        List<String> rows = new ArrayList<>(records.size());
        List<String> ids = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            rows.add(JSON.writeValueAsString(mapped ? mappedRow(record) : row(record)));
            ids.add(record.path("id").asText());
        }
        return new Batches(rows, ids, maxBatchBytes, Integer.MAX_VALUE, "[", ",", "]");
    }

    ObjectNode row(JsonNode record) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", timeGenerated(record));
        for (String[] c : COLUMNS) {
            JsonNode v = record.get(c[0]);
            row.set(c[1], v == null ? JSON.nullNode() : v);
        }
        return row;
    }

    /**
     * A record the operator's JQ mapping made: its own fields as the row (the DCR's stream declares them), with
     * TimeGenerated first unless the mapping gives one.
     */
    ObjectNode mappedRow(JsonNode record) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", clock.instant().toString());
        row.setAll((ObjectNode) record);
        return row;
    }

    private String timeGenerated(JsonNode record) {
        for (String field : List.of("statusChangedAt", "updatedAt", "createdAt")) {
            String value = record.path(field).asText(null);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return clock.instant().toString();
    }
}
