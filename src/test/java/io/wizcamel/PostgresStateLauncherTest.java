package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with its state in PostgreSQL (wiz.state.jdbc-url, 127.0.0.1:5432, a throwaway schema): --once
 * delivers, a second run delivers nothing, and --history shows both runs from the database; neither the password
 * nor the one in the URL shows anywhere.
 */
@Services
class PostgresStateLauncherTest {

    static final String URL = PostgresSchema.URL;
    static final String URL_SECRET = "url-secret-4711";
    static final String PASSWORD = "pw-secret-0815";

    @TempDir
    Path dir;

    @RegisterExtension
    final PostgresSchema schema = new PostgresSchema();


    @Test
    void twoRunsAgainstPostgresDeliverOnceAndTheHistoryShowsBoth() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(400).build().start()) {
            // as the launcher's overrides: Camel reads WIZ_STATE_JDBC_URL and the others from the process environment
            SyncHarness h = new SyncHarness(emulator, dir)
                    .set("wiz.state.jdbc-url", URL + "?password=" + URL_SECRET)
                    .set("wiz.state.jdbc-user", "postgres")
                    .set("wiz.state.jdbc-password", PASSWORD)
                    .set("wiz.state.jdbc-schema", schema.name());

            assertEquals(0, launch(h, "--once"));
            assertEquals(0, launch(h, "--once"));
            assertFalse(Files.exists(dir.resolve("data").resolve("wiz-camel.db")), "the state is not in SQLite");

            assertEquals(0, launch(h, "--history", "--json"));
            List<JsonNode> runs = h.stdout.lines().map(l -> {
                try {
                    return SyncHarness.JSON.readTree(l);
                } catch (Exception e) {
                    throw new IllegalStateException(l, e);
                }
            }).toList();
            assertEquals(2, runs.size(), h.stdout);
            assertEquals("succeeded", runs.get(0).path("outcome").asText());
            assertTrue(runs.get(0).path("delivered").asLong() > 0, "the first run delivers");
            assertEquals("succeeded", runs.get(1).path("outcome").asText());
            assertEquals(0, runs.get(1).path("delivered").asLong(), "the second delivers nothing again");
            assertEquals(runs.get(0).path("epoch").asLong() + 1, runs.get(1).path("epoch").asLong());
            long delivered = 0;
            for (Path f : h.files()) {
                delivered += Files.readAllLines(f).size();
            }
            assertEquals(runs.get(0).path("delivered").asLong(), delivered, "the file sink has each record once");

            assertEquals(0, launch(h, "--history", "1", "--stream", "issues"));
            assertTrue(h.stdout.contains("PostgreSQL") && h.stdout.contains(runs.get(1).path("runId").asText())
                    && !h.stdout.contains(runs.get(0).path("runId").asText()), h.stdout);

            assertEquals(0, launch(h, "--check-config"));
            assertTrue(h.stdout.contains("wiz.state.jdbc-url = " + URL + "?password=*****"), h.stdout);
        }
    }

    /** the launcher with these arguments; no secret may reach its output, errors or log */
    private static int launch(SyncHarness h, String... args) {
        int code = h.launch(args);
        String all = h.stdout + h.stderr + h.logs;
        assertFalse(all.contains(URL_SECRET) || all.contains(PASSWORD), "a secret was shown: " + all);
        return code;
    }
}
