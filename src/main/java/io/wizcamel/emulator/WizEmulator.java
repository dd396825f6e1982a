package io.wizcamel.emulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import graphql.language.Field;
import graphql.language.Selection;
import graphql.schema.GraphQLSchema;

/**
 * An in-process emulator of the Wiz OAuth token endpoint and the GraphQL API ({@code issuesV2},
 * {@code projects}), for tests, demos and benchmarks. Issues are derived from (seed, index) on
 * demand; only edited issues are stored. Binds to 127.0.0.1 only.
 */
public final class WizEmulator implements AutoCloseable {

    public static final String DEFAULT_CLIENT_ID = "emulator-client";
    public static final String DEFAULT_CLIENT_SECRET = "emulator-secret";
    /** The audience a Cognito-style (non-Auth0) Wiz token URL expects. */
    public static final String AUDIENCE = "wiz-api";
    /** Seeded timestamps lie in the 90 days before this instant. */
    public static final Instant BASE_INSTANT = IssueGenerator.BASE;
    /** Ids of the six projects issues belong to. */
    public static final List<String> PROJECT_IDS = IssueGenerator.PROJECT_IDS;
    public static final int MAX_PAGE_SIZE = 500;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFactory JSON = MAPPER.getFactory();
    private static final int MAX_RECORDED = 10_000;
    private static final int MAX_COUNT_CACHE = 128;

    static {
        // as soon as the emulator is loaded: the HTTP fakes a test starts beside it answer without Nagle's delay too
        LoopbackServer.noDelay();
    }

    // ---- configuration -------------------------------------------------------------------
    private final long seed;
    private final String clientId;
    private final String clientSecret;
    private final Duration tokenLifetime;
    private final int requestedPort;

    // ---- state ---------------------------------------------------------------------------
    private final IssueGenerator gen;
    private final EmulatedResources resources;
    private final EmulatedAuditLog auditLog;
    private final AtomicInteger count;
    /** Edited issues only: index -> immutable snapshot of the node plus its filterable attributes. */
    private final ConcurrentSkipListMap<Integer, Edited> overrides = new ConcurrentSkipListMap<>();
    private final Object editLock = new Object();
    private final ConcurrentHashMap<String, Instant> tokens = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Fault> faults = new ConcurrentLinkedQueue<>();
    /** faults for the next mutation requests only (reads pass them by) */
    private final ConcurrentLinkedQueue<Fault> mutationFaults = new ConcurrentLinkedQueue<>();
    private final AtomicLong graphqlRequests = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final ArrayDeque<JsonNode> recorded = new ArrayDeque<>();
    /** when each recent GraphQL request arrived (System.nanoTime) */
    private final ArrayDeque<Long> requestTimes = new ArrayDeque<>();
    /** filterBy JSON -> match count among generated attributes; see {@link #totalCount}. */
    private final Map<String, BaseCount> countCache = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BaseCount> eldest) {
            return size() > MAX_COUNT_CACHE;
        }
    };
    private final SecureRandom random = new SecureRandom();
    /** The roots served, by field name; each declares its schema file and scope. */
    private final Map<String, EmulatedRoot> roots = new LinkedHashMap<>();
    private final EmulatedSchema schema;
    /** users, userAccounts, userRolesV2, serviceAccounts */
    private final Identities identities;
    /** Scopes the emulated service account lacks: their roots answer UNAUTHORIZED. */
    private final Set<String> deniedScopes = ConcurrentHashMap.newKeySet();

    private final ProjectsRoot projects;
    private final VulnerabilitiesRoot vulnerabilityFindings;
    private final ConfigurationFindingsRoot configurationFindings;

    private LoopbackServer server;

    private record Edited(ObjectNode node, IssueCore core) { }

    private record BaseCount(int upTo, long count) { }

    private WizEmulator(Builder b) {
        this.seed = b.seed;
        this.clientId = b.clientId;
        this.clientSecret = b.clientSecret;
        this.tokenLifetime = b.tokenLifetime;
        this.requestedPort = b.port;
        this.gen = new IssueGenerator(b.seed, b.issues);
        this.resources = new EmulatedResources(b.seed, b.cloudResources);
        this.auditLog = new EmulatedAuditLog(b.seed, b.auditLogEntries);
        this.count = new AtomicInteger(b.issues);
        this.deniedScopes.addAll(b.deniedScopes);
        this.projects = new ProjectsRoot(b.projects);
        this.vulnerabilityFindings = new VulnerabilitiesRoot(b.seed, b.vulnerabilityFindings);
        this.configurationFindings = new ConfigurationFindingsRoot(b.seed, b.configurationFindings);
        for (EmulatedRoot r : List.of(
                new Root("issuesV2", "read:issues", "issues.graphqls", this::writeIssues),
                projects, vulnerabilityFindings, configurationFindings,
                resources.resourcesRoot(), resources.technologiesRoot(), auditLog)) {
            roots.put(r.field(), r);
        }
        this.identities = new Identities(b.seed, b.users, b.serviceAccounts);
        identities.projects(projects);
        identities.roots().forEach(r -> roots.put(r.field(), r));
        b.withoutRoots.forEach(roots::remove);
        this.schema = new EmulatedSchema(roots.values().stream().map(EmulatedRoot::schemaFile).distinct().toList());
    }

    /** A root served by a method of the emulator itself. */
    private record Root(String field, String scope, String schemaFile, Writer writer) implements EmulatedRoot {
        @Override
        public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
            writer.write(call, g);
        }
    }

    private interface Writer {
        void write(RootCall call, JsonGenerator g) throws IOException, BadInput;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; every setting has a default. */
    public static final class Builder {
        private int issues = 1000;
        private int cloudResources = 600;
        private int auditLogEntries = 400;
        private int users = 40;
        private int serviceAccounts = 12;
        private long seed = 42L;
        private String clientId = DEFAULT_CLIENT_ID;
        private String clientSecret = DEFAULT_CLIENT_SECRET;
        private Duration tokenLifetime = Duration.ofHours(24);
        private int port = 0;
        private final Set<String> deniedScopes = new HashSet<>();
        private final Set<String> withoutRoots = new HashSet<>();
        private int projects = 6;
        private int vulnerabilityFindings = 300;
        private int configurationFindings = 300;

        private Builder() { }

        /** Projects served: the six issues belong to, then more (every tenth from the 7th a folder, some archived). */
        public Builder projects(int n) {
            this.projects = n;
            return this;
        }

        /** Vulnerability findings served (generated on demand: 100,000 cost no memory). */
        public Builder vulnerabilityFindings(int n) {
            this.vulnerabilityFindings = n;
            return this;
        }

        /** Configuration findings served (generated on demand). */
        public Builder configurationFindings(int n) {
            this.configurationFindings = n;
            return this;
        }

        /** A tenant whose schema lacks these root fields (e.g. projects): not served, not in its introspection. */
        public Builder withoutRoots(String... fields) {
            withoutRoots.addAll(Arrays.asList(fields));
            return this;
        }

        /** The emulated service account lacks these scopes (e.g. read:vulnerabilities). */
        public Builder denyScopes(String... scopes) {
            deniedScopes.addAll(Arrays.asList(scopes));
            return this;
        }

        /** cloudResourcesV2 resources (and their hostedTechnologies), made on demand: 50,000 cost no memory */
        public Builder cloudResources(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("cloudResources must be >= 0");
            }
            this.cloudResources = n;
            return this;
        }

        /** auditLogEntries entries, made on demand */
        public Builder auditLogEntries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("auditLogEntries must be >= 0");
            }
            this.auditLogEntries = n;
            return this;
        }

        public Builder issues(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("issues must be >= 0");
            }
            this.issues = n;
            return this;
        }

        /** people in users and userAccounts (default 40) */
        public Builder users(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("users must be >= 0");
            }
            this.users = n;
            return this;
        }

        /** service accounts (default 12) */
        public Builder serviceAccounts(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("serviceAccounts must be >= 0");
            }
            this.serviceAccounts = n;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public Builder clientId(String id) {
            this.clientId = Objects.requireNonNull(id);
            return this;
        }

        public Builder clientSecret(String secret) {
            this.clientSecret = Objects.requireNonNull(secret);
            return this;
        }

        public Builder tokenLifetime(Duration d) {
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("tokenLifetime must be positive");
            }
            this.tokenLifetime = d;
            return this;
        }

        public Builder port(int p) {
            this.port = p;
            return this;
        }

        public WizEmulator build() {
            return new WizEmulator(this);
        }
    }

    // ---- lifecycle -----------------------------------------------------------------------

    public synchronized WizEmulator start() {
        if (server != null) {
            return this;
        }
        server = LoopbackServer.start("Wiz emulator", requestedPort, 4, this::handle);
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public int port() {
        LoopbackServer s = server;
        if (s == null) {
            throw new IllegalStateException("emulator not started");
        }
        return s.port();
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + port();
    }

    public String graphqlUrl() {
        return apiUrl() + "/graphql";
    }

    public String tokenUrl() {
        return apiUrl() + "/oauth/token";
    }

    public String clientId() {
        return clientId;
    }

    public long seed() {
        return seed;
    }

    /** Current number of issues (seeded plus added). */
    public int issueCount() {
        return count.get();
    }

    // ---- observation and control ---------------------------------------------------------

    /** the schema the emulator validates requests with and answers introspection from */
    public GraphQLSchema graphqlSchema() {
        return schema.graphql();
    }

    public long graphqlRequests() {
        return graphqlRequests.get();
    }

    public long tokenRequests() {
        return tokenRequests.get();
    }

    public List<JsonNode> recordedVariables() {
        synchronized (recorded) {
            return new ArrayList<>(recorded);
        }
    }

    /** when the recent GraphQL requests arrived, in System.nanoTime() units, oldest first */
    public List<Long> requestTimes() {
        synchronized (requestTimes) {
            return new ArrayList<>(requestTimes);
        }
    }

    public void resetCounters() {
        graphqlRequests.set(0);
        tokenRequests.set(0);
        synchronized (recorded) {
            recorded.clear();
        }
    }

    public void enqueue(Fault f) {
        faults.add(Objects.requireNonNull(f));
    }

    /**
     * A fault for the next mutation request (createUser, updateUser, deleteUser), which the queries before it pass by:
     * e.g. {@code Fault.answerAfter(Duration.ofSeconds(30))} applies the mutation and answers too late for the client.
     */
    public void enqueueForMutation(Fault f) {
        mutationFaults.add(Objects.requireNonNull(f));
    }

    /** the user mutations applied (createUser, updateUser, deleteUser answered without error) */
    public long userMutations() {
        return identities.mutations();
    }

    /** Faults still waiting for a request. */
    public int pendingFaults() {
        return faults.size();
    }

    public void clearFaults() {
        faults.clear();
    }

    /** From now on the service account lacks {@code scope}: the roots that need it answer UNAUTHORIZED. */
    public void denyScope(String scope) {
        deniedScopes.add(Objects.requireNonNull(scope));
    }

    public void allowScope(String scope) {
        deniedScopes.remove(scope);
    }

    /** The projects root: its nodes, and edits of them. */
    public ProjectsRoot projects() {
        return projects;
    }

    /** The vulnerabilityFindings root: its nodes, and edits of them. */
    public VulnerabilitiesRoot vulnerabilityFindings() {
        return vulnerabilityFindings;
    }

    /** The configurationFindings root: its nodes, and edits of them. */
    public ConfigurationFindingsRoot configurationFindings() {
        return configurationFindings;
    }

    /** the cloud resources and their technologies: read and edit them */
    public EmulatedResources resources() {
        return resources;
    }

    /** the audit log: read entries, add new ones */
    public EmulatedAuditLog auditLog() {
        return auditLog;
    }

    /** the tenant's people, roles and service accounts (to read what the roots serve, and to edit users) */
    public Identities identities() {
        return identities;
    }

    // ---- issue data ----------------------------------------------------------------------

    public String issueId(int index) {
        checkIndex(index);
        return gen.id(index);
    }

    /** The index of the issue with this id, or -1. */
    public int indexOf(String id) {
        return gen.indexOf(id, count.get());
    }

    /** A copy of the node of issue #index, exactly as the GraphQL endpoint serves it. */
    public ObjectNode issue(int index) {
        checkIndex(index);
        Edited e = overrides.get(index);
        return e != null ? e.node().deepCopy() : generatedNode(index);
    }

    public void setStatus(int index, String status, Instant at) {
        if (!Arrays.asList(IssueGenerator.STATUSES).contains(status)) {
            throw new IllegalArgumentException("unknown status " + status);
        }
        String t = at.toString();
        update(index, n -> {
            n.put("status", status).put("statusChangedAt", t).put("updatedAt", t);
            if ("RESOLVED".equals(status)) {
                n.put("resolvedAt", t).put("resolutionReason", "ISSUE_FIXED");
            } else {
                n.putNull("resolvedAt").putNull("resolutionReason");
            }
        });
    }

    /** An edit that keeps the status: updatedAt moves, a note is appended and dueAt is pushed out. */
    public void touch(int index, Instant at) {
        String t = at.toString();
        update(index, n -> {
            n.put("updatedAt", t);
            n.put("dueAt", at.plus(Duration.ofDays(14)).toString());
            JsonNode existing = n.get("notes");
            ArrayNode notes = existing instanceof ArrayNode ? (ArrayNode) existing : n.putArray("notes");
            ObjectNode note = notes.addObject();
            note.put("createdAt", t).put("updatedAt", t).put("text", "Reviewed at " + t);
            note.putObject("user").put("name", "Emulator Analyst").put("email", "analyst@acme.example");
            note.putNull("serviceAccount");
        });
    }

    /** General edit: the consumer changes a copy of the current node, which then replaces it. */
    public void update(int index, Consumer<ObjectNode> edit) {
        checkIndex(index);
        // Serialised so a concurrent edit of the same issue is never lost; edits are rare.
        synchronized (editLock) {
            Edited cur = overrides.get(index);
            ObjectNode n = cur != null ? cur.node().deepCopy() : generatedNode(index);
            edit.accept(n);
            overrides.put(index, new Edited(n, IssueCore.fromNode(index, n)));
        }
    }

    /** Appends n new OPEN issues created now; returns the index of the first one. */
    public int addIssues(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("n must be >= 0");
        }
        synchronized (editLock) {
            int first = count.get();
            if ((long) first + n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("too many issues");
            }
            // The batch is registered before the count grows, so no reader sees an index without its time.
            gen.addBatch(first, Instant.now().truncatedTo(ChronoUnit.MILLIS));
            count.addAndGet(n);
            return first;
        }
    }

    private void checkIndex(int index) {
        int c = count.get();
        if (index < 0 || index >= c) {
            throw new IndexOutOfBoundsException("issue index " + index + " outside 0.." + (c - 1));
        }
    }

    private ObjectNode generatedNode(int index) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(2048);
            try (JsonGenerator g = JSON.createGenerator(out)) {
                gen.write(g, gen.core(index));
            }
            return (ObjectNode) MAPPER.readTree(out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private IssueCore coreOf(int index) {
        Edited e = overrides.get(index);
        return e != null ? e.core() : gen.core(index);
    }

    // ---- HTTP ----------------------------------------------------------------------------

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            if ("/oauth/token".equals(path) || "/oauth/token/".equals(path)) {
                handleToken(ex);
            } else if ("/graphql".equals(path) || "/graphql/".equals(path) || "/".equals(path)) {
                handleGraphql(ex);
            } else {
                send(ex, 404, errorBody(false, "Not found: " + path, "NOT_FOUND"));
            }
        } catch (DropConnection d) {
            // Closing before any response header makes the JDK server drop the TCP connection.
            ex.close();
        } catch (RuntimeException e) {
            try {
                send(ex, 500, errorBody(true, "Internal emulator error: " + e, "INTERNAL"));
            } catch (IOException | RuntimeException headersAlreadySent) {
                // nothing more to tell the client
            }
        } finally {
            ex.close();
        }
    }

    private static final class DropConnection extends RuntimeException {
        DropConnection() {
            super(null, null, false, false);
        }
    }

    private void handleToken(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        byte[] body = ex.getRequestBody().readAllBytes();
        if (!"POST".equals(ex.getRequestMethod())) {
            send(ex, 405, oauthError("invalid_request", "Method not allowed"));
            return;
        }
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        if (ct == null || !ct.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            send(ex, 400, oauthError("invalid_request", "Content-Type must be application/x-www-form-urlencoded"));
            return;
        }
        Map<String, String> form = parseForm(new String(body, StandardCharsets.UTF_8));
        String grant = form.get("grant_type");
        if (!"client_credentials".equals(grant)) {
            send(ex, 400, oauthError("unsupported_grant_type", null));
            return;
        }
        String audience = form.getOrDefault("audience", "");
        if (!AUDIENCE.equals(audience)) {
            send(ex, 400, oauthError("invalid_request", "Service not enabled within domain: " + audience));
            return;
        }
        if (!constantTimeEquals(clientId, form.get("client_id")) || !constantTimeEquals(clientSecret, form.get("client_secret"))) {
            send(ex, 401, oauthError("access_denied", "Unauthorized"));
            return;
        }
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tokens.put(token, Instant.now().plus(tokenLifetime));
        ObjectNode ok = MAPPER.createObjectNode();
        ok.put("access_token", token).put("token_type", "Bearer").put("expires_in", tokenLifetime.toSeconds());
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 200, MAPPER.writeValueAsBytes(ok));
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            form.putIfAbsent(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return form;
    }

    private static byte[] oauthError(String error, String description) throws IOException {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("error", error);
        if (description != null) {
            n.put("error_description", description);
        }
        return MAPPER.writeValueAsBytes(n);
    }

    private void handleGraphql(HttpExchange ex) throws IOException {
        graphqlRequests.incrementAndGet();
        synchronized (requestTimes) {
            if (requestTimes.size() >= MAX_RECORDED) {
                requestTimes.removeFirst();
            }
            requestTimes.addLast(System.nanoTime());
        }
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            ex.getResponseHeaders().set("Allow", "POST");
            send(ex, 405, errorBody(false, "Use POST", "BAD_USER_INPUT"));
            return;
        }
        JsonNode req = null;
        JsonNode variables = null;
        try {
            req = MAPPER.readTree(body);
            if (req != null && req.isObject()) {
                variables = req.get("variables");
                if (variables != null && variables.isTextual()) {
                    // Some clients send variables as a JSON string.
                    variables = MAPPER.readTree(variables.asText());
                }
            } else {
                req = null;
            }
        } catch (IOException e) {
            req = null;
        }
        if (variables == null || variables.isNull()) {
            variables = MAPPER.createObjectNode();
        }
        if (req != null) {
            synchronized (recorded) {
                if (recorded.size() >= MAX_RECORDED) {
                    recorded.removeFirst();
                }
                recorded.addLast(variables);
            }
        }

        // Faults come before authentication: a throttle or gateway error does not care who asks.
        Fault fault = faults.poll();
        if (fault != null) {
            switch (fault.kind()) {
                case HTTP:
                    sendHttpFault(ex, fault.status());
                    return;
                case HTTP_429:
                    if (fault.retryAfterSeconds() != null) {
                        ex.getResponseHeaders().set("Retry-After", Integer.toString(fault.retryAfterSeconds()));
                    }
                    send(ex, 429, errorBody(false, fault.message(), fault.code()));
                    return;
                case GRAPHQL_ERROR:
                    send(ex, 200, errorBody(true, fault.message(), fault.code()));
                    return;
                case DROP_CONNECTION:
                    throw new DropConnection();
                case EMPTY_BODY:
                    ex.getResponseHeaders().set("Content-Type", "application/json");
                    ex.sendResponseHeaders(200, -1);
                    ex.close();
                    return;
                case TRUNCATED_BODY:
                    send(ex, 200, "{\"data\":{\"issuesV2\":{\"nodes\":[{\"id\":\"".getBytes(StandardCharsets.UTF_8));
                    return;
                case DELAY:
                    sleep(fault.delay());
                    fault = null;
                    break;
                default:
                    break; // cursor faults change the page written below
            }
        }

        if (req == null) {
            send(ex, 400, errorBody(false, "Malformed JSON request body", "BAD_USER_INPUT"));
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String token = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : null;
        Instant expiry = token == null ? null : tokens.get(token);
        if (expiry == null) {
            send(ex, 401, errorBody(false, "Unauthenticated", "UNAUTHENTICATED"));
            return;
        }
        if (!Instant.now().isBefore(expiry)) {
            send(ex, 200, errorBody(true, "Token expired", "UNAUTHENTICATED"));
            return;
        }
        JsonNode q = req.get("query");
        if (q == null || !q.isTextual() || q.asText().isBlank()) {
            send(ex, 400, errorBody(false, "Must provide query string.", "BAD_USER_INPUT"));
            return;
        }
        String query = q.asText();
        Fault.Kind cursorFault = fault == null ? null : fault.kind();
        List<RootCall> calls;
        JsonNode introspection = null;
        try {
            calls = schema.calls(query, req.path("operationName").asText(null), variables, cursorFault);
            if (calls.isEmpty()) {
                // an introspection query (__schema, __type): answered by graphql-java from the emulated SDL
                introspection = schema.introspect(query, req.path("operationName").asText(null), variables);
            }
        } catch (EmulatedSchema.Invalid e) {
            send(ex, 400, errorBody(false, e.getMessage(), "GRAPHQL_VALIDATION_FAILED"));
            return;
        }
        if (introspection != null) {
            send(ex, 200, MAPPER.writeValueAsBytes(introspection));
            return;
        }
        for (RootCall call : calls) {
            EmulatedRoot root = roots.get(call.field());
            if (root == null) {
                send(ex, 200, errorBody(true, "The emulator does not serve " + call.field(), "BAD_USER_INPUT"));
                return;
            }
            if (deniedScopes.contains(root.scope())) {
                send(ex, 200, errorBody(true, "You are not authorized to perform this action (missing scope "
                    + root.scope() + ")", "UNAUTHORIZED"));
                return;
            }
        }
        Fault late = null;
        if (calls.stream().anyMatch(c -> "admin:users".equals(roots.get(c.field()).scope()))) {
            Fault mf = mutationFaults.poll();
            if (mf != null && mf.kind() == Fault.Kind.ANSWER_AFTER) {
                late = mf;
            } else if (mf != null && mf.kind() == Fault.Kind.GRAPHQL_ERROR) {
                send(ex, 200, errorBody(true, mf.message(), mf.code()));
                return;
            } else if (mf != null && mf.kind() == Fault.Kind.HTTP) {
                sendHttpFault(ex, mf.status());
                return;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.setCodec(MAPPER);
            g.writeStartObject();
            g.writeObjectFieldStart("data");
            for (RootCall call : calls) {
                g.writeFieldName(call.responseKey());
                roots.get(call.field()).write(call, g);
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (BadInput e) {
            send(ex, 200, errorBody(true, e.getMessage(), e.code()));
            return;
        }
        if (late != null) {
            sleep(late.delay()); // applied already: the client gives up waiting for the answer
        }
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(200, out.size());
        try (OutputStream os = ex.getResponseBody()) {
            out.writeTo(os);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** 500 looks like an API error (JSON); 502/503/504 look like a gateway page (HTML), as in the wild. */
    private void sendHttpFault(HttpExchange ex, int status) throws IOException {
        if (status == 500 || status < 500) {
            send(ex, status, errorBody(false, "Internal server error", "INTERNAL"));
            return;
        }
        String reason = status == 502 ? "Bad Gateway" : status == 503 ? "Service Unavailable"
            : status == 504 ? "Gateway Timeout" : "Server Error";
        byte[] html = ("<html><head><title>" + status + " " + reason + "</title></head><body><h1>" + status + " "
            + reason + "</h1></body></html>").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        ex.sendResponseHeaders(status, html.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(html);
        }
    }

    // ---- issues --------------------------------------------------------------------------

    /** Yields the indexes worth testing, ascending; -1 when exhausted. */
    private interface Candidates {
        int next(int from);
    }

    private Candidates candidates(IssueFilter f, int total) {
        if (f.ids != null) {
            int[] idx = f.ids.stream().mapToInt(id -> gen.indexOf(id, total)).filter(i -> i >= 0).sorted().distinct().toArray();
            return from -> {
                int pos = Arrays.binarySearch(idx, from);
                pos = pos >= 0 ? pos : -pos - 1;
                return pos < idx.length ? idx[pos] : -1;
            };
        }
        if (f.excludesUntouchedSeed()) {
            int seeded = gen.initialCount();
            return from -> {
                Integer edited = overrides.ceilingKey(from);
                int e = edited == null || edited >= total ? -1 : edited;
                int added = Math.max(from, seeded);
                int a = added < total ? added : -1;
                return e < 0 ? a : a < 0 ? e : Math.min(a, e);
            };
        }
        return from -> from < total ? from : -1;
    }

    /** issuesV2, written straight from the generator (not cut to the selection: the hot path of the benchmarks). */
    private void writeIssues(RootCall call, JsonGenerator g) throws IOException, BadInput {
        int first = call.first(0);
        JsonNode afterNode = call.argument("after");
        int after = Pages.decodeCursor(afterNode);
        JsonNode filterBy = call.argument("filterBy");
        Fault.Kind cursorFault = call.cursorFault();
        IssueFilter filter = IssueFilter.parse(filterBy);
        int total = count.get();
        Candidates cand = candidates(filter, total);

        IssueCore[] hits = new IssueCore[first];
        ObjectNode[] edited = new ObjectNode[first];
        int n = 0;
        int i = after + 1 < 0 ? -1 : cand.next(after + 1);
        while (i >= 0 && n < first) {
            Edited e = overrides.get(i);
            IssueCore c = e != null ? e.core() : gen.core(i);
            if (filter.matches(c)) {
                hits[n] = c;
                edited[n] = e == null ? null : e.node();
                n++;
            }
            i = cand.next(i + 1);
        }
        // One more match after the page decides hasNextPage, so the last page never claims a successor.
        boolean hasNext = false;
        while (n == first && i >= 0) {
            if (filter.matches(coreOf(i))) {
                hasNext = true;
                break;
            }
            i = cand.next(i + 1);
        }
        String endCursor = n > 0 ? Pages.cursor(hits[n - 1].index) : null;
        if (cursorFault == Fault.Kind.REPEAT_CURSOR) {
            hasNext = true;
            endCursor = afterNode == null || afterNode.isNull() ? Pages.cursor(-1) : afterNode.asText();
        } else if (cursorFault == Fault.Kind.EMPTY_CURSOR) {
            hasNext = true;
            endCursor = "";
        }
        long totalCount = totalCount(filter, filterBy, total, cand);
        int ruleFields = ruleFields(call);

        g.writeStartObject();
        g.writeArrayFieldStart("nodes");
        for (int k = 0; k < n; k++) {
            if (edited[k] != null) {
                g.writeTree(edited[k]);
            } else {
                gen.write(g, hits[k], ruleFields);
            }
        }
        g.writeEndArray();
        writePageInfo(g, hasNext, endCursor);
        g.writeNumberField("totalCount", totalCount);
        g.writeEndObject();
    }

    /**
     * The rule fields the query's nodes select: sourceRules, the deprecated sourceRule, or both. Generated nodes are
     * not cut to the selection, but carry only the rule fields asked for, as a tenant that serves both would answer.
     */
    private static int ruleFields(RootCall call) {
        int both = IssueGenerator.SOURCE_RULES | IssueGenerator.SOURCE_RULE;
        if (call.selection() == null) {
            return both;
        }
        for (Field nodes : call.selection().getSelectionsOfType(Field.class)) {
            if (!nodes.getName().equals("nodes") || nodes.getSelectionSet() == null) {
                continue;
            }
            int fields = 0;
            for (Selection<?> s : nodes.getSelectionSet().getSelections()) {
                if (!(s instanceof Field f)) {
                    return both; // a fragment: not worth resolving here
                }
                fields |= f.getName().equals("sourceRules") ? IssueGenerator.SOURCE_RULES
                    : f.getName().equals("sourceRule") ? IssueGenerator.SOURCE_RULE : 0;
            }
            return fields;
        }
        return both;
    }

    private static void writePageInfo(JsonGenerator g, boolean hasNext, String endCursor) throws IOException {
        g.writeObjectFieldStart("pageInfo");
        g.writeBooleanField("hasNextPage", hasNext);
        if (endCursor == null) {
            g.writeNullField("endCursor");
        } else {
            g.writeStringField("endCursor", endCursor);
        }
        g.writeEndObject();
    }

    /**
     * Matching count. Sparse filters (ids, or a lower time bound past the seeded window) count their
     * few candidates directly. Otherwise the count over generated attributes is cached per filterBy
     * JSON: generated attributes of an index never change, so the cache only grows with added
     * issues, and edits are corrected for by walking the (few) edited issues.
     */
    private long totalCount(IssueFilter f, JsonNode filterBy, int total, Candidates cand) {
        if (f.isEmpty()) {
            return total;
        }
        if (f.ids != null || f.excludesUntouchedSeed()) {
            long c = 0;
            for (int i = cand.next(0); i >= 0; i = cand.next(i + 1)) {
                if (f.matches(coreOf(i))) {
                    c++;
                }
            }
            return c;
        }
        String key = filterBy.toString();
        BaseCount base;
        synchronized (countCache) {
            base = countCache.get(key);
        }
        if (base == null || base.upTo() < total) {
            int from = base == null ? 0 : base.upTo();
            long c = base == null ? 0 : base.count();
            for (int i = from; i < total; i++) {
                if (f.matches(gen.core(i))) {
                    c++;
                }
            }
            base = new BaseCount(total, c);
            synchronized (countCache) {
                BaseCount prev = countCache.get(key);
                if (prev == null || prev.upTo() < total) {
                    countCache.put(key, base);
                }
            }
        }
        long c = base.count();
        if (base.upTo() > total) {
            // Cannot happen (issues are never removed) but keep the count honest if it did.
            for (int i = total; i < base.upTo(); i++) {
                if (f.matches(gen.core(i))) {
                    c--;
                }
            }
        }
        for (Map.Entry<Integer, Edited> e : overrides.headMap(total).entrySet()) {
            if (f.matches(gen.core(e.getKey()))) {
                c--;
            }
            if (f.matches(e.getValue().core())) {
                c++;
            }
        }
        return c;
    }

    // ---- responses -----------------------------------------------------------------------

    /** A GraphQL-style error body; {@code dataNull} adds {@code "data": null} as Wiz does on HTTP 200. */
    private static byte[] errorBody(boolean dataNull, String message, String code) throws IOException {
        ObjectNode root = MAPPER.createObjectNode();
        if (dataNull) {
            root.putNull("data");
        }
        ObjectNode err = root.putArray("errors").addObject();
        err.put("message", message);
        err.putObject("extensions").put("code", code);
        return MAPPER.writeValueAsBytes(root);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(body);
        }
    }

    @Override
    public String toString() {
        // Deliberately no client secret.
        return "WizEmulator[issues=" + count.get() + ", seed=" + seed + ", clientId=" + clientId
            + (server == null ? ", stopped]" : ", " + apiUrl() + "]");
    }

    /** Manual use: {@code java ... io.wizcamel.emulator.WizEmulator [issues] [port]}. */
    public static void main(String[] args) throws InterruptedException {
        int issues = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        WizEmulator emu = WizEmulator.builder().issues(issues).port(port).build().start();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            emu.close();
            stop.countDown();
        }));
        System.out.println("Wiz emulator with " + issues + " issues");
        System.out.println("  GraphQL : " + emu.graphqlUrl());
        System.out.println("  Token   : " + emu.tokenUrl() + "  (audience " + AUDIENCE + ")");
        System.out.println("  Client  : " + emu.clientId() + "  (secret: the builder default, see DEFAULT_CLIENT_SECRET)");
        System.out.println("Ctrl-C to stop.");
        stop.await();
    }
}
