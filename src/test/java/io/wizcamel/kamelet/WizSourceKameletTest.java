package io.wizcamel.kamelet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kamelets/wiz-source.kamelet.yaml loaded from its file into a plain camel-main application (no wiz-camel launcher,
 * no route files of its own: the bundle on the class path) consuming kamelet:wiz-source?stream=issues from the
 * emulator: one message per issue SAFE keeps, the status mapped, and the next run continues from the watermark.
 */
class WizSourceKameletTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void consumesTheIssuesOfTheEmulatorOneMessagePerRecord() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        try (WizEmulator emulator = WizEmulator.builder().issues(700).build().start()) {
            SyncHarness expected = new SyncHarness(emulator, dir);
            Main main = new Main();
            main.addInitialProperty("camel.component.kamelet.location", "file:kamelets");
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    fromF("kamelet:wiz-source?stream=issues&apiUrl=%s&tokenUrl=%s&clientId=emulator-client"
                            + "&clientSecret=emulator-secret&pageSize=200&stateDir=%s&period=3600000",
                            emulator.apiUrl(), emulator.tokenUrl(), dir.resolve("state"))
                            .routeId("consumer")
                            .process(e -> bodies.add(e.getMessage().getBody(String.class)));
                }
            });
            main.start();
            try {
                List<String> ids = expected.expectedIds(700);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (bodies.size() < ids.size() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Set<String> got = new TreeSet<>();
                for (String body : bodies) {
                    JsonNode record = JSON.readTree(body);
                    got.add(record.path("id").asText());
                    assertTrue(Set.of("Failed", "Passed", "Accepted Failed").contains(record.path("status").asText()),
                            body);
                }
                assertEquals(ids.size(), bodies.size());
                assertEquals(new TreeSet<>(ids), got);
                // the run's history and watermark are in the consuming application's state folder
                long deadlineHistory = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                Path history = dir.resolve("state").resolve("history.jsonl");
                while (!Files.exists(history) && System.nanoTime() < deadlineHistory) {
                    Thread.sleep(50);
                }
                JsonNode run = JSON.readTree(Files.readAllLines(history).get(0));
                assertEquals("succeeded", run.path("outcome").asText(), run.toString());
                assertEquals(ids.size(), run.path("sinks").path("kamelet").path("delivered").asLong(), run.toString());
                assertTrue(!run.path("watermarkTo").isNull(), run.toString());
            } finally {
                main.stop();
            }
        }
    }
}
