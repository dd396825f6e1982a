package io.wizcamel.sink.ticket;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.delivery.SinkRetryException;
import org.apache.camel.Exchange;
import org.apache.camel.Message;

/**
 * One request to a ticketing REST API and the reading of its answer. The ticket beans describe a request in
 * exchange properties ({@link #request}); the shared sink call (routes/wiz/http-call.yaml) turns them into the
 * request, with the Authorization header of the {@link TicketAuth} bean; {@link #check} reads the answer: 2xx gives the parsed body, 429 waits for Retry-After (bounded) and
 * 5xx fails so that the sink retries, and any other 4xx is a {@link SinkRejectedException} naming what the target
 * refused and what to check.
 */
public class TicketHttp {

    /** the Wiz issue record a ticket operation is about */
    public static final String ISSUE = "ticketIssue";
    /** the target's key of the issue's ticket (Jira key, ServiceNow sys_id), or null while none is known */
    public static final String KEY = "ticketKey";
    public static final String METHOD = "ticketMethod";
    public static final String PATH = "ticketPath";
    public static final String QUERY = "ticketQuery";
    public static final String BODY = "ticketBody";
    /** what the request does, for messages: "create a ticket for Wiz issue ..." */
    public static final String OP = "ticketOp";
    /** a 404 answer means "not there" (the body becomes null) rather than an error */
    public static final String ALLOW_404 = "ticketAllow404";

    /** a longer Retry-After is waited for this long, then the sink's own backoff takes over */
    static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String target;
    private final String baseUrl;
    private final TicketAuth auth;
    private final String credentialsHint;
    private final String dataHint;

    /**
     * @param target the target's name in messages ("Jira")
     * @param credentialsHint what to check when the credentials are refused (names the environment variables)
     * @param dataHint what to check when data is refused
     */
    public TicketHttp(String target, String baseUrl, TicketAuth auth, String credentialsHint, String dataHint) {
        this.target = target;
        this.baseUrl = baseUrl == null ? "" : baseUrl.trim().replaceAll("/+$", "");
        this.auth = auth;
        this.credentialsHint = credentialsHint;
        this.dataHint = dataHint;
    }

    /** the endpoint the requests go through; each request names its own path */
    public String getBaseUrl() {
        return baseUrl;
    }

    /** Reads the answer: a JsonNode, or null for an empty answer or an allowed 404 (the call makes it the body). */
    public JsonNode check(Exchange exchange) throws InterruptedException {
        Message m = exchange.getMessage();
        int status = m.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class);
        String text = m.getBody(String.class);
        String retryAfter = m.getHeader("Retry-After", String.class);
        clearRequest(exchange);
        String op = exchange.getProperty(OP, "call the API", String.class);
        if (status >= 200 && status < 300) {
            return parse(text);
        }
        if (status == 404 && exchange.getProperty(ALLOW_404, false, Boolean.class)) {
            exchange.removeProperty(ALLOW_404);
            return null;
        }
        exchange.removeProperty(ALLOW_404);
        String said = errorText(text);
        if (status == 429) {
            Duration wait = retryAfter(retryAfter);
            if (wait != null) {
                Thread.sleep(Math.min(wait.toMillis(), MAX_RETRY_AFTER.toMillis()));
            }
            throw new SinkRetryException(target + " is throttling (HTTP 429" + (retryAfter == null ? ""
                    : ", Retry-After " + retryAfter) + ") while trying to " + op + said);
        }
        if (status >= 500 || status == 408 || status == 0) {
            throw new SinkRetryException(target + " answered HTTP " + status + " while trying to " + op + said);
        }
        if (status == 401 && auth.renewable()) {
            auth.invalidate(); // an expired or revoked token: the retry fetches a new one
            throw new SinkRetryException(target + " refused the access token (HTTP 401) while trying to " + op
                    + said + "; a new token is fetched for the retry");
        }
        if (status == 401) {
            throw new SinkRejectedException(target + " refused the credentials (HTTP 401) while trying to " + op
                    + said + ". Check " + credentialsHint);
        }
        if (status == 403) {
            throw new SinkRejectedException(target + " refused to " + op + " (HTTP 403)" + said
                    + ". Check that the account has the permission to do it (" + credentialsHint + ") and "
                    + dataHint);
        }
        throw new SinkRejectedException(target + " refused to " + op + " (HTTP " + status + ")" + said + ". Check "
                + dataHint);
    }

    /** describes the next request; {@code op} says what it does, for messages */
    public static void request(Exchange ex, String method, String path, String query, String body, String op) {
        ex.setProperty(METHOD, method);
        ex.setProperty(PATH, path);
        ex.setProperty(QUERY, query);
        ex.setProperty(BODY, body);
        ex.setProperty(OP, op);
    }

    private static void clearRequest(Exchange exchange) {
        exchange.removeProperty(METHOD);
        exchange.removeProperty(PATH);
        exchange.removeProperty(QUERY);
        exchange.removeProperty(BODY);
    }

    /** the target's own words: Jira's errorMessages and errors, ServiceNow's error.message and detail */
    public static String errorText(String body) {
        JsonNode answer = parse(body);
        List<String> parts = new ArrayList<>();
        if (answer != null) {
            for (JsonNode msg : answer.path("errorMessages")) {
                parts.add(msg.asText());
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = answer.path("errors").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                parts.add(e.getKey() + ": " + e.getValue().asText());
            }
            JsonNode error = answer.path("error");
            if (error.isObject()) {
                parts.add(error.path("message").asText(""));
                if (error.hasNonNull("detail")) {
                    parts.add(error.path("detail").asText());
                }
            } else if (error.isTextual()) { // OAuth token endpoint: {"error": "...", "error_description": "..."}
                parts.add(error.asText() + " " + answer.path("error_description").asText(""));
            }
        } else if (body != null && !body.isBlank()) {
            parts.add(body.length() > 200 ? body.substring(0, 200) + "…" : body);
        }
        parts.removeIf(s -> s == null || s.isBlank());
        return parts.isEmpty() ? "" : ": " + String.join("; ", parts).replaceAll("\\s+", " ").trim().replaceAll("\\.+$", "");
    }

    static Duration retryAfter(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            try {
                Duration d = Duration.between(Instant.now(),
                        ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return d.isNegative() ? Duration.ZERO : d;
            } catch (RuntimeException e2) {
                return null;
            }
        }
    }

    public static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "TicketHttp[" + target + " " + baseUrl + "]";
    }
}
