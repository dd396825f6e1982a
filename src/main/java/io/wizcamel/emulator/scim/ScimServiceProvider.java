package io.wizcamel.emulator.scim;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.wizcamel.emulator.LoopbackServer;
import io.wizcamel.emulator.scim.ScimSchema.Attribute;

/**
 * An in-process SCIM 2.0 service provider (RFC 7643 / RFC 7644) for tests and demos: {@code /Users} and
 * {@code /Groups} (GET with filter and paging, POST, PUT, PATCH, DELETE) under {@code /scim/v2}, the media type
 * {@code application/scim+json}, a Bearer token, the error schema, and faults a client must survive (429 with
 * Retry-After, 5xx, an answer that never comes after the change was made). It counts the requests per method so a
 * test can assert that a second apply wrote nothing. Binds to 127.0.0.1 only; the state lives in memory.
 */
public final class ScimServiceProvider implements AutoCloseable {

    public static final String MEDIA_TYPE = "application/scim+json";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    public static final String USER_SCHEMA = ScimSchema.USER;
    public static final String GROUP_SCHEMA = ScimSchema.GROUP;
    public static final String BASE_PATH = "/scim/v2";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String token;
    private final int requestedPort;
    private final int maxResults;
    private final boolean acceptPlainJson;

    private final Map<String, ObjectNode> users = new LinkedHashMap<>();
    private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();

    private LoopbackServer server;

    /** a fault the next matching requests meet: an error status before anything is done, or a stall after */
    private static final class Fault {
        final String method;
        final String pathPrefix;
        final int status;
        final int retryAfterSeconds;
        final long stallMillis;
        final AtomicInteger remaining;

        Fault(String method, String pathPrefix, int status, int retryAfterSeconds, long stallMillis, int times) {
            this.method = method;
            this.pathPrefix = pathPrefix;
            this.status = status;
            this.retryAfterSeconds = retryAfterSeconds;
            this.stallMillis = stallMillis;
            this.remaining = new AtomicInteger(times);
        }

        boolean matches(String m, String path) {
            return (method == null || method.equalsIgnoreCase(m)) && path.startsWith(pathPrefix);
        }
    }

    private ScimServiceProvider(Builder b) {
        this.token = b.token;
        this.requestedPort = b.port;
        this.maxResults = b.maxResults;
        this.acceptPlainJson = b.acceptPlainJson;
        for (String g : b.groups) {
            ObjectNode group = JSON.createObjectNode();
            group.put("displayName", g);
            insert(groups, ScimSchema.GROUPS, group);
        }
        for (int i = 1; i <= b.users; i++) {
            ObjectNode user = JSON.createObjectNode();
            String given = "User" + i;
            user.put("userName", String.format(Locale.ROOT, "user%04d@example.com", i));
            user.putObject("name").put("givenName", given).put("familyName", "Seeded")
                    .put("formatted", given + " Seeded");
            user.put("displayName", given + " Seeded");
            user.putArray("emails").addObject().put("value", user.get("userName").asText()).put("type", "work")
                    .put("primary", true);
            user.put("active", true);
            insert(users, ScimSchema.USERS, user);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; every setting has a default. */
    public static final class Builder {
        private String token = "scim-emulator-token";
        private int port;
        private int maxResults = 200;
        private boolean acceptPlainJson;
        private int users;
        private final List<String> groups = new ArrayList<>();

        /** the Bearer token every request must carry */
        public Builder token(String token) {
            this.token = token;
            return this;
        }

        /** 0 (the default): a free port */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** the most resources one page returns, whatever count asks (Veza: 200) */
        public Builder maxResults(int maxResults) {
            this.maxResults = maxResults;
            return this;
        }

        /** also accept request bodies sent as application/json (RFC 7644 allows it; by default only scim+json) */
        public Builder acceptPlainJson(boolean accept) {
            this.acceptPlainJson = accept;
            return this;
        }

        /** seeds n users user0001@example.com ... (active, with a name and a primary email) */
        public Builder users(int n) {
            this.users = n;
            return this;
        }

        /** seeds an empty group with this displayName */
        public Builder group(String displayName) {
            groups.add(displayName);
            return this;
        }

        public ScimServiceProvider start() {
            return new ScimServiceProvider(this).listen();
        }
    }

    private synchronized ScimServiceProvider listen() {
        // as many threads as requests: a stalled answer must not hold up the next request
        server = LoopbackServer.start("SCIM emulator", requestedPort, 0, this::handle);
        return this;
    }

    /** the base URL, e.g. http://127.0.0.1:40123/scim/v2 */
    public String url() {
        return "http://127.0.0.1:" + server.port() + BASE_PATH;
    }

    public String token() {
        return token;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    // ---- what tests look at ------------------------------------------------------------------------------------

    /** requests received with this method (GET, POST, PUT, PATCH, DELETE), refused ones included */
    public int requests(String method) {
        AtomicInteger c = requests.get(method.toUpperCase(Locale.ROOT));
        return c == null ? 0 : c.get();
    }

    /** POST, PUT, PATCH and DELETE requests received */
    public int writes() {
        return requests("POST") + requests("PUT") + requests("PATCH") + requests("DELETE");
    }

    public void resetCounts() {
        requests.clear();
    }

    /** the next {@code times} requests of {@code method} (null: any) on paths starting with {@code pathPrefix}
     * (relative to /scim/v2, e.g. "/Users") are answered {@code status} before anything is done; a 429 carries
     * Retry-After: {@code retryAfterSeconds} when that is not negative */
    public ScimServiceProvider failNext(String method, String pathPrefix, int status, int times,
            int retryAfterSeconds) {
        faults.add(new Fault(method, pathPrefix, status, retryAfterSeconds, 0, times));
        return this;
    }

    /** the next matching request is carried out, then its answer held back {@code millis} (past a client's
     * timeout): the client cannot know the change was made */
    public ScimServiceProvider stallAfterApplying(String method, String pathPrefix, long millis) {
        faults.add(new Fault(method, pathPrefix, 0, -1, millis, 1));
        return this;
    }

    /** a user as served (with its groups), by userName (case-insensitive) */
    public synchronized Optional<ObjectNode> user(String userName) {
        return users.values().stream().filter(u -> u.path("userName").asText().equalsIgnoreCase(userName))
                .findFirst().map(this::userView);
    }

    public synchronized int userCount() {
        return users.size();
    }

    /** the userNames of a group's members, by the group's displayName */
    public synchronized Set<String> members(String groupDisplayName) {
        Set<String> out = new LinkedHashSet<>();
        for (ObjectNode g : groups.values()) {
            if (g.path("displayName").asText().equals(groupDisplayName)) {
                for (JsonNode m : g.path("members")) {
                    ObjectNode u = users.get(m.path("value").asText());
                    out.add(u == null ? m.path("value").asText() : u.path("userName").asText());
                }
            }
        }
        return out;
    }

    /** adds a group (as POST /Groups would) and returns its id */
    public synchronized String addGroup(String displayName) {
        ObjectNode group = JSON.createObjectNode();
        group.put("displayName", displayName);
        return insert(groups, ScimSchema.GROUPS, group).path("id").asText();
    }

    // ---- the HTTP side -----------------------------------------------------------------------------------------

    private record Answer(int status, JsonNode body, Map<String, String> headers) {
        static Answer of(int status, JsonNode body) {
            return new Answer(status, body, Map.of());
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod().toUpperCase(Locale.ROOT);
            requests.computeIfAbsent(method, m -> new AtomicInteger()).incrementAndGet();
            String fullPath = ex.getRequestURI().getRawPath();
            Answer answer;
            long stall = 0;
            try {
                if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                    throw new ScimError(401, null, "a valid Authorization: Bearer token is required");
                }
                if (!fullPath.startsWith(BASE_PATH + "/")) {
                    throw new ScimError(404, null, "no such endpoint: " + fullPath + " (the base is " + BASE_PATH
                            + ")");
                }
                String path = fullPath.substring(BASE_PATH.length());
                Fault fault = takeFault(method, path);
                if (fault != null && fault.stallMillis == 0) {
                    ScimError e = new ScimError(fault.status, null, fault.status == 429 ? "too many requests"
                            : "the service is unavailable (emulated fault)");
                    answer = new Answer(fault.status, e.body(), fault.retryAfterSeconds >= 0
                            ? Map.of("Retry-After", Integer.toString(fault.retryAfterSeconds)) : Map.of());
                } else {
                    stall = fault == null ? 0 : fault.stallMillis;
                    answer = route(method, path, query(ex.getRequestURI().getRawQuery()), ex);
                }
            } catch (ScimError e) {
                answer = new Answer(e.status(), e.body(), e.status() == 401
                        ? Map.of("WWW-Authenticate", "Bearer realm=\"scim\"") : Map.of());
            } catch (RuntimeException e) {
                ScimError err = new ScimError(500, null, "emulator failure: " + e);
                answer = Answer.of(500, err.body());
            }
            if (stall > 0) {
                try {
                    Thread.sleep(stall); // the change is made; the answer comes after the client gave up
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            send(ex, answer);
        } catch (IOException e) {
            // the client went away (e.g. after its timeout): nothing to answer
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(header.substring(7).trim().getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    private Fault takeFault(String method, String path) {
        for (Iterator<Fault> it = faults.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (f.matches(method, path)) {
                if (f.remaining.decrementAndGet() <= 0) {
                    it.remove();
                }
                return f;
            }
        }
        return null;
    }

    private void send(HttpExchange ex, Answer a) throws IOException {
        a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        if (a.body() == null) {
            ex.sendResponseHeaders(a.status(), -1);
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(a.body());
        ex.getResponseHeaders().set("Content-Type", MEDIA_TYPE);
        ex.sendResponseHeaders(a.status(), bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new LinkedHashMap<>();
        if (raw == null) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private JsonNode body(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        String mediaType = type == null ? "" : type.split(";")[0].trim().toLowerCase(Locale.ROOT);
        if (!mediaType.equals(MEDIA_TYPE) && !(acceptPlainJson && mediaType.equals("application/json"))) {
            throw new ScimError(415, null, "Content-Type must be " + MEDIA_TYPE + ", not "
                    + (type == null ? "none" : type));
        }
        try (InputStream in = ex.getRequestBody()) {
            JsonNode body = JSON.readTree(in);
            if (body == null || !body.isObject()) {
                throw ScimError.invalidSyntax("the body must be a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ScimError.invalidSyntax("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private Answer route(String method, String path, Map<String, String> query, HttpExchange ex)
            throws IOException {
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length == 1 && parts[0].equals("ServiceProviderConfig") && method.equals("GET")) {
            return Answer.of(200, serviceProviderConfig());
        }
        boolean isUsers = parts[0].equals("Users");
        if (!isUsers && !parts[0].equals("Groups") || parts.length > 2) {
            throw new ScimError(404, null, "no such endpoint: " + path);
        }
        ScimSchema schema = isUsers ? ScimSchema.USERS : ScimSchema.GROUPS;
        Map<String, ObjectNode> store = isUsers ? users : groups;
        String id = parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
        if (id == null) {
            return switch (method) {
                case "GET" -> Answer.of(200, list(schema, store, query));
                case "POST" -> create(schema, store, body(ex));
                default -> throw new ScimError(405, null, method + " is not allowed on /" + parts[0]);
            };
        }
        return switch (method) {
            case "GET" -> Answer.of(200, view(schema, find(schema, store, id), query));
            case "PUT" -> Answer.of(200, replace(schema, store, id, body(ex)));
            case "PATCH" -> Answer.of(200, patch(schema, store, id, body(ex)));
            case "DELETE" -> {
                delete(schema, store, id);
                yield new Answer(204, null, Map.of());
            }
            default -> throw new ScimError(405, null, method + " is not allowed on /" + parts[0] + "/{id}");
        };
    }

    private ObjectNode serviceProviderConfig() {
        ObjectNode c = JSON.createObjectNode();
        c.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig");
        c.putObject("patch").put("supported", true);
        c.putObject("bulk").put("supported", false).put("maxOperations", 0).put("maxPayloadSize", 0);
        c.putObject("filter").put("supported", true).put("maxResults", maxResults);
        c.putObject("changePassword").put("supported", false);
        c.putObject("sort").put("supported", false);
        c.putObject("etag").put("supported", false);
        c.putArray("authenticationSchemes").addObject().put("type", "oauthbearertoken").put("name", "Bearer token")
                .put("description", "Authorization: Bearer <token>");
        return c;
    }

    // ---- resources ---------------------------------------------------------------------------------------------

    private synchronized ObjectNode list(ScimSchema schema, Map<String, ObjectNode> store, Map<String, String> q) {
        String filter = q.get("filter");
        ScimFilter.Node node = filter == null || filter.isBlank() ? r -> true : ScimFilter.parse(filter, schema);
        int startIndex = integer(q, "startIndex", 1);
        int count = Math.min(maxResults, Math.max(0, integer(q, "count", maxResults)));
        int start = Math.max(1, startIndex); // less than 1 is taken as 1 (RFC 7644 3.4.2.4)
        ObjectNode page = JSON.createObjectNode();
        page.putArray("schemas").add(LIST_RESPONSE);
        ArrayNode resources = JSON.createArrayNode();
        int total = 0;
        for (ObjectNode stored : store.values()) {
            ObjectNode full = schema == ScimSchema.USERS ? userView(stored) : groupView(stored);
            if (node.test(full)) {
                total++;
                if (total >= start && resources.size() < count) {
                    resources.add(project(full, q));
                }
            }
        }
        page.put("totalResults", total);
        page.put("startIndex", start);
        page.put("itemsPerPage", resources.size());
        page.set("Resources", resources);
        return page;
    }

    private static int integer(Map<String, String> q, String name, int fallback) {
        String v = q.get(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw ScimError.invalidValue(name + " must be an integer, not \"" + v + "\"");
        }
    }

    /** attributes / excludedAttributes (top-level names); id and schemas are always returned */
    private static ObjectNode project(ObjectNode full, Map<String, String> q) {
        String attributes = q.get("attributes");
        String excluded = q.get("excludedAttributes");
        if ((attributes == null || attributes.isBlank()) && (excluded == null || excluded.isBlank())) {
            return full;
        }
        ObjectNode out = full.deepCopy();
        Set<String> keep = names(attributes);
        Set<String> drop = names(excluded);
        for (Iterator<String> it = out.fieldNames(); it.hasNext(); ) {
            String k = it.next().toLowerCase(Locale.ROOT);
            if (k.equals("id") || k.equals("schemas")) {
                continue;
            }
            if (!keep.isEmpty() && !keep.contains(k) || drop.contains(k)) {
                it.remove();
            }
        }
        return out;
    }

    private static Set<String> names(String list) {
        Set<String> out = new LinkedHashSet<>();
        if (list != null) {
            for (String n : list.split(",")) {
                String name = n.trim().toLowerCase(Locale.ROOT);
                if (name.startsWith("urn:")) {
                    name = name.substring(name.lastIndexOf(':') + 1);
                }
                if (!name.isEmpty()) {
                    out.add(name.split("\\.")[0]);
                }
            }
        }
        return out;
    }

    private ObjectNode view(ScimSchema schema, ObjectNode stored, Map<String, String> q) {
        synchronized (this) {
            return project(schema == ScimSchema.USERS ? userView(stored) : groupView(stored), q);
        }
    }

    private ObjectNode find(ScimSchema schema, Map<String, ObjectNode> store, String id) {
        synchronized (this) {
            ObjectNode r = store.get(id);
            if (r == null) {
                throw new ScimError(404, null, "Resource " + schema.resourceType + " with id " + id + " not found");
            }
            return r;
        }
    }

    private synchronized Answer create(ScimSchema schema, Map<String, ObjectNode> store, JsonNode body) {
        ObjectNode resource = checked(schema, (ObjectNode) body);
        validate(schema, resource, null);
        ObjectNode stored = insert(store, schema, resource);
        ObjectNode view = schema == ScimSchema.USERS ? userView(stored) : groupView(stored);
        return new Answer(201, view, Map.of("Location", view.path("meta").path("location").asText()));
    }

    private synchronized ObjectNode replace(ScimSchema schema, Map<String, ObjectNode> store, String id,
            JsonNode body) {
        ObjectNode old = find(schema, store, id);
        ObjectNode resource = checked(schema, (ObjectNode) body);
        validate(schema, resource, id);
        resource.put("id", id);
        resource.set("meta", old.get("meta").deepCopy());
        touch(resource);
        store.put(id, resource);
        return schema == ScimSchema.USERS ? userView(resource) : groupView(resource);
    }

    private synchronized ObjectNode patch(ScimSchema schema, Map<String, ObjectNode> store, String id,
            JsonNode body) {
        ObjectNode copy = find(schema, store, id).deepCopy();
        ScimPatch.apply(body, copy, schema);
        validate(schema, copy, id);
        touch(copy);
        store.put(id, copy); // all operations succeeded: the change is kept, else nothing was
        return schema == ScimSchema.USERS ? userView(copy) : groupView(copy);
    }

    private synchronized void delete(ScimSchema schema, Map<String, ObjectNode> store, String id) {
        find(schema, store, id);
        store.remove(id);
        if (schema == ScimSchema.USERS) {
            for (ObjectNode g : groups.values()) {
                JsonNode members = g.get("members");
                if (members instanceof ArrayNode a) {
                    for (Iterator<JsonNode> it = a.iterator(); it.hasNext(); ) {
                        if (it.next().path("value").asText().equals(id)) {
                            it.remove();
                        }
                    }
                }
            }
        }
    }

    /** a POST or PUT body: schemas right, known attributes of the right types; read-only ones dropped */
    private static ObjectNode checked(ScimSchema schema, ObjectNode body) {
        JsonNode schemas = body.get("schemas");
        boolean ok = false;
        if (schemas != null && schemas.isArray()) {
            for (JsonNode s : schemas) {
                ok |= schema.urn.equals(s.asText());
            }
        }
        if (!ok) {
            throw ScimError.invalidSyntax("schemas must include \"" + schema.urn + "\"");
        }
        ObjectNode out = JSON.createObjectNode();
        out.putArray("schemas").add(schema.urn);
        for (Iterator<Map.Entry<String, JsonNode>> it = body.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("schemas")) {
                continue;
            }
            Attribute a = schema.attribute(e.getKey());
            if (a == null) {
                throw ScimError.invalidValue(schema.resourceType + " has no attribute " + e.getKey());
            }
            if (a.mutability() == ScimSchema.Mutability.READ_ONLY || e.getValue().isNull()) {
                continue; // read-only values sent by a client are ignored (RFC 7643 2.2)
            }
            ScimPatch.checkValue(a, e.getValue(), e.getKey());
            out.set(a.name(), e.getValue());
        }
        return out;
    }

    /** what must hold after any write: userName present and unique; group members are existing users */
    private void validate(ScimSchema schema, ObjectNode r, String id) {
        if (schema == ScimSchema.USERS) {
            String userName = ScimFilter.field(r, "userName") == null ? "" : ScimFilter.field(r, "userName").asText();
            if (userName.isBlank()) {
                throw ScimError.invalidValue("userName is required");
            }
            for (ObjectNode other : users.values()) {
                if (!other.path("id").asText().equals(id)
                        && other.path("userName").asText().equalsIgnoreCase(userName)) {
                    throw new ScimError(409, "uniqueness", "userName " + userName + " is already taken");
                }
            }
        } else {
            JsonNode name = ScimFilter.field(r, "displayName");
            if (name == null || name.asText().isBlank()) {
                throw ScimError.invalidValue("displayName is required");
            }
            JsonNode members = ScimFilter.field(r, "members");
            if (members != null) {
                for (JsonNode m : members) {
                    String value = m.path("value").asText("");
                    if (!users.containsKey(value)) {
                        throw ScimError.invalidValue("members: no User with id \"" + value + "\"");
                    }
                }
            }
        }
    }

    private ObjectNode insert(Map<String, ObjectNode> store, ScimSchema schema, ObjectNode resource) {
        String id = UUID.randomUUID().toString();
        resource.put("id", id);
        if (!resource.has("schemas")) {
            resource.putArray("schemas").add(schema.urn);
        }
        if (schema == ScimSchema.USERS && !resource.has("active")) {
            resource.put("active", true);
        }
        String now = Instant.now().toString();
        resource.putObject("meta").put("resourceType", schema.resourceType).put("created", now)
                .put("lastModified", now);
        store.put(id, resource);
        return resource;
    }

    private static void touch(ObjectNode r) {
        ((ObjectNode) r.get("meta")).put("lastModified", Instant.now().toString());
    }

    private String location(String type, String id) {
        return (server == null ? "" : url()) + "/" + type + "/" + id;
    }

    /** a user as served: its groups (read-only, from the groups' members) and its location */
    private ObjectNode userView(ObjectNode stored) {
        ObjectNode u = stored.deepCopy();
        String id = u.path("id").asText();
        ArrayNode memberOf = JSON.createArrayNode();
        for (ObjectNode g : groups.values()) {
            for (JsonNode m : g.path("members")) {
                if (m.path("value").asText().equals(id)) {
                    memberOf.addObject().put("value", g.path("id").asText())
                            .put("$ref", location("Groups", g.path("id").asText()))
                            .put("display", g.path("displayName").asText()).put("type", "direct");
                }
            }
        }
        u.set("groups", memberOf);
        ((ObjectNode) u.get("meta")).put("location", location("Users", id));
        return u;
    }

    /** a group as served: each member's display name and reference */
    private ObjectNode groupView(ObjectNode stored) {
        ObjectNode g = stored.deepCopy();
        JsonNode members = g.get("members");
        if (members != null) {
            for (JsonNode m : members) {
                ObjectNode u = users.get(m.path("value").asText());
                if (u != null) {
                    ((ObjectNode) m).put("display", u.path("displayName").asText(u.path("userName").asText()))
                            .put("$ref", location("Users", m.path("value").asText())).put("type", "User");
                }
            }
        }
        ((ObjectNode) g.get("meta")).put("location", location("Groups", g.path("id").asText()));
        return g;
    }
}
