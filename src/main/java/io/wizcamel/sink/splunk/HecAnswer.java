package io.wizcamel.sink.splunk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.delivery.SinkRetryException;
import io.wizcamel.sink.Batches;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads the HTTP Event Collector's answer to one batch. HEC answers {"text": ..., "code": N}; the codes are those of
 * Splunk's "Troubleshoot HTTP Event Collector" table. Refused tokens and refused data are rejections (retrying cannot
 * help: the page goes to the dead letters at once); a busy or failing server is retried.
 */
public class HecAnswer {

    public static final String BATCHES = "splunkHecBatches";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HecEvents events;

    public HecAnswer(HecEvents events) {
        this.events = events;
    }

    public void check(@Header("CamelHttpResponseCode") Integer status, @Body String body,
            @ExchangeProperty(BATCHES) Batches batches) {
        int http = status == null ? 0 : status;
        JsonNode answer = parse(body);
        int code = answer != null && answer.has("code") ? answer.path("code").asInt(-1) : -1;
        String text = answer != null ? answer.path("text").asText("") : "";
        if (http == 200 && (code == 0 || code == -1)) {
            batches.done();
            return;
        }
        String said = "Splunk HEC at " + events.url() + " answered HTTP " + http
                + (code >= 0 ? " '" + text + "' (code " + code + ")" : "");
        if (http == 413) {
            if (batches.split()) {
                return; // the same events go again in two smaller requests
            }
            throw new SinkRejectedException(said + ": one event (issue " + batches.recordId(0) + ") is larger than"
                    + " the server's max_content_length; raise it in limits.conf [http_input] or ask Splunk support");
        }
        switch (code) {
            case 1, 2, 3, 4 -> throw new SinkRejectedException(said
                    + ": the token is refused. Check WIZ_SINK_SPLUNK_HEC_TOKEN (the HEC token's value, without the"
                    + " 'Splunk ' prefix) and that the token is enabled in Settings > Data inputs > HTTP Event Collector");
            case 5, 6, 12, 13 -> {
                String which = answer.has("invalid-event-number")
                        ? " at event " + answer.path("invalid-event-number").asInt() + " of the batch (issue "
                                + batches.recordId(answer.path("invalid-event-number").asInt()) + ")"
                        : "";
                throw new SinkRejectedException(said + ": HEC refused the data as invalid" + which
                        + "; the records stay in the dead-letter store. Check the HEC token's settings (indexer"
                        + " acknowledgement off, or a channel), and report it if the data is at fault");
            }
            case 7 -> throw new SinkRejectedException(said + ": the token may not write to index '"
                    + events.index() + "'. Add the index to the token's allowed indexes, or fix"
                    + " WIZ_SINK_SPLUNK_HEC_INDEX (blank uses the token's default index)");
            case 8, 9 -> throw new SinkRetryException(said);
            case 10, 11, 14 -> throw new SinkRejectedException(said
                    + ": the token has indexer acknowledgement on, which this sink does not use; turn it off for"
                    + " this token");
            default -> {
                // no known HEC code: judge by the HTTP status
            }
        }
        if (http == 429 || http >= 500 || http == 0) {
            throw new SinkRetryException(said);
        }
        if (http == 404) {
            throw new SinkRejectedException(said + ": no HTTP Event Collector there. Check WIZ_SINK_SPLUNK_HEC_URL"
                    + " (the base URL, e.g. https://splunk.example.com:8088; the sink adds /services/collector/event)"
                    + " and that HEC is enabled (Global Settings > All tokens enabled)");
        }
        throw new SinkRejectedException(said + ": check the HEC settings and WIZ_SINK_SPLUNK_HEC_* keys");
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
