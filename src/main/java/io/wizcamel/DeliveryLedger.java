package io.wizcamel;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint store: the watermark of each stream, the hash of every record each stream has delivered, and the
 * runs under way. It lives in an SQLite file under the state directory, so it survives a kill and stays off the heap
 * however large the tenant.
 *
 * <p>How a run delivers exactly once: records go to a part file and their hashes to {@code pending}; at the end the
 * run is marked PUBLISHING with its new watermark, the part file is renamed to its final name, and one transaction
 * moves the hashes to {@code delivered}, stores the watermark and marks the run COMMITTED. A run killed before the
 * rename is thrown away and done again; one killed after it is finished by {@link #recover()} at the next start.
 */
public class DeliveryLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryLedger.class);

    private final Path outputDir;
    private final Duration overlap;
    private final Connection db;

    public DeliveryLedger(String stateDir, String outputDir, long overlapSeconds) {
        this.outputDir = Path.of(outputDir);
        this.overlap = Duration.ofSeconds(overlapSeconds);
        try {
            Files.createDirectories(Path.of(stateDir));
            db = DriverManager.getConnection("jdbc:sqlite:" + Path.of(stateDir, "wiz-camel.db"));
            try (Statement s = db.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=FULL");
                s.execute("CREATE TABLE IF NOT EXISTS checkpoint (stream TEXT PRIMARY KEY, watermark TEXT)");
                s.execute("CREATE TABLE IF NOT EXISTS delivered (stream TEXT, id TEXT, hash TEXT,"
                        + " PRIMARY KEY (stream, id)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS pending (run_id TEXT, id TEXT, hash TEXT,"
                        + " PRIMARY KEY (run_id, id)) WITHOUT ROWID");
                s.execute("CREATE TABLE IF NOT EXISTS runs (run_id TEXT PRIMARY KEY, stream TEXT, state TEXT,"
                        + " part_file TEXT, final_file TEXT, watermark TEXT)");
            }
        } catch (IOException | SQLException e) {
            throw new IllegalStateException("Cannot open the checkpoint store under " + stateDir
                    + " (WIZ_STATE_DIR): " + e.getMessage(), e);
        }
    }

    /** Finishes or discards the runs a crash left behind, then opens this run from the stream's watermark. */
    public synchronized void begin(@ExchangeProperty(RunStats.PROPERTY) RunStats run,
            @ExchangeProperty("wizFull") Boolean forceFull) throws SQLException, IOException {
        recover();
        run.watermarkFrom = watermark(run.stream);
        run.full = Boolean.TRUE.equals(forceFull) || run.watermarkFrom == null;
        Files.createDirectories(outputDir.resolve(run.stream));
        update("INSERT INTO runs (run_id, stream, state, part_file, final_file) VALUES (?, ?, 'RUNNING', ?, ?)",
                run.runId, run.stream, part(run).toString(), finalFile(run).toString());
    }

    /** The records of a page that this stream has not delivered in this form before; remembers them as pending. */
    public synchronized List<ObjectNode> fresh(List<ObjectNode> records,
            @ExchangeProperty(RunStats.PROPERTY) RunStats run) throws SQLException {
        if (records.isEmpty()) {
            return records;
        }
        Map<String, String> known = hashes("SELECT id, hash FROM delivered WHERE stream = ? AND id IN ",
                run.stream, records);
        known.putAll(hashes("SELECT id, hash FROM pending WHERE run_id = ? AND id IN ", run.runId, records));
        List<ObjectNode> fresh = new ArrayList<>(records.size());
        db.setAutoCommit(false);
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT OR REPLACE INTO pending (run_id, id, hash) VALUES (?, ?, ?)")) {
            for (ObjectNode record : records) {
                String id = record.path("id").asText();
                String hash = hash(record);
                if (hash.equals(known.get(id))) {
                    run.unchanged++;
                    continue;
                }
                known.put(id, hash);
                fresh.add(record);
                insert.setString(1, run.runId);
                insert.setString(2, id);
                insert.setString(3, hash);
                insert.addBatch();
            }
            insert.executeBatch();
            db.commit();
            run.delivered += fresh.size();
        } finally {
            db.setAutoCommit(true);
        }
        return fresh;
    }

    /** Publishes the run's file and advances the watermark, atomically with respect to a crash. */
    public synchronized void commit(@ExchangeProperty(RunStats.PROPERTY) RunStats run) throws SQLException, IOException {
        publish(run);
        finish(run.runId, run.stream, run.watermarkTo);
    }

    /** The first half of a commit: after it, a crash leaves a published file that {@link #recover()} accounts for. */
    synchronized void publish(RunStats run) throws SQLException, IOException {
        run.watermarkTo = nextWatermark(run);
        update("UPDATE runs SET state = 'PUBLISHING', watermark = ? WHERE run_id = ?", run.watermarkTo, run.runId);
        Path part = part(run);
        if (Files.exists(part)) {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true); // the records are on disk before the name says they are complete
            }
            Files.move(part, finalFile(run), StandardCopyOption.ATOMIC_MOVE);
            run.outputFile = finalFile(run).toString();
        }
    }

    /** Throws away what a failed run wrote: its part file and its pending hashes. The watermark stays. */
    public synchronized void abort(@ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        try {
            discard(run.runId, part(run));
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

    public synchronized long deliveredCount(String stream) throws SQLException {
        try (PreparedStatement q = db.prepareStatement("SELECT count(*) FROM delivered WHERE stream = ?")) {
            q.setString(1, stream);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    synchronized void recover() throws SQLException, IOException {
        List<String[]> open = new ArrayList<>();
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT run_id, stream, state, part_file, final_file, watermark"
                        + " FROM runs WHERE state IN ('RUNNING', 'PUBLISHING')")) {
            while (rs.next()) {
                open.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6)});
            }
        }
        for (String[] r : open) {
            boolean published = "PUBLISHING".equals(r[2]) && Files.exists(Path.of(r[4]))
                    && !Files.exists(Path.of(r[3]));
            if (published) {
                LOG.warn("Run {} stopped after publishing {}: completing its checkpoint", r[0], r[4]);
                finish(r[0], r[1], r[5]);
            } else {
                LOG.warn("Run {} stopped before publishing: discarding its partial output", r[0]);
                discard(r[0], Path.of(r[3]));
            }
        }
    }

    private void finish(String runId, String stream, String watermark) throws SQLException {
        db.setAutoCommit(false);
        try {
            update("INSERT OR REPLACE INTO delivered (stream, id, hash) SELECT ?, id, hash FROM pending WHERE run_id = ?",
                    stream, runId);
            update("DELETE FROM pending WHERE run_id = ?", runId);
            if (watermark != null) {
                update("INSERT OR REPLACE INTO checkpoint (stream, watermark) VALUES (?, ?)", stream, watermark);
            }
            update("UPDATE runs SET state = 'COMMITTED' WHERE run_id = ?", runId);
            db.commit();
        } catch (SQLException e) {
            db.rollback();
            throw e;
        } finally {
            db.setAutoCommit(true);
        }
    }

    private void discard(String runId, Path partFile) throws SQLException, IOException {
        Files.deleteIfExists(partFile);
        db.setAutoCommit(false);
        try {
            update("DELETE FROM pending WHERE run_id = ?", runId);
            update("UPDATE runs SET state = 'FAILED' WHERE run_id = ?", runId);
            db.commit();
        } finally {
            db.setAutoCommit(true);
        }
    }

    /** the newest status change seen, less the overlap, never behind the previous watermark */
    private String nextWatermark(RunStats run) {
        if (run.newestStatusChange == null) {
            return run.watermarkFrom;
        }
        String candidate = Instant.parse(run.newestStatusChange).minus(overlap).toString();
        return run.watermarkFrom != null && run.watermarkFrom.compareTo(candidate) > 0 ? run.watermarkFrom : candidate;
    }

    private Map<String, String> hashes(String sqlPrefix, String key, List<ObjectNode> records) throws SQLException {
        String placeholders = "?" + ",?".repeat(records.size() - 1);
        Map<String, String> found = new HashMap<>();
        try (PreparedStatement q = db.prepareStatement(sqlPrefix + "(" + placeholders + ")")) {
            q.setString(1, key);
            for (int i = 0; i < records.size(); i++) {
                q.setString(i + 2, records.get(i).path("id").asText());
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return found;
    }

    private void update(String sql, String... args) throws SQLException {
        try (PreparedStatement u = db.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                u.setString(i + 1, args[i]);
            }
            u.executeUpdate();
        }
    }

    private Path part(RunStats run) {
        return outputDir.resolve(run.stream).resolve(run.getPartFile());
    }

    private Path finalFile(RunStats run) {
        return outputDir.resolve(run.stream).resolve(run.getFinalFile());
    }

    static String hash(ObjectNode record) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(record.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public synchronized void close() throws SQLException {
        db.close();
    }
}
