package io.wizcamel.sink.sentinel;

import io.wizcamel.delivery.SinkRetryException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.config.ConfigValue;
import io.wizcamel.wiz.TokenLifetime;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import io.wizcamel.delivery.SinkRejectedException;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * The Microsoft Entra ID client-credentials token for the Logs Ingestion API. The same rules as the Wiz token
 * (io.wizcamel.wiz.TokenCache), which cannot be reused as is (Entra takes a scope, not an audience, and refusals here are
 * sink rejections): refresh ahead of expiry by a tenth of the lifetime, at most five minutes, counted from the
 * request; a 401 from the API drops the token. The HTTP call is a route step (routes/sink-sentinel.yaml).
 */
public class EntraTokenCache implements CamelContextAware {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String tokenUrl;
    private final String clientId;
    private String clientSecret;
    private CamelContext camelContext;
    private final String scope;

    private String accessToken;
    private final TokenLifetime lifetime;

    public EntraTokenCache(String authorityUrl, String tenantId, String clientId, String clientSecret, String scope) {
        this(authorityUrl, tenantId, clientId, clientSecret, scope, Clock.systemUTC());
    }

    /** As wired in routes/sink-sentinel.yaml: the secret is read from wiz.sink.sentinel.client-secret as given. */
    public EntraTokenCache(String authorityUrl, String tenantId, String clientId, String scope) {
        this(authorityUrl, tenantId, clientId, null, scope, Clock.systemUTC());
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (clientSecret == null) {
            clientSecret = ConfigValue.read(camelContext, "wiz.sink.sentinel.client-secret");
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    public EntraTokenCache(String authorityUrl, String tenantId, String clientId, String clientSecret, String scope,
            Clock clock) {
        this.tokenUrl = tokenEndpoint(authorityUrl, tenantId);
        this.clientId = trim(clientId);
        this.clientSecret = clientSecret;
        this.scope = trim(scope);
        this.lifetime = new TokenLifetime(clock);
    }

    /** {authority}/{tenant}/oauth2/v2.0/token, e.g. https://login.microsoftonline.com/contoso.onmicrosoft.com/... */
    static String tokenEndpoint(String authorityUrl, String tenantId) {
        return trim(authorityUrl).replaceAll("/+$", "") + "/" + trim(tenantId) + "/oauth2/v2.0/token";
    }

    public String tokenUrl() {
        return tokenUrl;
    }

    public synchronized boolean needsRefresh() {
        return accessToken == null || lifetime.due();
    }

    /** The token request form. It holds the client secret: it goes to the token endpoint and nowhere else. */
    public synchronized String requestForm() {
        lifetime.requested();
        return "grant_type=client_credentials&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret)
                + "&scope=" + encode(scope);
    }

    /** Reads Entra ID's answer: refused credentials are a rejection; a failing or throttling server is transient. */
    public synchronized void accept(@Header("CamelHttpResponseCode") Integer status, @Body String body) {
        int http = status == null ? 0 : status;
        if (http >= 500 || http == 429 || http == 0) {
            throw new SinkRetryException("The Microsoft Entra ID token endpoint " + tokenUrl + " answered HTTP "
                    + http);
        }
        JsonNode answer = parse(body);
        if (http != 200 || answer == null || !answer.hasNonNull("access_token")) {
            String error = answer == null ? "" : " " + answer.path("error").asText("");
            String aadsts = answer == null ? "" : answer.path("error_description").asText("");
            aadsts = aadsts.startsWith("AADSTS") && aadsts.indexOf(':') > 0 ? " " + aadsts.substring(0,
                    aadsts.indexOf(':')) : "";
            throw new SinkRejectedException("The Microsoft Entra ID token endpoint " + tokenUrl
                    + " refused the client credentials: HTTP " + http + error + aadsts
                    + ". Check WIZ_SINK_SENTINEL_TENANT_ID, WIZ_SINK_SENTINEL_CLIENT_ID, WIZ_SINK_SENTINEL_CLIENT_SECRET"
                    + " (the secret's value, not its id; it may have expired) and WIZ_SINK_SENTINEL_SCOPE (now "
                    + scope + ")");
        }
        accessToken = answer.get("access_token").asText();
        lifetime.granted(answer.path("expires_in").asLong(3600));
    }

    public synchronized String authorization() {
        return "Bearer " + accessToken;
    }

    /** Drops the token (the API refused it) so that the next request fetches a new one. */
    public synchronized void invalidate() {
        accessToken = null;
        lifetime.expire();
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? null : JSON.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "EntraTokenCache[" + tokenUrl + ", clientId=" + clientId + "]"; // never the secret or the token
    }
}
