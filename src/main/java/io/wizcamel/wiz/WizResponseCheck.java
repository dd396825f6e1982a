package io.wizcamel.wiz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.http.ByteChunks;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;
import org.apache.commons.io.input.BoundedInputStream;

/**
 * Reads every GraphQL answer, whatever its HTTP status: Wiz reports throttling, expired tokens and missing scopes
 * with HTTP 200 and an {@code errors} array. Returns the parsed body or throws a classified {@link WizApiException}.
 *
 * <p>The answer is parsed as it arrives, from the HTTP stream (the route does not cache it first): a page of 500
 * records is about a megabyte, and holding it whole as bytes, next to its parsed form, would double what a page
 * costs in memory for nothing. A request with {@value #PARSE_LATER} true (a stream's next page, asked for ahead) is
 * only scanned, its errors read and the rest checked to be whole JSON, and answered as its bytes
 * ({@link ByteChunks}): the run parses it when it takes it, so that only one parsed page is alive at a time.
 */
public class WizResponseCheck {

    // the body is closed here, after it is counted, not by the parser at its last token
    private static final ObjectMapper JSON = new ObjectMapper().disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

    /** exchange property: answer the bytes, scanned, instead of the parsed answer */
    public static final String PARSE_LATER = "wizParseLater";

    private final TokenCache tokens;

    public WizResponseCheck(TokenCache tokens) {
        this.tokens = tokens;
    }

    /** the parsed answer, or with {@code later} its bytes ({@link ByteChunks}) once scanned */
    public Object check(@Body InputStream body, @Header("CamelHttpResponseCode") Integer httpStatus,
            @Header("Retry-After") String retryAfter, @ExchangeProperty("wizQuery") String query,
            @ExchangeProperty("wizScope") String scope, @ExchangeProperty(PARSE_LATER) Boolean later)
            throws IOException {
        int status = httpStatus == null ? 200 : httpStatus;
        ByteChunks bytes = Boolean.TRUE.equals(later) ? ByteChunks.empty() : null;
        Read answer = read(body, bytes);
        JsonNode json = answer.json();
        String code = firstErrorCode(json);
        String message = firstErrorMessage(json);

        if (status == 401 || "UNAUTHENTICATED".equals(code)) {
            tokens.invalidate();
            throw new WizApiException(WizApiException.Kind.UNAUTHENTICATED, "UNAUTHENTICATED",
                    "Wiz did not accept the access token for " + query + " (HTTP " + status + ")", null);
        }
        if (status == 429 || "RATE_LIMIT_EXCEEDED".equals(code)) {
            throw WizApiException.transientFailure("RATE_LIMIT_EXCEEDED",
                    "Wiz throttled " + query + " (HTTP " + status + ")", retryAfterMillis(retryAfter));
        }
        if (status >= 500 || "INTERNAL".equals(code)) {
            throw WizApiException.transientFailure(code != null ? code : "HTTP_" + status,
                    "Wiz failed to answer " + query + " (HTTP " + status + (message != null ? ": " + message : "")
                            + ")", retryAfterMillis(retryAfter));
        }
        if ("UNAUTHORIZED".equals(code)) {
            throw WizApiException.fatal(code, "Wiz refused " + query + ": UNAUTHORIZED (" + message
                    + "). Grant the service account the " + scope + " scope.");
        }
        if (code != null) {
            throw WizApiException.fatal(code, "Wiz refused " + query + ": " + code + " (" + message + ")");
        }
        if (status == 200 && json == null) {
            // a gateway in front of Wiz cut the answer short: asking again usually gets it whole
            throw WizApiException.transientFailure("INCOMPLETE_BODY", "Wiz answered " + query + " with HTTP 200 and "
                    + (answer.bytes() == 0 ? "an empty body"
                            : "a body that is not whole JSON (" + answer.bytes() + " bytes)"),
                    null);
        }
        if (status != 200 || json == null || !json.path("data").isObject()) {
            throw WizApiException.fatal("HTTP_" + status, "Wiz answered " + query + " with HTTP " + status
                    + (json == null ? " and a body that is not JSON" : " and no data"));
        }
        return bytes == null ? json : bytes;
    }

    /** a page answered by {@link #check} as its bytes, parsed */
    public static JsonNode parse(ByteChunks answer) throws IOException {
        try (InputStream in = answer.stream()) {
            return JSON.readTree(in);
        }
    }

    /** an answer as read: its JSON (null when the body is empty or not whole JSON) and how many bytes it had */
    private record Read(JsonNode json, long bytes) {
    }

    /**
     * Reads the answer as it arrives (Jackson's UTF-8 parser), to its end when it is not JSON (to say how many bytes
     * it had), and closes it, which hands the connection back. With {@code keep}, every byte is kept there and only
     * what {@link #check} decides on is parsed ({@link #summary}); else the whole answer is parsed.
     */
    private static Read read(InputStream body, ByteChunks keep) throws IOException {
        if (body == null) {
            return new Read(null, 0);
        }
        try (BoundedInputStream counted = BoundedInputStream.builder().setInputStream(body).get()) {
            JsonNode json;
            try {
                json = keep == null ? JSON.readTree(counted) : summary(keep.recording(counted));
            } catch (IOException notJson) {
                json = null;
            }
            // readTree answers a missing node, not null, for an empty body
            if (json == null || json.isMissingNode()) {
                counted.transferTo(OutputStream.nullOutputStream()); // the whole of what is not JSON, counted
                json = null;
            }
            return new Read(json, counted.getCount());
        }
    }

    /**
     * Only the answer's {@code errors} and the kind of its {@code data}, the rest read through without a tree: null
     * when the answer is not one whole JSON object.
     */
    private static JsonNode summary(InputStream in) throws IOException {
        try (JsonParser parser = JSON.getFactory().createParser(in)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode summary = JSON.createObjectNode();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("errors".equals(field)) {
                    summary.set("errors", JSON.readTree(parser));
                } else {
                    if ("data".equals(field)) {
                        summary.set("data", value == JsonToken.START_OBJECT ? JSON.createObjectNode()
                                : JSON.getNodeFactory().nullNode());
                    }
                    parser.skipChildren();
                }
            }
            return parser.currentToken() == JsonToken.END_OBJECT ? summary : null;
        }
    }

    /** Retry-After is either delta-seconds or an HTTP date (RFC 9110 section 10.2.3). */
    static Long retryAfterMillis(String retryAfter) {
        if (retryAfter == null || retryAfter.isBlank()) {
            return null;
        }
        String value = retryAfter.trim();
        try {
            return Math.max(0, Long.parseLong(value)) * 1000;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return Math.max(0, Duration.between(Instant.now(), at).toMillis());
            } catch (RuntimeException notADate) {
                return null;
            }
        }
    }

    private static String firstErrorCode(JsonNode json) {
        JsonNode error = firstError(json);
        // an error without a code is still an error
        return error == null ? null : error.path("extensions").path("code").asText("GRAPHQL_ERROR");
    }

    private static String firstErrorMessage(JsonNode json) {
        JsonNode error = firstError(json);
        return error == null ? null : error.path("message").asText(null);
    }

    private static JsonNode firstError(JsonNode json) {
        if (json == null || !json.path("errors").isArray() || json.path("errors").isEmpty()) {
            return null;
        }
        // a throttling or auth error outranks whatever else came with it
        for (JsonNode e : json.get("errors")) {
            String c = e.path("extensions").path("code").asText("");
            if (c.equals("UNAUTHENTICATED") || c.equals("RATE_LIMIT_EXCEEDED")) {
                return e;
            }
        }
        return json.get("errors").get(0);
    }
}
