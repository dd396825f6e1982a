package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.WizEmulator;
import org.apache.camel.Exchange;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What Camel JBang does with `camel run` (docs/kamelet.md): a plain camel-main, no wiz-camel launcher, the routes
 * from the files application.properties names, properties from application.properties (and a file of the
 * operator's over it), beans and property functions from the jar. The settings schema's defaults come from the jar
 * too, under the files' values.
 */
class PlainCamelMainTest {

    @TempDir
    Path dir;

    @Test
    void theRoutesRunWithoutTheLauncher() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(450).build().start()) {
            Path mine = dir.resolve("mine.properties");
            Files.writeString(mine, String.join("\n",
                    "wiz.api-url=" + emulator.apiUrl(),
                    "wiz.token-url=" + emulator.tokenUrl(),
                    "wiz.client-id=emulator-client",
                    "wiz.client-secret=emulator-secret",
                    "wiz.output-dir=" + dir.resolve("out"),
                    "wiz.state-dir=" + dir.resolve("data"),
                    "wiz.page-size=100", ""));
            Main main = new Main();
            main.setPropertyPlaceholderLocations("file:application.properties,file:" + mine);
            main.start();
            try {
                Exchange result = main.getCamelContext().createProducerTemplate()
                        .request("direct:wiz-issues-sync", e -> e.setProperty("wizTrigger", "once"));
                assertNull(result.getException());
                SyncHarness h = new SyncHarness(emulator, dir);
                JsonNode run = h.lastRun();
                assertEquals("succeeded", run.path("outcome").asText(), run.toString());
                // the file's page size (100) over the schema's default (500); the rest from the schema's defaults
                assertEquals(h.serverMatches(450), run.path("fetched").asLong());
                assertEquals((h.serverMatches(450) + 99) / 100, run.path("pages").asLong(), run.toString());
                assertEquals(h.expectedIds(450).size(), h.allRecords().size());
            } finally {
                main.stop();
            }
        }
    }
}
