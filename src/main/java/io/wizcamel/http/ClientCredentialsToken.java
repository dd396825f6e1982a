package io.wizcamel.http;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.ConfigValue;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.delivery.SinkRetryException;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * An OAuth 2.0 client-credentials token (Wiz, Microsoft Entra ID, ServiceNow): builds the token request's form, reads
 * the answer, keeps the token until {@link TokenLifetime} says to replace it, and gives the Authorization header. The
 * HTTP call itself is the route template client-credentials-token (routes/wiz/token.yaml).
 *
 * <p>The client secret is read with {@link ConfigValue#read} when a token is asked for, exactly as configured: YAML
 * bean arguments would mangle a secret with a quote or a comma. It goes into the form and nowhere else: messages name
 * the endpoint and the HTTP status, toString the endpoint and the client id.
 *
 * <p>A subclass says what differs: the form's extra fields, the grant, what to check when the credentials are
 * refused, and (for Wiz) which exceptions it throws. By default a refusal is a {@link SinkRejectedException} and a
 * busy or failing endpoint a {@link SinkRetryException}, as a sink's token needs.
 */
public abstract class ClientCredentialsToken implements CamelContextAware {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String endpointName;
    private final String tokenUrl;
    private final String clientId;
    private final String secretKey;
    private final String givenSecret;
    private final long defaultLifetimeSeconds;
    private final TokenLifetime lifetime;
    private CamelContext camelContext;

    private String accessToken;
    private String tokenType;

    /**
     * @param endpointName what messages call the endpoint ("The Wiz token endpoint"); the URL follows it
     * @param secretKey the setting that holds the client secret, read when a token is asked for
     * @param secret the secret itself (tests), or null to read {@code secretKey}
     * @param defaultLifetimeSeconds the lifetime when the answer has no expires_in
     */
    protected ClientCredentialsToken(String endpointName, String tokenUrl, String clientId, String secretKey,
            String secret, long defaultLifetimeSeconds, Clock clock) {
        this.endpointName = endpointName;
        this.tokenUrl = tokenUrl;
        this.clientId = trim(clientId);
        this.secretKey = secretKey;
        this.givenSecret = secret;
        this.defaultLifetimeSeconds = defaultLifetimeSeconds;
        this.lifetime = new TokenLifetime(clock);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public String tokenUrl() {
        return tokenUrl;
    }

    public String clientId() {
        return clientId;
    }

    /** whether a token must be fetched before the next request */
    public synchronized boolean needsRefresh() {
        return accessToken == null || lifetime.due();
    }

    /** The form body of a token request. It holds the secret: it goes to the token endpoint and nowhere else. */
    public synchronized String requestForm() {
        lifetime.requested();
        return "grant_type=" + grantType() + "&client_id=" + encode(clientId) + "&client_secret="
                + encode(secret(secretKey, givenSecret)) + extraForm();
    }

    /**
     * Reads the token endpoint's answer. Refused credentials are final (retrying cannot fix them); a busy or failing
     * endpoint is not.
     */
    public synchronized void accept(@Header("CamelHttpResponseCode") Integer status, @Body String body) {
        int http = status == null ? 0 : status;
        String endpoint = endpointName + " " + tokenUrl;
        JsonNode answer = parse(body);
        // 404, 405 or 501 (no POST there), or a page that is not JSON: not a token endpoint, whatever the credentials
        boolean notTokenEndpoint = http == 404 || http == 405 || http == 501 || (answer == null && http >= 200
                && http < 300);
        if (!notTokenEndpoint && (http >= 500 || http == 429 || http == 0)) {
            throw unavailable(http, endpoint + " answered HTTP " + http);
        }
        if (notTokenEndpoint) {
            throw refused(endpoint + " answered HTTP " + http + (answer == null ? " with " + describe(body) : "")
                    + ": the URL looks wrong, it is not an OAuth token endpoint. Check " + urlNamed());
        }
        if (http != 200 || answer == null || !answer.hasNonNull("access_token")) {
            throw refused(endpoint + " refused the " + credentials() + ": HTTP " + http + oauthError(answer)
                    + ". Check " + refusalHint());
        }
        accessToken = answer.get("access_token").asText();
        tokenType = answer.path("token_type").asText("Bearer");
        lifetime.granted(answer.path("expires_in").asLong(defaultLifetimeSeconds));
    }

    /**
     * The token endpoint could not be reached (the token route's catch): names the endpoint and its setting. A
     * refused connection or an unknown host is final (retrying does not make the URL right), a timeout or a reset
     * is not.
     */
    public void unreachable(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String what = cause == null ? "no answer" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        boolean wrongAddress = cause instanceof ConnectException || cause instanceof UnknownHostException
                || cause instanceof NoRouteToHostException;
        String message = endpointName + " " + tokenUrl + " cannot be reached (" + what.replaceAll("\\s+", " ")
                + "). Check " + urlNamed();
        throw wrongAddress ? refused(message) : unavailable(0, message);
    }

    /** the setting that holds the token URL, e.g. wiz.token-url; null when the URL is not a setting of its own */
    protected String urlSetting() {
        return null;
    }

    private String urlNamed() {
        String key = urlSetting();
        return key == null ? "the token URL" : key + " (" + ConfigCheck.env(key) + ")";
    }

    private static String describe(String body) {
        if (body == null || body.isBlank()) {
            return "an empty body";
        }
        String start = body.stripLeading();
        return start.startsWith("<") ? "an HTML page, not JSON" : "a body that is not JSON";
    }

    public synchronized String authorization() {
        return (tokenType == null || tokenType.isBlank() || tokenType.equalsIgnoreCase("bearer") ? "Bearer"
                : tokenType) + " " + accessToken;
    }

    /** Drops the token (the API refused it) so that the next request fetches a new one. */
    public synchronized void invalidate() {
        accessToken = null;
        lifetime.expire();
    }

    /** the grant_type of the form */
    protected String grantType() {
        return "client_credentials";
    }

    /** what follows the client secret in the form, each field as {@code &name=value} (see {@link #field}) */
    protected abstract String extraForm();

    /** what was refused, for the message: "client credentials" */
    protected String credentials() {
        return "client credentials";
    }

    /** what to check when the credentials are refused (the settings' environment variables) */
    protected abstract String refusalHint();

    /** the exception for refused credentials */
    protected RuntimeException refused(String message) {
        return new SinkRejectedException(message);
    }

    /** the exception for a token endpoint that is busy or failing */
    protected RuntimeException unavailable(int httpStatus, String message) {
        return new SinkRetryException(message);
    }

    /** a setting given to the constructor (tests), else its value exactly as configured; "" when unset */
    protected final String secret(String key, String given) {
        if (given != null) {
            return given;
        }
        return camelContext == null ? "" : ConfigValue.read(camelContext, key);
    }

    protected static String field(String name, String value) {
        return "&" + name + "=" + encode(value);
    }

    protected static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    /**
     * " error" and, from Entra ID's error_description, its leading AADSTS code: the description itself is long and
     * carries trace ids.
     */
    private static String oauthError(JsonNode answer) {
        if (answer == null) {
            return "";
        }
        String error = answer.path("error").asText("");
        String description = answer.path("error_description").asText("");
        int colon = description.indexOf(':');
        String code = description.startsWith("AADSTS") && colon > 0 ? " " + description.substring(0, colon) : "";
        return (error.isEmpty() ? "" : " " + error) + code;
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s == null ? "" : s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + tokenUrl + ", clientId=" + clientId + "]"; // never a secret
    }
}
