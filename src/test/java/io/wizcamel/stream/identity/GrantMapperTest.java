package io.wizcamel.stream.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Grants as data (src/test/resources/identity/grants): raw source pages in, grant records out. The same person is
 * u-ada in users, a-ada in userAccounts and o-ada as a project owner: the grants name all the ids seen so far,
 * joined by email through the state directory, page by page.
 */
class GrantMapperTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DATA = Path.of("src/test/resources/identity/grants");

    @TempDir
    Path state;

    @Test
    void grantsFromEachSourceJoinPeopleByEmailAcrossIds() throws Exception {
        try (PrincipalIds ids = new PrincipalIds(state.toString())) {
            GrantMapper grants = new GrantMapper(ids);
            RunStats run = new RunStats("grants", "grant", "test");
            assertEquals(expected("expected-users.jsonl"), text(grants.fromUsers(page("users.json"), run)));
            assertEquals(Map.of("noEmail", 2L), run.dropped, "no email, or a blank one");

            RunStats projects = new RunStats("grants", "grant", "test");
            assertEquals(expected("expected-projects.jsonl"), text(grants.fromProjects(page("projects.json"), projects)));
            assertEquals(Map.of("ownerNoEmail", 1L), projects.dropped);

            // the fallback's userAccounts pages grant nothing, but tell Ada's third id
            RunStats accounts = new RunStats("grants", "grant", "test");
            assertEquals(List.of(), grants.fromUsers(page("user-accounts.json"), accounts));
            assertEquals(Map.of("noEmail", 1L), accounts.dropped);

            assertEquals(expected("expected-users-again.jsonl"),
                    text(grants.fromUsers(page("users.json"), new RunStats("grants", "grant", "test"))));
            assertEquals(expected("expected-service-accounts.jsonl"),
                    text(grants.fromServiceAccounts(page("service-accounts.json"))));
        }
        // the ids outlive the process: a new instance over the same state directory knows them
        try (PrincipalIds again = new PrincipalIds(state.toString())) {
            assertEquals(Map.of("ada.lovelace@acme.example", List.of("a-ada", "o-ada", "u-ada")),
                    again.see(List.of(new PrincipalIds.Sighting("ada.lovelace@acme.example", "u-ada", "users"))));
        }
    }

    static JsonNode page(String name) throws IOException {
        return JSON.readTree(DATA.resolve(name).toFile());
    }

    static List<String> expected(String name) throws IOException {
        return Files.readAllLines(DATA.resolve(name));
    }

    static List<String> text(List<ObjectNode> records) {
        return records.stream().map(JsonNode::toString).toList();
    }
}
