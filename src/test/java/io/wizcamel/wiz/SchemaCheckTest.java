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

    /** a stream of the test's own, in dir/routes, on the sync template with the given query file */
    Path extraStream(String stream, String connection, Path query) throws Exception {
        Path routes = dir.resolve("routes");
        Files.createDirectories(routes);
        Files.writeString(routes.resolve(stream + ".yaml"), String.join("\n",
                "- templatedRoute:",
                "    routeTemplateRef: wiz-stream-sync",
                "    routeId: wiz-" + stream + "-sync",
                "    parameters:",
                "      - { name: stream, value: " + stream + " }",
                "      - { name: item, value: " + stream + " }",
                "      - { name: query, value: " + stream + " }",
                "      - { name: query-file, value: \"" + query + "\" }",
                "      - { name: connection, value: " + connection + " }",
                "      - { name: scope, value: \"read:all\" }", ""));
        return routes;
    }

    @Test
    void bundledQueriesPassAndTheSchemaIsCached() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir);
            String out = stdout(h, 0, "--check-schema");
            // every bundled query file (issues, projects, vulnerabilities, ...): each checked, each OK
            long queries;
            try (var files = Files.list(Path.of("routes/graphql"))) {
                queries = files.filter(f -> f.toString().endsWith(".graphql")).count();
            }
            for (String stream : List.of("issues", "projects", "vulnerabilities")) {
                assertTrue(out.contains("routes/graphql/" + stream + ".graphql: OK"), out);
            }
            assertTrue(out.lines().noneMatch(l -> l.contains(": warning") || l.contains(": error")), out);
            assertTrue(out.matches("(?s).*schema check: \\d+ file\\(s\\), 0 with errors, 0 warning\\(s\\).*"), out);
            long checked = Long.parseLong(out.replaceAll("(?s).*schema check: (\\d+) file\\(s\\).*", "$1"));
            assertEquals(queries, checked, out);
            assertEquals(1, emulator.graphqlRequests(), "one introspection request, no stream run");
            JsonNode cached = SyncHarness.JSON.readTree(dir.resolve("data").resolve(SchemaCheck.CACHE_FILE).toFile());
            assertTrue(cached.path("fetchedAt").asText().startsWith("20"), cached.toString());
            assertTrue(cached.path("data").path("__schema").path("types").isArray());
        }
    }

    @Test
    void aDeprecatedFieldWarnsWithTheReasonAndPasses() throws Exception {
        // a tenant's query that still selects the deprecated single rule (issues.graphql's comment says how)
        Path query = dir.resolve("legacy-issues.graphql");
        Files.writeString(query, Files.readString(Path.of("routes/graphql/issues.graphql"))
                .replace("sourceRules {", "sourceRule {"));
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir)
                    .extraRoutes("file:" + extraStream("legacy-issues", "issues", query) + "/*.yaml");
            String out = stdout(h, 0, "--check-schema");
            assertTrue(out.contains(query + ": warning: Issue.sourceRule is deprecated: Use sourceRules"), out);
            assertTrue(out.contains("routes/graphql/issues.graphql: OK"), out);
            assertTrue(out.contains("0 with errors, 1 warning(s)"), out);
        }
    }

    @Test
    void aMisspeltQueryFailsTheCheckNamingTheNearestField() throws Exception {
        Path query = dir.resolve("typo.graphql");
        Files.writeString(query, Files.readString(Path.of("routes/graphql/projects.graphql"))
                .replace("businessUnit", "businesUnit"));
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir)
                    .extraRoutes("file:" + extraStream("typo", "projects", query) + "/*.yaml");
            String out = stdout(h, 1, "--check-schema");
            assertTrue(out.contains(query + ": error: Field 'businesUnit' in type 'Project' is undefined"), out);
            assertTrue(out.contains("did you mean 'businessUnit'?"), out);
            assertTrue(out.contains("routes/graphql/issues.graphql: OK"), out);
            assertTrue(out.contains(", 1 with errors"), out);
        }
    }

    @Test
    void aTenantWithoutARootDisablesOnlyThatStreamAtStart() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(50).withoutRoots("projects").build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir)
                    .set("wiz.streams", "issues,projects").set("wiz.check-schema-on-start", "true");
            assertEquals(1, h.run(), h.stderr);
            // (the bundled query's $filterBy type goes with the root, and is named too)
            assertTrue(h.stderr.contains("stream projects not started: schema check: routes/graphql/projects.graphql"),
                    h.stderr);
            assertTrue(h.stderr.contains("routes/graphql/projects.graphql: the tenant's schema has no root projects"),
                    h.stderr);
            List<JsonNode> history = h.history();
            assertEquals(1, history.size(), history.toString());
            assertEquals("issues", history.get(0).path("stream").asText());
            assertEquals("succeeded", history.get(0).path("outcome").asText());
        }
    }
}
