package io.wizcamel.sink.splunk;

import java.math.BigDecimal;
import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.config.StreamSettingsAware;
import io.wizcamel.sink.Batches;
import io.wizcamel.stream.RunStats;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;

/**
 * Shapes issue records as Splunk HTTP Event Collector events and packs them into batch bodies: HEC's batch format
 * is event objects concatenated in one POST to /services/collector/event.
 *
 * <pre>{"time": 1790841600.000, "host": "...", "source": "wiz-camel", "sourcetype": "wiz:issue", "index": "...",
 *  "event": { the issue record }}</pre>
 *
 * {@code time} is statusChangedAt (else updatedAt, else createdAt) in epoch seconds with milliseconds as decimals;
 * it is left out when the record has none (HEC then stamps the time of receipt). {@code index} is left out when blank
 * (the token's default index applies); {@code host} defaults to this machine's name.
 */
public class HecEvents extends StreamSettingsAware {

    private static final ObjectMapper JSON = new ObjectMapper();


    private final String url;
    private final String host;
    private final String source;
    private final String sourcetype;
    private final String index;
    private final int maxBatchBytes;
    private final int maxBatchEvents;

    public HecEvents(String url, String host, String source, String sourcetype, String index, int maxBatchBytes,
            int maxBatchEvents) {
        this.url = endpoint(url);
        this.host = blank(host) ? localHost() : host.trim();
        this.source = source == null ? "" : source.trim();
        this.sourcetype = sourcetype == null ? "" : sourcetype.trim();
        this.index = index == null ? "" : index.trim();
        this.maxBatchBytes = maxBatchBytes;
        this.maxBatchEvents = maxBatchEvents;
    }

    /** The event endpoint: the configured base URL (with or without /services/collector[/event]) plus the path. */
    public static String endpoint(String url) {
        String base = url == null ? "" : url.trim().replaceAll("/+$", "");
        if (base.endsWith("/services/collector/event")) {
            return base;
        }
        if (base.endsWith("/services/collector")) {
            return base + "/event";
        }
        return base + "/services/collector/event";
    }

    public String url() {
        return url;
    }

    public String index() {
        return index;
    }

    public Batches batches(@Body List<? extends JsonNode> records, @ExchangeProperty(RunStats.PROPERTY) RunStats run)
            throws JsonProcessingException {
        // per stream: wiz.sink.splunk-hec.sourcetype (wiz:{item}), or wiz.stream.<stream>.sink.splunk-hec.sourcetype
        String type = run == null ? sourcetype
                : StreamSettings.forRun(streamSettings(), "wiz.sink.splunk-hec.sourcetype", sourcetype, run).trim();
        List<String> events = new ArrayList<>(records.size());
        List<String> ids = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            // the record's JSON as rendered once for delivery, inside the event's own fields
            String head = JSON.writeValueAsString(envelope(record, type));
            events.add(head.substring(0, head.length() - 1) + ",\"event\":" + record + "}");
            ids.add(record.path("id").asText());
        }
        return new Batches(events, ids, maxBatchBytes, maxBatchEvents, "", "", "");
    }

    public ObjectNode event(JsonNode record) {
        ObjectNode e = envelope(record, sourcetype);
        e.set("event", record);
        return e;
    }

    /** the event's fields but the record */
    private ObjectNode envelope(JsonNode record, String sourcetype) {
        ObjectNode e = JSON.createObjectNode();
        BigDecimal time = epochSeconds(record);
        if (time != null) {
            e.put("time", time);
        }
        e.put("host", host);
        if (!source.isEmpty()) {
            e.put("source", source);
        }
        if (!sourcetype.isEmpty()) {
            e.put("sourcetype", sourcetype);
        }
        if (!index.isEmpty()) {
            e.put("index", index);
        }
        return e;
    }

    /** statusChangedAt, else updatedAt, else createdAt, as epoch seconds with three decimals; null if none parses */
    public static BigDecimal epochSeconds(JsonNode record) {
        for (String field : List.of("statusChangedAt", "updatedAt", "createdAt")) {
            String value = record.path(field).asText(null);
            if (value != null && !value.isBlank()) {
                try {
                    return BigDecimal.valueOf(Instant.parse(value).toEpochMilli(), 3);
                } catch (DateTimeParseException e) {
                    // try the next field
                }
            }
        }
        return null;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            return "wiz-camel";
        }
    }
}
