package io.wizcamel.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.wizcamel.config.ConfigValue;
import io.wizcamel.delivery.StateDatabase;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Service;
import org.apache.camel.spi.PropertiesComponent;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * Where the state lives (docs/state.md): the SQLite files under the state directory (the default: wiz.state.jdbc-url
 * blank), or the operator's PostgreSQL through a HikariCP pool, in the schema wiz.state.jdbc-schema. Every store
 * (the ledger, the webhook queue, the ticket links, the derived streams' tables) asks it for a connection to its
 * {@link StateArea}; the area's tables are brought up to date by Flyway (db/migration/&lt;area&gt;/) before its first
 * connection is handed out. The SQL the stores run is the same on both backends and names no schema: a tenant's
 * store is this class with another schema.
 *
 * <p>The bean {@code stateStore} (routes/wiz/stream.yaml). The password is read here, as configured, never passed
 * through YAML, and never shown: {@link #describe()} masks a password in the URL.
 */
public class StateStore implements CamelContextAware, AutoCloseable, Service {

    /** the registry name of the process's store */
    public static final String BEAN = "stateStore";
    public static final String PASSWORD = "wiz.state.jdbc-password";
    private static final Logger LOG = LoggerFactory.getLogger(StateStore.class);
    /** areas brought up to date in this process (a SQLite file, or a PostgreSQL URL + schema) */
    private static final Set<String> MIGRATED = ConcurrentHashMap.newKeySet();
    /** held while an area is migrated (not the registry's lock: beans are bound while a migration runs) */
    private static final Object MIGRATING = new Object();

    private final String stateDir;
    private final String url;
    private final String user;
    private final String schema;
    private final int poolSize;
    private String password;
    private CamelContext context;
    private HikariDataSource pool;
    private final Map<StateArea, AtomicInteger> open = new ConcurrentHashMap<>();

    /**
     * As wired in routes/wiz/stream.yaml.
     *
     * @param jdbcUrl blank: the SQLite files under stateDir; else a {@code jdbc:postgresql:} URL
     */
    public StateStore(String stateDir, String jdbcUrl, String user, String schema, int poolSize) {
        this.stateDir = stateDir;
        this.url = jdbcUrl == null ? "" : jdbcUrl.trim();
        this.user = user == null ? "" : user.trim();
        this.schema = schema == null || schema.isBlank() ? "public" : schema.trim();
        this.poolSize = Math.max(2, poolSize);
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("wiz.state.jdbc-url (WIZ_STATE_JDBC_URL) must be blank (the SQLite files"
                    + " under wiz.state-dir) or a PostgreSQL URL such as jdbc:postgresql://db.example.com:5432/wiz, not "
                    + JdbcUrls.mask(url));
        }
    }

    /**
     * The context's store, bound as {@value #BEAN} by the first bean that asks (route files are read in no fixed
     * order, and a plain camel-main has no launcher to bind it first), made from wiz.state.* and the given state
     * directory, and closed with the context. Without a context (a bean made by hand): the SQLite files there.
     */
    public static StateStore of(CamelContext context, String stateDir) {
        return of(context, stateDir, null);
    }

    /**
     * As {@link #of(CamelContext, String)}, in another PostgreSQL schema than wiz.state.jdbc-schema (a tenant's):
     * bound as {@code stateStore-<schema>}, a pool of its own. With SQLite the schema is ignored: give the tenant its
     * own state directory instead.
     */
    public static StateStore of(CamelContext context, String stateDir, String schema) {
        if (context == null) {
            return sqlite(stateDir);
        }
        boolean own = schema != null && !schema.isBlank();
        String name = own ? BEAN + "-" + schema.trim() : BEAN;
        synchronized (MIGRATED) {
            StateStore store = context.getRegistry().lookupByNameAndType(name, StateStore.class);
            if (store == null) {
                PropertiesComponent pc = context.getPropertiesComponent();
                store = new StateStore(stateDir, pc.resolveProperty("wiz.state.jdbc-url").orElse(""),
                        pc.resolveProperty("wiz.state.jdbc-user").orElse(""),
                        own ? schema.trim() : pc.resolveProperty("wiz.state.jdbc-schema").orElse(""),
                        Integer.parseInt(pc.resolveProperty("wiz.state.pool-size").orElse("10").trim()));
                store.setCamelContext(context);
                context.getRegistry().bind(name, store);
                try {
                    context.addService(store, true, true);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return store;
        }
    }

    /**
     * Brings the context's core area (the checkpoint store) up to date on a thread of its own, beside Camel building
     * its routes, rather than at its first use after them: on a new state folder the migrations are a large part of
     * the start-up. The first use waits for it; should it fail, the first use tries again and reports why.
     */
    public static void migrateAhead(CamelContext context, String stateDir) {
        StateStore store = of(context, stateDir);
        Thread thread = new Thread(() -> {
            try {
                store.migrate(StateArea.CORE);
            } catch (Exception | LinkageError e) {
                LOG.debug("State core: migrating ahead failed; the first use tries again", e);
            }
        }, "wiz-state-migrate");
        thread.setDaemon(true);
        thread.start();
    }

    /** the embedded SQLite files under the state directory, as before this class */
    public static StateStore sqlite(String stateDir) {
        return new StateStore(stateDir, "", "", "", 2);
    }

    /** the password, when not read from the configuration (tests, the launcher's --history) */
    public StateStore password(String secret) {
        this.password = secret;
        return this;
    }

    public boolean postgres() {
        return !url.isEmpty();
    }

    public String stateDir() {
        return stateDir;
    }

    public String schema() {
        return postgres() ? schema : null;
    }

    /** which backend, for logs and errors: the SQLite folder, or the PostgreSQL URL (password masked) and schema */
    public String describe() {
        return postgres() ? "PostgreSQL " + JdbcUrls.mask(url) + " schema " + schema
                : "SQLite under " + stateDir + " (WIZ_STATE_DIR)";
    }

    /**
     * A connection to the area's tables, up to date; give it back with {@link #release}. SQLite: a connection of its
     * own to the area's file (WAL, busy timeout, synchronous FULL, see {@link StateDatabase}); PostgreSQL: one of the
     * pool's, in the configured schema.
     */
    public Connection open(StateArea area) throws SQLException, IOException {
        migrate(area);
        if (!postgres()) {
            return StateDatabase.open(stateDir, area.file());
        }
        try {
            Connection c = pool().getConnection();
            open.computeIfAbsent(area, a -> new AtomicInteger()).incrementAndGet();
            return c;
        } catch (SQLException e) {
            throw scrubbed(e);
        }
    }

    /**
     * The connection if it still works, else (PostgreSQL, between transactions: the database restarted, a proxy cut
     * it) a new one in its place: a store that holds its connection for the process's life survives that.
     */
    public Connection valid(StateArea area, Connection c) throws SQLException, IOException {
        if (c == null || !postgres() || !c.getAutoCommit() || c.isValid(5)) {
            return c;
        }
        LOG.warn("State {}: the connection to {} was lost; opening another", area.id(), describe());
        Connection dead = c;
        for (int tries = 0; tries <= poolSize; tries++) {
            try {
                pool().evictConnection(dead); // not back into the pool, where the next borrower would get it dead
            } finally {
                open.computeIfAbsent(area, a -> new AtomicInteger()).decrementAndGet();
            }
            Connection fresh = open(area);
            // the pool hands out a connection used in the last half second without checking it: it may be cut too
            if (fresh.isValid(5)) {
                return fresh;
            }
            dead = fresh;
        }
        throw new SQLException("Cannot get a working connection to the state database " + describe());
    }

    public void release(StateArea area, Connection c) throws SQLException {
        if (c == null) {
            return;
        }
        if (!postgres()) {
            StateDatabase.close(stateDir, area.file(), c);
            return;
        }
        try {
            c.close();
        } finally {
            open.computeIfAbsent(area, a -> new AtomicInteger()).decrementAndGet();
        }
    }

    /**
     * Whether a write transaction left open on this area holds up other writers: SQLite locks the whole file while
     * another connection to it is open; PostgreSQL locks rows only.
     */
    public boolean sharedWriteLock(StateArea area) {
        return !postgres() && StateDatabase.openConnections(stateDir, area.file()) > 1;
    }

    /** Runs the area's migrations (db/migration/&lt;area&gt;/) unless this process did already. */
    public void migrate(StateArea area) throws SQLException, IOException {
        String key;
        if (postgres()) {
            key = url + "|" + schema + "|" + area.id();
        } else {
            Path file = Path.of(stateDir, area.file()).toAbsolutePath().normalize();
            key = file.toString();
            if (!Files.exists(file)) {
                MIGRATED.remove(key); // a new (or deleted) file is migrated again
            }
            Files.createDirectories(file.getParent());
        }
        if (MIGRATED.contains(key)) {
            return;
        }
        synchronized (MIGRATING) {
            if (MIGRATED.contains(key)) {
                return;
            }
            try {
                var config = Flyway.configure(StateStore.class.getClassLoader())
                        .dataSource(postgres() ? pool() : sqliteSource(area))
                        .locations("classpath:db/migration/" + area.id())
                        .table(area.historyTable())
                        // files made before the migrations existed hold the V1 tables already (V1 creates if absent)
                        .baselineOnMigrate(true)
                        .baselineVersion("0")
                        .placeholders(Map.of("without_rowid", postgres() ? "" : " WITHOUT ROWID",
                                "auto_id", postgres() ? "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
                                        : "INTEGER PRIMARY KEY"));
                if (postgres()) {
                    config.schemas(schema).defaultSchema(schema).createSchemas(true);
                }
                MigrateResult result = config.load().migrate();
                if (result.migrationsExecuted > 0) {
                    LOG.info("State {} ({}): {} migrations applied, now at version {}", area.id(), describe(),
                            result.migrationsExecuted, result.targetSchemaVersion);
                }
            } catch (FlywayException e) {
                throw new SQLException("Cannot bring the " + area.id() + " state tables up to date in " + describe()
                        + ": " + JdbcUrls.scrub(e.getMessage(), url, password), e.getCause());
            }
            MIGRATED.add(key);
        }
    }

    private DataSource sqliteSource(StateArea area) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource source = new SQLiteDataSource(config);
        source.setUrl("jdbc:sqlite:" + Path.of(stateDir, area.file()));
        return source;
    }

    private synchronized HikariDataSource pool() throws SQLException {
        if (pool == null) {
            if (password == null) {
                password = context == null ? "" : ConfigValue.read(context, PASSWORD);
            }
            HikariConfig config = new HikariConfig();
            config.setPoolName("wiz-state");
            config.setJdbcUrl(url);
            if (!user.isEmpty()) {
                config.setUsername(user);
            }
            if (!password.isEmpty()) {
                config.setPassword(password);
            }
            config.setSchema(schema);
            // who is connected, in pg_stat_activity: the operator's, and a test's handle on its own connections
            config.addDataSourceProperty("ApplicationName", "wiz-camel/" + schema);
            config.setMaximumPoolSize(poolSize);
            config.setMinimumIdle(1);
            // made at the first use: a database that is down fails it at once with its reason (and the next use tries
            // again), rather than after the 30 s a connection is otherwise waited for
            config.setInitializationFailTimeout(1);
            config.setConnectionTimeout(30_000);
            try {
                pool = new HikariDataSource(config);
            } catch (RuntimeException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw new SQLException("Cannot connect to the state database " + describe() + ": "
                        + JdbcUrls.scrub(cause.getMessage(), url, password)
                        + " (check wiz.state.jdbc-url, -user, -password)");
            }
        }
        return pool;
    }

    private SQLException scrubbed(SQLException e) {
        return new SQLException("Cannot connect to the state database " + describe() + ": "
                + JdbcUrls.scrub(e.getMessage(), url, password) + " (check wiz.state.jdbc-url, -user, -password)",
                e.getSQLState());
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    @Override
    public void start() {
        // the pool opens at the first connection asked for
    }

    @Override
    public void stop() {
        close();
    }

    @Override
    public synchronized void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    @Override
    public String toString() {
        return "StateStore[" + describe() + "]";
    }
}
