package io.wizcamel.sink.jira;

import io.wizcamel.config.ConfigValue;
import io.wizcamel.sink.ticket.BasicAuth;
import io.wizcamel.sink.ticket.TicketAuth;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * Jira Cloud's Basic credentials: the account's email and its API token. The token is read by the bean itself from
 * wiz.sink.jira.api-token, exactly as configured: a YAML bean argument would be parsed as text on its way in, so a
 * quote, a comma or {{ in it would break start-up or change the value.
 */
public class JiraAuth implements TicketAuth, CamelContextAware {

    public static final String API_TOKEN = "wiz.sink.jira.api-token";

    private final String email;
    private volatile BasicAuth basic;
    private CamelContext camelContext;

    public JiraAuth(String email) {
        this.email = email;
        this.basic = new BasicAuth(email, "");
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        this.basic = new BasicAuth(email, ConfigValue.read(camelContext, API_TOKEN));
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public String authorization() {
        return basic.authorization();
    }

    @Override
    public String toString() {
        return "JiraAuth[" + email + "]"; // never the token
    }
}
