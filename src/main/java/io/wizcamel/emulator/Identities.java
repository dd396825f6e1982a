package io.wizcamel.emulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.StreamSupport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The tenant's people, roles and service accounts, made on demand from (seed, index): the roots {@code users},
 * {@code userAccounts}, {@code userRolesV2} and {@code serviceAccounts} (types in emulator/schema/identity.graphqls).
 *
 * <p>Person #i is {@link #first(int)} {@link #last(int)}, email {@code <first>.<last>@acme.example} (the convention
 * project owners and champions follow too, so a person can be joined across roots by email; the first eight are
 * the projects' owners and champions). As in Wiz, one person
 * has a different id in each root: {@link #userId}, {@link #accountId}. Some people have no email (every tenth,
 * from #7), some are suspended (#4, #10, #16...), a third log in locally (WIZ), the others through SAML; every fifth
 * (from #1) has a mixed-case email in {@code users} (lower-case in {@code userAccounts}).
 */
public final class Identities {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String[] FIRST = {"ada", "alan", "grace", "linus", "margaret", "dennis", "barbara", "ken",
        "frances", "edsger", "radia", "john", "katherine", "tim", "hedy", "donald"};
    private static final String[] LAST = {"lovelace", "turing", "hopper", "torvalds", "hamilton", "ritchie", "liskov",
        "thompson", "allen", "dijkstra", "perlman", "backus", "johnson", "lee", "lamarr", "knuth"};
    /**
     * The first people are the projects' owners and champions (the projects root names them "Dana Reyes"...,
     * dana.reyes@acme.example), so that grants join a project owner to a user by email across their different ids.
     */
    private static final String[][] OWNERS = {{"dana", "reyes"}, {"sam", "okafor"}, {"priya", "natarajan"},
        {"lars", "jensen"}, {"mei", "chen"}, {"tomas", "alvarez"}, {"aisha", "karimi"}, {"noah", "fischer"}};
    /** users pages are at most 100 in Wiz */
    public static final int MAX_USERS_PAGE = 100;

    /** id, name, description, builtin, isProjectScoped, scopes */
    private static final Object[][] ROLES = {
        {"GLOBAL_ADMIN", "Global Admin", "Full access to every project and setting", true, false,
            List.of("admin:users", "admin:audit", "read:all", "write:all")},
        {"GLOBAL_READER", "Global Reader", "Read access to everything", true, false, List.of("read:all")},
        {"GLOBAL_CONTRIBUTOR", "Global Contributor", "Read everything, update issues", true, false,
            List.of("read:all", "write:issues")},
        {"PROJECT_ADMIN", "Project Admin", "Administers the projects assigned", true, true,
            List.of("read:issues", "write:issues", "read:projects", "write:projects")},
        {"PROJECT_MEMBER", "Project Member", "Works on the projects assigned", true, true,
            List.of("read:issues", "write:issues", "read:projects")},
        {"PROJECT_READER", "Project Reader", "Reads the projects assigned", true, true,
            List.of("read:issues", "read:projects")},
        {"8f0c1d2e-iam-auditor", "IAM Auditor", "Custom: reviews users and service accounts", false, false,
            List.of("read:users", "read:service_accounts", "admin:audit")},
        {"5b7a9c3d-project-triage", "Project Triage", "Custom: triages the issues of assigned projects", false, true,
            List.of("read:issues", "write:issues")},
    };
    private static final String[] SA_TYPES = {"THIRD_PARTY", "SENSOR", "KUBERNETES_ADMISSION_CONTROLLER", "BROKER",
        "FIRST_PARTY"};
    private static final String[][] SA_SCOPES = {
        {"read:issues", "read:projects"},
        {"create:security_scans", "update:security_scans"},
        {"admission_controller:review"},
        {"read:resources", "update:resources"},
        {"read:issues", "read:users", "read:service_accounts", "read:projects"},
    };

    private final long seed;
    /** people served: the generated ones, then those createUser made (deleted ones stay as tombstones) */
    private final java.util.concurrent.atomic.AtomicInteger users;
    /** the tenant's projects, for assignedProjectIds */
    private ProjectsRoot projects;
    /** createUser, updateUser and deleteUser requests answered without error */
    private final AtomicLong mutations = new AtomicLong();
    /** marks a deleted user's node (never served) */
    static final String DELETED = "_deleted";
    private final int serviceAccounts;
    /** edited users by index: the node as it now is (edits are rare) */
    private final Map<Integer, ObjectNode> editedUsers = new ConcurrentHashMap<>();
    /** counts edits, so that the pages' cached counts are dropped */
    private final AtomicLong edits = new AtomicLong();

    Identities(long seed, int users, int serviceAccounts) {
        this.seed = seed;
        this.users = new java.util.concurrent.atomic.AtomicInteger(users);
        this.serviceAccounts = serviceAccounts;
    }

    /** people served so far (the generated ones, those created since and the deleted ones' places) */
    public int users() {
        return users.get();
    }

    /** createUser, updateUser and deleteUser requests that changed something (refused ones not counted) */
    public long mutations() {
        return mutations.get();
    }

    void projects(ProjectsRoot projects) {
        this.projects = projects;
    }

    public int serviceAccounts() {
        return serviceAccounts;
    }

    // ---- people ---------------------------------------------------------------------------

    public static String first(int i) {
        return i < OWNERS.length ? OWNERS[i][0] : FIRST[i % 16];
    }

    /** unique for 256 people; later ones get a number */
    public static String last(int i) {
        return i < OWNERS.length ? OWNERS[i][1]
            : LAST[(i % 16 + i / 16) % 16] + (i >= 256 ? Integer.toString(i / 256 + 1) : "");
    }

    /** {@code <first>.<last>@acme.example}, whatever the person's email in a root */
    public static String email(int i) {
        return first(i) + "." + last(i) + "@acme.example";
    }

    public static String name(int i) {
        return cap(first(i)) + " " + cap(last(i));
    }

    public static boolean hasEmail(int i) {
        return i % 10 != 7;
    }

    public static boolean suspended(int i) {
        return i % 6 == 4;
    }

    /** the id person #i has in {@code users} */
    public String userId(int i) {
        return uuid("user", i);
    }

    /** the id person #i has in {@code userAccounts} (another than in users) */
    public String accountId(int i) {
        return uuid("account", i);
    }

    /** the id a project owner or champion would have (another again) */
    public String ownerId(int i) {
        return uuid("owner", i);
    }

    /** the role id of user #i */
    public static String roleId(int i) {
        return (String) ROLES[i % ROLES.length][0];
    }

    public static boolean projectScoped(int i) {
        return (Boolean) ROLES[i % ROLES.length][4];
    }

    /** the projects user #i is assigned to (none unless the role is project-scoped) */
    public static List<String> assignedProjects(int i) {
        if (!projectScoped(i)) {
            return List.of();
        }
        String a = WizEmulator.PROJECT_IDS.get(i % 6);
        return i % 2 == 0 ? List.of(a, WizEmulator.PROJECT_IDS.get((i + 1) % 6)) : List.of(a);
    }

    /** the role ids, built-in first */
    public static List<String> roleIds() {
        return Arrays.stream(ROLES).map(r -> (String) r[0]).toList();
    }

    /** A copy of user #i as the users root serves it. */
    public ObjectNode user(int i) {
        ObjectNode edited = editedUsers.get(i);
        return edited != null ? edited.deepCopy() : generatedUser(i);
    }

    /** Changes user #i from now on (the consumer edits a copy of the current node). */
    public void editUser(int i, Consumer<ObjectNode> edit) {
        if (i < 0 || i >= users.get()) {
            throw new IndexOutOfBoundsException("user index " + i + " outside 0.." + (users.get() - 1));
        }
        synchronized (editedUsers) {
            ObjectNode n = user(i);
            edit.accept(n);
            editedUsers.put(i, n);
            edits.incrementAndGet();
        }
    }

    private ObjectNode generatedUser(int i) {
        ObjectNode n = JSON.objectNode();
        n.put("id", userId(i));
        n.put("name", name(i));
        if (!hasEmail(i)) {
            n.putNull("email");
        } else if (i % 5 == 1) {
            n.put("email", cap(first(i)) + "." + cap(last(i)) + "@Acme.example");
        } else {
            n.put("email", email(i));
        }
        Instant created = WizEmulator.BASE_INSTANT.minus(Duration.ofDays(400 - i % 400)).plusSeconds(i);
        n.put("createdAt", created.toString());
        if (i % 8 == 5) {
            n.putNull("lastLoginAt");
        } else {
            n.put("lastLoginAt", WizEmulator.BASE_INSTANT.minus(Duration.ofHours(i % 72 + 1)).toString());
        }
        n.put("isSuspended", suspended(i));
        n.put("identityProviderType", i % 3 == 0 ? "WIZ" : "SAML");
        Object[] role = ROLES[i % ROLES.length];
        ObjectNode r = n.putObject("effectiveRole");
        r.put("id", (String) role[0]).put("name", (String) role[1]);
        ArrayNode scopes = r.putArray("scopes");
        ((List<?>) role[5]).forEach(s -> scopes.add((String) s));
        ArrayNode projects = n.putArray("effectiveAssignedProjects");
        for (String id : assignedProjects(i)) {
            ObjectNode p = IssueGenerator.PROJECT_NODES.get(WizEmulator.PROJECT_IDS.indexOf(id));
            projects.addObject().put("id", id).put("name", p.get("name").asText());
        }
        return n;
    }

    private ObjectNode account(int i) {
        ObjectNode n = JSON.objectNode();
        if (user(i).has(DELETED)) {
            return n.put(DELETED, true);
        }
        n.put("id", accountId(i));
        n.put("name", user(i).get("name").asText());
        if (hasEmail(i)) {
            n.put("email", email(i));
        } else {
            n.putNull("email");
        }
        return n;
    }

    private static ObjectNode role(Object[] role) {
        ObjectNode n = JSON.objectNode();
        n.put("id", (String) role[0]).put("name", (String) role[1]).put("description", (String) role[2])
            .put("builtin", (Boolean) role[3]).put("isProjectScoped", (Boolean) role[4]);
        ArrayNode scopes = n.putArray("scopes");
        ((List<?>) role[5]).forEach(s -> scopes.add((String) s));
        return n;
    }

    /** service account #i: several types, scopes by type, some assigned to projects, some never rotated */
    public ObjectNode serviceAccount(int i) {
        ObjectNode n = JSON.objectNode();
        int type = i % SA_TYPES.length;
        n.put("id", uuid("service-account", i));
        n.put("name", SA_TYPES[type].toLowerCase(Locale.ROOT).replace('_', '-') + "-" + (i + 1));
        n.put("type", SA_TYPES[type]);
        n.put("clientId", uuid("client", i).replace("-", "").substring(0, 26));
        // the single-account root can return the secret; a query must never select it
        n.put("clientSecret", "emulated-secret-" + uuid("secret", i));
        ArrayNode scopes = n.putArray("scopes");
        for (String s : SA_SCOPES[type]) {
            scopes.add(s);
        }
        ArrayNode projects = n.putArray("assignedProjects");
        if (i % 3 == 1) {
            projects.addObject().put("id", WizEmulator.PROJECT_IDS.get(i % 6));
        }
        Instant created = WizEmulator.BASE_INSTANT.minus(Duration.ofDays(200 - i % 200));
        n.put("createdAt", created.toString());
        if (i % 4 == 3) {
            n.putNull("lastRotatedAt");
        } else {
            n.put("lastRotatedAt", created.plus(Duration.ofDays(30)).toString());
        }
        return n;
    }

    private String uuid(String kind, int i) {
        return UUID.nameUUIDFromBytes((kind + ":" + seed + ":" + i).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String text(JsonNode filter, String field) {
        JsonNode v = filter.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static boolean contains(String value, String search) {
        return search == null || value != null && value.toLowerCase(Locale.ROOT).contains(search.toLowerCase(Locale.ROOT));
    }

    // ---- roots ----------------------------------------------------------------------------

    List<EmulatedRoot> roots() {
        return List.of(new UsersRoot(), new UserAccountsRoot(), new RolesRoot(), new ServiceAccountsRoot(),
            new UserWrite("createUser", this::createUser), new UserWrite("updateUser", this::updateUser),
            new UserWrite("deleteUser", this::deleteUser));
    }

    // ---- user writes (admin:users) --------------------------------------------------------

    private interface Write {
        JsonNode apply(JsonNode input) throws BadInput;
    }

    /** createUser, updateUser, deleteUser: input shapes of production (emulator/schema/user-writes.graphqls) */
    private final class UserWrite implements EmulatedRoot {
        private final String field;
        private final Write write;

        UserWrite(String field, Write write) {
            this.field = field;
            this.write = write;
        }

        @Override
        public String field() {
            return field;
        }

        @Override
        public String scope() {
            return "admin:users";
        }

        @Override
        public String schemaFile() {
            return "user-writes.graphqls";
        }

        @Override
        public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
            JsonNode input = call.argument("input");
            if (input == null || !input.isObject()) {
                throw new BadInput(field + ": input is required");
            }
            JsonNode payload;
            synchronized (editedUsers) {
                payload = write.apply(input);
                mutations.incrementAndGet();
            }
            g.writeTree(call.project(payload));
        }
    }

    private JsonNode createUser(JsonNode in) throws BadInput {
        String email = in.path("email").asText("").trim();
        if (!email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
            throw new BadInput("Invalid email address: " + email);
        }
        if (indexOfEmail(email) >= 0) {
            throw new BadInput("A user with email " + email + " already exists");
        }
        Object[] role = role(in.path("role").asText(null));
        int i = users.get();
        ObjectNode n = JSON.objectNode();
        n.put("id", uuid("created-user", i));
        n.put("name", in.path("name").asText(email));
        n.put("email", email);
        n.put("createdAt", Instant.now().toString());
        n.putNull("lastLoginAt");
        n.put("isSuspended", false);
        n.put("identityProviderType", "WIZ");
        setRole(n, role);
        setProjects(n, in.get("assignedProjectIds"));
        editedUsers.put(i, n);
        users.incrementAndGet();
        edits.incrementAndGet();
        ObjectNode payload = JSON.objectNode();
        payload.set("user", n.deepCopy());
        return payload;
    }

    private JsonNode updateUser(JsonNode in) throws BadInput {
        int i = indexOfId(in.path("id").asText(""));
        JsonNode patch = in.path("patch");
        if (!patch.isObject()) {
            throw new BadInput("updateUser: patch is required");
        }
        ObjectNode n = user(i);
        if (patch.hasNonNull("email")) {
            String email = patch.get("email").asText();
            int other = indexOfEmail(email);
            if (other >= 0 && other != i) {
                throw new BadInput("A user with email " + email + " already exists");
            }
            n.put("email", email);
        }
        if (patch.hasNonNull("role")) {
            setRole(n, role(patch.get("role").asText()));
        }
        if (patch.has("assignedProjectIds")) {
            setProjects(n, patch.get("assignedProjectIds"));
        }
        if (patch.hasNonNull("name")) {
            n.put("name", patch.get("name").asText());
        }
        if (patch.hasNonNull("isSuspended")) {
            n.put("isSuspended", patch.get("isSuspended").asBoolean());
        }
        editedUsers.put(i, n);
        edits.incrementAndGet();
        ObjectNode payload = JSON.objectNode();
        payload.set("user", n.deepCopy());
        return payload;
    }

    private JsonNode deleteUser(JsonNode in) throws BadInput {
        int i = indexOfId(in.path("id").asText(""));
        editedUsers.put(i, JSON.objectNode().put(DELETED, true).put("id", user(i).path("id").asText()));
        edits.incrementAndGet();
        return JSON.objectNode().putNull("_stub");
    }

    private Object[] role(String id) throws BadInput {
        for (Object[] r : ROLES) {
            if (r[0].equals(id)) {
                return r;
            }
        }
        throw new BadInput("Invalid role: " + id + " is not a role id");
    }

    private static void setRole(ObjectNode n, Object[] role) {
        ObjectNode r = n.putObject("effectiveRole");
        r.put("id", (String) role[0]).put("name", (String) role[1]);
        ArrayNode scopes = r.putArray("scopes");
        ((List<?>) role[5]).forEach(s -> scopes.add((String) s));
    }

    private void setProjects(ObjectNode n, JsonNode ids) throws BadInput {
        ArrayNode list = n.putArray("effectiveAssignedProjects");
        if (ids == null || ids.isNull()) {
            return;
        }
        for (JsonNode id : ids) {
            ObjectNode p = project(id.asText());
            if (p == null) {
                throw new BadInput("Invalid project id: " + id.asText());
            }
            list.addObject().put("id", p.get("id").asText()).put("name", p.path("name").asText());
        }
    }

    private ObjectNode project(String id) {
        if (projects == null) {
            int k = WizEmulator.PROJECT_IDS.indexOf(id);
            return k < 0 ? null : IssueGenerator.PROJECT_NODES.get(k);
        }
        for (int k = 0; k < projects.size(); k++) {
            ObjectNode p = projects.node(k);
            if (id.equals(p.path("id").asText())) {
                return p;
            }
        }
        return null;
    }

    private int indexOfEmail(String email) {
        for (int k = 0; k < users.get(); k++) {
            ObjectNode n = user(k);
            if (!n.has(DELETED) && email.equalsIgnoreCase(n.path("email").asText(""))) {
                return k;
            }
        }
        return -1;
    }

    private int indexOfId(String id) throws BadInput {
        for (int k = 0; k < users.get(); k++) {
            ObjectNode n = user(k);
            if (!n.has(DELETED) && id.equals(n.path("id").asText())) {
                return k;
            }
        }
        throw new BadInput("User not found: " + id, "NOT_FOUND");
    }

    /** {@code users}: pages of at most 100, filterBy {search, role, source}. */
    private final class UsersRoot implements EmulatedRoot {
        private final Pages pages = new Pages();

        @Override
        public String field() {
            return "users";
        }

        @Override
        public String scope() {
            return "read:users";
        }

        @Override
        public String schemaFile() {
            return "identity.graphqls";
        }

        @Override
        public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
            if (call.first(MAX_USERS_PAGE) > MAX_USERS_PAGE) {
                throw new BadInput("first must be at most " + MAX_USERS_PAGE + " for users");
            }
            JsonNode f = call.filterBy();
            String search = text(f, "search");
            String role = text(f, "role");
            String source = text(f, "source");
            ObjectNode page = pages.page(call, users.get(), Identities.this::user,
                n -> !n.has(DELETED) && (contains(n.path("name").asText(null), search) || contains(n.path("email").asText(null), search))
                    && (role == null || role.equals(n.path("effectiveRole").path("id").asText()))
                    && (source == null || source.equalsIgnoreCase(n.path("identityProviderType").asText())),
                MAX_USERS_PAGE, edits.get());
            g.writeTree(call.project(page));
        }
    }

    /**
     * {@code userAccounts}: id, name, email only. Its real scope is not published (a public connector names
     * read:users, yet reads it where users is refused); the emulator gates it apart from users so that a tenant
     * refusing users alone can be emulated.
     */
    private final class UserAccountsRoot implements EmulatedRoot {
        private final Pages pages = new Pages();

        @Override
        public String field() {
            return "userAccounts";
        }

        @Override
        public String scope() {
            return "read:user_accounts";
        }

        @Override
        public String schemaFile() {
            return "identity.graphqls";
        }

        @Override
        public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
            String search = text(call.filterBy(), "search");
            ObjectNode page = pages.page(call, users.get(), Identities.this::account,
                n -> !n.has(DELETED) && (contains(n.path("name").asText(null), search)
                    || contains(n.path("email").asText(null), search)),
                MAX_USERS_PAGE, edits.get());
            g.writeTree(call.project(page));
        }
    }

    /** {@code userRolesV2}: a plain list, not paged; scope read:roles, as a public connector names it. */
    private static final class RolesRoot implements EmulatedRoot {
        @Override
        public String field() {
            return "userRolesV2";
        }

        @Override
        public String scope() {
            return "read:roles";
        }

        @Override
        public String schemaFile() {
            return "identity.graphqls";
        }

        @Override
        public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
            String search = text(call.filterBy(), "search");
            ArrayNode list = JSON.arrayNode();
            for (Object[] r : ROLES) {
                if (contains((String) r[1], search)) {
                    list.add(role(r));
                }
            }
            g.writeTree(call.project(list));
        }
    }

    /** {@code serviceAccounts}: paged, filterBy {name, type, source}. */
    private final class ServiceAccountsRoot implements EmulatedRoot {
        private final Pages pages = new Pages();

        @Override
        public String field() {
            return "serviceAccounts";
        }

        @Override
        public String scope() {
            return "read:service_accounts";
        }

        @Override
        public String schemaFile() {
            return "identity.graphqls";
        }

        @Override
        public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
            JsonNode f = call.filterBy();
            String name = text(f, "name");
            JsonNode types = f.get("type");
            ObjectNode page = pages.page(call, serviceAccounts, Identities.this::serviceAccount,
                n -> contains(n.path("name").asText(), name) && (types == null || types.isNull()
                    || StreamSupport.stream(types.spliterator(), false)
                        .anyMatch(t -> t.asText().equals(n.path("type").asText()))),
                WizEmulator.MAX_PAGE_SIZE, 0);
            g.writeTree(call.project(page));
        }
    }
}
