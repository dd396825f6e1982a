package io.wizcamel.sink.ticket;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.wizcamel.state.StateArea;
import io.wizcamel.state.StateBacked;
import io.wizcamel.state.StateRef;
import io.wizcamel.state.StateStore;

/**
 * Which ticket a ticketing system holds for each Wiz issue, so that an issue never gets a second ticket. It lives in
 * the checkpoint store's SQLite file ({@code wiz-camel.db} under the state directory) in its own table; if that file
 * is lost, the sinks find their tickets again by a search on the target before creating one.
 */
public class TicketLinks extends StateBacked {

    private final String system;

    /** as wired in routes/sinks/jira.yaml and servicenow.yaml: the context's state store, core area */
    public TicketLinks(String stateDir, String system) {
        this(StateRef.of(stateDir), system);
    }

    /** in the given state store (a tenant's, a test's); the YAML beans take the context's ({@link StateStore#of}) */
    public static TicketLinks in(StateStore store, String system) {
        return new TicketLinks(StateRef.of(store), system);
    }

    private TicketLinks(StateRef store, String system) {
        super(store, StateArea.CORE, "the ticket links");
        this.system = system;
    }

    /** the ticket of this issue, or null when none is known here */
    public synchronized String find(String issueId) throws SQLException {
        try (PreparedStatement q = db().prepareStatement(
                "SELECT ticket_key FROM ticket_links WHERE system = ? AND issue_id = ?")) {
            q.setString(1, system);
            q.setString(2, issueId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    public synchronized void link(String issueId, String ticketKey) throws SQLException {
        try (PreparedStatement u = db().prepareStatement(
                "INSERT INTO ticket_links (system, issue_id, ticket_key) VALUES (?, ?, ?)"
                        + " ON CONFLICT (system, issue_id) DO UPDATE SET ticket_key = excluded.ticket_key")) {
            u.setString(1, system);
            u.setString(2, issueId);
            u.setString(3, ticketKey);
            u.executeUpdate();
        }
    }

    /** the linked ticket is gone from the target (deleted there): forget it, so a search or a new ticket follows */
    public synchronized void forget(String issueId) throws SQLException {
        try (PreparedStatement u = db().prepareStatement("DELETE FROM ticket_links WHERE system = ? AND issue_id = ?")) {
            u.setString(1, system);
            u.setString(2, issueId);
            u.executeUpdate();
        }
    }

    public synchronized int count() throws SQLException {
        try (PreparedStatement q = db().prepareStatement("SELECT count(*) FROM ticket_links WHERE system = ?")) {
            q.setString(1, system);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getInt(1) : 0;
            }
        }
    }

    @Override
    public String toString() {
        return "TicketLinks[" + system + "]";
    }
}
