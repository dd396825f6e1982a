package io.wizcamel.users;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.Identities;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user lifecycle as deployed (the launcher's --plan users / --apply users, routes/users, application.properties)
 * against the Wiz emulator's users and its createUser / updateUser / deleteUser.
 *
 * <p>The emulator's 40 people: #0 Dana Reyes (GLOBAL_ADMIN), #1 Sam Okafor (GLOBAL_READER, a mixed-case email),
 * #2 Priya Natarajan (GLOBAL_CONTRIBUTOR), #3 Lars Jensen (PROJECT_ADMIN, one project), #4 Mei Chen (PROJECT_MEMBER,
 * two projects, suspended), #5 Tomas Alvarez (PROJECT_READER); every sixth from #4 suspended (34 active).
 */
class UserLifecycleTest {

    static final String SECRET = "emulator-secret";

    @TempDir
    Path dir;

    static String project(WizEmulator e, int k) {
        return e.projects().node(k).path("id").asText();
    }

    static String projectName(WizEmulator e, int k) {
        return e.projects().node(k).path("name").asText();
    }

    /** a desired file asking for one change of each kind, and five rows that must be refused */
    static String mixedCsv(WizEmulator e) {
        List<String> p3 = Identities.assignedProjects(3);
        List<String> p4 = Identities.assignedProjects(4);
        return String.join("\n",
                "email,name,role,projects,active,delete",
                "dana.reyes@acme.example,Dana Reyes-Okafor,,,true,",                        // 2: update name
                "sam.okafor@acme.example,,Global Contributor,,true,",                        // 3: update role (by name)
                "priya.natarajan@acme.example,,,,false,",                                    // 4: suspend
                "lars.jensen@acme.example,,,\"" + p3.get(0) + ";" + projectName(e, 5) + "\",true,", // 5: projects
                "mei.chen@acme.example,,,\"" + String.join(";", p4) + "\",true,",           // 6: reactivate
                "tomas.alvarez@acme.example,,,,true,true",                                   // 7: delete
                "new.person@acme.example,New Person,GLOBAL_READER,,true,",                   // 8: create
                "bad.role@acme.example,Bad Role,SUPER_ADMIN,,true,",                         // 9: unknown role
                "bad.project@acme.example,Bad Project,PROJECT_READER,Project 99,true,",     // 10: unknown project
                "twice@acme.example,Twice,GLOBAL_READER,,true,",                             // 11: duplicate
                "TWICE@acme.example,Twice Again,GLOBAL_READER,,true,",                       // 12: duplicate
                "not-an-email,Nobody,GLOBAL_READER,,true,")                                  // 13: malformed
                + "\n";
    }

    SyncHarness harness(WizEmulator e, Path desired) {
        return new SyncHarness(e, dir).set("wiz.users.desired-file", desired.toString())
                .set("wiz.users.allow-delete", "true").set("wiz.sinks", "file");
    }

    static JsonNode planJson(String stdout) throws Exception {
        int start = stdout.indexOf("\n{") + 1;
        int end = stdout.lastIndexOf("\n}") + 2;
        return SyncHarness.JSON.readTree(stdout.substring(start, end));
    }

    static JsonNode change(JsonNode plan, String email) {
        for (JsonNode c : plan.path("changes")) {
            if (email.equals(c.path("email").asText())) {
                return c;
            }
        }
        throw new AssertionError("no change for " + email + " in " + plan);
    }

    static String why(JsonNode plan, String lineTag) {
        for (JsonNode c : plan.path("changes")) {
            if (c.path("why").asText().contains(lineTag)) {
                return c.path("why").asText();
            }
        }
        throw new AssertionError("no change from " + lineTag + " in " + plan);
    }

    @Test
    void thePlanShowsEachKindOfChangeAndEachRefusedRowAndChangesNothing() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start()) {
            Path desired = Files.writeString(dir.resolve("users.csv"), mixedCsv(e));
            SyncHarness h = harness(e, desired);
            assertEquals(3, h.launch("--plan", "users"), h.stderr); // rows refused: 3, as --apply would
            assertEquals(0, e.userMutations(), "a plan changes nothing");
            JsonNode plan = planJson(h.stdout);
            assertEquals("update", change(plan, "dana.reyes@acme.example").path("action").asText());
            assertEquals("[\"name\"]", change(plan, "dana.reyes@acme.example").path("fields").toString());
            assertEquals("Dana Reyes", change(plan, "dana.reyes@acme.example").path("before").path("name").asText());
            assertEquals("Dana Reyes-Okafor", change(plan, "dana.reyes@acme.example").path("after").path("name")
                    .asText());
            JsonNode sam = change(plan, "sam.okafor@acme.example");
            assertEquals("update", sam.path("action").asText());
            assertEquals("GLOBAL_READER", sam.path("before").path("role").asText());
            assertEquals("GLOBAL_CONTRIBUTOR", sam.path("after").path("role").asText(), "a role named, resolved");
            assertEquals("suspend", change(plan, "priya.natarajan@acme.example").path("action").asText());
            JsonNode lars = change(plan, "lars.jensen@acme.example");
            assertEquals("[\"projects\"]", lars.path("fields").toString());
            assertTrue(lars.path("after").path("projects").toString().contains(project(e, 5)), lars.toString());
            assertEquals("reactivate", change(plan, "mei.chen@acme.example").path("action").asText());
            assertEquals("[\"active\"]", change(plan, "mei.chen@acme.example").path("fields").toString());
            assertEquals("delete", change(plan, "tomas.alvarez@acme.example").path("action").asText());
            assertEquals("create", change(plan, "new.person@acme.example").path("action").asText());
            assertTrue(why(plan, "line 9").contains("unknown role 'SUPER_ADMIN'"), plan.toString());
            assertTrue(why(plan, "line 10").contains("unknown project 'Project 99'"), plan.toString());
            assertTrue(why(plan, "line 11").contains("duplicate email"), plan.toString());
            assertTrue(why(plan, "line 12").contains("duplicate email"), plan.toString());
            assertTrue(why(plan, "line 13").contains("malformed email"), plan.toString());
            JsonNode counts = plan.path("counts");
            assertEquals(1, counts.path("create").asInt());
            assertEquals(3, counts.path("update").asInt());
            assertEquals(1, counts.path("suspend").asInt());
            assertEquals(1, counts.path("reactivate").asInt());
            assertEquals(1, counts.path("delete").asInt());
            assertEquals(5, counts.path("refuse").asInt());
            // the table: a line per change, then the totals
            assertTrue(h.stdout.contains("update     dana.reyes@acme.example"), h.stdout);
            assertTrue(h.stdout.contains("name: Dana Reyes -> Dana Reyes-Okafor"), h.stdout);
            assertTrue(h.stdout.contains("1 to create, 3 to update, 1 to suspend, 1 to reactivate, 1 to delete,"
                    + " 5 refused"), h.stdout);
        }
    }

    @Test
    void applyMakesTheGoodRowsRecordsEveryChangeAndTheSecondApplyMakesNoMutation() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start()) {
            Path desired = Files.writeString(dir.resolve("users.csv"), mixedCsv(e));
            SyncHarness h = harness(e, desired);
            assertEquals(3, h.launch("--apply", "users"), h.stderr + h.stdout); // 5 rows refused
            assertEquals(7, e.userMutations(), h.stdout);
            Identities who = e.identities();
            assertEquals("Dana Reyes-Okafor", who.user(0).path("name").asText());
            assertEquals("GLOBAL_CONTRIBUTOR", who.user(1).path("effectiveRole").path("id").asText());
            assertTrue(who.user(2).path("isSuspended").asBoolean());
            assertTrue(who.user(3).path("effectiveAssignedProjects").toString().contains(project(e, 5)));
            assertFalse(who.user(4).path("isSuspended").asBoolean());
            assertTrue(who.user(5).has("_deleted"), "deleted (wiz.users.allow-delete=true)");
            JsonNode created = who.user(who.users() - 1);
            assertEquals("new.person@acme.example", created.path("email").asText());
            assertEquals("GLOBAL_READER", created.path("effectiveRole").path("id").asText());
            assertTrue(h.stdout.contains("refused  refuse     bad.role@acme.example"), h.stdout);

            // every change, applied or refused, a user-changes record at the file sink; the history counts them
            List<JsonNode> records = records(dir.resolve("out").resolve("user-changes"));
            assertEquals(12, records.size(), records.toString());
            assertEquals(7, records.stream().filter(r -> r.path("outcome").asText().equals("applied")).count());
            assertEquals(5, records.stream().filter(r -> r.path("outcome").asText().equals("refused")).count());
            JsonNode dana = records.stream().filter(r -> "dana.reyes@acme.example".equals(r.path("email").asText()))
                    .findFirst().orElseThrow();
            assertEquals("Dana Reyes", dana.path("before").path("name").asText());
            assertEquals("Dana Reyes-Okafor", dana.path("after").path("name").asText());
            assertTrue(dana.path("why").asText().contains("users.csv line 2"), dana.toString());
            assertTrue(dana.path("by").asText().contains("graphql"), dana.toString());
            JsonNode run = h.lastRun();
            assertEquals("user-changes", run.path("stream").asText());
            assertEquals("partial", run.path("outcome").asText(), "rows were refused");
            assertEquals(7, run.path("changes").path("applied").asInt(), run.toString());
            assertEquals(5, run.path("changes").path("refused").asInt(), run.toString());

            // the same desired state again: nothing left to change, not one mutation
            assertEquals(3, h.launch("--apply", "users"), h.stderr);
            assertEquals(7, e.userMutations(), "the second apply made no mutation: " + h.stdout);
            assertTrue(h.stdout.contains("0 to create, 0 to update, 0 to suspend, 0 to reactivate, 0 to delete,"
                    + " 5 refused"), h.stdout);

            // no secret anywhere: output, log, records, state
            assertNoSecret(h);
        }
    }

    @Test
    void theGuardsRefuseAMassSuspensionAndAnEmptyFileUnlessForced() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start()) {
            // a truncated export: three people left, the others absent and manage-absent=suspend
            Path desired = Files.writeString(dir.resolve("users.jsonl"), Stream.of(0, 1, 2)
                    .map(i -> "{\"email\":\"" + Identities.email(i) + "\"}").reduce("", (a, b) -> a + b + "\n"));
            SyncHarness h = harness(e, desired).set("wiz.users.manage-absent", "suspend");
            assertEquals(1, h.launch("--apply", "users"), h.stdout);
            assertEquals(0, e.userMutations());
            assertTrue(h.stderr.contains("WIZ_USERS_MAX_SUSPEND_PERCENT") && h.stderr.contains("--force"), h.stderr);
            assertEquals("failed", h.lastRun().path("outcome").asText());

            Path empty = Files.writeString(dir.resolve("empty.csv"), "email,name,role,projects,active\n");
            SyncHarness h2 = harness(e, empty);
            assertEquals(1, h2.launch("--apply", "users"), h2.stdout);
            assertTrue(h2.stderr.contains("no users") && h2.stderr.contains("--force"), h2.stderr);
            assertEquals(0, e.userMutations());

            assertEquals(2, h.launch("--force"), "--force alone is a bad command line");
            assertEquals(0, h.launch("--apply", "users", "--force"), h.stderr + h.stdout);
            int active = 0;
            for (int i = 0; i < e.identities().users(); i++) {
                active += e.identities().user(i).path("isSuspended").asBoolean() ? 0 : 1;
            }
            // the three named stay; those without an email cannot be named, and stay too
            assertEquals(3 + 4, active, "the others suspended when forced");
        }
    }

    @Test
    void aCreateWhoseAnswerIsLostIsFoundByEmailAndNotMadeTwice() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start()) {
            Path desired = Files.writeString(dir.resolve("users.csv"),
                    "email,name,role\nlate.answer@acme.example,Late Answer,GLOBAL_READER\n");
            // the server makes the user, then answers after the client has given up (timeout 2 s)
            e.enqueueForMutation(Fault.answerAfter(Duration.ofSeconds(5)));
            SyncHarness h = harness(e, desired).set("wiz.request-timeout-seconds", "2");
            assertEquals(0, h.launch("--apply", "users"), h.stderr + h.stdout);
            int found = 0;
            for (int i = 0; i < e.identities().users(); i++) {
                if ("late.answer@acme.example".equals(e.identities().user(i).path("email").asText())) {
                    found++;
                }
            }
            assertEquals(1, found, "created once");
            assertEquals(1, e.userMutations(), "one createUser: re-read by email, not sent again");
            assertTrue(h.logs.contains("not creating it again"), h.logs);
        }
    }

    @Test
    void withoutTheAdminUsersScopeTheErrorNamesIt() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).denyScopes("admin:users").build().start()) {
            Path desired = Files.writeString(dir.resolve("users.csv"),
                    "email,name,role\nsomeone.new@acme.example,Someone New,GLOBAL_READER\n");
            SyncHarness h = harness(e, desired);
            assertEquals(1, h.launch("--apply", "users"), h.stdout);
            assertTrue(h.stderr.contains("admin:users") && h.stderr.contains("write:users"), h.stderr);
            assertEquals(0, e.userMutations());

            // the SCIM channel without its provider's URL: refused at start, naming the key, before any call
            SyncHarness scim = harness(e, desired).set("wiz.users.channel", "scim");
            assertEquals(1, scim.launch("--plan", "users"), scim.stdout);
            assertTrue(scim.stderr.contains("WIZ_SCIM_URL"), scim.stderr);
            assertEquals(0, e.userMutations());
        }
    }

    static List<JsonNode> records(Path folder) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path f : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                out.addAll(SyncHarness.records(f));
            }
        }
        return out;
    }

    static void assertNoSecret(SyncHarness h) throws Exception {
        assertFalse((h.stdout + h.stderr + h.logs).contains(SECRET), "the client secret in the output");
        try (Stream<Path> s = Files.walk(h.dir)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                if (!f.toString().endsWith(".db") && !f.toString().endsWith(".csv")) {
                    assertFalse(Files.readString(f).toLowerCase(Locale.ROOT).contains(SECRET), f.toString());
                }
            }
        }
    }
}
