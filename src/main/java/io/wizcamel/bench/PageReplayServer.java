package io.wizcamel.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.wizcamel.emulator.LoopbackServer;
import io.wizcamel.emulator.WizEmulator;

/**
 * Serves the answer pages of one full issues sync, rendered beforehand by the {@link WizEmulator} into files, so that
 * a benchmark of the connector does not pay for generating them. {@link #render} asks the live emulator exactly what
 * the connector asks on a first full sync ({@code routes/graphql/issues.graphql}, {@code first} = 500, the default
 * {@code filterBy} of status and severity, {@code after} = the previous page's {@code endCursor}) and stores each
 * answer's bytes in a file, keyed by the request's {@code after}. {@link #start} then serves those files on loopback:
 * a GraphQL POST is answered with the page recorded for its {@code variables.after} (null for the first page), the
 * token endpoint with a fixed bearer token. Only the small request body is parsed; a page is streamed from its file.
 *
 * <pre>
 * java -cp target/wiz-camel.jar io.wizcamel.bench.PageReplayServer 100000 [port] [dir]
 * </pre>
 */
public final class PageReplayServer implements AutoCloseable {

    public static final String TOKEN = "replay-token";
    public static final List<String> DEFAULT_STATUSES = List.of("OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED");
    public static final List<String> DEFAULT_SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW");
    public static final int PAGE_SIZE = 500;

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String FIRST_KEY = "\u0000first";

    /** The rendered pages of one sync: the key is the request's {@code after} (null for the first page). */
    public record Recording(Path dir, Map<String, Path> pages, List<String> order, long bytes, long nodes,
            String variablesTemplate, double renderSeconds) {

        /** The file answering a request with this {@code after}, or null. */
        public Path page(String after) {
            return pages.get(after == null ? FIRST_KEY : after);
        }

        public int pageCount() {
            return pages.size();
        }
    }

    private final Recording recording;
    private final int requestedPort;
    private final AtomicLong graphqlRequests = new AtomicLong();
    private final AtomicLong tokenRequests = new AtomicLong();
    private final AtomicLong misses = new AtomicLong();
    private final AtomicLong otherVariables = new AtomicLong();
    private final AtomicLong bytesServed = new AtomicLong();
    private final JsonNode template;
    private LoopbackServer server;

    public PageReplayServer(Recording recording, int port) {
        this.recording = recording;
        this.requestedPort = port;
        try {
            this.template = MAPPER.readTree(recording.variablesTemplate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- rendering -------------------------------------------------------------------------

    /**
     * Renders every answer page of a first full sync of {@code issues} emulator issues (default seed, as
     * {@code --emulator} uses) into {@code dir}, asking with the query in {@code queryFile}.
     */
    public static Recording render(int issues, Path dir, Path queryFile) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        Files.createDirectories(dir);
        String query = Files.readString(queryFile);
        Map<String, Path> pages = new HashMap<>();
        List<String> order = new ArrayList<>();
        long bytes = 0;
        long nodes = 0;
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        ObjectNode variables = defaultVariables(null);
        String template = variables.toString();
        try (WizEmulator emulator = WizEmulator.builder().issues(issues).build().start()) {
            String token = token(client, emulator.tokenUrl());
            String after = null;
            for (int n = 1; ; n++) {
                if (n > issues / PAGE_SIZE + 2) {
                    throw new IllegalStateException("the emulator served more pages than " + issues + " issues need");
                }
                Path file = dir.resolve(String.format("page-%06d.json", n));
                HttpResponse<Path> r = client.send(HttpRequest.newBuilder(URI.create(emulator.graphqlUrl()))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                        .POST(HttpRequest.BodyPublishers.ofString(requestBody(query, after)))
                        .build(), HttpResponse.BodyHandlers.ofFile(file));
                if (r.statusCode() != 200) {
                    throw new IOException("the emulator answered page " + n + " with HTTP " + r.statusCode() + ": "
                            + Files.readString(file));
                }
                pages.put(after == null ? FIRST_KEY : after, file);
                order.add(after);
                bytes += Files.size(file);
                JsonNode connection = MAPPER.readTree(file.toFile()).path("data").path("issues");
                if (!connection.path("nodes").isArray()) {
                    throw new IOException("page " + n + " has no data.issues.nodes: " + file);
                }
                nodes += connection.path("nodes").size();
                JsonNode info = connection.path("pageInfo");
                if (!info.path("hasNextPage").asBoolean(false)) {
                    break;
                }
                after = info.path("endCursor").asText();
            }
        }
        return new Recording(dir, Collections.unmodifiableMap(pages), Collections.unmodifiableList(order), bytes,
                nodes, template, (System.nanoTime() - t0) / 1e9);
    }

    /** The connector's variables on a first full sync with the default settings. */
    public static ObjectNode defaultVariables(String after) {
        ObjectNode v = MAPPER.createObjectNode();
        v.put("first", PAGE_SIZE);
        v.put("after", after);
        ObjectNode filterBy = v.putObject("filterBy");
        ArrayNode status = filterBy.putArray("status");
        DEFAULT_STATUSES.forEach(status::add);
        ArrayNode severity = filterBy.putArray("severity");
        DEFAULT_SEVERITIES.forEach(severity::add);
        return v;
    }

    /** A GraphQL request body as the connector sends it. */
    public static String requestBody(String query, String after) {
        ObjectNode body = MAPPER.createObjectNode();
        body.put("query", query);
        body.set("variables", defaultVariables(after));
        return body.toString();
    }

    private static String token(HttpClient client, String tokenUrl) throws IOException, InterruptedException {
        String form = "grant_type=client_credentials&audience=" + WizEmulator.AUDIENCE + "&client_id="
                + WizEmulator.DEFAULT_CLIENT_ID + "&client_secret=" + WizEmulator.DEFAULT_CLIENT_SECRET;
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(tokenUrl))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("the emulator refused the token request: HTTP " + r.statusCode());
        }
        return MAPPER.readTree(r.body()).path("access_token").asText();
    }

    // ---- serving ---------------------------------------------------------------------------

    public synchronized PageReplayServer start() {
        server = LoopbackServer.start("replay server", requestedPort, 2, this::handle);
        return this;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public String graphqlUrl() {
        return apiUrl() + "/graphql";
    }

    public String tokenUrl() {
        return apiUrl() + "/oauth/token";
    }

    public Recording recording() {
        return recording;
    }

    public long graphqlRequests() {
        return graphqlRequests.get();
    }

    public long tokenRequests() {
        return tokenRequests.get();
    }

    /** GraphQL requests whose {@code after} had no recorded page (answered with a GraphQL error). */
    public long misses() {
        return misses.get();
    }

    /** GraphQL requests whose first or filterBy differ from what was recorded (answered all the same). */
    public long otherVariables() {
        return otherVariables.get();
    }

    public long bytesServed() {
        return bytesServed.get();
    }

    public void resetCounters() {
        graphqlRequests.set(0);
        tokenRequests.set(0);
        misses.set(0);
        otherVariables.set(0);
        bytesServed.set(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String path = ex.getRequestURI().getPath();
            if (path.startsWith("/oauth/token")) {
                tokenRequests.incrementAndGet();
                send(ex, 200, ("{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"Bearer\",\"expires_in\":86400}")
                        .getBytes(StandardCharsets.UTF_8));
                return;
            }
            graphqlRequests.incrementAndGet();
            JsonNode variables;
            try {
                variables = MAPPER.readTree(body).path("variables");
                if (variables.isTextual()) {
                    variables = MAPPER.readTree(variables.asText());
                }
            } catch (IOException e) {
                send(ex, 400, error("Malformed JSON request body"));
                return;
            }
            JsonNode afterNode = variables.path("after");
            String after = afterNode.isTextual() ? afterNode.asText() : null;
            if (variables.isObject() && !sameApartFromAfter(variables)) {
                otherVariables.incrementAndGet();
            }
            Path page = recording.page(after);
            if (page == null) {
                misses.incrementAndGet();
                send(ex, 200, error("The replay server has no page recorded for after=" + after));
                return;
            }
            long length = Files.size(page);
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, length);
            try (OutputStream out = ex.getResponseBody()) {
                Files.copy(page, out);
            }
            bytesServed.addAndGet(length);
        } catch (IOException | RuntimeException e) {
            // the client went away; nothing more to tell it
        }
    }

    private boolean sameApartFromAfter(JsonNode variables) {
        ObjectNode copy = ((ObjectNode) variables).deepCopy();
        copy.putNull("after");
        return copy.equals(template);
    }

    private static byte[] error(String message) {
        ObjectNode root = MAPPER.createObjectNode();
        root.putNull("data");
        ObjectNode err = root.putArray("errors").addObject();
        err.put("message", message);
        err.putObject("extensions").put("code", "BAD_USER_INPUT");
        return root.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /** Renders the pages of N issues and serves them until stopped: {@code PageReplayServer N [port] [dir]}. */
    public static void main(String[] args) throws Exception {
        int issues = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        Path dir = args.length > 2 ? Path.of(args[2]) : Files.createTempDirectory("wiz-replay");
        Recording rec = render(issues, dir, Path.of("routes/graphql/issues.graphql"));
        PageReplayServer server = new PageReplayServer(rec, port).start();
        System.out.printf("rendered %,d pages (%,d issues, %,d bytes) into %s in %.1f s%n", rec.pageCount(),
                rec.nodes(), rec.bytes(), dir, rec.renderSeconds());
        System.out.println("  WIZ_API_URL=" + server.graphqlUrl());
        System.out.println("  WIZ_TOKEN_URL=" + server.tokenUrl());
        System.out.println("  WIZ_CLIENT_ID=any WIZ_CLIENT_SECRET=any");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stop.countDown();
        }));
        stop.await();
    }
}
