package io.wizcamel.sink.fake;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * An Elasticsearch / OpenSearch node's {@code _bulk} endpoint, as documented: {@code POST /_bulk} or
 * {@code POST /<index>/_bulk}, {@code Content-Type: application/x-ndjson}, a body of action and source lines ending
 * with a newline, an {@code Authorization} header ({@code ApiKey} or {@code Basic}); a body over
 * {@code http.max_content_length} gets 413. It keeps documents by index and id with a version that each index
 * action bumps, and answers with the bulk response shape ({@code took}, {@code errors}, {@code items[]}) and the
 * error bodies Elasticsearch sends ({@code {"error": {"root_cause", "type", "reason"}, "status"}}).
 *
 * <p>Tests can make it refuse given ids with a mapping error, answer 429 for given ids a number of times, answer 503
 * to whole requests from the n-th on, or stop it (connection refused) and start it again on the same port.
 */
public final class ElasticFake implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BULK_PATH = Pattern.compile("/(?:([^/_][^/]*)/)?_bulk");
    private static final Pattern INDEX_NAME = Pattern.compile("[^A-Z\\\\/*?\"<>| ,#:]+");

    /** one stored document */
    public static final class Doc {
        public final JsonNode source;
        public final long version;

        Doc(JsonNode source, long version) {
            this.source = source;
            this.version = version;
        }
    }

    /** what one request looked like */
    public static final class Request {
        public final String path;
        public final String contentType;
        public final String authorization;
        public final int status;
        public final List<String> ids;
        public final int bytes;

        Request(String path, String contentType, String authorization, int status, List<String> ids, int bytes) {
            this.path = path;
            this.contentType = contentType;
            this.authorization = authorization;
            this.status = status;
            this.ids = ids;
            this.bytes = bytes;
        }
    }

    private final Map<String, Map<String, Doc>> indices = new ConcurrentHashMap<>();
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Set<String> mappingErrors = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicInteger> busyIds = new ConcurrentHashMap<>();
    private final SSLContext tls;
    private volatile String expectedAuthorization;
    private volatile int unavailableFrom = Integer.MAX_VALUE;
    private volatile int maxContentLength = 100 * 1024 * 1024;
    private volatile boolean mayWrite = true;
    private final AtomicInteger seqNo = new AtomicInteger();
    private int port;
    private HttpServer server;

    private ElasticFake(SSLContext tls) {
        this.tls = tls;
    }

    /** a plain-HTTP node */
    public static ElasticFake http() {
        return new ElasticFake(null).start();
    }

    /** an HTTPS node presenting the certificate of the given server context */
    public static ElasticFake https(SSLContext tls) {
        return new ElasticFake(tls).start();
    }

    /** requires {@code Authorization: ApiKey <encoded>} */
    public ElasticFake apiKey(String encoded) {
        expectedAuthorization = "ApiKey " + encoded;
        return this;
    }

    /** requires {@code Authorization: Basic <user:password>} */
    public ElasticFake basic(String user, String password) {
        expectedAuthorization = "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /** index actions for these ids get 400 mapper_parsing_exception, until {@link #clearFaults()} */
    public ElasticFake mappingError(String... ids) {
        mappingErrors.addAll(List.of(ids));
        return this;
    }

    /** the next {@code times} index actions for this id get 429 es_rejected_execution_exception */
    public ElasticFake busy(String id, int times) {
        busyIds.put(id, new AtomicInteger(times));
        return this;
    }

    /** whole requests from the n-th (1-based, counting every request so far) on get 503 */
    public ElasticFake unavailableFrom(int n) {
        unavailableFrom = n;
        return this;
    }

    /** whether the credentials hold the index privileges to write (else 403, as for a read-only API key) */
    public ElasticFake mayWrite(boolean may) {
        mayWrite = may;
        return this;
    }

    /** http.max_content_length */
    public ElasticFake maxContentLength(int bytes) {
        maxContentLength = bytes;
        return this;
    }

    public void clearFaults() {
        mappingErrors.clear();
        busyIds.clear();
        unavailableFrom = Integer.MAX_VALUE;
    }

    public synchronized ElasticFake start() {
        try {
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
            if (tls != null) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                server = https;
            } else {
                server = HttpServer.create(address, 0);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    /** stops listening: requests get connection refused until {@link #start()} */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String url() {
        return (tls != null ? "https" : "http") + "://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Map<String, Doc> index(String name) {
        return indices.getOrDefault(name, Map.of());
    }

    public List<Request> requests() {
        synchronized (requests) {
            return new ArrayList<>(requests);
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = ex.getRequestURI().getPath();
            String contentType = ex.getRequestHeaders().getFirst("Content-Type");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            List<String> ids = new ArrayList<>();
            int status = answer(ex, path, contentType, auth, body, ids);
            requests.add(new Request(path, contentType, auth, status, ids, body.length));
        }
    }

    private int answer(HttpExchange ex, String path, String contentType, String auth, byte[] body, List<String> ids)
            throws IOException {
        int n = requests.size() + 1;
        if (n >= unavailableFrom) {
            return error(ex, 503, "cluster_block_exception",
                    "blocked by: [SERVICE_UNAVAILABLE/2/no master];");
        }
        if (expectedAuthorization != null && !expectedAuthorization.equals(auth)) {
            ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"security\", charset=\"UTF-8\"");
            ex.getResponseHeaders().add("WWW-Authenticate", "ApiKey");
            return error(ex, 401, "security_exception", auth == null
                    ? "missing authentication credentials for REST request [" + path + "]"
                    : "unable to authenticate with provided credentials and anonymous access is not allowed for this request");
        }
        if ("/_security/_authenticate".equals(path) && "GET".equals(ex.getRequestMethod())) {
            return send(ex, 200, "{\"username\":\"" + (auth != null && auth.startsWith("Basic ") ? "wiz-writer"
                    : "wiz-api-key") + "\",\"roles\":[],\"authentication_type\":\""
                    + (auth != null && auth.startsWith("ApiKey") ? "api_key" : "realm") + "\"}");
        }
        if (!mayWrite) {
            return error(ex, 403, "security_exception", "action [indices:data/write/bulk[s]] is unauthorized for API key"
                    + " id [VuaCfGcBCdbkQm-e5aOx] of user [wiz-reader] on indices [wiz-issues], this action is granted"
                    + " by the index privileges [create_doc,create,index,write,all]");
        }
        Matcher m = BULK_PATH.matcher(path);
        if (!m.matches()) {
            return error(ex, 404, "index_not_found_exception", "no such index [" + path + "]");
        }
        if (!"POST".equals(ex.getRequestMethod()) && !"PUT".equals(ex.getRequestMethod())) {
            return send(ex, 405, "{\"error\":\"Incorrect HTTP method for uri [" + path + "] and method ["
                    + ex.getRequestMethod() + "], allowed: [POST, PUT]\",\"status\":405}");
        }
        if (contentType == null || !contentType.split(";")[0].trim().equals("application/x-ndjson")
                || (contentType.contains("charset") && !contentType.toLowerCase().contains("charset=utf-8"))) {
            return send(ex, 406, "{\"error\":\"Content-Type header [" + contentType + "] is not supported\",\"status\":406}");
        }
        if (body.length > maxContentLength) {
            return send(ex, 413, "");
        }
        if (body.length == 0 || body[body.length - 1] != '\n') {
            return error(ex, 400, "illegal_argument_exception", "The bulk request must be terminated by a newline [\\n]");
        }
        String[] lines = new String(body, StandardCharsets.UTF_8).split("\n", -1);
        int count = lines.length - 1; // the last split is the empty string after the final newline
        String defaultIndex = m.group(1);
        ObjectNode response = JSON.createObjectNode();
        response.put("took", 3);
        ArrayNode items = JSON.createArrayNode();
        boolean errors = false;
        for (int i = 0; i < count; i += 2) {
            JsonNode action;
            try {
                action = JSON.readTree(lines[i]);
            } catch (IOException e) {
                return error(ex, 400, "x_content_parse_exception", "[1:1] Unexpected character in action line " + (i + 1));
            }
            if (action == null || !action.isObject() || action.size() != 1 || !action.has("index")) {
                return error(ex, 400, "illegal_argument_exception", "Malformed action/metadata line [" + (i + 1)
                        + "], expected one of [create, delete, index, update] (this fake serves index only)");
            }
            if (i + 1 >= count) {
                return error(ex, 400, "illegal_argument_exception", "The bulk request must be terminated by a newline"
                        + " [\\n] (an index action without a source line)");
            }
            JsonNode meta = action.get("index");
            String index = meta.path("_index").asText(defaultIndex);
            if (index == null) {
                return error(ex, 400, "action_request_validation_exception", "Validation Failed: 1: index is missing;");
            }
            String id = meta.has("_id") ? meta.get("_id").asText() : UUID.randomUUID().toString();
            ids.add(id);
            ObjectNode item = items.addObject().putObject("index");
            item.put("_index", index).put("_id", id);
            JsonNode source = null;
            try {
                source = JSON.readTree(lines[i + 1]);
            } catch (IOException e) {
                // answered per item below, as Elasticsearch does
            }
            AtomicInteger busy = busyIds.get(id);
            if (!INDEX_NAME.matcher(index).matches() || index.startsWith("_") || index.startsWith("-")) {
                errors = true;
                itemError(item, 400, "invalid_index_name_exception", "Invalid index name [" + index + "]");
            } else if (source == null || !source.isObject()) {
                errors = true;
                itemError(item, 400, "mapper_parsing_exception", "failed to parse");
            } else if (mappingErrors.contains(id)) {
                errors = true;
                itemError(item, 400, "mapper_parsing_exception", "failed to parse field [wiz.issue.createdAt] of type"
                        + " [date] in document with id '" + id + "'. Preview of field's value: 'yesterday'");
            } else if (busy != null && busy.getAndDecrement() > 0) {
                errors = true;
                itemError(item, 429, "es_rejected_execution_exception", "rejected execution of primary operation"
                        + " [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0,"
                        + " primary_operation_bytes=1024, max_coordinating_and_primary_bytes=0]");
            } else {
                Map<String, Doc> docs = indices.computeIfAbsent(index, k -> new ConcurrentHashMap<>());
                Doc previous = docs.get(id);
                long version = previous == null ? 1 : previous.version + 1;
                docs.put(id, new Doc(source, version));
                item.put("_version", version).put("result", previous == null ? "created" : "updated");
                item.putObject("_shards").put("total", 2).put("successful", 1).put("failed", 0);
                item.put("_seq_no", seqNo.getAndIncrement()).put("_primary_term", 1);
                item.put("status", previous == null ? 201 : 200);
            }
        }
        response.put("errors", errors);
        response.set("items", items);
        return send(ex, 200, JSON.writeValueAsString(response));
    }

    private static void itemError(ObjectNode item, int status, String type, String reason) {
        item.put("status", status);
        item.putObject("error").put("type", type).put("reason", reason).put("index_uuid", "aAsFqTI0Tc2W0LCWgPNrOA")
                .put("shard", "0").put("index", item.path("_index").asText());
    }

    private static int error(HttpExchange ex, int status, String type, String reason) throws IOException {
        ObjectNode cause = JSON.createObjectNode().put("type", type).put("reason", reason);
        ObjectNode error = JSON.createObjectNode();
        error.putArray("root_cause").add(cause.deepCopy());
        error.setAll(cause);
        ObjectNode answer = JSON.createObjectNode();
        answer.set("error", error);
        answer.put("status", status);
        return send(ex, status, JSON.writeValueAsString(answer));
    }

    private static int send(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        if (!body.isEmpty()) {
            ex.getResponseHeaders().set("Content-Type", "application/json");
        }
        ex.getResponseHeaders().set("X-elastic-product", "Elasticsearch");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        return status;
    }
}
