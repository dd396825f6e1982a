package io.wizcamel.sink.ticket;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** HTTP Basic credentials (Jira Cloud: account email and API token; ServiceNow: user name and password). */
public class BasicAuth implements TicketAuth {

    private final String user;
    private final String header;

    public BasicAuth(String user, String secret) {
        this.user = user;
        this.header = "Basic " + Base64.getEncoder().encodeToString(
                ((user == null ? "" : user.trim()) + ":" + (secret == null ? "" : secret.trim()))
                        .getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String authorization() {
        return header;
    }

    @Override
    public String toString() {
        return "BasicAuth[" + user + "]"; // never the secret
    }
}
