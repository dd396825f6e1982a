package io.wizcamel.stream.resources;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A deletion counts as reported only when the run that delivered it committed; a failed run's are forgotten. */
class ReportedDeletionsTest {

    @TempDir
    Path dir;

    @Test
    void onlyACommittedRunReports() throws Exception {
        try (DeliveryLedger ledger = new DeliveryLedger(dir.toString(), 300, List.of());
                ReportedDeletions deletions = new ReportedDeletions(dir.toString(), ledger)) {
            RunStats failed = run(ledger);
            assertEquals(Set.of(), deletions.reported(failed.runId, List.of("r1", "r2")));
            deletions.note(failed.runId, List.of("r1"));
            ledger.abort(failed);

            RunStats committed = run(ledger);
            assertEquals(Set.of(), deletions.reported(committed.runId, List.of("r1", "r2")), "the failed run's note is gone");
            deletions.note(committed.runId, List.of("r1", "r2"));
            assertEquals(Set.of(), deletions.reported(committed.runId, List.of("r1")), "not before the run commits");
            ledger.commit(committed);

            RunStats next = run(ledger);
            assertEquals(Set.of("r1", "r2"), deletions.reported(next.runId, List.of("r1", "r2", "r3")));
        }
    }

    private static RunStats run(DeliveryLedger ledger) throws Exception {
        RunStats run = new RunStats("resources", "resource", "test");
        ledger.begin(run, false);
        return run;
    }
}
