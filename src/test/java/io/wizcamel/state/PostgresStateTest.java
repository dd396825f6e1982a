package io.wizcamel.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import io.wizcamel.PostgresSchema;
import io.wizcamel.Services;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.sink.ticket.TicketLinks;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The state stores' behaviour on PostgreSQL (127.0.0.1:5432, trust authentication, database test): each test in a
 * schema of its own, wiz_test_&lt;random&gt;, dropped after it. Services profile (.ci/run starts the server).
 */
@Services
class PostgresStateTest extends StateStoreContract {

    static final String URL = PostgresSchema.URL;
    static final String USER = PostgresSchema.USER;

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();

    @Override
    StateStore newStore() {
        return new StateStore(dir.resolve("state").toString(), URL, USER, schema.name(), 6).password("");
    }


    /** the stores hold their connections; one the server cut is replaced at the next use between transactions */
    @Test
    void aConnectionTheServerCutIsReplaced() throws Exception {
        try (DeliveryLedger ledger = ledger(); TicketLinks links = TicketLinks.in(store(), "jira")) {
            RunStats first = new RunStats("issues", "issue", "test");
            ledger.begin(first, true);
            write(ledger, first, List.of(record("a", "OPEN")));
            ledger.commit(first);
            links.link("a", "SEC-1");
            assertTrue(cut() >= 2, "the ledger's and the links' connections were cut");
            assertEquals("SEC-1", links.find("a"));
            RunStats second = new RunStats("issues", "issue", "test");
            ledger.begin(second, false);
            assertEquals(List.of(), ledger.fresh(List.of(record("a", "OPEN")), second, FILE));
            ledger.commit(second);
        }
    }

    /** terminates this test's own connections (application_name wiz-camel/<schema>), as a database restart would */
    private int cut() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = 'wiz-camel/" + schema.name() + "'")) {
            rs.next();
            int cut = rs.getInt(1);
            // the backends end a moment after the signal: wait until they are gone, as after a restart
            for (int i = 0; i < 100; i++) {
                try (ResultSet left = s.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE application_name = 'wiz-camel/" + schema.name() + "'")) {
                    left.next();
                    if (left.getInt(1) == 0) {
                        break;
                    }
                }
                Thread.sleep(100);
            }
            return cut;
        }
    }
}
