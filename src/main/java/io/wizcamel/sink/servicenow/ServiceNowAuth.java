package io.wizcamel.sink.servicenow;

import io.wizcamel.delivery.SinkRetryException;
import io.wizcamel.sink.ticket.BasicAuth;
import io.wizcamel.sink.ticket.TicketAuth;
import io.wizcamel.sink.ticket.TicketHttp;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.ConfigValue;
import io.wizcamel.wiz.TokenLifetime;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import io.wizcamel.delivery.SinkRejectedException;
import org.apache.camel.Body;
import org.apache.camel.Header;

/**
 * ServiceNow credentials: HTTP Basic (user name and password), or an OAuth token from the instance's
 * {@code /oauth_token.do}, fetched with the client-credentials grant (or the password grant when a user name is
 * given) and fetched anew shortly before it expires. The token call is a route step (routes/sink-servicenow.yaml).
 */
public class ServiceNowAuth implements TicketAuth, CamelContextAware {

    private final boolean oauth;
    private final String username;
    private String password;
    private final String clientId;
    private String clientSecret;
    private final String tokenUrl;
    private BasicAuth basic;
    private CamelContext camelContext;

    private String accessToken;
    private final TokenLifetime lifetime;

    public ServiceNowAuth(String mode, String instanceUrl, String username, String password, String clientId,
            String clientSecret) {
        this(mode, instanceUrl, username, password, clientId, clientSecret, Clock.systemUTC());
    }

    /** As wired in routes/sink-servicenow.yaml: the password and client secret are read as configured. */
    public ServiceNowAuth(String mode, String instanceUrl, String username, String clientId) {
        this(mode, instanceUrl, username, null, clientId, null, Clock.systemUTC());
    }

    @Override
    public synchronized void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (password == null) {
            password = ConfigValue.read(camelContext, "wiz.sink.servicenow.password");
            basic = new BasicAuth(username, password);
        }
        if (clientSecret == null) {
            clientSecret = ConfigValue.read(camelContext, "wiz.sink.servicenow.client-secret");
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    ServiceNowAuth(String mode, String instanceUrl, String username, String password, String clientId,
            String clientSecret, Clock clock) {
        String m = mode == null ? "basic" : mode.trim().toLowerCase(Locale.ROOT);
        // an unknown mode is refused at start-up by ConfigCheck when the sink is on; off, it must not stop start-up
        this.oauth = m.equals("oauth");
        this.username = trim(username);
        this.password = password;
        this.clientId = trim(clientId);
        this.clientSecret = clientSecret;
        this.tokenUrl = (instanceUrl == null ? "" : instanceUrl.trim().replaceAll("/+$", "")) + "/oauth_token.do";
        this.basic = password == null ? null : new BasicAuth(this.username, password);
        this.lifetime = new TokenLifetime(clock);
    }

    public String getTokenUrl() {
        return tokenUrl;
    }

    public synchronized boolean needsRefresh() {
        return oauth && (accessToken == null || lifetime.due());
    }

    /** The token request's form. It holds the secrets: it goes to the token endpoint and nowhere else. */
    public synchronized String requestForm() {
        lifetime.requested();
        String form = "grant_type=" + (username.isEmpty() ? "client_credentials" : "password")
                + "&client_id=" + encode(clientId) + "&client_secret=" + encode(clientSecret);
        return username.isEmpty() ? form : form + "&username=" + encode(username) + "&password=" + encode(password);
    }

    public synchronized void accept(@Header("CamelHttpResponseCode") int status, @Body String body) {
        if (status >= 500 || status == 429) {
            throw new SinkRetryException("ServiceNow's token endpoint " + tokenUrl + " answered HTTP " + status);
        }
        JsonNode answer = TicketHttp.parse(body);
        if (status != 200 || answer == null || !answer.hasNonNull("access_token")) {
            throw new SinkRejectedException("ServiceNow's token endpoint " + tokenUrl + " refused the OAuth "
                    + (username.isEmpty() ? "client credentials" : "password grant") + " (HTTP " + status + ")"
                    + TicketHttp.errorText(body) + ". Check WIZ_SINK_SERVICENOW_CLIENT_ID and"
                    + " WIZ_SINK_SERVICENOW_CLIENT_SECRET" + (username.isEmpty() ? "" : ", WIZ_SINK_SERVICENOW_USERNAME"
                    + " and WIZ_SINK_SERVICENOW_PASSWORD") + ", and that the instance allows the grant"
                    + (username.isEmpty() ? " (glide.oauth.inbound.client.credential.grant_type.enabled)" : ""));
        }
        accessToken = answer.get("access_token").asText();
        lifetime.granted(answer.path("expires_in").asLong(1800));
    }

    @Override
    public synchronized String authorization() {
        return oauth ? "Bearer " + accessToken : basic.authorization();
    }

    @Override
    public boolean renewable() {
        return oauth;
    }

    @Override
    public synchronized void invalidate() {
        accessToken = null;
        lifetime.expire();
    }

    private static String trim(String s) {
        return s == null ? "" : s.trim();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ServiceNowAuth[" + (oauth ? "oauth, client " + clientId : "basic, user " + username) + "]";
    }
}
