package io.wizcamel.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Opens {@code wiz-camel.db}, the SQLite file under the state directory that the checkpoint store and the ticket
 * links share: write-ahead log (readers never block the writer), full sync (a commit survives a crash), and a busy
 * timeout (the other connection's write is waited for, not failed).
 */
public final class StateDatabase {

    /** the checkpoint store's file */
    public static final String FILE = "wiz-camel.db";
    /** connections open in this process, by database file: the ledger defers its commits only while it is alone */
    private static final Map<Path, AtomicInteger> OPEN = new ConcurrentHashMap<>();

    private StateDatabase() {
    }

    public static Connection open(String stateDir) throws IOException, SQLException {
        return open(stateDir, FILE);
    }

    /**
     * Another SQLite file under the state directory, opened the same way: for state whose writes must not wait for
     * the ledger's (a derived stream's aggregate, written between the ledger's deferred page writes).
     */
    public static Connection open(String stateDir, String fileName) throws IOException, SQLException {
        Files.createDirectories(Path.of(stateDir));
        Path file = file(stateDir, fileName);
        Connection db = DriverManager.getConnection("jdbc:sqlite:" + file);
        OPEN.computeIfAbsent(file, f -> new AtomicInteger()).incrementAndGet();
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("PRAGMA synchronous=FULL");
        }
        return db;
    }

    public static void close(String stateDir, Connection db) throws SQLException {
        close(stateDir, FILE, db);
    }

    public static void close(String stateDir, String fileName, Connection db) throws SQLException {
        try {
            db.close();
        } finally {
            OPEN.computeIfAbsent(file(stateDir, fileName), f -> new AtomicInteger()).decrementAndGet();
        }
    }

    /** how many connections to the state database this process has open (a crashed holder counts for ever) */
    public static int openConnections(String stateDir) {
        return openConnections(stateDir, FILE);
    }

    /** how many connections to this file under the state directory this process has open */
    public static int openConnections(String stateDir, String fileName) {
        AtomicInteger n = OPEN.get(file(stateDir, fileName));
        return n == null ? 0 : n.get();
    }

    private static Path file(String stateDir, String fileName) {
        return Path.of(stateDir, fileName).toAbsolutePath().normalize();
    }
}
