package io.wizcamel.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.WizCamel;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Change events from a folder, through the deployed route wiz-users-events-file in a running daemon: a file moves to
 * .done only once its change is applied or recorded as refused, and stays while Wiz cannot be reached.
 */
class UserEventsTest {

    @TempDir
    Path dir;

    /** a port nothing listens on: Wiz unreachable */
    static String closedUrl() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return "http://127.0.0.1:" + s.getLocalPort();
        }
    }

    /** the daemon (no --once) until it has been idle for a while, or at most {@code maxSeconds} */
    static void daemon(SyncHarness h, int maxSeconds, Integer idleSeconds) throws Exception {
        h.set("camel.main.duration-max-seconds", String.valueOf(maxSeconds));
        if (idleSeconds != null) {
            h.set("camel.main.duration-max-idle-seconds", String.valueOf(idleSeconds));
        }
        h.set("wiz.scheduler-enabled", "false");
        Thread runner = new Thread(() -> WizCamel.run(new String[0], h.props));
        runner.start();
        runner.join((maxSeconds + 60) * 1000L);
        assertFalse(runner.isAlive(), "the daemon stopped");
    }

    @Test
    void aFileEventIsMovedToDoneOnlyAfterItsChangeWasMadeOrRefused() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start()) {
            Path events = Files.createDirectories(dir.resolve("events"));
            Files.writeString(events.resolve("e1.json"),
                    "{\"email\":\"Dana.Reyes@acme.example\",\"name\":\"Dana From HR\"}");
            SyncHarness down = new SyncHarness(e, dir).set("wiz.sinks", "file")
                    .set("wiz.users.events.file.enabled", "true").set("wiz.users.events.file.folder", events.toString())
                    .set("wiz.users.events.file.poll-ms", "300");
            String closed = closedUrl();
            down.set("wiz.api-url", closed).set("wiz.token-url", closed + "/oauth/token");
            daemon(down, 4, null);
            assertTrue(Files.exists(events.resolve("e1.json")), "not acknowledged while Wiz is unreachable");
            assertFalse(Files.exists(events.resolve(".done").resolve("e1.json")));
            assertEquals(0, e.userMutations());
            assertEquals("failed", down.lastRun().path("outcome").asText(), down.lastRun().toString());

            Files.writeString(events.resolve("e2.json"),
                    "{\"email\":\"someone@acme.example\",\"name\":\"Someone\",\"role\":\"NO_SUCH_ROLE\"}");
            SyncHarness up = new SyncHarness(e, dir).set("wiz.sinks", "file")
                    .set("wiz.users.events.file.enabled", "true").set("wiz.users.events.file.folder", events.toString())
                    .set("wiz.users.events.file.poll-ms", "300");
            daemon(up, 40, 3);
            assertEquals("Dana From HR", e.identities().user(0).path("name").asText());
            assertEquals(1, e.userMutations());
            assertTrue(Files.exists(events.resolve(".done").resolve("e1.json")), "applied: acknowledged");
            assertTrue(Files.exists(events.resolve(".done").resolve("e2.json")), "refused and recorded: acknowledged");
            assertFalse(Files.exists(events.resolve("e1.json")));
            List<JsonNode> records = UserLifecycleTest.records(dir.resolve("out").resolve("user-changes"));
            assertEquals(2, records.size(), records.toString());
            JsonNode applied = records.stream().filter(r -> r.path("outcome").asText().equals("applied")).findFirst()
                    .orElseThrow();
            assertEquals("dana.reyes@acme.example", applied.path("email").asText());
            assertEquals("Dana Reyes", applied.path("before").path("name").asText());
            assertTrue(applied.path("by").asText().contains("event:file"), applied.toString());
            JsonNode refused = records.stream().filter(r -> r.path("outcome").asText().equals("refused")).findFirst()
                    .orElseThrow();
            assertTrue(refused.path("why").asText().contains("file e2.json")
                    && refused.path("why").asText().contains("unknown role 'NO_SUCH_ROLE'"), refused.toString());
            UserLifecycleTest.assertNoSecret(up);
        }
    }
}
