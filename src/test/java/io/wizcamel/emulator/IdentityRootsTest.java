package io.wizcamel.emulator;

import static io.wizcamel.emulator.WizEmulatorTest.M;
import static io.wizcamel.emulator.WizEmulatorTest.code;
import static io.wizcamel.emulator.WizEmulatorTest.gql;
import static io.wizcamel.emulator.WizEmulatorTest.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** users, userAccounts, userRolesV2 and serviceAccounts as the identity streams meet them. */
class IdentityRootsTest {

    static final String USERS = "query($first: Int, $after: String) { users(first: $first, after: $after) { nodes "
        + "{ id name email isSuspended identityProviderType effectiveRole { id name scopes } "
        + "effectiveAssignedProjects { id name } } pageInfo { hasNextPage endCursor } totalCount } }";

    @Test
    void usersArePagedAtMostAHundredWithEveryKindOfPerson() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).users(230).build().start()) {
            String t = token(e);
            assertEquals("BAD_USER_INPUT", code(gql(e, t, USERS, M.readTree("{\"first\": 101}")).body()));
            List<JsonNode> all = new ArrayList<>();
            String after = null;
            int pages = 0;
            do {
                JsonNode vars = M.createObjectNode().put("first", 100).put("after", after);
                JsonNode page = M.readTree(gql(e, t, USERS, vars).body()).at("/data/users");
                page.get("nodes").forEach(all::add);
                after = page.at("/pageInfo/endCursor").asText();
                pages++;
                assertEquals(230, page.get("totalCount").asInt());
                if (!page.at("/pageInfo/hasNextPage").asBoolean()) {
                    break;
                }
            } while (true);
            assertEquals(3, pages);
            assertEquals(230, all.size());
            assertEquals(230, all.stream().map(u -> u.get("id").asText()).distinct().count());
            assertTrue(all.stream().anyMatch(u -> u.get("email").isNull()), "some have no email");
            assertTrue(all.stream().anyMatch(u -> u.get("isSuspended").asBoolean()));
            assertTrue(all.stream().anyMatch(u -> "SAML".equals(u.get("identityProviderType").asText())));
            assertTrue(all.stream().anyMatch(u -> "WIZ".equals(u.get("identityProviderType").asText())));
            assertTrue(all.stream().anyMatch(u -> u.get("effectiveAssignedProjects").size() == 2));
            assertEquals(Identities.email(1), all.get(1).get("email").asText().toLowerCase());
            assertNotEquals(Identities.email(1), all.get(1).get("email").asText(), "mixed case in users");
        }
    }

    @Test
    void userAccountsNameTheSamePeopleUnderOtherIdsAndUsersCanBeRefusedAlone() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).users(20).denyScopes("read:users").build().start()) {
            String t = token(e);
            assertEquals("UNAUTHORIZED", code(gql(e, t, USERS, M.readTree("{\"first\": 10}")).body()));
            JsonNode accounts = M.readTree(gql(e, t, "{ userAccounts(first: 50) { nodes { id name email } "
                + "pageInfo { hasNextPage endCursor } } }", null).body()).at("/data/userAccounts/nodes");
            assertEquals(20, accounts.size());
            Identities id = e.identities();
            for (int i = 0; i < 20; i++) {
                assertEquals(id.accountId(i), accounts.get(i).get("id").asText());
                assertNotEquals(id.userId(i), id.accountId(i));
                assertEquals(Identities.hasEmail(i) ? Identities.email(i) : null, accounts.get(i).get("email").textValue());
            }
            e.allowScope("read:users");
            assertEquals(10, M.readTree(gql(e, t, USERS, M.readTree("{\"first\": 10}")).body())
                .at("/data/users/nodes").size());
        }
    }

    @Test
    void rolesAreAPlainListAndServiceAccountsAPagedConnection() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).serviceAccounts(7).build().start()) {
            String t = token(e);
            JsonNode roles = M.readTree(gql(e, t, "{ userRolesV2 { id name scopes builtin isProjectScoped } }", null)
                .body()).at("/data/userRolesV2");
            assertTrue(roles.isArray());
            assertEquals(Identities.roleIds().size(), roles.size());
            assertTrue(has(roles, r -> !r.get("builtin").asBoolean() && r.get("isProjectScoped").asBoolean()));
            assertTrue(has(roles, r -> r.get("builtin").asBoolean() && !r.get("isProjectScoped").asBoolean()));
            // a plain list takes no paging arguments
            assertEquals("GRAPHQL_VALIDATION_FAILED", code(gql(e, t, "{ userRolesV2(first: 5) { id } }", null).body()));

            JsonNode page = M.readTree(gql(e, t, "{ serviceAccounts(first: 5) { nodes { id type clientId scopes "
                + "assignedProjects { id } lastRotatedAt } pageInfo { hasNextPage endCursor } } }", null).body())
                .at("/data/serviceAccounts");
            assertEquals(5, page.get("nodes").size());
            assertTrue(page.at("/pageInfo/hasNextPage").asBoolean());
            Set<String> types = new HashSet<>();
            page.get("nodes").forEach(n -> types.add(n.get("type").asText()));
            assertEquals(5, types.size());
            assertFalse(page.get("nodes").get(0).has("clientSecret"), "only what was selected");
        }
    }

    private static boolean has(JsonNode list, java.util.function.Predicate<JsonNode> p) {
        for (JsonNode n : list) {
            if (p.test(n)) {
                return true;
            }
        }
        return false;
    }
}
