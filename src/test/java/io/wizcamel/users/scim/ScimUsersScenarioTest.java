package io.wizcamel.users.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.Identities;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.emulator.scim.ScimServiceProvider;
import io.wizcamel.http.SecretHeader;
import io.wizcamel.users.DesiredUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user plan as deployed (--plan users / --apply users, routes/users, application.properties) with
 * WIZ_USERS_CHANNEL=scim: the users live in the SCIM emulator; Wiz's API (the emulator) only resolves role and
 * project names. Plan changes nothing, apply makes each change through SCIM, a second apply writes nothing, and the
 * SCIM token is nowhere in the output. The create's answer is lost (it times out after the provider made it): the user
 * is found by email and completed, not made twice.
 */
class ScimUsersScenarioTest {

    static final String TOKEN = "scim-T0KEN-never-shown-8842";

    @TempDir
    Path dir;

    @Test
    void planThenApplyThroughScimThenApplyAgainWritesNothing() throws Exception {
        // twenty others, absent from the desired file and left alone (suspending 1 of 23 passes the 10 % guard)
        ScimServiceProvider.Builder b = ScimServiceProvider.builder().token(TOKEN).users(20).maxResults(4);
        Identities.roleIds().forEach(r -> b.group("wiz-role-" + r));
        WizEmulator.PROJECT_IDS.forEach(p -> b.group("wiz-project-" + p));
        String p0 = WizEmulator.PROJECT_IDS.get(0);
        String p1 = WizEmulator.PROJECT_IDS.get(1);
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start();
                ScimServiceProvider scim = b.start();
                ScimUserDirectory seed = new ScimUserDirectory(scim.url(), new SecretHeader("Bearer", TOKEN), 100, 10,
                        "wiz-role-", "wiz-project-", 0, 10, 10, 10)) {
            seed.create(new DesiredUser("seed", "dana.reyes@acme.example", "Dana Reyes", "GLOBAL_ADMIN", Set.of(),
                    true, false));
            seed.create(new DesiredUser("seed", "sam.okafor@acme.example", "Sam Okafor", "GLOBAL_READER", Set.of(),
                    true, false));
            seed.create(new DesiredUser("seed", "priya.natarajan@acme.example", "Priya Natarajan", "PROJECT_READER",
                    Set.of(p0), true, false));
            scim.resetCounts();

            String projectName = e.projects().node(1).path("name").asText();
            Path desired = Files.writeString(dir.resolve("users.csv"), String.join("\n",
                    "email,name,role,projects,active",
                    "dana.reyes@acme.example,Dana Reyes-Okafor,,,true",               // 2: name
                    "Sam.Okafor@acme.example,,Global Contributor,,true",              // 3: role, by name
                    "priya.natarajan@acme.example,,,\"" + p0 + "\",false",            // 4: suspend
                    "new.person@acme.example,New Person,PROJECT_MEMBER,\"" + p0 + ";" + projectName + "\",true", // 5
                    "bad.role@acme.example,Bad Role,SUPER_ADMIN,,true") + "\n");     // 6: refused
            SyncHarness h = new SyncHarness(e, dir).set("wiz.users.desired-file", desired.toString())
                    .set("wiz.sinks", "file").set("wiz.users.channel", "scim").set("wiz.scim.url", scim.url())
                    .set("wiz.scim.token", TOKEN).set("wiz.scim.page-size", "5");

            assertEquals(3, h.launch("--plan", "users"), h.stderr + h.stdout);
            assertEquals(0, scim.writes(), "a plan writes nothing");
            assertTrue(h.stdout.contains("1 to create, 2 to update, 1 to suspend, 0 to reactivate, 0 to delete,"
                    + " 1 refused"), h.stdout);

            // the create is made, but its answer comes after the channel gave up (3 s): re-read, not made twice
            scim.stallAfterApplying("POST", "/Users", 8000);
            h.set("wiz.scim.timeout-seconds", "3");
            assertEquals(3, h.launch("--apply", "users"), h.stderr + h.stdout);
            assertEquals(0, e.userMutations(), "nothing through GraphQL when the channel is scim");
            assertTrue(h.logs.contains("not creating it again"), h.logs);
            assertEquals(20 + 3 + 1, scim.userCount(), "new.person made once");
            assertEquals("Dana Reyes-Okafor", scim.user("dana.reyes@acme.example").orElseThrow().path("displayName")
                    .asText());
            assertEquals(Set.of("dana.reyes@acme.example"), scim.members("wiz-role-GLOBAL_ADMIN"));
            assertEquals(Set.of("sam.okafor@acme.example"), scim.members("wiz-role-GLOBAL_CONTRIBUTOR"));
            assertEquals(Set.of(), scim.members("wiz-role-GLOBAL_READER"));
            assertFalse(scim.user("priya.natarajan@acme.example").orElseThrow().path("active").asBoolean());
            ObjectNode created = scim.user("new.person@acme.example").orElseThrow();
            assertTrue(created.path("active").asBoolean());
            assertEquals("New Person", created.path("displayName").asText());
            assertEquals(Set.of("new.person@acme.example"), scim.members("wiz-role-PROJECT_MEMBER"));
            assertTrue(scim.members("wiz-project-" + p0).contains("new.person@acme.example"));
            assertTrue(scim.members("wiz-project-" + p1).contains("new.person@acme.example"), "a project by name");
            assertTrue(scim.user("bad.role@acme.example").isEmpty());
            assertEquals(1, scim.requests("POST"), "one create");

            List<JsonNode> records = SyncHarness.records(Files.list(dir.resolve("out").resolve("user-changes"))
                    .filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow());
            assertEquals(5, records.size(), records.toString());
            assertTrue(records.stream().anyMatch(r -> r.path("by").asText().contains("scim")), records.toString());
            JsonNode run = h.lastRun();
            assertEquals("partial", run.path("outcome").asText(), run.toString());
            assertEquals(4, run.path("changes").path("applied").asInt(), run.toString());

            scim.resetCounts();
            assertEquals(3, h.launch("--apply", "users"), h.stderr + h.stdout);
            assertEquals(0, scim.writes(), "the second apply wrote nothing: " + h.stdout);
            assertTrue(h.stdout.contains("0 to create, 0 to update, 0 to suspend, 0 to reactivate, 0 to delete,"
                    + " 1 refused"), h.stdout);

            assertFalse((h.stdout + h.stderr + h.logs).contains(TOKEN), "the SCIM token in the output");
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path f : s.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".db")).toList()) {
                    assertFalse(Files.readString(f).contains(TOKEN), f.toString());
                }
            }
        }
    }
}
