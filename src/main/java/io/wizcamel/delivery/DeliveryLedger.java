package io.wizcamel.delivery;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Date;
import java.util.UUID;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.WizCamel;
import io.wizcamel.state.StateArea;
import io.wizcamel.state.StateStore;
import io.wizcamel.stream.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint store: each stream's watermark, the hash of every record each sink has received, the dead letters
 * each sink could not take, and the runs under way. It lives in an SQLite file under the state directory, so it
 * survives a kill and stays off the heap however large the tenant.
 *
 * <p>Sinks that deliver at once (SIEMs, brokers, tickets) are recorded as delivered as soon as they take a page. The
 * file sink is transactional: its records go to part files and their hashes to {@code pending}; at the end the run
 * is marked PUBLISHING with its new watermark, every {@link TransactionalSink} publishes (the file sink renames its
 * part files), and one transaction moves the hashes to {@code delivered}, stores the watermark and marks the run
 * COMMITTED. A run killed before PUBLISHING is thrown away and done again; one killed after it is finished by
 * {@link #recover()} at the next start.
 *
 * <p>The tables are those of the {@link StateStore}'s core area: the SQLite file {@code wiz-camel.db}, or the
 * operator's PostgreSQL. Fencing (docs/state.md): every run raises its stream's epoch when it begins and records it;
 * the transaction that marks a run PUBLISHING first locks the stream's epoch row and refuses ({@link FencedException})
 * when another ledger (another node) started a newer epoch for the stream, or settled this run as left behind.
 */
public class DeliveryLedger implements AutoCloseable, CamelContextAware {

    public static final String SINK = "wizSink";
    public static final String SINK_RECORDS = "wizSinkRecords";
    public static final String SINK_STARTED = "wizSinkStarted";
    public static final String REPLAY = "wizReplay";
    public static final String REPLAY_AFTER = "wizReplayAfter";
    public static final String REPLAY_MORE = "wizReplayMore";

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);

    private final Duration overlap;
    private final String stateDir;
    /** the context's state store (StateStore.of), or the one given */
    private StateStore store;
    private Connection db;
    /** this ledger, in the epochs and runs it writes: another owner's newer epoch fences this one's runs */
    private final String owner = ownerName();
    /** the runs this ledger began and has not ended, with their epochs */
    private final Map<String, Long> live = new HashMap<>();
    /** runs found left behind (a crash's, or a fenced node's), not yet written to the history */
    private final List<LeftBehind> unreported = new ArrayList<>();
    private CamelContext context;
    /** whether a transactional sink's writes wait in an open transaction (see deferred()) */
    private boolean deferredOpen;
    /** a run whose deferred writes were lost: it must not publish */
    private String lostRun;
    /** runs left RUNNING or PUBLISHING are a crash's only before this process's first run; later ones are alive */
    private boolean recovered;
    /**
     * wiz.cluster is not none: other nodes' runs are alive in the same store (PostgreSQL, or SQLite files on a shared
     * volume), so none is recovered at a node's start; a stream's runs left behind are settled by its next run
     */
    private boolean shared;
    /** the sinks whose output waits for the run's commit; found in the registry unless given */
    private List<TransactionalSink> transactional;

    /**
     * As wired in routes/wiz/stream.yaml: in the context's state store ({@link StateStore#of}: SQLite under the state
     * directory, or PostgreSQL), opened at first use; the transactional sinks are the registry's
     * {@link TransactionalSink} beans.
     */
    public DeliveryLedger(String stateDir, long overlapSeconds) {
        this(stateDir, overlapSeconds, null);
    }

    public DeliveryLedger(String stateDir, long overlapSeconds, List<TransactionalSink> transactional) {
        this.transactional = transactional;
        this.stateDir = stateDir;
        this.overlap = Duration.ofSeconds(overlapSeconds);
    }

    /** in the given state store (a tenant's, a test's) */
    public DeliveryLedger(StateStore store, long overlapSeconds, List<TransactionalSink> transactional) {
        this.transactional = transactional;
        this.stateDir = state().stateDir();
        this.store = store;
        this.overlap = Duration.ofSeconds(overlapSeconds);
    }

    /** the state store, found when first needed (the context is set after construction) */
    private StateStore state() {
        if (store == null) {
            store = StateStore.of(context, stateDir);
        }
        return store;
    }

    private Connection db() {
        if (db == null) {
            StateStore s = state();
            try {
                Connection c = s.open(StateArea.CORE);
                if (!s.postgres()) {
                    try (Statement st = c.createStatement()) {
                        st.execute("PRAGMA synchronous=NORMAL"); // see durably()
                        st.execute("PRAGMA cache_size=-32768");
                        st.execute("PRAGMA wal_autocheckpoint=16384");
                    }
                }
                db = c;
            } catch (IOException | SQLException e) {
                throw new IllegalStateException("Cannot open the checkpoint store in " + s.describe() + ": "
                        + e.getMessage(), e);
            }
        }
        return db;
    }

    /** host, process and a random part: which ledger raised an epoch, for the WARN of the run it fenced */
    private static String ownerName() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            host = "host";
        }
        return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Finishes or discards the runs a crash left behind (at the process's first run only: later, another stream's
     * run or a derived stream's run beside this one is alive), then opens this run from the stream's watermark.
     */
    public synchronized void begin(@ExchangeProperty(RunStats.PROPERTY) RunStats run,
            @ExchangeProperty("wizFull") Boolean forceFull) throws SQLException, IOException {
        if (db != null && !deferredOpen) {
            db = state().valid(StateArea.CORE, db); // a daemon outlives a database restart: checked once a run
        }
        unreported.addAll(recover()); // the history records them (SyncHistory.recoverInterrupted)
        List<String[]> publishing = new ArrayList<>();
        List<String> fenced = new ArrayList<>();
        long[] epoch = new long[1];
        durably(() -> {
            // the epoch row stays locked (PostgreSQL) or the file (SQLite) until the runs are settled and this one in
            try (PreparedStatement raise = db().prepareStatement("INSERT INTO stream_epochs (stream, epoch, owner)"
                    + " VALUES (?, 1, ?) ON CONFLICT (stream) DO UPDATE SET epoch = stream_epochs.epoch + 1,"
                    + " owner = excluded.owner RETURNING epoch")) {
                raise.setString(1, run.stream);
                raise.setString(2, owner);
                try (ResultSet rs = raise.executeQuery()) {
                    rs.next();
                    epoch[0] = rs.getLong(1);
                }
            }
            publishing.addAll(settle(run.stream, epoch[0], fenced));
            try (PreparedStatement insert = db().prepareStatement(
                    "INSERT INTO runs (run_id, stream, state, epoch, owner) VALUES (?, ?, 'RUNNING', ?, ?)")) {
                insert.setString(1, run.runId);
                insert.setString(2, run.stream);
                insert.setLong(3, epoch[0]);
                insert.setString(4, owner);
                insert.executeUpdate();
            }
        });
        run.epoch = epoch[0];
        live.put(run.runId, epoch[0]);
        for (String runId : fenced) {
            // its part files, if they are on this host (a process of this host that was killed): they can never publish
            for (TransactionalSink sink : transactional()) {
                sink.discard(run.stream, runId);
            }
        }
        for (String[] r : publishing) {
            // it passed its fence before this epoch began: its output is good, and this run must see it as delivered
            LOG.warn("Run {} of {} (epoch {}, {}) was publishing when epoch {} began: completing it", r[0], run.stream,
                    r[2], r[3], epoch[0]);
            for (TransactionalSink sink : transactional()) {
                sink.publish(run.stream, r[0]);
            }
            finish(r[0], run.stream, r[1]);
            unreported.add(new LeftBehind(r[0], run.stream, true, true));
        }
        run.watermarkFrom = watermark(run.stream);
        run.full = Boolean.TRUE.equals(forceFull) || run.watermarkFrom == null;
    }

    /**
     * Inside begin's transaction: the stream's runs that another ledger started under an older epoch and did not end
     * are left behind (their node died or lost the stream). One still RUNNING is fenced here, its pending hashes
     * dropped, so that it can never publish; one PUBLISHING had passed its fence and is returned, to be completed.
     */
    private List<String[]> settle(String stream, long epoch, List<String> fenced) throws SQLException {
        List<String[]> publishing = new ArrayList<>();
        try (PreparedStatement q = db().prepareStatement("SELECT run_id, state, watermark, epoch, owner FROM runs"
                + " WHERE stream = ? AND state IN ('RUNNING', 'PUBLISHING') AND owner IS NOT NULL AND owner <> ?"
                + " AND epoch < ?")) {
            q.setString(1, stream);
            q.setString(2, owner);
            q.setLong(3, epoch);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if ("PUBLISHING".equals(rs.getString(2))) {
                        publishing.add(new String[] {rs.getString(1), rs.getString(3), rs.getString(4), rs.getString(5)});
                    } else {
                        fenced.add(rs.getString(1));
                        LOG.warn("Run {} of {} (epoch {}, {}) did not end before epoch {} began: it is fenced, and"
                                + " publishes nothing", rs.getString(1), stream, rs.getLong(4), rs.getString(5), epoch);
                    }
                }
            }
        }
        for (String runId : fenced) {
            update("DELETE FROM pending WHERE run_id = ?", runId);
            update("UPDATE runs SET state = 'FENCED' WHERE run_id = ? AND state = 'RUNNING'", runId);
            unreported.add(new LeftBehind(runId, stream, false, true));
        }
        return publishing;
    }

    /** The records of a page that this sink has not received in this form before. */
    public synchronized List<ObjectNode> fresh(@ExchangeProperty("wizRecords") List<ObjectNode> records,
            @ExchangeProperty(RunStats.PROPERTY) RunStats run, @ExchangeProperty(SINK) String sink)
            throws SQLException {
        if (records.isEmpty()) {
            return records;
        }
        if (!isTransactional(sink)) {
            commitDeferred(); // the sink may write to the state database itself (ticket links)
        }
        Map<String, String> known = hashes("SELECT id, hash FROM delivered WHERE stream = ? AND sink = ? AND id IN ",
                run.stream, sink, records);
        known.putAll(hashes("SELECT id, hash FROM pending WHERE run_id = ? AND sink = ? AND id IN ", run.runId, sink,
                records));
        List<ObjectNode> fresh = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            String id = record.path("id").asText();
            String hash = hashOf(record);
            if (hash.equals(known.put(id, hash))) {
                run.sink(sink).unchanged++;
            } else {
                fresh.add(record);
            }
        }
        return fresh;
    }

    /** The sink took these records: remember them (until the run publishes, for a transactional sink). */
    public synchronized void confirm(@ExchangeProperty(SINK_RECORDS) List<ObjectNode> records,
            @ExchangeProperty(RunStats.PROPERTY) RunStats run, @ExchangeProperty(SINK) String sink,
            @ExchangeProperty(REPLAY) Boolean replay, @ExchangeProperty(SINK_STARTED) Date started) throws SQLException {
        boolean transactional = isTransactional(sink);
        SqlWork write = () -> {
            try (PreparedStatement insert = db().prepareStatement(transactional
                    ? "INSERT INTO pending (run_id, sink, id, hash) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (run_id, sink, id) DO UPDATE SET hash = excluded.hash"
                    : "INSERT INTO delivered (stream, sink, id, hash) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT (stream, sink, id) DO UPDATE SET hash = excluded.hash");
                    PreparedStatement clear = db().prepareStatement(
                            "DELETE FROM dead_letters WHERE stream = ? AND sink = ? AND id = ? AND hash = ?")) {
                for (ObjectNode record : records) {
                    String id = record.path("id").asText();
                    String hash = hashOf(record);
                    insert.setString(1, transactional ? run.runId : run.stream);
                    insert.setString(2, sink);
                    insert.setString(3, id);
                    insert.setString(4, hash);
                    insert.addBatch();
                    if (!transactional) {
                        clear.setString(1, run.stream);
                        clear.setString(2, sink);
                        clear.setString(3, id);
                        clear.setString(4, hash);
                        clear.addBatch();
                    }
                }
                insert.executeBatch();
                clear.executeBatch();
            }
        };
        if (transactional) {
            deferred(run, write);
        } else {
            inTransaction(write);
        }
        RunStats.SinkStats stats = run.sink(sink);
        stats.millis += elapsed(started);
        if (Boolean.TRUE.equals(replay)) {
            stats.redelivered += records.size();
        } else {
            stats.delivered += records.size();
        }
    }

    /**
     * The sink could not take these records even after its retries: keep them, with the reason, for the next run to
     * deliver first. The sink is skipped for the rest of this run: its later pages go straight here.
     */
    public synchronized void deadLetter(Exchange exchange) throws SQLException {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        String sink = exchange.getProperty(SINK, String.class);
        @SuppressWarnings("unchecked")
        List<ObjectNode> records = exchange.getProperty(SINK_RECORDS, List.class);
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        RunStats.SinkStats stats = run.sink(sink);
        stats.millis += elapsed(exchange.getProperty(SINK_STARTED, Date.class));
        if (stats.error == null) {
            stats.error = (cause == null ? "failed" : WizCamel.oneLine(cause)) + gaveUp(exchange);
            LOG.warn("Sink {} failed: {}. Its records go to the dead-letter store until the next run.", sink, stats.error);
        }
        String reason = stats.error;
        String now = Instant.now().toString();
        durably(() -> {
            try (PreparedStatement upsert = db().prepareStatement("INSERT INTO dead_letters"
                    + " (stream, sink, id, hash, record, reason, failed_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
                    + " ON CONFLICT (stream, sink, id) DO UPDATE SET hash = excluded.hash, record = excluded.record,"
                    + " reason = excluded.reason, failed_at = excluded.failed_at, attempts = dead_letters.attempts + 1")) {
                for (ObjectNode record : records) {
                    upsert.setString(1, run.stream);
                    upsert.setString(2, sink);
                    upsert.setString(3, record.path("id").asText());
                    upsert.setString(4, hashOf(record));
                    upsert.setString(5, record.toString());
                    upsert.setString(6, reason);
                    upsert.setString(7, now);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
        });
        stats.deadLettered += records.size();
    }

    /** how long the sink was tried, when it was tried more than once (a refusal is not retried) */
    private static String gaveUp(Exchange exchange) {
        Integer redeliveries = exchange.getMessage().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        if (redeliveries == null || redeliveries == 0) {
            return "";
        }
        return String.format(Locale.ROOT, "; gave up after %d attempts in %.1f s", redeliveries + 1,
                elapsed(exchange.getProperty(SINK_STARTED, Date.class)) / 1000.0);
    }

    /** the dead-letter store's "sink" for records a stream's JQ mapping failed on: no sink replays them */
    public static final String MAPPING = "jq-mapping";

    /**
     * A stream's JQ mapping failed on this record (the Wiz-shaped record, before mapping): keep it with the expression
     * and the error, so that the rest of the page is still delivered. These are not replayed: fix the mapping and run
     * a full sync.
     */
    public synchronized void mappingFailed(RunStats run, String id, ObjectNode record, String reason)
            throws SQLException {
        String now = Instant.now().toString();
        durably(() -> {
            try (PreparedStatement upsert = db().prepareStatement("INSERT INTO dead_letters"
                    + " (stream, sink, id, hash, record, reason, failed_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
                    + " ON CONFLICT (stream, sink, id) DO UPDATE SET hash = excluded.hash, record = excluded.record,"
                    + " reason = excluded.reason, failed_at = excluded.failed_at, attempts = dead_letters.attempts + 1")) {
                upsert.setString(1, run.stream);
                upsert.setString(2, MAPPING);
                upsert.setString(3, id);
                upsert.setString(4, hashOf(record));
                upsert.setString(5, record.toString());
                upsert.setString(6, reason);
                upsert.setString(7, now);
                upsert.executeUpdate();
            }
        });
    }

    /**
     * The stream's mapping made records of these (Wiz) ids: their {@link #MAPPING} dead letters, if any, go.
     *
     * @return how many of the stream's records are still waiting under {@link #MAPPING}
     */
    public synchronized long mappingSucceeded(String stream, List<String> ids) throws SQLException {
        long waiting = deadLetterCount(stream, MAPPING);
        if (waiting == 0 || ids.isEmpty()) {
            return waiting; // the usual case: one count, no deletes
        }
        durably(() -> {
            try (PreparedStatement delete = db().prepareStatement(
                    "DELETE FROM dead_letters WHERE stream = ? AND sink = ? AND id = ?")) {
                for (String id : ids) {
                    delete.setString(1, stream);
                    delete.setString(2, MAPPING);
                    delete.setString(3, id);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        });
        return deadLetterCount(stream, MAPPING);
    }

    /** the reason a record is in the dead-letter store for this stream and sink, or null */
    public synchronized String deadLetterReason(String stream, String sink, String id) throws SQLException {
        try (PreparedStatement q = db().prepareStatement(
                "SELECT reason FROM dead_letters WHERE stream = ? AND sink = ? AND id = ?")) {
            q.setString(1, stream);
            q.setString(2, sink);
            q.setString(3, id);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static long elapsed(Date started) {
        return started == null ? 0 : System.currentTimeMillis() - started.getTime();
    }

    /** The next page of a sink's dead letters, in id order after the replay cursor; empty when done. */
    public synchronized List<ObjectNode> deadLetters(Exchange exchange) throws Exception {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        String sink = exchange.getProperty(SINK, String.class);
        String after = exchange.getProperty(REPLAY_AFTER, "", String.class);
        List<ObjectNode> page = new ArrayList<>();
        if (run.isDown(sink)) {
            exchange.setProperty(REPLAY_MORE, false); // the sink failed during this replay: the rest waits
            return page;
        }
        try (PreparedStatement q = db().prepareStatement("SELECT id, record FROM dead_letters"
                + " WHERE stream = ? AND sink = ? AND id > ? ORDER BY id LIMIT 500")) {
            q.setString(1, run.stream);
            q.setString(2, sink);
            q.setString(3, after);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    after = rs.getString(1);
                    page.add(RenderedRecord.parse(rs.getString(2)));
                }
            }
        }
        exchange.setProperty(REPLAY_AFTER, after);
        exchange.setProperty(REPLAY_MORE, !page.isEmpty());
        return page;
    }

    /**
     * Of these ids, those that one of the sinks has received for the stream, in an earlier run or earlier in this one:
     * what a stream that onboards records (resources) calls known. Looked up by the ledger's keys, sink by sink.
     */
    public synchronized Set<String> deliveredIds(String stream, String runId, List<String> sinks, List<String> ids)
            throws SQLException {
        Set<String> known = new HashSet<>();
        if (ids.isEmpty()) {
            return known;
        }
        String in = "(?" + ",?".repeat(ids.size() - 1) + ")";
        for (String sink : sinks) {
            selectIds("SELECT id FROM delivered WHERE stream = ? AND sink = ? AND id IN " + in, stream, sink, ids, known);
            selectIds("SELECT id FROM pending WHERE run_id = ? AND sink = ? AND id IN " + in, runId, sink, ids, known);
        }
        return known;
    }

    private void selectIds(String sql, String key, String sink, List<String> ids, Set<String> into) throws SQLException {
        try (PreparedStatement select = db().prepareStatement(sql)) {
            select.setString(1, key);
            select.setString(2, sink);
            for (int i = 0; i < ids.size(); i++) {
                select.setString(i + 3, ids.get(i));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    into.add(rs.getString(1));
                }
            }
        }
    }

    /** whether the run committed: its records count as delivered and its watermark is stored (a crash's run once recovered) */
    public synchronized boolean committed(String runId) throws SQLException {
        return count("SELECT count(*) FROM runs WHERE run_id = ? AND state = 'COMMITTED'", runId) > 0;
    }

    public synchronized long deadLetterCount(String stream, String sink) throws SQLException {
        return count("SELECT count(*) FROM dead_letters WHERE stream = ? AND sink = ?", stream, sink);
    }

    public synchronized long deliveredCount(String stream, String sink) throws SQLException {
        return count("SELECT count(*) FROM delivered WHERE stream = ? AND sink = ?", stream, sink);
    }

    /** Publishes the run's files and advances the watermark, atomically with respect to a crash. */
    public synchronized void commit(@ExchangeProperty(RunStats.PROPERTY) RunStats run) throws SQLException, IOException {
        publish(run);
        finish(run.runId, run.stream, run.watermarkTo);
        live.remove(run.runId);
    }

    /** The first half of a commit: after it, a crash leaves published files that {@link #recover()} accounts for. */
    public synchronized void publish(RunStats run) throws SQLException, IOException {
        if (run.runId.equals(lostRun)) {
            throw new IllegalStateException("The checkpoint store could not keep what run " + run.runId
                    + " delivered to the file sink; the run publishes nothing and is done again at the next sync");
        }
        run.watermarkTo = nextWatermark(run);
        String[] newer = new String[1];
        durably(() -> {
            newer[0] = fence(run);
            if (newer[0] == null) {
                update("UPDATE runs SET state = 'PUBLISHING', watermark = ? WHERE run_id = ?", run.watermarkTo,
                        run.runId);
            }
        });
        if (newer[0] != null) {
            live.remove(run.runId);
            LOG.warn("Run {} of {} is fenced: it began under epoch {}, and {}. It publishes nothing and leaves the"
                    + " newer run's state as it is.", run.runId, run.stream, run.epoch, newer[0]);
            inTransaction(() -> update("UPDATE runs SET state = 'FENCED' WHERE run_id = ? AND state = 'RUNNING'",
                    run.runId));
            throw new FencedException("fenced: " + run.stream + " " + newer[0] + " (this run began under epoch "
                    + run.epoch + "); its output was thrown away, the newer run's stands");
        }
        // only now, after the check and the PUBLISHING mark are on disk: a crash from here on is completed, not lost
        for (TransactionalSink sink : transactional()) {
            run.outputFiles.addAll(sink.publish(run.stream, run.runId));
        }
    }

    /**
     * Inside the publish transaction: why this run may not publish, or null. The stream's epoch row is locked first
     * (PostgreSQL: SELECT ... FOR UPDATE; SQLite: a write, which takes the file's write lock), so no run can begin
     * between the check and the PUBLISHING mark.
     */
    private String fence(RunStats run) throws SQLException {
        if (!state().postgres()) {
            update("UPDATE stream_epochs SET epoch = epoch WHERE stream = ?", run.stream);
        }
        try (PreparedStatement q = db().prepareStatement("SELECT epoch, owner FROM stream_epochs WHERE stream = ?"
                + (state().postgres() ? " FOR UPDATE" : ""))) {
            q.setString(1, run.stream);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next() && rs.getLong(1) > run.epoch && !owner.equals(rs.getString(2))) {
                    return "epoch " + rs.getLong(1) + " was started by " + rs.getString(2);
                }
            }
        }
        try (PreparedStatement q = db().prepareStatement("SELECT state FROM runs WHERE run_id = ?")) {
            q.setString(1, run.runId);
            try (ResultSet rs = q.executeQuery()) {
                String state = rs.next() ? rs.getString(1) : null;
                if (!"RUNNING".equals(state)) {
                    return "a newer epoch's run settled this one as left behind (state " + state + ")";
                }
            }
        }
        return null;
    }

    /**
     * Throws away what a failed or interrupted run wrote: its part files and its pending hashes. The watermark stays,
     * and the run's statistics no longer count those records as delivered.
     */
    public synchronized void abort(@ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        live.remove(run.runId);
        run.sinks.forEach((name, s) -> {
            if (isTransactional(name)) {
                s.discarded += s.delivered + s.redelivered;
                s.delivered = 0;
                s.redelivered = 0;
            }
        });
        try {
            discard(run.runId, run.stream);
        } catch (SQLException | IOException e) {
            LOG.warn("Could not clean up after run {}: {} (the next run does it)", run.runId, e.getMessage());
        }
    }

    public synchronized String watermark(String stream) throws SQLException {
        try (PreparedStatement q = db().prepareStatement("SELECT watermark FROM checkpoint WHERE stream = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** a run a killed process left behind; {@code published}: it had begun publishing, and was completed */
    public record LeftBehind(String runId, String stream, boolean published, boolean overtaken) {
        /** a run found left behind at a process's start (SQLite) */
        public LeftBehind(String runId, String stream, boolean published) {
            this(runId, stream, published, false);
        }

        /** the run's start, from its id (yyyyMMdd'T'HHmmssSSS'Z'-xxxx) */
        public String startedAt() {
            try {
                return RUN_ID_TIME.parse(runId.substring(0, 19), Instant::from).toString();
            } catch (RuntimeException e) {
                return null;
            }
        }
    }

    private static final DateTimeFormatter RUN_ID_TIME = DateTimeFormatter
            .ofPattern("yyyyMMdd'T'HHmmssSSS'Z'").withZone(ZoneOffset.UTC);

    /**
     * Finishes or discards the runs a crash left behind, once a process: runs still RUNNING after that are alive (another
     * stream's, or a derived stream's beside its crawl), never a crash's.
     */
    public synchronized List<LeftBehind> recover() throws SQLException, IOException {
        List<LeftBehind> left = new ArrayList<>();
        if (recovered) {
            left.addAll(unreported);
            unreported.clear();
            return left;
        }
        recovered = true;
        if (state().postgres() || shared) {
            // several nodes share the database: a run under way may be another node's, alive. A stream's runs left
            // behind are settled when its next run begins a newer epoch (begin, settle).
            left.addAll(unreported);
            unreported.clear();
            return left;
        }
        List<String[]> open = new ArrayList<>();
        try (Statement s = db().createStatement();
                ResultSet rs = s.executeQuery("SELECT run_id, stream, state, watermark FROM runs"
                        + " WHERE state IN ('RUNNING', 'PUBLISHING')")) {
            while (rs.next()) {
                open.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
            }
        }
        for (String[] r : open) {
            if ("PUBLISHING".equals(r[2])) {
                // everything was written before PUBLISHING was recorded: finishing is safe, and the renames repeat
                LOG.warn("Run {} stopped while publishing: completing it", r[0]);
                for (TransactionalSink sink : transactional()) {
                    sink.publish(r[1], r[0]);
                }
                finish(r[0], r[1], r[3]);
            } else {
                LOG.warn("Run {} stopped before publishing: discarding its partial output", r[0]);
                discard(r[0], r[1]);
            }
            left.add(new LeftBehind(r[0], r[1], "PUBLISHING".equals(r[2])));
        }
        left.addAll(unreported);
        unreported.clear();
        return left;
    }

    private void finish(String runId, String stream, String watermark) throws SQLException {
        durably(() -> {
            // first, and only once: a run another ledger completed (see begin) is not completed again, its watermark
            // not written over a newer run's
            if (updated("UPDATE runs SET state = 'COMMITTED' WHERE run_id = ? AND state = 'PUBLISHING'", runId) == 0) {
                return;
            }
            update("DELETE FROM dead_letters WHERE stream = ? AND EXISTS (SELECT 1 FROM pending p WHERE p.run_id = ?"
                    + " AND p.sink = dead_letters.sink AND p.id = dead_letters.id AND p.hash = dead_letters.hash)",
                    stream, runId);
            update("INSERT INTO delivered (stream, sink, id, hash) SELECT ?, sink, id, hash FROM pending"
                    + " WHERE run_id = ? ON CONFLICT (stream, sink, id) DO UPDATE SET hash = excluded.hash", stream, runId);
            update("DELETE FROM pending WHERE run_id = ?", runId);
            if (watermark != null) {
                update("INSERT INTO checkpoint (stream, watermark) VALUES (?, ?)"
                        + " ON CONFLICT (stream) DO UPDATE SET watermark = excluded.watermark", stream, watermark);
            }
        });
    }

    private void discard(String runId, String stream) throws SQLException, IOException {
        for (TransactionalSink sink : transactional()) {
            sink.discard(stream, runId);
        }
        inTransaction(() -> {
            update("DELETE FROM pending WHERE run_id = ?", runId);
            update("UPDATE runs SET state = 'FAILED' WHERE run_id = ? AND state <> 'FENCED'", runId);
        });
    }

    /** the newest watermark value seen, less the overlap, never behind the previous watermark */
    private String nextWatermark(RunStats run) {
        if (run.newestWatermark == null) {
            return run.watermarkFrom;
        }
        String candidate = Instant.parse(run.newestWatermark).minus(overlap).toString();
        return run.watermarkFrom != null && run.watermarkFrom.compareTo(candidate) > 0 ? run.watermarkFrom : candidate;
    }

    /** whether the sink's deliveries wait for the run's commit (and are undone when it fails) */
    public boolean isTransactional(String sink) {
        for (TransactionalSink t : transactional()) {
            if (t.sink().equals(sink)) {
                return true;
            }
        }
        return false;
    }

    private List<TransactionalSink> transactional() {
        if (transactional == null) {
            transactional = context == null ? List.of()
                    : List.copyOf(context.getRegistry().findByType(TransactionalSink.class));
        }
        return transactional;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /**
     * Runs work in a transaction that is on disk when this returns. The ledger's per-page writes commit without
     * waiting for the disk (synchronous=NORMAL: a killed process loses none of them, only a power cut can), and what
     * must survive a power cut waits: the run's publish and commit, which also flush every page written before
     * them, and dead letters, which nothing else remembers.
     */
    private void durably(SqlWork work) throws SQLException {
        commitDeferred(); // the safety level cannot change inside a transaction
        synchronous("FULL");
        try {
            inTransaction(work);
        } finally {
            synchronous("NORMAL");
        }
    }

    private void synchronous(String level) throws SQLException {
        if (state().postgres()) {
            return; // a PostgreSQL commit is durable (synchronous_commit): nothing to raise
        }
        try (Statement s = db().createStatement()) {
            s.execute("PRAGMA synchronous=" + level);
        }
    }

    /**
     * A transactional sink's page: written in a transaction left open, which the next write that must be committed
     * commits (another sink's confirmation, a dead letter, the run's publish), so a file-only run commits once, not
     * once a page. Losing these writes costs nothing before the run publishes: a crash discards the run anyway. A
     * write that fails marks the run, whose publish then fails. Only while the ledger is the state database's one
     * connection: an open write transaction would hold up another writer (the ticketing sinks' links).
     */
    private void deferred(RunStats run, SqlWork work) throws SQLException {
        // with a cluster other nodes write to the same store: a transaction held open across pages would lock
        // them out for a whole run
        if (!deferredOpen && (shared || state().sharedWriteLock(StateArea.CORE))) {
            inTransaction(work);
            return;
        }
        if (!deferredOpen) {
            db().setAutoCommit(false);
            deferredOpen = true;
        }
        try {
            work.run();
        } catch (SQLException | RuntimeException e) {
            lostRun = run.runId;
            deferredOpen = false;
            try {
                db().rollback();
            } finally {
                db().setAutoCommit(true);
            }
            throw e;
        }
    }

    private void commitDeferred() throws SQLException {
        if (deferredOpen) {
            deferredOpen = false;
            try {
                db().commit();
            } finally {
                db().setAutoCommit(true);
            }
        }
    }

    private void inTransaction(SqlWork work) throws SQLException {
        commitDeferred();
        db().setAutoCommit(false);
        try {
            work.run();
            db().commit();
        } catch (SQLException | RuntimeException e) {
            db().rollback();
            throw e;
        } finally {
            db().setAutoCommit(true);
        }
    }

    private Map<String, String> hashes(String sqlPrefix, String key, String sink, List<ObjectNode> records)
            throws SQLException {
        String placeholders = "?" + ",?".repeat(records.size() - 1);
        Map<String, String> found = new HashMap<>();
        try (PreparedStatement q = db().prepareStatement(sqlPrefix + "(" + placeholders + ")")) {
            q.setString(1, key);
            q.setString(2, sink);
            for (int i = 0; i < records.size(); i++) {
                q.setString(i + 3, records.get(i).path("id").asText());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return found;
    }

    private long count(String sql, String... args) throws SQLException {
        try (PreparedStatement q = db().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setString(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private void update(String sql, String... args) throws SQLException {
        updated(sql, args);
    }

    private int updated(String sql, String... args) throws SQLException {
        try (PreparedStatement u = db().prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setString(i + 1, args[i]);
            }
            return u.executeUpdate();
        }
    }

    /** wiz.cluster: with a cluster service other nodes share the store (see {@link #recover()}) */
    public void setCluster(String mode) {
        this.shared = mode != null && !mode.isBlank() && !"none".equalsIgnoreCase(mode.trim());
    }

    /** the state store this ledger is in */
    public StateStore store() {
        return state();
    }

    /** the ledger's owner name in stream_epochs and runs (host/pid/random) */
    public String owner() {
        return owner;
    }

    /** the stream's current epoch (0: no run began yet) */
    public synchronized long epoch(String stream) throws SQLException {
        try (PreparedStatement q = db().prepareStatement("SELECT epoch FROM stream_epochs WHERE stream = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    /** Keeps a run's history line (JSON) in the state store, for --history from any node. */
    public synchronized void history(String runId, String stream, String startedAt, String endedAt, String outcome,
            String json) throws SQLException {
        inTransaction(() -> update("INSERT INTO run_history (run_id, stream, started_at, ended_at, outcome, record)"
                + " VALUES (?, ?, ?, ?, ?, ?)", runId, stream, startedAt, endedAt, outcome, json));
    }

    /** the last runs' history lines (JSON), oldest first; stream null: every stream */
    public synchronized List<String> history(int last, String stream) throws SQLException {
        return io.wizcamel.state.RunHistory.read(db(), last, stream == null ? List.of() : List.of(stream));
    }

    /** the record's hash: rendered once per page (see {@link RenderedRecord}) */
    private static String hashOf(ObjectNode record) {
        return RenderedRecord.of(record).hash();
    }

    @Override
    public synchronized void close() throws SQLException {
        try {
            if (db == null) {
                return;
            }
            commitDeferred();
            // the write-ahead log merged into wiz-camel.db: a copy of that one file then holds everything
            if (!state().postgres()) {
                try (Statement s = db().createStatement()) {
                    s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
            }
        } finally {
            if (db != null) {
                state().release(StateArea.CORE, db);
                db = null;
            }
        }
    }
}
