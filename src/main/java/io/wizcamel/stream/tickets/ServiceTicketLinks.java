package io.wizcamel.stream.tickets;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.state.StateArea;
import io.wizcamel.state.StateBacked;
import io.wizcamel.state.StateRef;
import io.wizcamel.state.StateStore;
import io.wizcamel.stream.RunStats;
import org.apache.camel.Exchange;

/**
 * The {@code service-tickets} stream (docs/streams/service-tickets.md): which Wiz issues reference which service
 * ticket, kept in {@code service-tickets.db} under the state directory so the whole tenant is never in memory and an
 * incremental crawl, which sees only the issues that changed, still yields each ticket with all its issues.
 *
 * <p>Each page of the issues crawl replaces the links of the issues on it (an issue that dropped a ticket loses the
 * link; Wiz's {@code null} serviceTickets is no ticket). At the end of the crawl, a full crawl first forgets the
 * links of issues it did not see (gone from Wiz or from the synced statuses, severities and projects); then every
 * ticket is handed to delivery, 500 at a time, and the delivery ledger sends on only those whose record changed.
 * Handing on every ticket, not just those touched, is what makes a crash harmless: whatever a failed run did not
 * deliver differs from what the sinks have, and goes out next time.
 *
 * <p>Its own SQLite file, not the checkpoint store's: the ledger may hold a write transaction open across pages (the
 * file sink's), which a second writer to the same file would wait on.
 */
public class ServiceTicketLinks extends StateBacked {

    public static final String FILE = "service-tickets.db";
    /** exchange properties of the finish loop: the last ticket handed on, and whether there may be more */
    public static final String AFTER = "wizTicketsAfter";
    public static final String MORE = "wizTicketsMore";
    static final int PAGE = 500;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    public ServiceTicketLinks(String stateDir) {
        this(StateRef.of(stateDir));
    }

    /** in the given state store (a tenant's, a test's); the YAML beans take the context's ({@link StateStore#of}) */
    public static ServiceTicketLinks in(StateStore store) {
        return new ServiceTicketLinks(StateRef.of(store));
    }

    private ServiceTicketLinks(StateRef store) {
        super(store, StateArea.SERVICE_TICKETS, "the service-ticket links");
    }

    /**
     * The mapping of a crawl page: records the page's issues' tickets, delivers nothing yet (a ticket's issues are
     * known only at the end of the crawl).
     */
    public synchronized List<ObjectNode> link(JsonNode issues, Exchange exchange) throws SQLException {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        Connection c = db();
        c.setAutoCommit(false);
        try (PreparedStatement unlink = c.prepareStatement("DELETE FROM ticket_issues WHERE issue_id = ?");
                PreparedStatement link = c.prepareStatement(
                        "INSERT INTO ticket_issues (issue_id, external_id, crawl) VALUES (?, ?, ?)"
                                + " ON CONFLICT (issue_id, external_id) DO UPDATE SET crawl = excluded.crawl");
                PreparedStatement ticket = c.prepareStatement("INSERT INTO tickets (external_id, name, url)"
                        + " VALUES (?, ?, ?) ON CONFLICT (external_id) DO UPDATE SET name = excluded.name,"
                        + " url = excluded.url WHERE tickets.name IS DISTINCT FROM excluded.name"
                        + " OR tickets.url IS DISTINCT FROM excluded.url")) {
            for (JsonNode issue : issues) {
                String issueId = text(issue, "id");
                if (issueId == null) {
                    continue;
                }
                unlink.setString(1, issueId);
                unlink.addBatch();
                for (JsonNode t : issue.path("serviceTickets")) { // null: no tickets
                    String externalId = text(t, "externalId");
                    if (externalId == null) {
                        run.drop("ticketWithoutExternalId");
                        continue;
                    }
                    link.setString(1, issueId);
                    link.setString(2, externalId);
                    link.setString(3, crawl(exchange));
                    link.addBatch();
                    ticket.setString(1, externalId);
                    ticket.setString(2, text(t, "name"));
                    ticket.setString(3, text(t, "url"));
                    ticket.addBatch();
                }
            }
            unlink.executeBatch(); // before the links, so an issue's current tickets survive
            link.executeBatch();
            ticket.executeBatch();
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(true);
        }
        return List.of();
    }

    /**
     * The start of the finish: after a full crawl, the links of issues it did not see are forgotten. Then the
     * ticket pages begin.
     */
    public synchronized void finishing(Exchange exchange) throws SQLException {
        if (crawlWasFull(exchange)) {
            try (PreparedStatement forget = db().prepareStatement("DELETE FROM ticket_issues WHERE crawl <> ?")) {
                forget.setString(1, crawl(exchange));
                forget.executeUpdate();
            }
        }
        exchange.setProperty(AFTER, "");
        exchange.setProperty(MORE, true);
    }

    /** The next tickets, in externalId order, each with the ids of all the issues that reference it. */
    public synchronized List<ObjectNode> page(Exchange exchange) throws SQLException {
        String after = exchange.getProperty(AFTER, "", String.class);
        Map<String, ObjectNode> page = new LinkedHashMap<>();
        try (PreparedStatement q = db().prepareStatement(
                "SELECT external_id, name, url FROM tickets WHERE external_id > ? ORDER BY external_id LIMIT " + PAGE)) {
            q.setString(1, after);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ObjectNode r = F.objectNode();
                    r.put("id", rs.getString(1));
                    r.put("externalId", rs.getString(1));
                    r.put("name", rs.getString(2));
                    r.put("url", rs.getString(3));
                    r.putArray("issueIds");
                    page.put(rs.getString(1), r);
                }
            }
        }
        if (!page.isEmpty()) {
            List<String> ids = new ArrayList<>(page.keySet());
            try (PreparedStatement q = db().prepareStatement("SELECT external_id, issue_id FROM ticket_issues"
                    + " WHERE external_id IN (" + "?,".repeat(ids.size() - 1) + "?) ORDER BY external_id, issue_id")) {
                for (int i = 0; i < ids.size(); i++) {
                    q.setString(i + 1, ids.get(i));
                }
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        ((ArrayNode) page.get(rs.getString(1)).get("issueIds")).add(rs.getString(2));
                    }
                }
            }
            page.values().forEach(r -> r.put("issueCount", r.get("issueIds").size()));
            exchange.setProperty(AFTER, ids.get(ids.size() - 1));
        }
        exchange.setProperty(MORE, page.size() == PAGE);
        return new ArrayList<>(page.values());
    }

    /**
     * Whether the crawl asked Wiz for everything its filters allow: not a re-read of given ids (webhook events), and
     * no window on its watermark field (an incremental crawl of issues has statusChangedAt {after} in its filterBy).
     */
    static boolean crawlWasFull(Exchange exchange) {
        Object filterBy = exchange.getProperty("wizFilterBy");
        if (exchange.getProperty(RunStats.IDS) != null || filterBy instanceof Map<?, ?> f && f.containsKey("id")) {
            return false;
        }
        String field = exchange.getProperty("wizWatermarkField", "", String.class);
        return field.isEmpty() || !(filterBy instanceof Map<?, ?> f) || !f.containsKey(field);
    }

    /** the crawl this page belongs to: its derived run's id */
    private static String crawl(Exchange exchange) {
        return exchange.getProperty(RunStats.PROPERTY, RunStats.class).runId;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() || v.asText().isEmpty() ? null : v.asText();
    }

    @Override
    protected void opened(Connection c) throws SQLException {
        if (!state().postgres()) {
            try (Statement s = c.createStatement()) {
                // rebuilt by the next full crawl if a power cut loses a page; a killed process loses nothing
                s.execute("PRAGMA synchronous=NORMAL");
            }
        }
    }
}
