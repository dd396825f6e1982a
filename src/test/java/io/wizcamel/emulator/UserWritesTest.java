package io.wizcamel.emulator;

import static io.wizcamel.emulator.WizEmulatorTest.M;
import static io.wizcamel.emulator.WizEmulatorTest.code;
import static io.wizcamel.emulator.WizEmulatorTest.gql;
import static io.wizcamel.emulator.WizEmulatorTest.token;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The emulator's createUser, updateUser and deleteUser: production's input shapes, errors as HTTP 200, counted. */
class UserWritesTest {

    static final String CREATE = "mutation($input: CreateUserInput!) { createUser(input: $input) { user { id email"
            + " effectiveRole { id } } } }";
    static final String UPDATE = "mutation($input: UpdateUserInput!) { updateUser(input: $input) { user { id name"
            + " isSuspended } } }";
    static final String DELETE = "mutation($input: DeleteUserInput!) { deleteUser(input: $input) { _stub } }";
    static final String FIND = "query($s: String) { users(first: 100, filterBy: {search: $s}) { nodes { id name email"
            + " isSuspended } pageInfo { hasNextPage endCursor } } }";

    static JsonNode input(String json) throws Exception {
        return M.readTree("{\"input\": " + json + "}");
    }

    @Test
    void writesChangeWhatUsersReturnsAndRefuseAsWizDoes() throws Exception {
        try (WizEmulator e = WizEmulator.builder().issues(0).build().start()) {
            String t = token(e);
            HttpResponse<String> r = gql(e, t, CREATE, input("{\"email\": \"x@acme.example\", \"name\": \"X\","
                    + " \"role\": \"NOT_A_ROLE\"}"));
            assertEquals(200, r.statusCode());
            assertEquals("BAD_USER_INPUT", code(r.body()));
            assertTrue(r.body().contains("Invalid role"), r.body());
            r = gql(e, t, CREATE, input("{\"email\": \"Dana.Reyes@acme.example\", \"name\": \"Dup\","
                    + " \"role\": \"GLOBAL_READER\"}"));
            assertTrue(code(r.body()).equals("BAD_USER_INPUT") && r.body().contains("already exists"), r.body());
            assertEquals(0, e.userMutations(), "refused writes are not counted");

            r = gql(e, t, CREATE, input("{\"email\": \"x@acme.example\", \"name\": \"X\", \"role\": \"GLOBAL_READER\","
                    + " \"assignedProjectIds\": [], \"sendEmailInvite\": false}"));
            String id = M.readTree(r.body()).at("/data/createUser/user/id").asText();
            assertEquals("GLOBAL_READER", M.readTree(r.body()).at("/data/createUser/user/effectiveRole/id").asText());
            JsonNode found = M.readTree(gql(e, t, FIND, M.readTree("{\"s\": \"x@acme.example\"}")).body())
                    .at("/data/users/nodes");
            assertEquals(1, found.size());
            assertEquals(id, found.get(0).get("id").asText());

            r = gql(e, t, UPDATE, input("{\"id\": \"" + id + "\", \"patch\": {\"name\": \"Y\", \"isSuspended\": true}}"));
            assertEquals("Y", M.readTree(r.body()).at("/data/updateUser/user/name").asText());
            assertTrue(M.readTree(r.body()).at("/data/updateUser/user/isSuspended").asBoolean());
            assertEquals("NOT_FOUND", code(gql(e, t, UPDATE, input("{\"id\": \"nope\", \"patch\": {}}")).body()));
            // the seed guide's shape is not the production one: refused by the schema
            assertEquals("GRAPHQL_VALIDATION_FAILED", code(gql(e, t, "mutation { updateUser(id: \"" + id + "\","
                    + " input: {isActive: false}) { user { id } } }", M.createObjectNode()).body()));

            gql(e, t, DELETE, input("{\"id\": \"" + id + "\"}"));
            assertEquals(0, M.readTree(gql(e, t, FIND, M.readTree("{\"s\": \"x@acme.example\"}")).body())
                    .at("/data/users/nodes").size());
            assertEquals(3, e.userMutations());

            e.denyScope("admin:users");
            r = gql(e, t, CREATE, input("{\"email\": \"z@acme.example\", \"name\": \"Z\", \"role\": \"GLOBAL_READER\"}"));
            assertEquals(200, r.statusCode());
            assertTrue(code(r.body()).equals("UNAUTHORIZED") && r.body().contains("admin:users"), r.body());
        }
    }
}
