package io.wizcamel.sink.sentinel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.config.StreamSettingsAware;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.delivery.SinkRetryException;
import io.wizcamel.sink.Batches;
import io.wizcamel.stream.RunStats;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * The Logs Ingestion API call of the Sentinel sink: its URL, and the reading of its answer. Azure answers 204 when it
 * took the rows and {"error": {"code": ..., "message": ...}} when not. Permissions, a wrong rule or stream, and data
 * the stream refuses are rejections; throttling (429) and server errors are retried, after Retry-After when given.
 */
public class SentinelAnswer extends StreamSettingsAware {

    public static final String BATCHES = "sentinelBatches";
    public static final String AUTH_RETRIED = "sentinelAuthRetried";
    /** the longest Retry-After honoured in place; a longer one is left to the sink's retries */
    static final long MAX_RETRY_AFTER_SECONDS = 60;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String dceUrl;
    private final String dcrImmutableId;
    private final String streamName;
    private final EntraTokenCache tokens;

    public SentinelAnswer(String dceUrl, String dcrImmutableId, String streamName, EntraTokenCache tokens) {
        this.dcrImmutableId = dcrImmutableId == null ? "" : dcrImmutableId.trim();
        this.streamName = streamName == null ? "" : streamName.trim();
        this.dceUrl = dceUrl == null ? "" : dceUrl.trim().replaceAll("/+$", "");
        this.tokens = tokens;
    }

    /**
     * {dce}/dataCollectionRules/{dcr immutable id}/streams/{stream} (the route adds ?api-version=2023-01-01); the
     * DCR stream is the Wiz stream's: wiz.sink.sentinel.stream-name (Custom-Wiz{Stream}_CL) for it
     */
    public String url(@ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        return dceUrl + "/dataCollectionRules/" + encode(dcrImmutableId) + "/streams/" + encode(streamName(run));
    }

    private String streamName(RunStats run) {
        return run == null ? streamName
                : StreamSettings.forRun(streamSettings(), "wiz.sink.sentinel.stream-name", streamName, run).trim();
    }

    /** @return true when the call must be made once more with a new token (the first 401) */
    public boolean check(@Header("CamelHttpResponseCode") Integer status, @Body String body,
            @Header("Retry-After") String retryAfter, @ExchangeProperty(BATCHES) Batches batches,
            @ExchangeProperty(AUTH_RETRIED) Boolean authRetried, @ExchangeProperty("sentinelUrl") String url,
            @ExchangeProperty(RunStats.PROPERTY) RunStats run) throws InterruptedException {
        int http = status == null ? 0 : status;
        if (http == 204 || http == 200) {
            batches.done();
            return false;
        }
        JsonNode error = parse(body);
        String code = error == null ? "" : error.path("error").path("code").asText("");
        String message = error == null ? "" : error.path("error").path("message").asText("");
        String said = "The Logs Ingestion API at " + url + " answered HTTP " + http
                + (code.isEmpty() ? "" : " " + code) + (message.isEmpty() ? "" : ": " + oneLine(message));
        if (http == 401) {
            if (!Boolean.TRUE.equals(authRetried)) {
                tokens.invalidate();
                return true;
            }
            throw new SinkRejectedException(said + ". A fresh token was refused too: check that the token's scope"
                    + " (WIZ_SINK_SENTINEL_SCOPE) is https://monitor.azure.com//.default (or your cloud's equivalent)"
                    + " and that WIZ_SINK_SENTINEL_TENANT_ID is the DCR's tenant");
        }
        if (http == 413) {
            if (batches.split()) {
                return false; // the same rows go again in two smaller calls
            }
            throw new SinkRejectedException(said + ". One row (issue " + batches.recordId(0) + ") alone is over the"
                    + " API's 1 MB per call limit");
        }
        if (http == 429 || http == 408 || http >= 500 || http == 0) {
            waitRetryAfter(retryAfter);
            throw new SinkRetryException(said);
        }
        if (http == 403) {
            throw new SinkRejectedException(said + ". The app registration may not write to this data collection"
                    + " rule: assign it the 'Monitoring Metrics Publisher' role on the DCR (it can take up to 30"
                    + " minutes to apply), and check WIZ_SINK_SENTINEL_DCR_IMMUTABLE_ID (now " + dcrImmutableId + ")");
        }
        if (http == 404) {
            throw new SinkRejectedException(said + ". Check WIZ_SINK_SENTINEL_DCE_URL (the data collection endpoint's"
                    + " logs ingestion URL) and WIZ_SINK_SENTINEL_DCR_IMMUTABLE_ID (now " + dcrImmutableId
                    + ": the DCR's immutableId, dcr-..., not its name)");
        }
        throw new SinkRejectedException(said + ". Check WIZ_SINK_SENTINEL_DCR_IMMUTABLE_ID (now " + dcrImmutableId
                + "), WIZ_SINK_SENTINEL_STREAM_NAME (now " + streamName(run) + ": a stream the DCR declares) and that the"
                + " stream's columns match the rows this sink sends (README)");
    }

    /** Honours Retry-After (seconds) up to a minute, so that the retry does not come back too early. */
    private static void waitRetryAfter(String retryAfter) throws InterruptedException {
        if (retryAfter == null) {
            return;
        }
        try {
            long seconds = Math.min(Long.parseLong(retryAfter.trim()), MAX_RETRY_AFTER_SECONDS);
            if (seconds > 0) {
                Thread.sleep(seconds * 1000);
            }
        } catch (NumberFormatException e) {
            // an HTTP-date: leave the wait to the sink's backoff
        }
    }

    private static String oneLine(String s) {
        return s.replaceAll("\\s*\\R\\s*", " ").trim().replaceAll("\\.$", "");
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
