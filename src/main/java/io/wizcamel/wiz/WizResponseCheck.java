package io.wizcamel.wiz;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Header;

/**
 * Reads every GraphQL answer, whatever its HTTP status: Wiz reports throttling, expired tokens and missing scopes
 * with HTTP 200 and an {@code errors} array. Returns the parsed body or throws a classified {@link WizApiException}.
 */
public class WizResponseCheck {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final TokenCache tokens;

    public WizResponseCheck(TokenCache tokens) {
        this.tokens = tokens;
    }

    public JsonNode check(@Body byte[] body, @Header("CamelHttpResponseCode") Integer httpStatus,
            @Header("Retry-After") String retryAfter, @ExchangeProperty("wizQuery") String query,
            @ExchangeProperty("wizScope") String scope) {
        int status = httpStatus == null ? 200 : httpStatus;
        JsonNode json = parse(body);
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
                    + (body == null || body.length == 0 ? "an empty body" : "a body that is not whole JSON ("
                    + body.length + " bytes)"), null);
        }
        if (status != 200 || json == null || !json.path("data").isObject()) {
            throw WizApiException.fatal("HTTP_" + status, "Wiz answered " + query + " with HTTP " + status
                    + (json == null ? " and a body that is not JSON" : " and no data"));
        }
        return json;
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

    /** parsed from the answer's bytes (Jackson's UTF-8 parser), not from a String decoded first */
    private static JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
