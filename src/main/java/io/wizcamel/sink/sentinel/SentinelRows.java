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
 * Shapes records as rows of a Log Analytics custom table (e.g. WizIssues_CL) for the Logs Ingestion API, and packs
 * them into JSON-array request bodies under the API's 1 MB per call limit.
 *
 * <p>Columns: {@code TimeGenerated} (datetime: statusChangedAt, else updatedAt, else createdAt, else timestamp, else
 * the time of sending), then one column per record field. Scalars keep their value under a PascalCase name; nested
 * objects and lists are {@code dynamic} columns. An issue row has the fixed {@link #COLUMNS}, {@code id}, {@code type},
 * {@code title} and {@code url} renamed {@code IssueId}, {@code IssueType}, {@code IssueTitle}, {@code IssueUrl}
 * ({@code id}, {@code Type} and {@code Title} are reserved column names in Log Analytics). A record of another stream
 * keeps every field it has (its stream's page in docs/streams/ lists them), a reserved name prefixed {@code Wiz}
 * ({@code WizId}, {@code WizType}, {@code WizTitle}).
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

    /** Log Analytics' reserved column names a record field could take (as PascalCase) */
    private static final java.util.Set<String> RESERVED = java.util.Set.of("Id", "Type", "Title", "TenantId",
            "TimeGenerated", "SourceSystem", "MG", "ManagementGroupName", "Computer", "RawData", "ItemId");

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
        boolean issues = run == null || "issues".equals(run.stream);
        List<String> rows = new ArrayList<>(records.size());
        List<String> ids = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            rows.add(JSON.writeValueAsString(mapped ? mappedRow(record) : issues ? row(record) : fieldsRow(record)));
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

    /** a record of another stream: every field it has, PascalCase, reserved names prefixed Wiz */
    ObjectNode fieldsRow(JsonNode record) {
        ObjectNode row = JSON.createObjectNode();
        row.put("TimeGenerated", timeGenerated(record));
        record.fields().forEachRemaining(f -> row.set(column(f.getKey()), f.getValue()));
        return row;
    }

    static String column(String field) {
        String pascal = field.isEmpty() ? field : Character.toUpperCase(field.charAt(0)) + field.substring(1);
        return RESERVED.contains(pascal) ? "Wiz" + pascal : pascal;
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
        for (String field : List.of("statusChangedAt", "updatedAt", "createdAt", "timestamp")) {
            String value = record.path(field).asText(null);
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return clock.instant().toString();
    }
}
