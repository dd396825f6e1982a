package io.wizcamel.users;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Data cases of the plan (src/test/resources/users/&lt;case&gt;/: directory, roles and projects, desired file, settings,
 * expected plan): the desired file read and checked, the diff against a directory held in memory, the plan's JSON.
 */
class UserPlanCasesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CASES = Path.of("src/test/resources/users");

    /** a directory of given users, read page by page as a channel would (two a page) */
    record ListDirectory(List<DirectoryUser> users) implements UserDirectory {
        @Override
        public String channel() {
            return "test";
        }

        @Override
        public void forEachUser(Consumer<DirectoryUser> each) {
            for (int i = 0; i < users.size(); i += 2) {
                users.subList(i, Math.min(users.size(), i + 2)).forEach(each);
            }
        }

        @Override
        public Optional<DirectoryUser> findByEmail(String email) {
            return users.stream().filter(u -> email.equalsIgnoreCase(u.email())).findFirst();
        }

        @Override
        public DirectoryUser create(DesiredUser user) {
            throw new UnsupportedOperationException("a plan changes nothing");
        }

        @Override
        public DirectoryUser update(DirectoryUser current, DesiredUser desired) {
            throw new UnsupportedOperationException("a plan changes nothing");
        }

        @Override
        public void delete(DirectoryUser current) {
            throw new UnsupportedOperationException("a plan changes nothing");
        }
    }

    @TestFactory
    Stream<DynamicTest> eachCaseGivesItsPlan() throws Exception {
        List<Path> cases;
        try (Stream<Path> s = Files.list(CASES)) {
            cases = s.filter(Files::isDirectory).sorted().toList();
        }
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> check(c)));
    }

    private static void check(Path c) throws Exception {
        JsonNode refsJson = JSON.readTree(c.resolve("references.json").toFile());
        UserReferences.Refs refs = new UserReferences.Refs();
        refsJson.path("roles").forEach(r -> refs.role(r.path("id").asText(), r.path("name").asText()));
        refsJson.path("projects").forEach(p -> refs.project(p.path("id").asText(), p.path("name").asText()));
        List<DirectoryUser> users = new ArrayList<>();
        for (String line : Files.readAllLines(c.resolve("directory.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            TreeSet<String> projects = new TreeSet<>();
            n.path("projects").forEach(p -> projects.add(p.asText()));
            users.add(new DirectoryUser(n.path("id").asText(), n.path("email").isNull() ? null
                    : n.path("email").asText(), n.path("name").asText(), n.path("role").asText(), projects,
                    n.path("active").asBoolean()));
        }
        Properties settings = new Properties();
        try (Reader r = Files.newBufferedReader(c.resolve("settings.properties"))) {
            settings.load(r);
        }
        Path desired = Files.exists(c.resolve("desired.csv")) ? c.resolve("desired.csv") : c.resolve("desired.jsonl");
        UserPlan plan = UserPlanner.plan(new ListDirectory(users), DesiredState.read(desired, refs),
                UserPlanner.Absent.valueOf(settings.getProperty("manage-absent").toUpperCase()),
                Boolean.parseBoolean(settings.getProperty("allow-delete")));
        Path expected = c.resolve("plan.json");
        if (!Files.exists(expected)) {
            Files.writeString(expected, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(plan.json()) + "\n");
            throw new AssertionError("no plan.json in " + c + ": written from this run; review it and run again");
        }
        assertEquals(JSON.readTree(expected.toFile()), JSON.readTree(JSON.writeValueAsString(plan.json())),
                c + "\n" + plan.table());
    }
}
