package io.wizcamel.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Opens {@code wiz-camel.db}, the SQLite file under the state directory that the checkpoint store and the ticket
 * links share: write-ahead log (readers never block the writer), full sync (a commit survives a crash), and a busy
 * timeout (the other connection's write is waited for, not failed).
 */
public final class StateDatabase {

    private StateDatabase() {
    }

    public static Connection open(String stateDir) throws IOException, SQLException {
        Files.createDirectories(Path.of(stateDir));
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + Path.of(stateDir, "wiz-camel.db"));
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
        }
        return db;
    }
}
