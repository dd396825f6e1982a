package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "add a sink" example, taken from the README itself, works as it says. */
class ReadmeSinkExampleTest {

    @TempDir
    Path dir;

    @Test
    void theWebhookSinkFromTheReadmeDeliversEveryRecord() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        int start = readme.indexOf("```yaml\n# routes/sinks/webhook.yaml");
        String yaml = readme.substring(start + "```yaml\n".length(), readme.indexOf("```", start + 7));
        Path routes = Files.createDirectories(dir.resolve("extra-routes"));
        Files.writeString(routes.resolve("sink-webhook.yaml"), yaml);

        List<String> received = Collections.synchronizedList(new ArrayList<>());
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/wiz", exchange -> {
            JsonNode page = SyncHarness.JSON.readTree(exchange.getRequestBody());
            page.forEach(r -> received.add(r.path("id").asText()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        try (WizEmulator emulator = WizEmulator.builder().issues(600).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir)
                    .extraRoutes("file:" + routes + "/*.yaml")
                    .set("wiz.sinks", "file,webhook")
                    .set("wiz.sink.webhook.url", "http://127.0.0.1:" + hook.getAddress().getPort() + "/wiz");
            assertEquals(0, h.run());
            assertEquals(h.expectedIds(600), received);
        } finally {
            hook.stop(0);
        }
    }
}
