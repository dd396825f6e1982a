package io.wizcamel.sink.servicenow;

import java.time.Clock;
import java.util.Locale;

import io.wizcamel.http.ClientCredentialsToken;
import io.wizcamel.sink.ticket.BasicAuth;
import io.wizcamel.sink.ticket.TicketAuth;

/**
 * ServiceNow credentials: HTTP Basic (user name and password), or an OAuth token from the instance's
 * {@code /oauth_token.do} (routes/sinks/servicenow.yaml). What differs from the other tokens: the password grant when
 * a user name is given, a default lifetime of 30 minutes, and no token at all in basic mode.
 */
public class ServiceNowAuth extends ClientCredentialsToken implements TicketAuth {

    private final boolean oauth;
    private final String username;
    private final String givenPassword;
    private BasicAuth basic;

    public ServiceNowAuth(String mode, String instanceUrl, String username, String password, String clientId,
            String clientSecret) {
        this(mode, instanceUrl, username, password, clientId, clientSecret, Clock.systemUTC());
    }

    /** As wired in routes/sinks/servicenow.yaml: the password and client secret are read as configured. */
    public ServiceNowAuth(String mode, String instanceUrl, String username, String clientId) {
        this(mode, instanceUrl, username, null, clientId, null, Clock.systemUTC());
    }

    public ServiceNowAuth(String mode, String instanceUrl, String username, String password, String clientId,
            String clientSecret, Clock clock) {
        super("ServiceNow's token endpoint", trim(instanceUrl).replaceAll("/+$", "") + "/oauth_token.do", clientId,
                "wiz.sink.servicenow.client-secret", clientSecret, 1800, clock);
        String m = mode == null ? "basic" : mode.trim().toLowerCase(Locale.ROOT);
        // an unknown mode is refused at start-up by ConfigCheck when the sink is on; off, it must not stop start-up
        this.oauth = m.equals("oauth");
        this.username = trim(username);
        this.givenPassword = password;
    }

    @Override
    public synchronized boolean needsRefresh() {
        return oauth && super.needsRefresh();
    }

    @Override
    protected String grantType() {
        return username.isEmpty() ? "client_credentials" : "password";
    }

    @Override
    protected String extraForm() {
        return username.isEmpty() ? "" : field("username", username) + field("password", password());
    }

    @Override
    protected String credentials() {
        return "OAuth " + (username.isEmpty() ? "client credentials" : "password grant");
    }

    @Override
    protected String refusalHint() {
        return "WIZ_SINK_SERVICENOW_CLIENT_ID and WIZ_SINK_SERVICENOW_CLIENT_SECRET" + (username.isEmpty() ? ""
                : ", WIZ_SINK_SERVICENOW_USERNAME and WIZ_SINK_SERVICENOW_PASSWORD") + ", and that the instance allows"
                + " the grant" + (username.isEmpty() ? " (glide.oauth.inbound.client.credential.grant_type.enabled)" : "");
    }

    @Override
    public synchronized String authorization() {
        if (oauth) {
            return super.authorization();
        }
        if (basic == null) {
            basic = new BasicAuth(username, password());
        }
        return basic.authorization();
    }

    @Override
    public boolean renewable() {
        return oauth;
    }

    private String password() {
        return secret("wiz.sink.servicenow.password", givenPassword);
    }

    @Override
    public String toString() {
        return "ServiceNowAuth[" + (oauth ? "oauth, client " + clientId() : "basic, user " + username) + "]";
    }
}
