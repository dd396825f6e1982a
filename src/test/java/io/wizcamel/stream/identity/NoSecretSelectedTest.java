package io.wizcamel.stream.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import graphql.language.AstTransformer;
import graphql.language.Document;
import graphql.language.Field;
import graphql.language.Node;
import graphql.language.NodeVisitorStub;
import graphql.parser.Parser;
import graphql.util.TraversalControl;
import graphql.util.TraverserContext;
import org.junit.jupiter.api.Test;

/**
 * No query file under routes/ selects a service account's clientSecret (Wiz's single-account root can return it):
 * every .graphql file is parsed and every field it selects, aliased or in a fragment, is looked at.
 */
class NoSecretSelectedTest {

    static final String SECRET = "clientSecret";

    @Test
    void noQueryFileSelectsTheClientSecret() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(Path.of("routes"))) {
            files = s.filter(p -> p.toString().endsWith(".graphql")).sorted().toList();
        }
        assertTrue(files.contains(Path.of("routes/graphql/service-accounts.graphql")), files.toString());
        for (Path f : files) {
            assertEquals(List.of(), secretFields(Files.readString(f)), f + " selects the client secret");
        }
    }

    @Test
    void theCheckFindsTheSecretHoweverItIsSelected() {
        assertEquals(List.of("clientSecret"), secretFields("{ serviceAccounts(first: 1) { nodes { id clientSecret } } }"));
        assertEquals(List.of("s"), secretFields("{ serviceAccounts(first: 1) { nodes { id s: clientSecret } } }"));
        assertEquals(List.of("clientSecret"), secretFields("query { serviceAccount(id: \"x\") { ...F } } "
                + "fragment F on ServiceAccount { clientSecret }"));
        assertEquals(List.of(), secretFields("{ serviceAccounts(first: 1) { nodes { id clientId } } } # clientSecret"));
    }

    /** the response keys of every field named clientSecret */
    static List<String> secretFields(String query) {
        Document doc = Parser.parse(query);
        List<String> found = new ArrayList<>();
        new AstTransformer().transform(doc, new NodeVisitorStub() {
            @Override
            public TraversalControl visitField(Field field, TraverserContext<Node> context) {
                if (SECRET.equalsIgnoreCase(field.getName())) {
                    found.add(field.getResultKey());
                }
                return TraversalControl.CONTINUE;
            }
        });
        return found;
    }
}
