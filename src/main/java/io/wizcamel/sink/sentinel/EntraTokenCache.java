package io.wizcamel.sink.sentinel;

import java.time.Clock;

import io.wizcamel.http.ClientCredentialsToken;

/**
 * The Microsoft Entra ID client-credentials token for the Logs Ingestion API (routes/sinks/sentinel.yaml). What
 * differs from the other tokens: the endpoint is the tenant's, and the form carries a scope, not an audience.
 */
public class EntraTokenCache extends ClientCredentialsToken {

    private final String scope;

    public EntraTokenCache(String authorityUrl, String tenantId, String clientId, String clientSecret, String scope) {
        this(authorityUrl, tenantId, clientId, clientSecret, scope, Clock.systemUTC());
    }

    /** As wired in routes/sinks/sentinel.yaml: the secret is read from wiz.sink.sentinel.client-secret as given. */
    public EntraTokenCache(String authorityUrl, String tenantId, String clientId, String scope) {
        this(authorityUrl, tenantId, clientId, null, scope, Clock.systemUTC());
    }

    public EntraTokenCache(String authorityUrl, String tenantId, String clientId, String clientSecret, String scope,
            Clock clock) {
        super("The Microsoft Entra ID token endpoint", tokenEndpoint(authorityUrl, tenantId), clientId,
                "wiz.sink.sentinel.client-secret", clientSecret, 3600, clock);
        this.scope = trim(scope);
    }

    /** {authority}/{tenant}/oauth2/v2.0/token, e.g. https://login.microsoftonline.com/contoso.onmicrosoft.com/... */
    static String tokenEndpoint(String authorityUrl, String tenantId) {
        return trim(authorityUrl).replaceAll("/+$", "") + "/" + trim(tenantId) + "/oauth2/v2.0/token";
    }

    @Override
    protected String extraForm() {
        return field("scope", scope);
    }

    @Override
    protected String refusalHint() {
        return "WIZ_SINK_SENTINEL_TENANT_ID, WIZ_SINK_SENTINEL_CLIENT_ID, WIZ_SINK_SENTINEL_CLIENT_SECRET (the secret's"
                + " value, not its id; it may have expired) and WIZ_SINK_SENTINEL_SCOPE (now " + scope + ")";
    }
}
