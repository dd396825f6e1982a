package io.wizcamel.stream.resources;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.state.StateArea;
import io.wizcamel.state.StateBacked;
import io.wizcamel.state.StateRef;
import io.wizcamel.state.StateStore;

/**
 * The resources whose deletion the stream has reported, so that it reports each once, even if Wiz changes a deleted
 * resource later. A deletion a run delivers is noted under the run's id and counts as reported only once the
 * checkpoint store says that run committed (settled at the next run): a run that failed or was killed before
 * publishing reports nothing, and its deletions are delivered again by the run that repeats it. SQLite
 * ({@code resource-deletions.db} under the state directory), opened when the resources stream first needs it.
 */
public class ReportedDeletions extends StateBacked {

    private final DeliveryLedger ledger;
    private String settledFor;

    public ReportedDeletions(String stateDir, DeliveryLedger ledger) {
        this(StateRef.of(stateDir), ledger);
    }

    /** in the given state store (a tenant's, a test's); the YAML beans take the context's ({@link StateStore#of}) */
    public static ReportedDeletions in(StateStore store, DeliveryLedger ledger) {
        return new ReportedDeletions(StateRef.of(store), ledger);
    }

    private ReportedDeletions(StateRef store, DeliveryLedger ledger) {
        super(store, StateArea.RESOURCE_DELETIONS, "the reported deletions table");
        this.ledger = ledger;
    }

    /** Of these resource ids, those whose deletion an earlier, committed run delivered. */
    public synchronized Set<String> reported(String runId, List<String> ids) throws SQLException {
        settle(runId);
        Set<String> out = new HashSet<>();
        if (ids.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = db().prepareStatement("SELECT id FROM reported WHERE committed = 1 AND id IN (?"
                + ",?".repeat(ids.size() - 1) + ")")) {
            for (int i = 0; i < ids.size(); i++) {
                q.setString(i + 1, ids.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** This run delivers the deletion of these resources. */
    public synchronized void note(String runId, List<String> ids) throws SQLException {
        try (PreparedStatement u = db().prepareStatement(
                "INSERT INTO reported (id, run_id, committed) VALUES (?, ?, 0) ON CONFLICT DO NOTHING")) {
            for (String id : ids) {
                u.setString(1, id);
                u.setString(2, runId);
                u.addBatch();
            }
            u.executeBatch();
        }
    }

    /** once a run: the deletions noted by earlier runs count if their run committed, and are forgotten if not */
    private void settle(String runId) throws SQLException {
        if (runId.equals(settledFor)) {
            return;
        }
        List<String> runs = new ArrayList<>();
        try (PreparedStatement q = db().prepareStatement(
                "SELECT DISTINCT run_id FROM reported WHERE committed = 0 AND run_id <> ?")) {
            q.setString(1, runId);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    runs.add(rs.getString(1));
                }
            }
        }
        for (String run : runs) {
            try (PreparedStatement u = db().prepareStatement(ledger.committed(run)
                    ? "UPDATE reported SET committed = 1 WHERE run_id = ?"
                    : "DELETE FROM reported WHERE run_id = ? AND committed = 0")) {
                u.setString(1, run);
                u.executeUpdate();
            }
        }
        settledFor = runId;
    }

}
