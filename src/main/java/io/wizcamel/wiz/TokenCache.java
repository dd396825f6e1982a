package io.wizcamel.wiz;

import io.wizcamel.config.ConfigValue;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Set;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Header;

/**
 * Holds the OAuth2 client-credentials token for Wiz and decides when to fetch a new one. The HTTP call itself is a
 * route step (routes/wiz-api.yaml); this bean builds the form, reads the answer and keeps the token.
 */
public class TokenCache implements CamelContextAware {

    /** Legacy Auth0 token hosts take the audience "beyond-api"; every other host (Cognito) takes "wiz-api". */
    private static final Set<String> AUTH0_HOSTS = Set.of("auth.wiz.io", "auth0.gov.wiz.io");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tokenUrl;
    private final String clientId;
    /** read when a token is requested, as given: a secret may hold characters that YAML bean arguments mangle */
    private Supplier<String> clientSecret;
    private final String audience;
    private CamelContext camelContext;

    private String accessToken;
    private String tokenType;
    private final TokenLifetime lifetime;

    /** As wired in routes/wiz-api.yaml: the secret is read from {@code wiz.client-secret} when it is needed. */
    public TokenCache(String tokenUrl, String clientId, String audience) {
        this(tokenUrl, clientId, null, audience, Clock.systemUTC());
    }

    TokenCache(String tokenUrl, String clientId, String clientSecret, String audience) {
        this(tokenUrl, clientId, clientSecret, audience, Clock.systemUTC());
    }

    TokenCache(String tokenUrl, String clientId, String clientSecret, String audience, Clock clock) {
        this.tokenUrl = tokenUrl;
        this.clientId = clientId;
        this.clientSecret = clientSecret == null ? null : () -> clientSecret;
        this.audience = audience == null || audience.isBlank() ? defaultAudience(tokenUrl) : audience.trim();
        this.lifetime = new TokenLifetime(clock);
    }

    public static String defaultAudience(String tokenUrl) {
        String host = URI.create(tokenUrl).getHost();
        return host != null && AUTH0_HOSTS.contains(host.toLowerCase()) ? "beyond-api" : "wiz-api";
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (clientSecret == null) {
            clientSecret = () -> ConfigValue.read(camelContext, "wiz.client-secret");
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public String audience() {
        return audience;
    }

    public synchronized boolean needsRefresh() {
        return accessToken == null || lifetime.due();
    }

    /** The form body of a token request. It holds the secret: it goes to the token endpoint and nowhere else. */
    public synchronized String requestForm() {
        lifetime.requested();
        return "grant_type=client_credentials"
                + "&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret == null ? "" : clientSecret.get())
                + "&audience=" + encode(audience);
    }

    /**
     * Reads the token endpoint's answer. Refused credentials are fatal (retrying cannot fix them); a server
     * failure is transient.
     */
    public synchronized void accept(@Header("CamelHttpResponseCode") int httpStatus, @Body String body) {
        if (httpStatus >= 500 || httpStatus == 429) {
            throw WizApiException.transientFailure("TOKEN_HTTP_" + httpStatus,
                    "The Wiz token endpoint " + tokenUrl + " answered HTTP " + httpStatus, null);
        }
        JsonNode answer = parse(body);
        if (httpStatus != 200 || answer == null || !answer.hasNonNull("access_token")) {
            String error = answer == null ? "" : " " + answer.path("error").asText("");
            throw WizApiException.fatal("TOKEN_REFUSED",
                    "The Wiz token endpoint " + tokenUrl + " refused the client credentials: HTTP " + httpStatus
                            + error + ". Check WIZ_CLIENT_ID, WIZ_CLIENT_SECRET and WIZ_AUDIENCE (now " + audience
                            + ").");
        }
        accessToken = answer.get("access_token").asText();
        tokenType = answer.path("token_type").asText("Bearer");
        lifetime.granted(answer.path("expires_in").asLong(3600));
    }

    public synchronized String authorization() {
        return (tokenType == null || tokenType.isBlank() ? "Bearer" : capitalise(tokenType)) + " " + accessToken;
    }

    /** Drops the token so that the next request fetches a new one (after Wiz refused it). */
    public synchronized void invalidate() {
        accessToken = null;
        lifetime.expire();
    }

    private static String capitalise(String type) {
        return type.equalsIgnoreCase("bearer") ? "Bearer" : type;
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
        return "TokenCache[" + tokenUrl + ", clientId=" + clientId + "]"; // never the secret or the token
    }
}
