package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.file.FilePublisher;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run killed anywhere, then started again, loses no issue and duplicates none. */
class CrashRecoveryTest {

    @TempDir
    Path dir;

    @Test
    void aRunKilledMidSyncAndStartedAgainLosesAndDuplicatesNothing() throws Exception {
        int issues = 3000;
        try (WizEmulator emulator = WizEmulator.builder().issues(issues).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir);
            // slow pages keep the run busy long enough to be killed with a part file half written
            h.set("wiz.page-size", "200");
            for (int i = 0; i < 20; i++) {
                emulator.enqueue(Fault.delay(Duration.ofMillis(300)));
            }
            Process p = startDeployed(h);
            Path issuesDir = h.issuesDir();
            long deadline = System.currentTimeMillis() + 60_000;
            while (!hasPartFileWithContent(issuesDir) && System.currentTimeMillis() < deadline && p.isAlive()) {
                Thread.sleep(20);
            }
            assertTrue(p.isAlive(), "the run finished before it could be killed");
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            p.waitFor(10, TimeUnit.SECONDS);
            assertEquals(List.of(), h.files(), "nothing was published by the killed run");

            emulator.clearFaults();
            assertEquals(0, h.run());
            List<String> delivered = h.allRecords().stream().map(r -> r.path("id").asText()).toList();
            assertEquals(h.expectedIds(issues), delivered);
            assertEquals(h.files(), h.allOutputFiles(), "the killed run's part file is gone");
        }
    }

    /** the same jar entry point in a separate JVM, configured through environment variables as in production */
    private Process startDeployed(SyncHarness h) throws Exception {
        return h.startProcess(WizCamel.class, dir.resolve("killed-run.log"), Map.of(), "--once");
    }

    private static boolean hasPartFileWithContent(Path issuesDir) throws Exception {
        if (!Files.isDirectory(issuesDir)) {
            return false;
        }
        try (var s = Files.list(issuesDir)) {
            return s.anyMatch(f -> f.getFileName().toString().endsWith(".part") && f.toFile().length() > 0);
        }
    }

    static final String FILE = "file";

    /** what the file sink does with a page: part file and pending hashes */
    private static void write(DeliveryLedger ledger, Path out, RunStats run, List<ObjectNode> records) throws Exception {
        List<ObjectNode> fresh = ledger.fresh(records, run, FILE);
        Files.createDirectories(out.resolve("issues")); // the file endpoint creates its folder
        Files.writeString(out.resolve("issues").resolve("." + run.stream + "-" + run.runId + "-0001.jsonl.part"),
                fresh.toString());
        ledger.confirm(fresh, run, FILE, false, null);
    }

    static final List<ObjectNode> RECORDS = List.of(record("a", "OPEN"), record("b", "RESOLVED"));

    /** a run that wrote RECORDS and then died, after publishing or before */
    private RunStats crashedRun(boolean published) throws Exception {
        RunStats run = new RunStats("issues", "issue", "test");
        try (DeliveryLedger ledger = new DeliveryLedger(state().toString(), 60, List.of(new FilePublisher(out().toString())))) {
            ledger.begin(run, true);
            write(ledger, out(), run, RECORDS);
            run.sawWatermark("2026-11-01T10:00:00Z");
            if (published) {
                ledger.publish(run);
            }
        } // the process dies here: the checkpoint is not stored
        return run;
    }

    private Path state() {
        return dir.resolve("state");
    }

    private Path out() {
        return dir.resolve("out");
    }

    @Test
    void aCrashAfterPublishingIsCompletedAtTheNextStart() throws Exception {
        RunStats run = crashedRun(true);
        List<ObjectNode> records = RECORDS;
        Path out = out();
        try (DeliveryLedger ledger = new DeliveryLedger(state().toString(), 60, List.of(new FilePublisher(out.toString())))) {
            RunStats next = new RunStats("issues", "issue", "test");
            ledger.begin(next, false);
            assertEquals("2026-11-01T09:59:00Z", next.watermarkFrom, "the watermark the crashed run computed");
            assertEquals(List.of(), ledger.fresh(records, next, FILE), "its records count as delivered");
            assertTrue(Files.exists(out.resolve("issues").resolve("issues-" + run.runId + "-0001.jsonl")));
        }
    }

    @Test
    void aCrashBeforePublishingIsDiscardedAndTheRecordsAreDeliveredAgain() throws Exception {
        crashedRun(false);
        List<ObjectNode> records = RECORDS;
        Path out = out();
        try (DeliveryLedger ledger = new DeliveryLedger(state().toString(), 60, List.of(new FilePublisher(out.toString())))) {
            RunStats next = new RunStats("issues", "issue", "test");
            ledger.begin(next, false);
            assertNull(next.watermarkFrom);
            assertTrue(next.full, "no checkpoint yet: a full sync");
            try (var files = Files.list(out.resolve("issues"))) {
                assertEquals(List.of(), files.toList(), "the part file is gone");
            }
            Set<String> again = new HashSet<>();
            ledger.fresh(records, next, FILE).forEach(r -> again.add(r.path("id").asText()));
            assertEquals(Set.of("a", "b"), again);
        }
    }

    @Test
    void aRecordChangedSinceItsDeliveryIsDeliveredAgainAndOnlyThen() throws Exception {
        Path out = dir.resolve("o");
        try (DeliveryLedger ledger = new DeliveryLedger(dir.resolve("s").toString(), 0, List.of(new FilePublisher(out.toString())))) {
            RunStats first = new RunStats("issues", "issue", "test");
            ledger.begin(first, true);
            write(ledger, out, first, List.of(record("a", "OPEN"), record("b", "OPEN")));
            ledger.commit(first);
            RunStats second = new RunStats("issues", "issue", "test");
            ledger.begin(second, false);
            List<ObjectNode> fresh = ledger.fresh(List.of(record("a", "OPEN"), record("b", "RESOLVED")), second, FILE);
            assertEquals(List.of("b"), fresh.stream().map(r -> r.path("id").asText()).toList());
            assertEquals(1, second.sink(FILE).unchanged);
            ledger.confirm(fresh, second, FILE, false, null);
            // the same change seen twice in one run (a page boundary moved) is delivered once
            assertEquals(List.of(), ledger.fresh(List.of(record("b", "RESOLVED")), second, FILE));
            // another sink has its own memory
            assertEquals(2, ledger.fresh(List.of(record("a", "OPEN"), record("b", "RESOLVED")), second, "kafka").size());
        }
    }

    private static ObjectNode record(String id, String status) {
        return SyncHarness.JSON.createObjectNode().put("id", id).put("wizStatus", status);
    }
}
