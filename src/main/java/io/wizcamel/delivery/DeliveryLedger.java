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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.WizCamel;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.SyncInterruptedException;
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
    private final Connection db;
    private CamelContext context;
    /** whether a transactional sink's writes wait in an open transaction (see deferred()) */
    private boolean deferredOpen;
    /** a run whose deferred writes were lost: it must not publish */
    private String lostRun;
    /** runs left RUNNING or PUBLISHING are a crash's only before this process's first run; later ones are alive */
    private boolean recovered;
    /**
     * wiz.cluster is not none: other nodes' runs are alive in the same store, so runs left behind are recovered per
     * stream by its leader ({@link #recover(java.util.Collection)}), never all at once
     */
    private boolean eachStream;
    /** the runs this process has begun and not yet ended: never a crash's */
    private final Set<String> live = new HashSet<>();
    /** the sinks whose output waits for the run's commit; found in the registry unless given */
    private List<TransactionalSink> transactional;

    /** as wired in routes/wiz/stream.yaml: the transactional sinks are the registry's {@link TransactionalSink} beans */
    public DeliveryLedger(String stateDir, long overlapSeconds) {
        this(stateDir, overlapSeconds, null);
    }

    public DeliveryLedger(String stateDir, long overlapSeconds, List<TransactionalSink> transactional) {
        this.transactional = transactional;
        this.stateDir = stateDir;
        this.overlap = Duration.ofSeconds(overlapSeconds);
        try {
            db = StateDatabase.open(stateDir);
            try (Statement s = db.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS checkpoint (stream TEXT PRIMARY KEY, watermark TEXT)");
                s.execute("CREATE TABLE IF NOT EXISTS delivered (stream TEXT, sink TEXT, id TEXT, hash TEXT,"
                        + " PRIMARY KEY (stream, sink, id)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS pending (run_id TEXT, sink TEXT, id TEXT, hash TEXT,"
                        + " PRIMARY KEY (run_id, sink, id)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS dead_letters (stream TEXT, sink TEXT, id TEXT, hash TEXT,"
                        + " record TEXT, reason TEXT, failed_at TEXT, attempts INTEGER,"
                        + " PRIMARY KEY (stream, sink, id)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, stream TEXT, state TEXT,"
                        + " watermark TEXT)");
                s.execute("PRAGMA synchronous=NORMAL"); // see durably()
                s.execute("PRAGMA cache_size=-32768");
                s.execute("PRAGMA wal_autocheckpoint=16384");
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot open the checkpoint store under " + stateDir
                    + " (WIZ_STATE_DIR): " + e.getMessage(), e);
        }
    }

    /**
     * Finishes or discards the runs a crash left behind (at the process's first run only: later, another stream's
     * run or a derived stream's run beside this one is alive), then opens this run from the stream's watermark.
     */
    public synchronized void begin(@ExchangeProperty(RunStats.PROPERTY) RunStats run,
            @ExchangeProperty("wizFull") Boolean forceFull) throws SQLException, IOException {
        if (!eachStream) {
            recover();
        }
        live.add(run.runId);
        run.watermarkFrom = watermark(run.stream);
        run.full = Boolean.TRUE.equals(forceFull) || run.watermarkFrom == null;
        update("INSERT INTO runs (run_id, stream, state) VALUES (?, ?, 'RUNNING')", run.runId, run.stream);
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
            try (PreparedStatement insert = db.prepareStatement(transactional
                    ? "INSERT OR REPLACE INTO pending (run_id, sink, id, hash) VALUES (?, ?, ?, ?)"
                    : "INSERT OR REPLACE INTO delivered (stream, sink, id, hash) VALUES (?, ?, ?, ?)");
                    PreparedStatement clear = db.prepareStatement(
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
            try (PreparedStatement upsert = db.prepareStatement("INSERT INTO dead_letters"
                    + " (stream, sink, id, hash, record, reason, failed_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
                    + " ON CONFLICT (stream, sink, id) DO UPDATE SET hash = excluded.hash, record = excluded.record,"
                    + " reason = excluded.reason, failed_at = excluded.failed_at, attempts = attempts + 1")) {
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
            try (PreparedStatement upsert = db.prepareStatement("INSERT INTO dead_letters"
                    + " (stream, sink, id, hash, record, reason, failed_at, attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 1)"
                    + " ON CONFLICT (stream, sink, id) DO UPDATE SET hash = excluded.hash, record = excluded.record,"
                    + " reason = excluded.reason, failed_at = excluded.failed_at, attempts = attempts + 1")) {
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
            try (PreparedStatement delete = db.prepareStatement(
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
        try (PreparedStatement q = db.prepareStatement(
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
        try (PreparedStatement q = db.prepareStatement("SELECT id, record FROM dead_letters"
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
        try (PreparedStatement select = db.prepareStatement(sql)) {
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
    }

    /** The first half of a commit: after it, a crash leaves published files that {@link #recover()} accounts for. */
    public synchronized void publish(RunStats run) throws SQLException, IOException {
        if (run.runId.equals(lostRun)) {
            throw new IllegalStateException("The checkpoint store could not keep what run " + run.runId
                    + " delivered to the file sink; the run publishes nothing and is done again at the next sync");
        }
        run.watermarkTo = nextWatermark(run);
        int[] publishing = {0};
        // only a run still RUNNING may publish: with a cluster, a node that lost a stream while paused or cut off
        // finds its run recovered (thrown away) by the new leader, and must not publish or move the watermark
        durably(() -> publishing[0] = update("UPDATE runs SET state = 'PUBLISHING', watermark = ? WHERE run_id = ?"
                + " AND state = 'RUNNING'", run.watermarkTo, run.runId));
        if (publishing[0] == 0) {
            throw new SyncInterruptedException("run " + run.runId + " of " + run.stream + " was taken over: another"
                    + " node leads the stream now and threw this run away (it was paused or cut off past its"
                    + " lease); it publishes nothing and moves no watermark, the other node's run delivers its records");
        }
        for (TransactionalSink sink : transactional()) {
            run.outputFiles.addAll(sink.publish(run.stream, run.runId));
        }
    }

    /**
     * Throws away what a failed or interrupted run wrote: its part files and its pending hashes. The watermark stays,
     * and the run's statistics no longer count those records as delivered.
     */
    public synchronized void abort(@ExchangeProperty(RunStats.PROPERTY) RunStats run) {
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
        try (PreparedStatement q = db.prepareStatement("SELECT watermark FROM checkpoint WHERE stream = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** a run a killed process left behind; {@code published}: it had begun publishing, and was completed */
    public record LeftBehind(String runId, String stream, boolean published) {
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
        if (recovered || eachStream) {
            return new ArrayList<>();
        }
        recovered = true;
        return recoverOpen(null);
    }

    /**
     * With a cluster: finishes or discards the runs of these streams that no process of this node has under way.
     * Called by the stream's leader at the start of its run: while it leads, no other node runs the stream, so such
     * a run is a dead (or deposed) leader's.
     */
    public synchronized List<LeftBehind> recover(java.util.Collection<String> streams) throws SQLException, IOException {
        return recoverOpen(streams);
    }

    /** whether runs left behind are recovered per stream by its leader (wiz.cluster is not none) */
    public boolean recoversEachStream() {
        return eachStream;
    }

    /** wiz.cluster: with a cluster service, recovery is per stream (see {@link #recover(java.util.Collection)}) */
    public void setCluster(String mode) {
        this.eachStream = mode != null && !mode.isBlank() && !"none".equalsIgnoreCase(mode.trim());
    }

    private List<LeftBehind> recoverOpen(java.util.Collection<String> streams) throws SQLException, IOException {
        List<LeftBehind> left = new ArrayList<>();
        List<String[]> open = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT run_id, stream, state, watermark FROM runs"
                        + " WHERE state IN ('RUNNING', 'PUBLISHING')")) {
            while (rs.next()) {
                if ((streams == null || streams.contains(rs.getString(2))) && !live.contains(rs.getString(1))) {
                    open.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)});
                }
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
        return left;
    }

    private void finish(String runId, String stream, String watermark) throws SQLException {
        durably(() -> {
            update("DELETE FROM dead_letters WHERE stream = ? AND EXISTS (SELECT 1 FROM pending p WHERE p.run_id = ?"
                    + " AND p.sink = dead_letters.sink AND p.id = dead_letters.id AND p.hash = dead_letters.hash)",
                    stream, runId);
            update("INSERT OR REPLACE INTO delivered (stream, sink, id, hash)"
                    + " SELECT ?, sink, id, hash FROM pending WHERE run_id = ?", stream, runId);
            update("DELETE FROM pending WHERE run_id = ?", runId);
            if (watermark != null) {
                update("INSERT OR REPLACE INTO checkpoint (stream, watermark) VALUES (?, ?)", stream, watermark);
            }
            update("UPDATE runs SET state = 'COMMITTED' WHERE run_id = ?", runId);
        });
        live.remove(runId);
    }

    private void discard(String runId, String stream) throws SQLException, IOException {
        for (TransactionalSink sink : transactional()) {
            sink.discard(stream, runId);
        }
        inTransaction(() -> {
            update("DELETE FROM pending WHERE run_id = ?", runId);
            update("UPDATE runs SET state = 'FAILED' WHERE run_id = ?", runId);
        });
        live.remove(runId);
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
        try (Statement s = db.createStatement()) {
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
        if (!deferredOpen && (eachStream || StateDatabase.openConnections(stateDir) > 1)) {
            inTransaction(work);
            return;
        }
        if (!deferredOpen) {
            db.setAutoCommit(false);
            deferredOpen = true;
        }
        try {
            work.run();
        } catch (SQLException | RuntimeException e) {
            lostRun = run.runId;
            deferredOpen = false;
            try {
                db.rollback();
            } finally {
                db.setAutoCommit(true);
            }
            throw e;
        }
    }

    private void commitDeferred() throws SQLException {
        if (deferredOpen) {
            deferredOpen = false;
            try {
                db.commit();
            } finally {
                db.setAutoCommit(true);
            }
        }
    }

    private void inTransaction(SqlWork work) throws SQLException {
        commitDeferred();
        db.setAutoCommit(false);
        try {
            work.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private Map<String, String> hashes(String sqlPrefix, String key, String sink, List<ObjectNode> records)
            throws SQLException {
        String placeholders = "?" + ",?".repeat(records.size() - 1);
        Map<String, String> found = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement(sqlPrefix + "(" + placeholders + ")")) {
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
        try (PreparedStatement q = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setString(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private int update(String sql, String... args) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setString(i + 1, args[i]);
            }
            return u.executeUpdate();
        }
    }

    /** the record's hash: rendered once per page (see {@link RenderedRecord}) */
    private static String hashOf(ObjectNode record) {
        return RenderedRecord.of(record).hash();
    }

    @Override
    public synchronized void close() throws SQLException {
        try {
            commitDeferred();
            // the write-ahead log merged into wiz-camel.db: a copy of that one file then holds everything
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            }
        } finally {
            StateDatabase.close(stateDir, db);
        }
    }
}
