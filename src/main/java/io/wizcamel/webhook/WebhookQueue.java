package io.wizcamel.webhook;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import io.wizcamel.state.StateArea;
import io.wizcamel.state.StateBacked;
import io.wizcamel.state.StateRef;
import io.wizcamel.state.StateStore;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook's event queue, a table of the state database: an event is written (and synced to disk) before it is
 * answered 202, so a crash after the answer loses nothing. Events are claimed by issue, up to 500 issues at a time
 * (one re-read query), and are done only once their run succeeded; a failed run puts them back for later. Done
 * events stay a week so that Wiz's retries of them are recognised as duplicates.
 */
public class WebhookQueue extends StateBacked {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookQueue.class);
    public static final int BATCH = 500;
    static final long KEEP_DONE_MS = 7L * 24 * 3600 * 1000;

    public enum Offer { QUEUED, DUPLICATE, FULL }

    private final int maxQueued;
    private final long retryMs;
    private final WebhookStats stats;

    public WebhookQueue(String stateDir, int maxQueued, int retrySeconds, WebhookStats stats) {
        this(StateRef.of(stateDir), maxQueued, retrySeconds, stats);
    }

    /** in the given state store (a tenant's, a test's); the YAML beans take the context's ({@link StateStore#of}) */
    public static WebhookQueue in(StateStore store, int maxQueued, int retrySeconds, WebhookStats stats) {
        return new WebhookQueue(StateRef.of(store), maxQueued, retrySeconds, stats);
    }

    private WebhookQueue(StateRef store, int maxQueued, int retrySeconds, WebhookStats stats) {
        super(store, StateArea.CORE, "the webhook queue");
        this.maxQueued = maxQueued;
        this.retryMs = retrySeconds * 1000L;
        this.stats = stats;
    }

    /** Writes an event durably, unless Wiz sent it before or the queue is full. */
    public synchronized Offer offer(String key, String issueId, String trigger, String eventTime)
            throws SQLException, IOException {
        if (waiting() >= maxQueued) {
            return Offer.FULL;
        }
        try (PreparedStatement p = db().prepareStatement("INSERT INTO webhook_events (event_key, issue_id,"
                + " trigger, event_time, received_ms, state, not_before_ms) VALUES (?, ?, ?, ?, ?, 'queued', 0)"
                + " ON CONFLICT (event_key) DO NOTHING")) {
            p.setString(1, key);
            p.setString(2, issueId);
            p.setString(3, trigger);
            p.setString(4, eventTime);
            p.setLong(5, System.currentTimeMillis());
            return p.executeUpdate() == 1 ? Offer.QUEUED : Offer.DUPLICATE;
        }
    }

    /** Events waiting or being processed. */
    public synchronized long waiting() throws SQLException, IOException {
        try (Statement s = db().createStatement();
                ResultSet rs = s.executeQuery("SELECT count(*) FROM webhook_events WHERE state IN ('queued', 'claimed')")) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    /**
     * Claims the events of up to 500 issues that are due: sets wizIds (the issue ids, or none), wizEventCount,
     * wizOldestEventMs and wizMoreEvents (whether more are due after these).
     */
    public synchronized void claim(Exchange exchange) throws SQLException, IOException {
        long now = System.currentTimeMillis();
        List<String> ids = new ArrayList<>();
        try (PreparedStatement p = db().prepareStatement("SELECT issue_id FROM webhook_events WHERE state = 'queued'"
                + " AND not_before_ms <= ? GROUP BY issue_id ORDER BY min(received_ms) LIMIT ?")) {
            p.setLong(1, now);
            p.setInt(2, BATCH + 1);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        boolean more = ids.size() > BATCH;
        if (more) {
            ids.remove(BATCH);
        }
        exchange.setProperty("wizMoreEvents", more);
        if (ids.isEmpty()) {
            exchange.removeProperty("wizIds");
            return;
        }
        long events = 0;
        long oldest = now;
        db().setAutoCommit(false);
        try {
            for (String id : ids) {
                try (PreparedStatement p = db().prepareStatement("UPDATE webhook_events SET state = 'claimed'"
                        + " WHERE issue_id = ? AND state = 'queued' RETURNING received_ms")) {
                    p.setString(1, id);
                    try (ResultSet rs = p.executeQuery()) {
                        while (rs.next()) {
                            events++;
                            oldest = Math.min(oldest, rs.getLong(1));
                        }
                    }
                }
            }
            db().commit();
        } finally {
            db().setAutoCommit(true);
        }
        exchange.setProperty("wizIds", ids);
        exchange.setProperty("wizEventCount", events);
        exchange.setProperty("wizOldestEventMs", oldest);
    }

    /** The run delivered the claimed issues: their events are done (kept a week, for duplicates). */
    public synchronized void done(Exchange exchange) throws SQLException, IOException {
        long now = System.currentTimeMillis();
        int n = update(exchange, "UPDATE webhook_events SET state = 'done', done_ms = " + now
                + " WHERE state = 'claimed' AND issue_id = ?");
        try (PreparedStatement p = db().prepareStatement("DELETE FROM webhook_events WHERE state = 'done' AND done_ms < ?")) {
            p.setLong(1, now - KEEP_DONE_MS);
            p.executeUpdate();
        }
        long oldest = exchange.getProperty("wizOldestEventMs", now, Long.class);
        stats.processed(n, now - oldest);
        LOG.info("Webhook: {} events for {} issues applied, {} ms after the oldest arrived; {}", n,
                exchange.getProperty("wizIds", List.class).size(), now - oldest, stats);
    }

    /** The run failed: the claimed events wait wiz.webhook.retry-seconds and are tried again. */
    public synchronized void retryLater(Exchange exchange) throws SQLException, IOException {
        int n = update(exchange, "UPDATE webhook_events SET state = 'queued', not_before_ms = "
                + (System.currentTimeMillis() + retryMs) + " WHERE state = 'claimed' AND issue_id = ?");
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.warn("Webhook: {} events wait {} s for another try: {}", n, retryMs / 1000,
                cause == null ? "the run failed" : io.wizcamel.WizCamel.oneLine(cause));
    }

    private int update(Exchange exchange, String sql) throws SQLException, IOException {
        @SuppressWarnings("unchecked")
        List<String> ids = exchange.getProperty("wizIds", List.class);
        int n = 0;
        db().setAutoCommit(false);
        try (PreparedStatement p = db().prepareStatement(sql)) {
            for (String id : ids) {
                p.setString(1, id);
                n += p.executeUpdate();
            }
            db().commit();
        } finally {
            db().setAutoCommit(true);
        }
        return n;
    }

    @Override
    protected void opened(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            // events a stopped process had claimed were not delivered: they wait again
            int back = s.executeUpdate("UPDATE webhook_events SET state = 'queued' WHERE state = 'claimed'");
            if (back > 0) {
                LOG.warn("Webhook: {} events claimed by a run that did not finish wait again", back);
            }
        }
    }
}
