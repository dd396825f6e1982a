package io.wizcamel.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps Wiz's status onto the operator's vocabulary (SAFE's by default: REJECTED, "Ignored" in the Wiz UI, is
 * "Accepted Failed"). Wiz is the source of truth, so every record gets the mapping of its current Wiz status; a
 * status the table does not know gets the fallback, is logged once, and the record is kept.
 */
public class StatusMapper {

    private static final Logger LOG = LoggerFactory.getLogger(StatusMapper.class);

    private final Map<String, String> table;
    private final String fallback;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    public StatusMapper(String table, String fallback) {
        // looked up without regard to case, and without an upper-case copy of every record's status
        this.table = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        this.table.putAll(parse(table));
        this.fallback = fallback;
    }

    /** "OPEN=Failed, RESOLVED=Passed" → {OPEN: Failed, RESOLVED: Passed} */
    public static Map<String, String> parse(String table) {
        Map<String, String> rows = new LinkedHashMap<>();
        for (String row : Settings.list(table)) {
            int eq = row.indexOf('=');
            if (eq <= 0 || eq == row.length() - 1) {
                throw new IllegalArgumentException("wiz.status-map: '" + row
                        + "' is not WIZ_STATUS=Your Status (example: REJECTED=Accepted Failed)");
            }
            rows.put(row.substring(0, eq).trim().toUpperCase(Locale.ROOT), row.substring(eq + 1).trim());
        }
        return rows;
    }

    public List<ObjectNode> apply(List<ObjectNode> records) {
        for (ObjectNode record : records) {
            record.put("status", map(record.path("wizStatus").asText(null)));
        }
        return records;
    }

    /**
     * The Wiz-shaped records a JQ mapping reads: Wiz's nodes as the query selected them (their status is Wiz's) plus
     * {@code mappedStatus}, the status this map gives.
     */
    public List<ObjectNode> wizShaped(List<JsonNode> nodes) {
        List<ObjectNode> records = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            if (node instanceof ObjectNode record) {
                record.put("mappedStatus", map(record.path("status").asText(null)));
                records.add(record);
            }
        }
        return records;
    }

    public String map(String wizStatus) {
        String mapped = wizStatus == null ? null : table.get(wizStatus);
        if (mapped != null) {
            return mapped;
        }
        if (warned.add(String.valueOf(wizStatus))) {
            LOG.warn("Wiz status {} is not in wiz.status-map; mapping it to '{}' (add a row to map it yourself)",
                    wizStatus, fallback);
        }
        return fallback;
    }
}
