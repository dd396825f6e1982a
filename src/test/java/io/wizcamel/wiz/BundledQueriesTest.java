package io.wizcamel.wiz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import graphql.schema.GraphQLSchema;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;

/**
 * Every bundled query file (routes/graphql, and the tests' own) fits the emulator's SDL, the schema it
 * validates requests with and answers introspection from: a typo in a query fails the build, not a customer's run.
 */
class BundledQueriesTest {

    static final GraphQLSchema EMULATED = WizEmulator.builder().build().graphqlSchema();

    @Test
    void everyBundledQueryFitsTheEmulatedSchema() throws Exception {
        List<Path> files;
        try (Stream<Path> s = Stream.concat(Files.walk(Path.of("routes")), Files.walk(Path.of("src/test/resources/queries")))) {
            files = s.filter(p -> p.toString().endsWith(".graphql")).sorted().toList();
        }
        assertFalse(files.isEmpty());
        for (Path file : files) {
            List<SchemaCheck.Finding> errors = SchemaCheck.check(EMULATED, Files.readString(file)).stream()
                    .filter(SchemaCheck.Finding::error).toList();
            assertEquals(List.of(), errors, file.toString());
        }
    }

    @Test
    void aMisspeltFieldNamesTheNearestOneAndADeprecatedFieldWarnsWithTheReason() throws Exception {
        String issues = Files.readString(Path.of("routes/graphql/issues.graphql"));
        List<SchemaCheck.Finding> findings = SchemaCheck.check(EMULATED, issues.replace("      severity\n", "      sevrity\n"));
        assertEquals(1, findings.size(), findings.toString());
        assertTrue(findings.get(0).error());
        assertTrue(findings.get(0).text().contains("Field 'sevrity' in type 'Issue' is undefined"), findings.toString());
        assertTrue(findings.get(0).text().endsWith("; did you mean 'severity'?"), findings.toString());

        assertEquals(List.of(), SchemaCheck.check(EMULATED, issues), "the bundled query selects no deprecated field");
        // a tenant's query that selects the deprecated single rule (issues.graphql's comment says how)
        String legacy = Files.readString(Path.of("src/test/resources/queries/issues-source-rule.graphql"));
        assertEquals(List.of(new SchemaCheck.Finding(false, "Issue.sourceRule is deprecated: Use sourceRules")),
                SchemaCheck.check(EMULATED, legacy));

        List<SchemaCheck.Finding> argument = SchemaCheck.check(EMULATED, issues.replace("(first: $first,", "(firs: $first,"));
        assertTrue(argument.stream().anyMatch(f -> f.error() && f.text().contains("'firs'")
                && f.text().contains("did you mean 'first'?")), argument.toString());
    }
}
