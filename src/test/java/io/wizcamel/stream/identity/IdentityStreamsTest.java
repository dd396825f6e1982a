package io.wizcamel.stream.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.Identities;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** users, roles and service-accounts through the deployed routes: full, then unchanged, then one change. */
class IdentityStreamsTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void identityStreamsReachFileAndKafkaAndPassOnOnlyChanges() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).users(230).serviceAccounts(7).build().start()) {
            Identities who = e.identities();
            SyncHarness h = new SyncHarness(e, dir).set("wiz.streams", "users,roles,service-accounts")
                    .set("wiz.sinks", "file,kafka").set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext());
            assertEquals(0, h.run(), h.stderr);

            Map<String, JsonNode> runs = byStream(h.history());
            JsonNode users = runs.get("users");
            assertEquals("succeeded", users.path("outcome").asText());
            assertEquals(3, users.path("pages").asInt(), "230 users, 100 a page");
            assertEquals(230, users.path("sinks").path("file").path("delivered").asInt());
            assertTrue(users.path("notes").isMissingNode(), "nothing to say: users was read");
            assertEquals(1, runs.get("roles").path("pages").asInt(), "a plain list is one page");
            assertEquals(1, runs.get("roles").path("requests").asInt());
            assertEquals(Identities.roleIds().size(), runs.get("roles").path("sinks").path("file").path("delivered").asInt());
            assertEquals(7, runs.get("service-accounts").path("sinks").path("kafka").path("delivered").asInt());

            List<JsonNode> userRecords = records(dir, "users");
            assertEquals(230, userRecords.size());
            for (int i = 0; i < 230; i++) {
                JsonNode r = userRecords.get(i);
                assertEquals(who.userId(i), r.path("id").asText());
                assertEquals(Identities.hasEmail(i) ? Identities.email(i) : null, r.path("email").textValue(),
                        "lower-cased, null when none: user " + i);
                assertEquals(Identities.suspended(i), r.path("suspended").asBoolean());
                assertEquals(Identities.roleId(i), r.path("role").path("id").asText());
                assertEquals(Identities.assignedProjects(i),
                        stream(r.path("projects")).map(p -> p.path("id").asText()).toList());
                assertEquals("users", r.path("source").asText());
            }
            JsonNode one = userRecords.get(1);
            assertEquals(Set.of("id", "email", "name", "role", "projects", "identityProvider", "suspended",
                    "createdAt", "lastLoginAt", "source"), names(one));
            assertEquals(Identities.name(1), one.path("name").asText());

            List<JsonNode> roles = records(dir, "roles");
            assertEquals(Identities.roleIds(), roles.stream().map(r -> r.path("id").asText()).toList());
            assertTrue(roles.stream().anyMatch(r -> !r.path("builtin").asBoolean() && r.path("projectScoped").asBoolean()));

            List<JsonNode> accounts = records(dir, "service-accounts");
            assertEquals(7, accounts.size());
            assertEquals(Set.of("id", "name", "type", "clientId", "scopes", "projects", "createdAt", "lastRotatedAt"),
                    names(accounts.get(0)));
            for (Path f : h.allOutputFiles()) {
                assertFalse(Files.readString(f).contains("emulated-secret"), "no client secret in " + f);
            }

            assertEquals(230, KAFKA.readAll("wiz.users").size());
            assertEquals(Identities.roleIds().size(), KAFKA.readAll("wiz.roles").size());
            List<ConsumerRecord<String, String>> sa = KAFKA.readAll("wiz.service-accounts");
            Set<String> accountIds = accounts.stream().map(a -> a.path("id").asText())
                    .collect(Collectors.toCollection(TreeSet::new));
            Set<String> keys = sa.stream().map(ConsumerRecord::key).collect(Collectors.toCollection(TreeSet::new));
            assertEquals(accountIds, keys);

            // unchanged: every run reads everything, nothing is delivered again
            assertEquals(0, h.run(), h.stderr);
            Map<String, JsonNode> again = byStream(h.history().subList(3, 6));
            again.values().forEach(r -> assertEquals(0, r.path("delivered").asInt(), r.toString()));
            assertEquals(230, again.get("users").path("sinks").path("kafka").path("unchanged").asInt());

            // one user suspended: that user alone is delivered again
            e.identities().editUser(0, n -> n.put("isSuspended", true));
            assertEquals(0, h.run("--stream", "users"), h.stderr);
            JsonNode third = h.lastRun();
            assertEquals(1, third.path("sinks").path("kafka").path("delivered").asInt());
            assertEquals(229, third.path("sinks").path("kafka").path("unchanged").asInt());
            List<ConsumerRecord<String, String>> onTopic = KAFKA.readAll("wiz.users");
            assertEquals(231, onTopic.size());
            List<ConsumerRecord<String, String>> userZero = onTopic.stream().filter(m -> m.key().equals(who.userId(0)))
                    .toList();
            assertEquals(2, userZero.size(), "one partition per key: in order");
            assertFalse(SyncHarness.JSON.readTree(userZero.get(0).value()).path("suspended").asBoolean());
            assertTrue(SyncHarness.JSON.readTree(userZero.get(1).value()).path("suspended").asBoolean());
        }
    }

    @Test
    void usersRefusedFallsBackToUserAccountsAndSaysSoOnce() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).users(150).denyScopes("read:users").build().start()) {
            SyncHarness h = new SyncHarness(e, dir).set("wiz.streams", "users");
            assertEquals(0, h.run(), h.stderr);
            JsonNode run = h.lastRun();
            assertEquals("succeeded", run.path("outcome").asText());
            assertEquals(1, run.path("notes").size(), run.toString());
            assertTrue(run.path("notes").get(0).asText().contains("read:users"), run.toString());
            assertEquals(3, run.path("requests").asInt(), "the refused page, then two pages of userAccounts");
            long warnings = h.logs.lines().filter(l -> l.startsWith("WARN") && l.contains("userAccounts")
                    && l.contains("read:users")).count();
            assertEquals(1, warnings, h.logs);
            List<JsonNode> records = records(dir, "users");
            assertEquals(150, records.size());
            for (int i = 0; i < 150; i++) {
                JsonNode r = records.get(i);
                assertEquals(e.identities().accountId(i), r.path("id").asText());
                assertEquals("userAccounts", r.path("source").asText());
                assertEquals(Identities.hasEmail(i) ? Identities.email(i) : null, r.path("email").textValue());
                assertTrue(r.path("role").isNull() && r.path("projects").isNull() && r.path("suspended").isNull());
            }

            // read:users granted: the next run reads users (other ids: other records)
            e.allowScope("read:users");
            assertEquals(0, h.run(), h.stderr);
            assertTrue(h.lastRun().path("notes").isMissingNode());
            assertEquals(150, h.lastRun().path("delivered").asInt());

            // no fallback wanted, or userAccounts refused too: the run fails naming read:users
            e.denyScope("read:users");
            h.set("wiz.identity.users-fallback", "false");
            assertEquals(1, h.run());
            assertEquals("failed", h.lastRun().path("outcome").asText());
            assertTrue(h.lastRun().path("error").asText().contains("read:users"), h.lastRun().toString());
            h.set("wiz.identity.users-fallback", "true");
            e.denyScope("read:user_accounts");
            assertEquals(1, h.run());
            assertTrue(h.lastRun().path("error").asText().contains("read:users"), h.lastRun().toString());
        }
    }

    @Test
    void theFileSinkWritesEachRunAsOneScimListResponse() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(50).users(120).serviceAccounts(5).build().start()) {
            SyncHarness h = new SyncHarness(e, dir).set("wiz.streams", "issues,users,roles,service-accounts")
                    .set("wiz.sink.file.formats", "jsonl,scim").set("wiz.sink.file.roll-bytes", "1024");
            assertEquals(0, h.run(), h.stderr);
            Map<String, JsonNode> runs = byStream(h.history());
            for (String stream : List.of("users", "roles", "service-accounts")) {
                List<Path> scim = published(dir, stream, ".scim.json");
                assertEquals(List.of("out/" + stream + "/" + stream + "-" + runs.get(stream).path("runId").asText()
                        + "-0001.scim.json"), scim.stream().map(p -> dir.relativize(p).toString()).toList(),
                        "one ListResponse a run, whatever the roll-over size");
                assertTrue(runs.get(stream).path("outputFiles").toString().contains(".scim.json"));
                JsonNode list = SyncHarness.JSON.readTree(scim.get(0).toFile());
                int n = records(dir, stream).size();
                assertEquals(List.of("urn:ietf:params:scim:api:messages:2.0:ListResponse"),
                        stream(list.get("schemas")).map(JsonNode::asText).toList());
                assertEquals(n, list.get("totalResults").asInt());
                assertEquals(n, list.get("itemsPerPage").asInt());
                assertEquals(1, list.get("startIndex").asInt());
                assertEquals(n, list.get("Resources").size());
            }
            JsonNode users = SyncHarness.JSON.readTree(published(dir, "users", ".scim.json").get(0).toFile());
            JsonNode ada = users.at("/Resources/2");
            assertEquals(Identities.email(2), ada.path("userName").asText());
            assertEquals(e.identities().userId(2), ada.path("externalId").asText());
            assertEquals(!Identities.suspended(2), ada.path("active").asBoolean());
            assertEquals(Identities.roleId(2), ada.at("/roles/0/value").asText());
            JsonNode suspended = users.at("/Resources/4");
            assertFalse(suspended.path("active").asBoolean(), "user 4 is suspended");
            JsonNode roles = SyncHarness.JSON.readTree(published(dir, "roles", ".scim.json").get(0).toFile());
            assertEquals("urn:ietf:params:scim:schemas:core:2.0:Group", roles.at("/Resources/0/schemas/0").asText());
            assertTrue(published(dir, "issues", ".scim.json").isEmpty(), "issues have no SCIM form: no file");
            assertFalse(published(dir, "issues", ".jsonl").isEmpty());
            try (Stream<Path> all = Files.walk(dir.resolve("out"))) {
                assertEquals(List.of(), all.filter(p -> p.getFileName().toString().startsWith(".")).toList(),
                        "no part or wrap left behind");
            }
        }
    }

    static List<Path> published(Path dir, String stream, String suffix) throws IOException {
        Path folder = dir.resolve("out").resolve(stream);
        if (Files.notExists(folder)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)
                    && !p.getFileName().toString().startsWith(".")).sorted().toList();
        }
    }

    static Map<String, JsonNode> byStream(List<JsonNode> history) {
        return history.stream().collect(Collectors.toMap(r -> r.path("stream").asText(), Function.identity()));
    }

    /** every record a stream's published JSON Lines files hold, in order */
    static List<JsonNode> records(Path dir, String stream) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir.resolve("out").resolve(stream))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                out.addAll(SyncHarness.records(f));
            }
        }
        return out;
    }

    static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items.stream();
    }

    static Set<String> names(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
