package io.wizcamel.sink.elastic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.delivery.SinkRejectedException;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads the cluster's answer to --test-connection's {@code GET /_security/_authenticate}: the call every
 * authenticated user may make, which names the user the credentials belong to and writes nothing. A cluster
 * without that API (security off, or OpenSearch) is reachable but cannot prove the credentials: it passes, saying so.
 */
public class ElasticProbe {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final String url;

    public ElasticProbe(String url) {
        this.url = url == null ? "" : url.trim().replaceAll("/+$", "");
    }

    public String probeUrl() {
        return url + "/_security/_authenticate";
    }

    public String check(@Header(Exchange.HTTP_RESPONSE_CODE) Integer status, @Body String body) {
        int code = status == null ? 0 : status;
        String where = "Elasticsearch at " + url;
        if (code >= 200 && code < 300) {
            String user = "";
            try {
                JsonNode a = JSON.readTree(body == null ? "" : body);
                user = a == null ? "" : a.path("username").asText("");
            } catch (Exception e) {
                // not the _authenticate answer: said below
            }
            if (user.isEmpty()) {
                throw new SinkRejectedException("The answer from " + url + " is not Elasticsearch's: check "
                        + "wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL) is the cluster's REST endpoint (port 9200 by "
                        + "default), not Kibana or OpenSearch Dashboards");
            }
            return where + " accepted the credentials of user " + user;
        }
        if (code == 401 || code == 403) {
            throw new SinkRejectedException(where + " refused the credentials (HTTP " + code
                    + ElasticBulkAnswer.reason(body) + "): check wiz.sink.elastic.api-key (WIZ_SINK_ELASTIC_API_KEY), or "
                    + "wiz.sink.elastic.username and password (WIZ_SINK_ELASTIC_USERNAME, WIZ_SINK_ELASTIC_PASSWORD)");
        }
        if (code == 400 || code == 404 || code == 405) {
            return where + " is reachable; it has no _security API (security off, or OpenSearch): credentials not"
                    + " proven";
        }
        throw new SinkRejectedException(where + " answered HTTP " + code + ElasticBulkAnswer.reason(body)
                + ": check wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL) and the cluster's health");
    }

    /** the cluster cannot be reached at all: name the setting */
    public void unreachable(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception e) {
        throw new SinkRejectedException("Elasticsearch at " + url + " cannot be reached (" + e.getMessage()
                + "): check wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL)");
    }
}
