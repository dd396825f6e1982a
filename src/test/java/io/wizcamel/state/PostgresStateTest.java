package io.wizcamel.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

import io.wizcamel.Services;
import org.junit.jupiter.api.AfterEach;

/**
 * The state stores' behaviour on PostgreSQL (127.0.0.1:5432, trust authentication, database test): each test in a
 * schema of its own, wiz_test_&lt;random&gt;, dropped after it. Services profile (.ci/run starts the server).
 */
@Services
class PostgresStateTest extends StateStoreContract {

    static final String URL = System.getProperty("wiz.test.postgres-url", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = System.getProperty("wiz.test.postgres-user", "postgres");

    private final String schema = "wiz_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);

    @Override
    StateStore newStore() {
        return new StateStore(dir.resolve("state").toString(), URL, USER, schema, 6).password("");
    }

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }
}
