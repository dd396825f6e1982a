package io.wizcamel.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;

import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;

/** The state stores' behaviour on the SQLite files under the state directory (the default backend). */
class SqliteStateTest extends StateStoreContract {

    @Override
    StateStore newStore() {
        return StateStore.sqlite(dir.resolve("state").toString());
    }

    /** a state folder written before the migrations existed: its tables and rows are kept, the new ones added */
    @Test
    void aStateFolderFromBeforeMigrationsIsTakenOverAsItIs() throws Exception {
        Path state = dir.resolve("state");
        Files.createDirectories(state);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state.resolve("wiz-camel.db"));
                Statement s = c.createStatement()) {
            // the tables as DeliveryLedger, TicketLinks and WebhookQueue created them before
            s.execute("CREATE TABLE checkpoint (stream TEXT PRIMARY KEY, watermark TEXT)");
            s.execute("CREATE TABLE delivered (stream TEXT, sink TEXT, id TEXT, hash TEXT,"
                    + " PRIMARY KEY (stream, sink, id)) WITHOUT ROWID");
            s.execute("CREATE TABLE pending (run_id TEXT, sink TEXT, id TEXT, hash TEXT,"
                    + " PRIMARY KEY (run_id, sink, id)) WITHOUT ROWID");
            s.execute("CREATE TABLE dead_letters (stream TEXT, sink TEXT, id TEXT, hash TEXT, record TEXT, reason TEXT,"
                    + " failed_at TEXT, attempts INTEGER, PRIMARY KEY (stream, sink, id)) WITHOUT ROWID");
            s.execute("CREATE TABLE runs (run_id TEXT PRIMARY KEY, stream TEXT, state TEXT, watermark TEXT)");
            s.execute("CREATE TABLE ticket_links (system TEXT, issue_id TEXT, ticket_key TEXT,"
                    + " PRIMARY KEY (system, issue_id))");
            s.execute("INSERT INTO checkpoint VALUES ('issues', '2026-10-01T00:00:00Z')");
            s.execute("INSERT INTO runs VALUES ('20261001T000000000Z-abcd', 'issues', 'COMMITTED', '2026-10-01T00:00:00Z')");
        }
        try (DeliveryLedger ledger = ledger(); io.wizcamel.sink.ticket.TicketLinks links =
                io.wizcamel.sink.ticket.TicketLinks.in(store(), "jira")) {
            RunStats run = new RunStats("issues", "issue", "test");
            ledger.begin(run, false);
            assertEquals("2026-10-01T00:00:00Z", run.watermarkFrom, "the old checkpoint is kept");
            assertEquals(1, run.epoch);
            assertTrue(ledger.committed("20261001T000000000Z-abcd"));
            ledger.commit(run);
            links.link("i1", "SEC-1");
            assertEquals("SEC-1", links.find("i1"));
            assertEquals(List.of(), ledger.history(5, null));
        }
    }
}
