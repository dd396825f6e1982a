package io.wizcamel.wiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --check-schema and WIZ_CHECK_SCHEMA_ON_START through the launcher, against the emulator's introspection. */
class SchemaCheckTest {

    @TempDir
    Path dir;

    /** runs the launcher and returns what it printed on standard output */
    static String stdout(SyncHarness h, int expectedExit, String... flags) {
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = h.run(flags);
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        original.print(text);
        assertEquals(expectedExit, code, text + h.stderr);
        return text;
    }

    @Test
    void bundledQueriesPassWithTheDeprecationWarnedAndTheSchemaCached() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir);
            String out = stdout(h, 0, "--check-schema");
            assertTrue(out.contains("routes/graphql/issues.graphql: warning: Issue.sourceRule is deprecated: Use"
                    + " sourceRules"), out);
            assertTrue(out.contains("0 with errors"), out);
            assertEquals(1, emulator.graphqlRequests(), "one introspection request, no stream run");
            JsonNode cached = SyncHarness.JSON.readTree(dir.resolve("data").resolve(SchemaCheck.CACHE_FILE).toFile());
            assertTrue(cached.path("fetchedAt").asText().startsWith("20"), cached.toString());
            assertTrue(cached.path("data").path("__schema").path("types").isArray());
        }
    }

    @Test
    void aMisspeltQueryFailsTheCheckNamingTheNearestField() throws Exception {
        Path query = dir.resolve("typo.graphql");
        Files.writeString(query, Files.readString(Path.of("src/test/resources/streams/projects.graphql"))
                .replace("businessUnit", "businesUnit"));
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        Files.writeString(routes.resolve("typo.yaml"), Files.readString(Path.of("src/test/resources/streams/projects.yaml"))
                .replace("src/test/resources/streams/projects.graphql", query.toString()));
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).extraRoutes("file:" + routes + "/*.yaml");
            String out = stdout(h, 1, "--check-schema");
            assertTrue(out.contains(query + ": error: Field 'businesUnit' in type 'Project' is undefined"), out);
            assertTrue(out.contains("did you mean 'businessUnit'?"), out);
            assertTrue(out.contains("routes/graphql/issues.graphql: warning"), out);
        }
    }

    @Test
    void aTenantWithoutARootDisablesOnlyThatStreamAtStart() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(50).withoutRoots("projects").build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).extraRoutes("file:src/test/resources/streams/*.yaml")
                    .set("wiz.streams", "issues,projects").set("wiz.check-schema-on-start", "true");
            assertEquals(1, h.run(), h.stderr);
            assertTrue(h.stderr.contains("stream projects not started: schema check: src/test/resources/streams/"
                    + "projects.graphql: the tenant's schema has no root projects"), h.stderr);
            List<JsonNode> history = h.history();
            assertEquals(1, history.size(), history.toString());
            assertEquals("issues", history.get(0).path("stream").asText());
            assertEquals("succeeded", history.get(0).path("outcome").asText());
        }
    }
}
