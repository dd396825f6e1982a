package io.wizcamel.stream.identity;

import static io.wizcamel.stream.identity.IdentityStreamsTest.records;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.Identities;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * grants through the deployed routes, from the users, service-accounts and projects crawls: every grant expected
 * from the emulator's data, people without email counted, and a person's ids joined across crawls (the
 * userAccounts id of a fallback run, the users id, the project-owner id).
 */
class GrantsSyncTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void grantsComeFromTheCrawlsAtNoExtraRequestAndJoinPeopleAcrossIds() throws Exception {
        int users = 30;
        int accounts = 6;
        try (WizEmulator e = WizEmulator.builder().issues(0).users(users).serviceAccounts(accounts)
                .denyScopes("read:users").build().start()) {
            Identities who = e.identities();
            SyncHarness h = harness(e).set("wiz.streams", "grants,projects");

            // run 1: users refused, so the users crawl reads userAccounts: no user grants, but their ids are seen
            assertEquals(0, h.run(), h.stderr);
            Map<String, JsonNode> first = lastRuns(h);
            assertEquals(Set.of("users", "service-accounts", "projects", "grants"), first.keySet());
            long noEmail = java.util.stream.IntStream.range(0, users).filter(i -> !Identities.hasEmail(i)).count();
            List<JsonNode> grants = h.history().stream().filter(r -> r.path("stream").asText().equals("grants")).toList();
            assertEquals(3, grants.size(), "one grants run per source crawl");
            JsonNode fromUsers = grants.stream().filter(r -> r.path("source").asText().equals("users")).findFirst()
                    .orElseThrow();
            assertEquals(noEmail, fromUsers.path("dropped").path("noEmail").asLong(), fromUsers.toString());
            assertEquals(0, fromUsers.path("delivered").asLong());
            assertTrue(Files.notExists(dir.resolve("out/users")), "users not chosen: its own records stay home");

            // run 2: read:users granted: every user's role and projects, each with both ids the person has
            e.allowScope("read:users");
            e.resetCounters();
            assertEquals(0, h.run(), h.stderr);
            long requests = h.history().stream().skip(6).mapToLong(r -> r.path("requests").asLong()).sum();
            assertEquals(e.graphqlRequests(), requests, "grants runs ask Wiz for nothing");

            Map<String, JsonNode> delivered = new TreeMap<>();
            records(dir, "grants").forEach(g -> delivered.put(g.path("id").asText(), g));
            Map<String, List<String>> expected = new TreeMap<>();
            for (int i = 0; i < users; i++) {
                if (!Identities.hasEmail(i)) {
                    continue;
                }
                String email = Identities.email(i);
                List<String> ids = sorted(who.userId(i), who.accountId(i));
                expected.put(email + "|role|" + Identities.roleId(i), ids);
                for (String p : Identities.assignedProjects(i)) {
                    expected.put(email + "|projectMember|" + p, ids);
                }
            }
            for (int j = 0; j < accounts; j++) {
                JsonNode sa = who.serviceAccount(j);
                String id = sa.path("id").asText();
                sa.path("scopes").forEach(s -> expected.put(id + "|scope|" + s.asText(), List.of(id)));
                sa.path("assignedProjects").forEach(p -> expected.put(id + "|project|" + p.path("id").asText(),
                        List.of(id)));
            }
            // owners and champions, as the projects crawl's own records name them (none where the projects root
            // serves none)
            Map<String, String> userIdByEmail = new HashMap<>();
            for (int i = 0; i < users; i++) {
                if (Identities.hasEmail(i)) { // Noah Fischer (#7) has none in users, only as a champion
                    userIdByEmail.put(Identities.email(i), who.userId(i));
                }
            }
            int owners = 0;
            Set<String> ownerIds = new TreeSet<>();
            for (JsonNode project : records(dir, "projects")) {
                for (String[] kind : new String[][] {{"projectOwners", "projectOwner"},
                        {"securityChampions", "securityChampion"}}) {
                    for (JsonNode person : project.path(kind[0])) {
                        String email = person.path("email").asText("").toLowerCase(Locale.ROOT);
                        if (!email.isEmpty()) {
                            owners++;
                            ownerIds.add(person.path("id").asText());
                            String key = email + "|" + kind[1] + "|" + project.path("id").asText();
                            JsonNode grant = delivered.get(key);
                            assertTrue(grant != null, key);
                            assertTrue(ids(grant).contains(person.path("id").asText()), grant.toString());
                            if (userIdByEmail.containsKey(email)) {
                                assertTrue(ids(grant).contains(userIdByEmail.get(email)), "joined by email: " + grant);
                            }
                        }
                    }
                }
            }
            Map<String, List<String>> got = new TreeMap<>();
            delivered.forEach((id, g) -> {
                if (!g.path("source").asText().equals("projects")) {
                    got.put(id, ids(g));
                }
            });
            // a user who is also an owner carries the owner id too
            got.replaceAll((id, ids) -> ids.stream().filter(x -> !ownerIds.contains(x)).toList());
            assertEquals(expected, got);
            assertEquals(owners, delivered.values().stream().filter(g -> g.path("source").asText().equals("projects"))
                    .count());

            // the grants reach Kafka too, keyed by grant id
            Set<String> keys = KAFKA.readAll("wiz.grants").stream().map(ConsumerRecord::key)
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(delivered.keySet(), keys);

            // run 3: nothing changed, nothing delivered
            assertEquals(0, h.run(), h.stderr);
            h.history().stream().skip(12).filter(r -> r.path("stream").asText().equals("grants"))
                    .forEach(r -> assertEquals(0, r.path("delivered").asLong(), r.toString()));
        }
    }

    private SyncHarness harness(WizEmulator e) {
        SyncHarness h = new SyncHarness(e, dir).set("wiz.sinks", "file,kafka")
                .set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext());
        if (Files.notExists(Path.of("routes/streams/projects.yaml"))) {
            // until the projects stream ships, its test copy (routes/streams/projects.yaml once it does)
            h.extraRoutes("file:src/test/resources/streams/projects.yaml");
        }
        return h;
    }

    /** the last history line of each stream */
    private static Map<String, JsonNode> lastRuns(SyncHarness h) throws Exception {
        Map<String, JsonNode> out = new TreeMap<>();
        h.history().forEach(r -> out.put(r.path("stream").asText(), r));
        return out;
    }

    private static List<String> ids(JsonNode grant) {
        return IdentityStreamsTest.stream(grant.path("wizIds")).map(JsonNode::asText).toList();
    }

    private static List<String> sorted(String... ids) {
        return new TreeSet<>(List.of(ids)).stream().toList();
    }
}
