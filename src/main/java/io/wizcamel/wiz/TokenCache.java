package io.wizcamel.wiz;

import java.net.URI;
import java.time.Clock;
import java.util.Set;

import io.wizcamel.http.ClientCredentialsToken;

/**
 * The OAuth2 client-credentials token for Wiz (routes/wiz/api.yaml). What differs from the other tokens: the form
 * carries an audience that depends on the token host, and its failures are {@link WizApiException}s, which the Wiz
 * retry policy reads (a refusal ends the run, an outage is retried).
 */
public class TokenCache extends ClientCredentialsToken {

    /** Legacy Auth0 token hosts take the audience "beyond-api"; every other host (Cognito) takes "wiz-api". */
    private static final Set<String> AUTH0_HOSTS = Set.of("auth.wiz.io", "auth0.gov.wiz.io");

    private final String audience;

    /** As wired in routes/wiz/api.yaml: the secret is read from {@code wiz.client-secret} when it is needed. */
    public TokenCache(String tokenUrl, String clientId, String audience) {
        this(tokenUrl, clientId, null, audience, Clock.systemUTC());
    }

    TokenCache(String tokenUrl, String clientId, String clientSecret, String audience) {
        this(tokenUrl, clientId, clientSecret, audience, Clock.systemUTC());
    }

    public TokenCache(String tokenUrl, String clientId, String clientSecret, String audience, Clock clock) {
        super("The Wiz token endpoint", tokenUrl, clientId, "wiz.client-secret", clientSecret, 3600, clock);
        this.audience = audience == null || audience.isBlank() ? defaultAudience(tokenUrl) : audience.trim();
    }

    public static String defaultAudience(String tokenUrl) {
        String host = URI.create(tokenUrl).getHost();
        return host != null && AUTH0_HOSTS.contains(host.toLowerCase()) ? "beyond-api" : "wiz-api";
    }

    public String audience() {
        return audience;
    }

    @Override
    protected String extraForm() {
        return field("audience", audience);
    }

    @Override
    protected String refusalHint() {
        return "WIZ_CLIENT_ID, WIZ_CLIENT_SECRET and WIZ_AUDIENCE (now " + audience + ").";
    }

    @Override
    protected String urlSetting() {
        return "wiz.token-url";
    }

    @Override
    protected RuntimeException refused(String message) {
        return WizApiException.fatal("TOKEN_REFUSED", message);
    }

    @Override
    protected RuntimeException unavailable(int httpStatus, String message) {
        return WizApiException.transientFailure("TOKEN_HTTP_" + httpStatus, message, null);
    }
}
