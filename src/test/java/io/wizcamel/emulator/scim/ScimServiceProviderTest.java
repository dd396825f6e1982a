package io.wizcamel.emulator.scim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The SCIM emulator's contract (RFC 7643 / 7644): filters, PatchOp, uniqueness, errors, paging, auth, faults. */
class ScimServiceProviderTest {

    static final ObjectMapper JSON = new ObjectMapper();
    /** the fixed population the filters are asked about */
    static ScimServiceProvider people;
    /** where the other tests make and change users */
    static ScimServiceProvider scim;
    /** the emulator the helpers talk to */
    static ScimServiceProvider target;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    static String adaId;
    static String adminGroup;

    record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    }

    @BeforeAll
    static void start() throws Exception {
        people = ScimServiceProvider.builder().token("t0ken-for-tests").group("wiz-role-GLOBAL_ADMIN")
                .group("wiz-project-p1").start();
        target = people;
        adaId = create("ada@example.com", "Ada", "Lovelace", true, null).path("id").asText();
        String alan = create("alan@example.com", "Alan", "Turing", false, null).path("id").asText();
        String grace = create("grace@Example.org", "Grace", "Hopper", true, null).path("id").asText();
        create("linus@example.com", "Linus", "Torvalds", true, null);
        create("margaret@example.org", "Margaret", "Hamilton", true, "Director");
        adminGroup = groupId("wiz-role-GLOBAL_ADMIN");
        patch("/Groups/" + adminGroup, "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + adaId
                + "\"}]}");
        patch("/Groups/" + groupId("wiz-project-p1"), "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\""
                + alan + "\"},{\"value\":\"" + grace + "\"}]}");
        scim = ScimServiceProvider.builder().token("t0ken-for-tests").start();
        target = scim;
        scimAda = create("ada@example.com", "Ada", "Lovelace", true, null).path("id").asText();
    }

    static String scimAda;

    private static Answer fromPeople(String path) throws Exception {
        target = people;
        try {
            return get(path);
        } finally {
            target = scim;
        }
    }

    @AfterAll
    static void stop() {
        people.close();
        scim.close();
    }

    // ---- filters ---------------------------------------------------------------------------------------------

    static Stream<Arguments> filters() {
        return Stream.of(
                Arguments.of("userName eq \"ADA@example.com\"", "ada"), // userName is case-insensitive
                Arguments.of("userName ne \"ada@example.com\"", "alan grace linus margaret"),
                Arguments.of("userName co \"example.org\"", "grace margaret"),
                Arguments.of("userName sw \"a\"", "ada alan"),
                Arguments.of("userName ew \".ORG\"", "grace margaret"),
                Arguments.of("title pr", "margaret"),
                Arguments.of("emails.value eq \"ada@example.com\"", "ada"),
                Arguments.of("name.givenName sw \"Gr\"", "grace"),
                Arguments.of("name.familyName eq \"turing\"", "alan"),
                Arguments.of("active eq false", "alan"),
                Arguments.of("userName sw \"a\" and active eq true", "ada"),
                Arguments.of("userName sw \"g\" or userName sw \"m\"", "grace margaret"),
                Arguments.of("not (userName co \"example.com\")", "grace margaret"),
                Arguments.of("(userName sw \"a\" or userName sw \"g\") and not (active eq false)", "ada grace"),
                // and binds tighter than or
                Arguments.of("userName sw \"a\" or userName sw \"g\" and active eq false", "ada alan"),
                Arguments.of("emails[type eq \"work\" and value co \"grace\"]", "grace"),
                Arguments.of("userName gt \"l\"", "linus margaret"),
                Arguments.of("userName le \"alan@example.com\"", "ada alan"),
                Arguments.of("meta.created gt \"2000-01-01T00:00:00Z\"", "ada alan grace linus margaret"),
                Arguments.of("groups.display eq \"wiz-role-GLOBAL_ADMIN\"", "ada"),
                Arguments.of("groups.display eq \"wiz-project-p1\"", "alan grace"),
                Arguments.of("USERNAME EQ \"ada@example.com\"", "ada"),
                Arguments.of("urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"ada@example.com\"", "ada"),
                Arguments.of("title eq null", "ada alan grace linus"),
                Arguments.of("displayName eq \"Ada \\\"The\\\" Lovelace\"", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filters")
    void filterGrammar(String filter, String expected) throws Exception {
        Answer a = fromPeople("/Users?filter=" + enc(filter));
        assertEquals(200, a.status, a.body.toString());
        Set<String> names = new TreeSet<>();
        a.body.path("Resources").forEach(u -> names.add(u.path("userName").asText().split("@")[0].toLowerCase()));
        assertEquals(new TreeSet<>(expected.isEmpty() ? Set.of() : Set.of(expected.split(" "))), names);
        assertEquals(names.size(), a.body.path("totalResults").asInt());
    }

    @Test
    void idIsCaseExact() throws Exception {
        assertEquals(1, fromPeople("/Users?filter=" + enc("id eq \"" + adaId + "\"")).body.path("totalResults").asInt());
        assertEquals(0, fromPeople("/Users?filter=" + enc("id eq \"" + adaId.toUpperCase() + "\"")).body
                .path("totalResults").asInt());
    }

    static Stream<Arguments> badFilters() {
        return Stream.of("userName eq", "userName xx \"a\"", "userName eq ada", "(userName eq \"a\"",
                "nosuch eq \"x\"", "active gt true", "active eq \"true\"", "userName eq \"a\" and", "name eq \"x\"",
                "userName eq \"unterminated", "userName eq \"a\" \"b\"", "name.nosuch eq \"x\"",
                "meta.created gt \"yesterday\"").map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badFilters")
    void badFilterIs400InvalidFilter(String filter) throws Exception {
        assertError(fromPeople("/Users?filter=" + enc(filter)), 400, "invalidFilter");
    }

    // ---- PATCH -----------------------------------------------------------------------------------------------

    static Stream<Arguments> patches() {
        return Stream.of(
                Arguments.of("replace active", "{\"op\":\"replace\",\"path\":\"active\",\"value\":false}", 200,
                        "/active", "false"),
                Arguments.of("replace without path",
                        "{\"op\":\"replace\",\"value\":{\"active\":false,\"displayName\":\"X Y\"}}", 200,
                        "/displayName", "\"X Y\""),
                Arguments.of("replace name.givenName keeps familyName",
                        "{\"op\":\"replace\",\"path\":\"name.givenName\",\"value\":\"Augusta\"}", 200, "/name",
                        "{\"givenName\":\"Augusta\",\"familyName\":\"Case\",\"formatted\":\"Pat Case\"}"),
                Arguments.of("replace name merges sub-attributes",
                        "{\"op\":\"replace\",\"path\":\"name\",\"value\":{\"givenName\":\"A\"}}", 200, "/name/familyName",
                        "\"Case\""),
                Arguments.of("add a second email",
                        "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"b@x.io\",\"type\":\"home\"}]}", 200,
                        "/emails/1/value", "\"b@x.io\""),
                Arguments.of("add the same email again changes nothing",
                        "{\"op\":\"add\",\"path\":\"emails\",\"value\":[{\"value\":\"{user}\",\"type\":\"work\"}]}", 200,
                        "/emails/1", "<missing>"),
                Arguments.of("remove emails[type eq work]",
                        "{\"op\":\"remove\",\"path\":\"emails[type eq \\\"work\\\"]\"}", 200, "/emails", "<missing>"),
                Arguments.of("replace emails[type eq work].value",
                        "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"n@x.io\"}", 200,
                        "/emails/0/value", "\"n@x.io\""),
                Arguments.of("replace a filter matching nothing",
                        "{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"n@x.io\"}", 400,
                        "noTarget", null),
                Arguments.of("remove without path", "{\"op\":\"remove\"}", 400, "noTarget", null),
                Arguments.of("unknown op", "{\"op\":\"move\",\"path\":\"active\",\"value\":true}", 400,
                        "invalidSyntax", null),
                Arguments.of("a string for a Boolean", "{\"op\":\"replace\",\"path\":\"active\",\"value\":\"False\"}",
                        400, "invalidValue", null),
                Arguments.of("unknown attribute", "{\"op\":\"replace\",\"path\":\"nosuch\",\"value\":\"x\"}", 400,
                        "invalidPath", null),
                Arguments.of("bad path syntax", "{\"op\":\"replace\",\"path\":\"emails[type eq\",\"value\":\"x\"}", 400,
                        "invalidPath", null),
                Arguments.of("read-only id", "{\"op\":\"replace\",\"path\":\"id\",\"value\":\"x\"}", 400, "mutability",
                        null),
                Arguments.of("read-only groups", "{\"op\":\"add\",\"path\":\"groups\",\"value\":[{\"value\":\"x\"}]}",
                        400, "mutability", null),
                Arguments.of("remove the required userName", "{\"op\":\"remove\",\"path\":\"userName\"}", 400,
                        "mutability", null),
                Arguments.of("userName taken by another user (any case)",
                        "{\"op\":\"replace\",\"path\":\"userName\",\"value\":\"ADA@example.com\"}", 409, "uniqueness",
                        null),
                Arguments.of("op names case-insensitive (Azure AD sends Replace)",
                        "{\"op\":\"Replace\",\"path\":\"active\",\"value\":false}", 200, "/active", "false"),
                Arguments.of("a path as a key of a pathless value",
                        "{\"op\":\"replace\",\"value\":{\"name.familyName\":\"Other\"}}", 200, "/name/familyName",
                        "\"Other\""),
                Arguments.of("all or nothing: the second op fails, the first is not kept",
                        "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Changed\"},"
                                + "{\"op\":\"replace\",\"path\":\"active\",\"value\":1}", 400, "invalidValue",
                        "/displayName=\"Pat Case\""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("patches")
    void patchOp(String name, String ops, int status, String where, String expected) throws Exception {
        String user = "pat" + System.nanoTime() + "@example.com";
        String id = create(user, "Pat", "Case", true, null).path("id").asText();
        Answer a = patch("/Users/" + id, ops.replace("{user}", user));
        assertEquals(status, a.status, a.body.toString());
        JsonNode now = get("/Users/" + id).body;
        if (status == 200) {
            JsonNode at = now.at(where);
            if ("<missing>".equals(expected)) {
                assertTrue(at.isMissingNode(), now.toString());
            } else {
                assertEquals(JSON.readTree(expected), at, now.toString());
            }
            assertEquals(now, withoutVolatile(a.body, now), "the PATCH answer is the resource");
        } else {
            assertError(a, status, where);
            if (expected != null) {
                String[] kv = expected.split("=", 2);
                assertEquals(JSON.readTree(kv[1]), now.at(kv[0]));
            }
        }
    }

    private static JsonNode withoutVolatile(JsonNode answer, JsonNode now) {
        ObjectNode copy = answer.deepCopy();
        copy.set("meta", now.get("meta"));
        return copy;
    }

    @Test
    void groupMembersAddAndRemove() throws Exception {
        String id = create("member" + System.nanoTime() + "@example.com", "Mem", "Ber", true, null).path("id")
                .asText();
        String group = scim.addGroup("wiz-project-p9");
        String add = "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + id + "\"}]}";
        assertEquals(200, patch("/Groups/" + group, add).status);
        assertEquals(200, patch("/Groups/" + group, add).status);
        JsonNode g = get("/Groups/" + group).body;
        assertEquals(1, g.path("members").size(), "adding a member twice keeps one: " + g);
        assertEquals("User", g.at("/members/0/type").asText());
        assertEquals("wiz-project-p9", get("/Users/" + id).body.at("/groups/0/display").asText());
        assertEquals(1, get("/Groups?filter=" + enc("members.value eq \"" + id + "\"")).body.path("totalResults")
                .asInt());

        assertError(patch("/Groups/" + group, "{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"nope\"}]}"),
                400, "invalidValue");
        assertEquals(200, patch("/Groups/" + group, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id
                + "\\\"]\"}").status);
        assertTrue(get("/Groups/" + group).body.path("members").isMissingNode());
        assertEquals(0, get("/Users/" + id).body.path("groups").size());
        // removing again matches nothing and changes nothing
        assertEquals(200, patch("/Groups/" + group, "{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + id
                + "\\\"]\"}").status);
        assertEquals(200, patch("/Groups/" + group, "{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"x\"}")
                .status);
        JsonNode excluded = get("/Groups?filter=" + enc("displayName eq \"x\"") + "&excludedAttributes=members").body;
        assertEquals(1, excluded.path("totalResults").asInt());
        assertFalse(excluded.at("/Resources/0").has("members"));
    }

    // ---- create, read, delete, errors ------------------------------------------------------------------------

    @Test
    void duplicateUserNameIs409Uniqueness() throws Exception {
        Answer a = post("/Users", user("ADA@EXAMPLE.COM", "Other", "Ada", true, null).toString(), true);
        assertError(a, 409, "uniqueness");
        assertTrue(a.body.path("detail").asText().contains("ADA@EXAMPLE.COM"), a.body.toString());
    }

    @Test
    void createAnswers201WithLocationAndMeta() throws Exception {
        Answer a = post("/Users", user("new" + System.nanoTime() + "@example.com", "N", "U", true, null).toString(),
                true);
        assertEquals(201, a.status);
        assertEquals(ScimServiceProvider.MEDIA_TYPE, a.raw.headers().firstValue("Content-Type").orElse(""));
        assertEquals(a.body.at("/meta/location").asText(), a.raw.headers().firstValue("Location").orElse(""));
        assertEquals("User", a.body.at("/meta/resourceType").asText());
        assertEquals(200, get("/Users/" + a.body.path("id").asText()).status);
        assertEquals(204, send("DELETE", "/Users/" + a.body.path("id").asText(), null, "application/scim+json",
                true).status);
        assertError(get("/Users/" + a.body.path("id").asText()), 404, null);
    }

    @Test
    void putReplacesTheWholeUserAndKeepsUniqueness() throws Exception {
        String id = create("put" + System.nanoTime() + "@example.com", "Put", "Me", true, null).path("id").asText();
        ObjectNode replacement = user("put.renamed@example.com", "Put", "Renamed", false, null);
        replacement.remove("emails");
        Answer a = send("PUT", "/Users/" + id, replacement.toString(), "application/scim+json", true);
        assertEquals(200, a.status, a.body.toString());
        JsonNode now = get("/Users/" + id).body;
        assertEquals("put.renamed@example.com", now.path("userName").asText());
        assertFalse(now.path("active").asBoolean());
        assertTrue(now.path("emails").isMissingNode(), "what the PUT left out is gone: " + now);
        replacement.put("userName", "Ada@Example.com");
        assertError(send("PUT", "/Users/" + id, replacement.toString(), "application/scim+json", true), 409,
                "uniqueness");
        JsonNode config = get("/ServiceProviderConfig").body;
        assertTrue(config.at("/patch/supported").asBoolean());
        assertTrue(config.at("/filter/supported").asBoolean());
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("GET", "/Users/no-such-id", null, 404, null),
                Arguments.of("PATCH", "/Users/no-such-id", "{\"schemas\":[\"" + ScimPatch.PATCH_OP
                        + "\"],\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}", 404, null),
                Arguments.of("DELETE", "/Groups/no-such-id", null, 404, null),
                Arguments.of("POST", "/Users", "{\"userName\":\"x@y.z\"}", 400, "invalidSyntax"),
                Arguments.of("POST", "/Users", "{not json", 400, "invalidSyntax"),
                Arguments.of("POST", "/Users", "{\"schemas\":[\"" + ScimServiceProvider.USER_SCHEMA + "\"]}", 400,
                        "invalidValue"),
                Arguments.of("POST", "/Users", "{\"schemas\":[\"" + ScimServiceProvider.USER_SCHEMA
                        + "\"],\"userName\":\"x@y.z\",\"active\":\"yes\"}", 400, "invalidValue"),
                Arguments.of("POST", "/Users", "{\"schemas\":[\"" + ScimServiceProvider.USER_SCHEMA
                        + "\"],\"userName\":\"x@y.z\",\"shoeSize\":42}", 400, "invalidValue"),
                Arguments.of("PATCH", "/Users/" + "{ada}", "{\"Operations\":[]}", 400, "invalidSyntax"),
                Arguments.of("GET", "/Users?count=abc", null, 400, "invalidValue"),
                Arguments.of("GET", "/Nothing", null, 404, null),
                Arguments.of("PUT", "/Users", "{}", 405, null));
    }

    @ParameterizedTest(name = "{0} {1} → {3} {4}")
    @MethodSource("badRequests")
    void errorsFollowTheErrorSchema(String method, String path, String body, int status, String scimType)
            throws Exception {
        assertError(send(method, path.replace("{ada}", scimAda), body, "application/scim+json", true), status,
                scimType);
    }

    @Test
    void bodiesMustBeScimJson() throws Exception {
        Answer a = send("POST", "/Users", user("plain@example.com", "P", "J", true, null).toString(),
                "application/json", true);
        assertError(a, 415, null);
        try (ScimServiceProvider lenient = ScimServiceProvider.builder().acceptPlainJson(true).start()) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(lenient.url() + "/Users"))
                    .header("Authorization", "Bearer " + lenient.token()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(user("plain@example.com", "P", "J", true, null)
                            .toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(201, r.statusCode());
        }
    }

    @Test
    void everyRequestNeedsTheBearerToken() throws Exception {
        Answer none = send("GET", "/Users", null, null, false);
        assertError(none, 401, null);
        assertTrue(none.raw.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(scim.url() + "/Users"))
                .header("Authorization", "Bearer not-the-token").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        assertFalse(wrong.body().contains("t0ken-for-tests"));
    }

    // ---- paging ----------------------------------------------------------------------------------------------

    @Test
    void pagingByStartIndexAndCount() throws Exception {
        try (ScimServiceProvider big = ScimServiceProvider.builder().users(25).maxResults(15).start()) {
            JsonNode p1 = list(big, "startIndex=1&count=10");
            assertPage(p1, 25, 1, 10);
            assertEquals("user0001@example.com", p1.at("/Resources/0/userName").asText());
            JsonNode p3 = list(big, "startIndex=21&count=10");
            assertPage(p3, 25, 21, 5);
            assertEquals("user0021@example.com", p3.at("/Resources/0/userName").asText());
            assertPage(list(big, "startIndex=0&count=2"), 25, 1, 2); // less than 1 is 1
            assertPage(list(big, "count=0"), 25, 1, 0);
            assertPage(list(big, "count=1000"), 25, 1, 15); // at most maxResults
            assertPage(list(big, "startIndex=30"), 25, 30, 0);
            assertPage(list(big, "filter=" + enc("userName sw \"user001\"") + "&count=4"), 10, 1, 4);
            assertEquals(ScimServiceProvider.LIST_RESPONSE, p1.at("/schemas/0").asText());
        }
    }

    private static void assertPage(JsonNode page, int total, int start, int items) {
        assertEquals(total, page.path("totalResults").asInt(), page.toString());
        assertEquals(start, page.path("startIndex").asInt());
        assertEquals(items, page.path("itemsPerPage").asInt());
        assertEquals(items, page.path("Resources").size());
    }

    private static JsonNode list(ScimServiceProvider s, String query) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(s.url() + "/Users?" + query))
                .header("Authorization", "Bearer " + s.token()).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    // ---- faults and counts -----------------------------------------------------------------------------------

    @Test
    void faultsAndRequestCounts() throws Exception {
        try (ScimServiceProvider s = ScimServiceProvider.builder().start()) {
            s.failNext("GET", "/Users", 429, 1, 3).failNext(null, "/Users", 503, 1, -1);
            HttpRequest get = HttpRequest.newBuilder(URI.create(s.url() + "/Users"))
                    .header("Authorization", "Bearer " + s.token()).GET().build();
            HttpResponse<String> throttled = HTTP.send(get, HttpResponse.BodyHandlers.ofString());
            assertEquals(429, throttled.statusCode());
            assertEquals("3", throttled.headers().firstValue("Retry-After").orElse(""));
            assertEquals("429", JSON.readTree(throttled.body()).path("status").asText());
            assertEquals(503, HTTP.send(get, HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(200, HTTP.send(get, HttpResponse.BodyHandlers.ofString()).statusCode());

            s.stallAfterApplying("POST", "/Users", 3000);
            HttpRequest post = HttpRequest.newBuilder(URI.create(s.url() + "/Users")).timeout(Duration.ofMillis(500))
                    .header("Authorization", "Bearer " + s.token()).header("Content-Type", "application/scim+json")
                    .POST(HttpRequest.BodyPublishers.ofString(user("slow@example.com", "S", "L", true, null)
                            .toString())).build();
            assertThrows(HttpTimeoutException.class, () -> HTTP.send(post, HttpResponse.BodyHandlers.ofString()));
            assertTrue(s.user("SLOW@example.com").isPresent(), "made, though the answer never came");
            assertEquals(3, s.requests("GET"));
            assertEquals(1, s.requests("POST"));
            assertEquals(1, s.writes());
            s.resetCounts();
            assertEquals(0, s.writes());
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void assertError(Answer a, int status, String scimType) {
        assertEquals(status, a.status, String.valueOf(a.body));
        assertEquals(ScimError.SCHEMA, a.body.at("/schemas/0").asText(), a.body.toString());
        assertTrue(a.body.path("status").isTextual(), "status is a string: " + a.body);
        assertEquals(Integer.toString(status), a.body.path("status").asText());
        if (scimType != null) {
            assertEquals(scimType, a.body.path("scimType").asText(), a.body.toString());
        }
        assertFalse(a.body.path("detail").asText().isBlank());
        assertEquals(ScimServiceProvider.MEDIA_TYPE, a.raw.headers().firstValue("Content-Type").orElse(""));
    }

    static ObjectNode user(String userName, String given, String family, boolean active, String title) {
        ObjectNode u = JSON.createObjectNode();
        u.putArray("schemas").add(ScimServiceProvider.USER_SCHEMA);
        u.put("userName", userName);
        u.putObject("name").put("givenName", given).put("familyName", family).put("formatted", given + " " + family);
        u.put("displayName", given + " " + family);
        u.putArray("emails").addObject().put("value", userName).put("type", "work").put("primary", true);
        u.put("active", active);
        if (title != null) {
            u.put("title", title);
        }
        return u;
    }

    private static JsonNode create(String userName, String given, String family, boolean active, String title)
            throws Exception {
        Answer a = post("/Users", user(userName, given, family, active, title).toString(), true);
        assertEquals(201, a.status, a.body.toString());
        return a.body;
    }

    private static String groupId(String displayName) throws Exception {
        return get("/Groups?filter=" + enc("displayName eq \"" + displayName + "\"")).body.at("/Resources/0/id")
                .asText();
    }

    private static Answer get(String path) throws Exception {
        return send("GET", path, null, null, true);
    }

    private static Answer post(String path, String body, boolean auth) throws Exception {
        return send("POST", path, body, "application/scim+json", auth);
    }

    private static Answer patch(String path, String ops) throws Exception {
        return send("PATCH", path, "{\"schemas\":[\"" + ScimPatch.PATCH_OP + "\"],\"Operations\":[" + ops + "]}",
                "application/scim+json", true);
    }

    private static Answer send(String method, String path, String body, String type, boolean auth)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (auth) {
            b.header("Authorization", "Bearer " + target.token());
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()), r);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
