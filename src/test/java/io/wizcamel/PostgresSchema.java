package io.wizcamel;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A throwaway schema of the PostgreSQL on loopback (127.0.0.1:5432, trust auth; .ci/run starts it) for one test's
 * state, dropped after the test with what was made beside it. Register it with {@code @RegisterExtension}.
 */
public final class PostgresSchema implements AfterEachCallback {

    public static final String URL = System.getProperty("wiz.test.postgres-url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("wiz.test.postgres-user", "postgres");

    private final String name = "wiz_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private final List<String> suffixes;

    /** @param alsoDrop the suffixes of schemas made beside it, dropped too (several tenants: {@code _<tenant>}) */
    public PostgresSchema(String... alsoDrop) {
        this.suffixes = List.of(alsoDrop);
    }

    public String name() {
        return name;
    }

    /** the harness's state in this schema (wiz.state.jdbc-url, -user, -schema) */
    public SyncHarness stateOf(SyncHarness h) {
        return h.set("wiz.state.jdbc-url", URL).set("wiz.state.jdbc-user", USER).set("wiz.state.jdbc-schema", name);
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        List<String> schemas = new ArrayList<>(List.of(name));
        suffixes.forEach(s -> schemas.add(name + s));
        try (Connection c = DriverManager.getConnection(URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + String.join(", ", schemas) + " CASCADE");
        }
    }
}
