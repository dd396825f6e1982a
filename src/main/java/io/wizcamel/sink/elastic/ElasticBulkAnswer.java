package io.wizcamel.sink.elastic;

import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.delivery.SinkRetryException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads an Elasticsearch / OpenSearch {@code _bulk} answer. The whole request can fail (HTTP status), and when it does
 * not, each item can still fail on its own: the answer is HTTP 200 with {@code "errors": true} and a status per item.
 * Items the cluster took leave the batch; items it was too busy for (429, 5xx) stay and make this throw an
 * {@link SinkRetryException}, so that the sink's retries send only them; an item it refused (any other 4xx, a
 * mapping error above all) makes it throw a {@link SinkRejectedException}, so that the page is dead-lettered rather
 * than confirmed with a document missing.
 */
public class ElasticBulkAnswer {

    public static final String BATCH = "elasticBatch";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REASON = 300;

    private final String url;
    private final String index;

    public ElasticBulkAnswer(String url, String index) {
        this.url = url == null ? "" : url.trim().replaceAll("/+$", "");
        this.index = index;
    }

    /** where bulk requests go: the cluster's REST endpoint, {@code /_bulk} */
    public String bulkUrl() {
        return url + "/_bulk";
    }

    public void check(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body,
            @ExchangeProperty(BATCH) ElasticBulkBatch batch) {
        int code = status == null ? 0 : status;
        String where = "Elasticsearch at " + url;
        if (code == 401) {
            throw new SinkRejectedException(where + " refused the credentials (HTTP 401" + reason(body) + "): check "
                    + "wiz.sink.elastic.api-key (WIZ_SINK_ELASTIC_API_KEY), or wiz.sink.elastic.username and password "
                    + "(WIZ_SINK_ELASTIC_USERNAME, WIZ_SINK_ELASTIC_PASSWORD); an API key is given as its 'encoded' value");
        }
        if (code == 403) {
            throw new SinkRejectedException(where + " refused to index into '" + indexOf(batch) + "' with these credentials "
                    + "(HTTP 403" + reason(body) + "): the API key or user needs the index privileges 'index' and "
                    + "'auto_configure' (or 'create_index') on " + indexOf(batch) + " (wiz.sink.elastic.index)");
        }
        if (code == 413) {
            throw new SinkRejectedException(where + " refused a bulk request of " + batch.bytes() + " bytes ("
                    + batch.size() + " documents) as too large (HTTP 413): lower wiz.sink.elastic.max-batch-bytes "
                    + "(WIZ_SINK_ELASTIC_MAX_BATCH_BYTES) below the cluster's http.max_content_length"
                    + (batch.size() == 1 ? ", or raise that limit: this one document alone is over it" : ""));
        }
        if (code == 429 || code >= 500 || code == 0) {
            throw new SinkRetryException(where + " could not take the bulk request now (HTTP " + code + reason(body)
                    + ")");
        }
        if (code < 200 || code > 299) {
            throw new SinkRejectedException(where + " refused the bulk request (HTTP " + code + reason(body)
                    + "): check wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL) is the cluster's REST endpoint (as "
                    + "https://es.example.com:9200) and wiz.sink.elastic.index is a valid index name");
        }
        items(parse(body), batch);
    }

    /**
     * A TLS failure: one about the certificate (not trusted, or issued for another host) is refused for good, with
     * what to set; any other (a handshake cut short) is thrown on, to be retried.
     */
    public void tlsFailure(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) throws Exception {
        for (Throwable c = e; c != null; c = c.getCause()) {
            if (c instanceof SSLPeerUnverifiedException || c instanceof CertificateException
                    || c instanceof CertPathBuilderException || c instanceof CertPathValidatorException) {
                throw new SinkRejectedException("Elasticsearch at " + url + " presented a TLS certificate that is not"
                        + " trusted here (" + e.getMessage() + "): give the CA certificate that signed it in"
                        + " wiz.sink.elastic.ca-file (WIZ_SINK_ELASTIC_CA_FILE) and use the host name the certificate"
                        + " names in wiz.sink.elastic.url; only for a test cluster, wiz.sink.elastic.tls-verify=false"
                        + " turns the checks off");
            }
        }
        throw e;
    }

    private JsonNode parse(String body) {
        try {
            JsonNode answer = body == null ? null : JSON.readTree(body);
            if (answer != null && answer.path("items").isArray()) {
                return answer;
            }
        } catch (Exception ignored) {
            // reported below
        }
        throw new SinkRejectedException("The answer from " + url + " is not a _bulk answer (it starts '"
                + shorten(body == null ? "" : body, 80) + "'): check wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL) is the "
                + "cluster's REST endpoint (port 9200 by default), not Kibana or OpenSearch Dashboards");
    }

    private void items(JsonNode answer, ElasticBulkBatch batch) {
        List<String> ids = batch.ids();
        JsonNode items = answer.path("items");
        if (items.size() != ids.size()) {
            // only a proxy or a broken node would do this; which items were taken cannot be told, so send all again
            throw new SinkRetryException("Elasticsearch at " + url + " answered " + items.size() + " items to a bulk "
                    + "request of " + ids.size());
        }
        int busy = 0;
        String firstBusy = null;
        List<String> refused = new ArrayList<>();
        String firstRefused = null;
        Iterator<JsonNode> it = items.elements();
        for (String id : ids) {
            JsonNode item = first(it.next());
            String itemId = item.path("_id").asText(id);
            int status = item.path("status").asInt(0);
            if (status >= 200 && status <= 299) {
                batch.accepted(itemId);
            } else if (status == 429 || status >= 500) {
                busy++;
                if (firstBusy == null) {
                    firstBusy = describe(itemId, status, item.path("error"));
                }
            } else {
                refused.add(itemId);
                if (firstRefused == null) {
                    firstRefused = describe(itemId, status, item.path("error"));
                }
            }
        }
        int sent = ids.size();
        if (firstRefused != null) {
            throw new SinkRejectedException("Elasticsearch refused document " + firstRefused + " (" + refused.size()
                    + " of " + sent + " documents in this request refused, " + (sent - batch.size()) + " taken): fix the "
                    + "mapping of index " + indexOf(batch) + " (its index template) for these ECS fields; the page waits in the "
                    + "dead-letter store and is sent again, by id, on the next run");
        }
        if (busy > 0) {
            throw new SinkRetryException("Elasticsearch asked to retry " + busy + " of " + sent + " documents "
                    + "(first: " + firstBusy + ")");
        }
    }

    /** the index of the stream being delivered */
    private String indexOf(ElasticBulkBatch batch) {
        return batch != null && batch.index() != null ? batch.index() : index;
    }

    /** an item is {"index": {...}} (or create, update, delete): its one member */
    private static JsonNode first(JsonNode item) {
        Iterator<JsonNode> values = item.elements();
        return values.hasNext() ? values.next() : item;
    }

    private static String describe(String id, int status, JsonNode error) {
        StringBuilder s = new StringBuilder(id).append(" (HTTP ").append(status);
        if (error.isObject()) {
            s.append(' ').append(error.path("type").asText("error")).append(": ").append(error.path("reason").asText(""));
            JsonNode cause = error.path("caused_by");
            if (cause.isObject()) {
                s.append("; caused by ").append(cause.path("type").asText()).append(": ")
                        .append(cause.path("reason").asText(""));
            }
        } else if (!error.isMissingNode()) {
            s.append(' ').append(error.asText());
        }
        return shorten(s.toString(), MAX_REASON) + ")";
    }

    /** ", type: reason" from an error answer ({"error": {"type", "reason"}, "status"} or {"error": "text"}) */
    static String reason(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(body).path("error");
            if (error.isObject()) {
                return ", " + shorten(error.path("type").asText("error") + ": " + error.path("reason").asText(""),
                        MAX_REASON);
            }
            if (error.isTextual()) {
                return ", " + shorten(error.asText(), MAX_REASON);
            }
        } catch (Exception ignored) {
            // not JSON: a proxy's page, say
        }
        return ", " + shorten(body, 120);
    }

    private static String shorten(String text, int max) {
        String oneLine = text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
    }
}
