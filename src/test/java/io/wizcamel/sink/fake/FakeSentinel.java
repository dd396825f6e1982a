package io.wizcamel.sink.fake;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * Microsoft Entra ID's token endpoint and the Azure Monitor Logs Ingestion API, for tests, on one loopback server.
 *
 * <p>Token: POST /{tenant}/oauth2/v2.0/token, form-urlencoded, grant_type=client_credentials, client_id,
 * client_secret and scope=https://monitor.azure.com//.default; errors as Entra answers them
 * ({"error":"invalid_client","error_description":"AADSTS7000215: ..."}).
 *
 * <p>Ingestion: POST /dataCollectionRules/{dcr}/streams/{stream}?api-version=2023-01-01 with "Authorization: Bearer"
 * a token it issued and that has not expired, Content-Type application/json, a JSON array of objects each with a
 * TimeGenerated datetime, at most 1 MB (413 when over); 204 when taken; errors as {"error":{"code":..,"message":..}}.
 */
public final class FakeSentinel extends FakeHttp {

    public static final String SCOPE = "https://monitor.azure.com//.default";
    public static final int ONE_MB = 1_048_576;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tenant;
    private final String clientId;
    private final String clientSecret;
    private final String dcr;
    private final Set<String> streams;
    private volatile int maxBytes = ONE_MB;
    private volatile Duration tokenLifetime = Duration.ofHours(1);

    private final Map<String, Instant> tokens = new ConcurrentHashMap<>();
    /** rows taken, per stream, in order */
    public final List<JsonNode> rows = Collections.synchronizedList(new ArrayList<>());
    public final AtomicInteger tokenRequests = new AtomicInteger();
    public final AtomicInteger ingestRequests = new AtomicInteger();
    public final AtomicInteger accepted = new AtomicInteger();
    public final AtomicInteger unauthorized = new AtomicInteger();
    public volatile int largestBody;
    /** every request's body and Authorization header, to show what was sent */
    public final List<String> seen = Collections.synchronizedList(new ArrayList<>());

    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger unavailable = new AtomicInteger();
    private volatile boolean forbidden;
    private volatile int revokeAfter = -1;

    public FakeSentinel(String tenant, String clientId, String clientSecret, String dcr, Set<String> streams) {
        this.tenant = tenant;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.dcr = dcr;
        this.streams = streams;
    }

    @Override
    public FakeSentinel start() {
        super.start();
        return this;
    }

    public void maxBytes(int bytes) {
        maxBytes = bytes;
    }

    public void tokenLifetime(Duration d) {
        tokenLifetime = d;
    }

    /** the next n ingestion calls get 429 with Retry-After: 1 */
    public void throttleFor(int n) {
        throttled.set(n);
    }

    /** the next n ingestion calls get 503 with Retry-After: 1 */
    public void unavailableFor(int n) {
        unavailable.set(n);
    }

    /** the app registration loses (or gets) the Monitoring Metrics Publisher role on the DCR */
    public void forbid(boolean f) {
        forbidden = f;
    }

    /** after n more calls are taken, every token issued so far stops working (as when it is revoked) */
    public void revokeTokensAfter(int n) {
        revokeAfter = accepted.get() + n;
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body = ex.getRequestBody().readAllBytes();
        seen.add(ex.getRequestHeaders().getFirst("Authorization") + " " + new String(body, StandardCharsets.UTF_8));
        if (path.endsWith("/oauth2/v2.0/token")) {
            token(ex, path, new String(body, StandardCharsets.UTF_8));
        } else if (path.startsWith("/dataCollectionRules/")) {
            ingest(ex, path, body);
        } else {
            error(ex, 404, "NotFound", "The requested resource was not found.");
        }
    }

    private void token(HttpExchange ex, String path, String form) throws IOException {
        tokenRequests.incrementAndGet();
        if (!"POST".equals(ex.getRequestMethod()) || !String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"))
                .startsWith("application/x-www-form-urlencoded")) {
            entra(ex, 400, "invalid_request", "AADSTS900561: The endpoint only accepts POST requests with a form body.");
            return;
        }
        String t = path.substring(1, path.indexOf('/', 1));
        Map<String, String> f = form(form);
        if (!tenant.equals(t)) {
            entra(ex, 400, "invalid_request", "AADSTS90002: Tenant '" + t + "' not found.");
        } else if (!"client_credentials".equals(f.get("grant_type"))) {
            entra(ex, 400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.");
        } else if (!clientId.equals(f.get("client_id"))) {
            entra(ex, 400, "unauthorized_client", "AADSTS700016: Application with identifier '" + f.get("client_id")
                    + "' was not found in the directory.");
        } else if (!clientSecret.equals(f.get("client_secret"))) {
            entra(ex, 401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret being"
                    + " sent in the request is the client secret value, not the client secret ID.");
        } else if (!SCOPE.equals(f.get("scope"))) {
            entra(ex, 400, "invalid_scope", "AADSTS70011: The provided value for the input parameter 'scope' is not"
                    + " valid.");
        } else {
            String token = "ey" + UUID.randomUUID().toString().replace("-", "");
            long seconds = tokenLifetime.toSeconds();
            tokens.put(token, Instant.now().plus(tokenLifetime));
            send(ex, 200, "application/json", "{\"token_type\":\"Bearer\",\"expires_in\":" + seconds
                    + ",\"ext_expires_in\":" + seconds + ",\"access_token\":\"" + token + "\"}");
        }
    }

    private void ingest(HttpExchange ex, String path, byte[] body) throws IOException {
        ingestRequests.incrementAndGet();
        String[] parts = path.split("/"); // "", dataCollectionRules, {dcr}, streams, {stream}
        String query = String.valueOf(ex.getRequestURI().getRawQuery());
        if (!"POST".equals(ex.getRequestMethod())) {
            error(ex, 405, "MethodNotAllowed", "Only POST is supported.");
            return;
        }
        if (!form(query).containsKey("api-version")) {
            error(ex, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required.");
            return;
        }
        if (!"2023-01-01".equals(form(query).get("api-version"))) {
            error(ex, 400, "InvalidApiVersionParameter", "The api-version '" + form(query).get("api-version")
                    + "' is invalid. The supported versions are '2023-01-01,2021-11-01-preview'.");
            return;
        }
        String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
        Instant expires = auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
        if (expires == null || !Instant.now().isBefore(expires)) {
            unauthorized.incrementAndGet();
            error(ex, 401, "InvalidToken", expires == null ? "The provided authentication token is not valid."
                    : "The provided authentication token has expired.");
            return;
        }
        if (parts.length != 5 || !"streams".equals(parts[3]) || !dcr.equals(parts[2])) {
            error(ex, 404, "NotFound", "Data collection rule with immutable Id '" + (parts.length > 2 ? parts[2] : "")
                    + "' not found.");
            return;
        }
        if (forbidden) {
            error(ex, 403, "OperationFailed", "The authentication token provided does not have access to ingest data"
                    + " for the data collection rule with immutable Id '" + dcr + "'.");
            return;
        }
        if (!streams.contains(parts[4])) {
            error(ex, 400, "InvalidStream", "Stream '" + parts[4] + "' is not declared in the data collection rule.");
            return;
        }
        if (!String.valueOf(ex.getRequestHeaders().getFirst("Content-Type")).startsWith("application/json")) {
            error(ex, 415, "UnsupportedMediaType", "Content-Type must be application/json.");
            return;
        }
        largestBody = Math.max(largestBody, body.length);
        if (body.length > maxBytes) {
            error(ex, 413, "ContentLengthLimitExceeded", "Maximum allowed content length: " + maxBytes
                    + " bytes (1 MB). Provided content length: " + body.length + " bytes.");
            return;
        }
        if (throttled.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().set("Retry-After", "1");
            error(ex, 429, "TooManyRequests", "Too many requests to the data collection rule. Retry after 1 second.");
            return;
        }
        if (unavailable.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            ex.getResponseHeaders().set("Retry-After", "1");
            error(ex, 503, "ServiceUnavailable", "The service is temporarily unavailable.");
            return;
        }
        JsonNode array;
        try {
            array = JSON.readTree(body);
        } catch (Exception e) {
            error(ex, 400, "InvalidPayload", "The request body is not valid JSON.");
            return;
        }
        if (array == null || !array.isArray()) {
            error(ex, 400, "InvalidPayload", "The request body must be a JSON array of records.");
            return;
        }
        for (JsonNode row : array) {
            if (!row.isObject() || !row.path("TimeGenerated").isTextual()) {
                error(ex, 400, "InvalidPayload", "Every record needs a TimeGenerated datetime.");
                return;
            }
            try {
                OffsetDateTime.parse(row.get("TimeGenerated").asText());
            } catch (Exception e) {
                error(ex, 400, "InvalidPayload", "TimeGenerated '" + row.get("TimeGenerated").asText()
                        + "' is not a datetime.");
                return;
            }
        }
        array.forEach(rows::add);
        if (accepted.incrementAndGet() == revokeAfter) {
            tokens.clear();
        }
        send(ex, 204, "application/json", "");
    }

    private static void entra(HttpExchange ex, int status, String error, String description) throws IOException {
        send(ex, status, "application/json", JSON.createObjectNode().put("error", error)
                .put("error_description", description + "\r\nTrace ID: " + UUID.randomUUID())
                .set("error_codes", JSON.createArrayNode().add(Integer.parseInt(description.substring(6,
                        description.indexOf(':'))))).toString());
    }

    private static void error(HttpExchange ex, int status, String code, String message) throws IOException {
        send(ex, status, "application/json", "{\"error\":{\"code\":\"" + code + "\",\"message\":"
                + JSON.writeValueAsString(message) + "}}");
    }

    private static Map<String, String> form(String s) {
        Map<String, String> out = new HashMap<>();
        if (s == null || s.isEmpty() || s.equals("null")) {
            return out;
        }
        for (String pair : s.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
