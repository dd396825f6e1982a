package io.wizcamel.wiz;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.WizHome;
import org.apache.camel.ExchangeProperty;

/**
 * The body of a GraphQL request, {"query": ..., "variables": ...}, as bytes for camel-http. The query text is read
 * from its file once (like the routes, a changed query takes effect at the next start), in the home folder or else
 * in the jar. camel-graphql is not used:
 * it hands the answer over as a String, and a page of 500 issues is parsed faster from its bytes.
 */
public class GraphqlRequest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> queries = new ConcurrentHashMap<>();
    private final Path home;

    public GraphqlRequest() {
        this("");
    }

    /** @param home the folder a relative query file is read from before the jar's own (wiz.home; blank: here) */
    public GraphqlRequest(String home) {
        this.home = WizHome.of(null, home);
    }

    public byte[] body(@ExchangeProperty("wizQueryFile") String file,
            @ExchangeProperty("wizVariables") Map<String, Object> variables) throws JsonProcessingException {
        ObjectNode request = JSON.createObjectNode();
        request.put("query", query(file));
        request.set("variables", JSON.valueToTree(variables));
        return JSON.writeValueAsBytes(request);
    }

    private String query(String file) {
        return queries.computeIfAbsent(file, f -> WizHome.read(home, f));
    }
}
