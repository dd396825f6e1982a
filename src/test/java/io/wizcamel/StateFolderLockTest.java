package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One writer per state folder. The loss this prevents: a --once started on the state folder of a process that was
 * mid-sync ran its start-up recovery, deleted the other run's unpublished part file and pending rows, and that run
 * then published a file missing the records written before, while its watermark moved past them.
 */
class StateFolderLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondProcessOnTheSameStateFolderIsRefusedAtOnceAndTheRunningSyncLosesNothing() throws Exception {
        int issues = 3000;
        try (WizEmulator emulator = WizEmulator.builder().issues(issues).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.page-size", "100").set("wiz.rate-limit", "4");
            AtomicInteger holderExit = new AtomicInteger(-1);
            Thread holder = new Thread(() -> holderExit.set(WizCamel.run(new String[] {"--once"}, h.props)));
            holder.start();
            // mid-sync: several pages are in the part file, the ledger has pending rows; the next page is slow to
            // come, so that the sync is still under way whenever the second JVM gets to start
            long deadline = System.currentTimeMillis() + 30_000;
            while (emulator.graphqlRequests() < 4 && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            emulator.enqueue(Fault.delay(Duration.ofSeconds(30)));
            assertTrue(holder.isAlive(), "the first sync is still running");

            // a second process, as an operator would start it: its own JVM, the same state folder
            Map<String, String> env = Map.of("WIZ_API_URL", emulator.apiUrl(), "WIZ_TOKEN_URL", emulator.tokenUrl(),
                    "WIZ_CLIENT_ID", "emulator-client", "WIZ_CLIENT_SECRET", "emulator-secret",
                    "WIZ_STATE_DIR", dir.resolve("data").toString(), "WIZ_OUTPUT_DIR", dir.resolve("out").toString());
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), WizCamel.class.getName(), "--once")
                    .redirectErrorStream(true);
            pb.environment().putAll(env);
            Process second = pb.start();
            assertTrue(second.waitFor(60, TimeUnit.SECONDS), "the second process exits at once");
            String said = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(1, second.exitValue(), said);
            assertTrue(said.contains("is in use by another wiz-camel process (pid " + ProcessHandle.current().pid()
                    + ", started 20"), said);
            assertTrue(said.contains("WIZ_STATE_DIR"), said);
            assertTrue(holder.isAlive(), "refused while the first sync was still under way");

            holder.join(120_000);
            assertEquals(0, holderExit.get());
            JsonNode run = h.lastRun();
            List<String> expected = h.expectedIds(issues);
            List<String> published = h.allRecords().stream().map(r -> r.path("id").asText()).toList();
            assertEquals(expected, published, "every record of the interrupted-by-nobody run is published");
            assertEquals(expected.size(), run.path("delivered").asLong(), "and the history says what the file holds");
            assertEquals(1, h.history().size(), "the refused process recorded no run");

            // the lock went with its holder: the next run starts, and finds nothing missing
            assertEquals(0, h.run());
            assertEquals(0, h.lastRun().path("delivered").asLong());
        }
    }

    @Test
    void aOnceNextToARunningDaemonIsToldToAskTheDaemon() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(50).build().start()) {
            SyncHarness daemon = new SyncHarness(emulator, dir).set("camel.main.duration-max-seconds", "6");
            Thread running = new Thread(() -> WizCamel.run(new String[0], daemon.props));
            running.start();
            Path lock = dir.resolve("data").resolve("wiz-camel.lock");
            long deadline = System.currentTimeMillis() + 20_000;
            // the daemon rewrites the lock file with its management server's port once that listens
            while (!(lock.toFile().exists() && java.nio.file.Files.readString(lock).matches("(?s).*management=http://[0-9.]+:[1-9][0-9]*\n.*"))
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            SyncHarness once = new SyncHarness(emulator, dir);
            assertEquals(1, once.run());
            assertTrue(once.stderr.contains("daemon") && once.stderr.matches("(?s).*'http://127\\.0\\.0\\.1:[1-9][0-9]*/wiz/sync\\?stream=.*")
                    && once.stderr.contains("WIZ_ADMIN_TOKEN"), once.stderr);
            running.join(30_000);
        }
        assertTrue(new File(dir.toFile(), "data/wiz-camel.lock").exists(), "the lock file stays; the OS lock went");
    }
}
