package io.wizcamel.sink.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** What the ticketing fakes share: a loopback server, a request log, and faults a test switches on. */
public abstract class FakeTicketSystem implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** one request as the fake saw it (never its Authorization header) */
    public record Seen(String method, String path, String query, String body, long atMillis, int status) { }

    public final List<Seen> requests = new CopyOnWriteArrayList<>();
    /** while true, every request is answered 503 (the target is down) */
    public volatile boolean down;
    /** this many next requests are answered 429 with Retry-After */
    public final AtomicInteger throttle = new AtomicInteger();
    public volatile int retryAfterSeconds = 1;
    /** this many next creates are carried out but answered 503, as when the answer is lost */
    public final AtomicInteger loseCreateAnswers = new AtomicInteger();

    private HttpServer server;
    private ExecutorService executor;

    /** an answer: status, body (null for none) and extra headers */
    record Answer(int status, String body, Map<String, String> headers) {
        Answer(int status, String body) {
            this(status, body, Map.of());
        }
    }

    abstract Answer handle(String method, String path, Map<String, String> query, String body, HttpExchange ex)
            throws IOException;

    /** the answer of a target that is down or busy */
    abstract Answer unavailable(int status);

    public synchronized <T extends FakeTicketSystem> T start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        @SuppressWarnings("unchecked")
        T self = (T) this;
        return self;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        String body;
        try (InputStream in = ex.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        Answer a;
        if (down) {
            a = unavailable(503);
        } else if (throttle.get() > 0 && throttle.getAndDecrement() > 0) {
            Answer busy = unavailable(429);
            a = new Answer(429, busy.body(), Map.of("Retry-After", String.valueOf(retryAfterSeconds)));
        } else {
            synchronized (this) { // the fakes' state changes one request at a time
                a = handle(method, path, parse(rawQuery), body, ex);
            }
        }
        // the token form carries the client secret by design: it is the one place a secret may go
        String logged = path.endsWith("/oauth_token.do") ? "(token request form)" : body;
        requests.add(new Seen(method, path, rawQuery, logged, System.currentTimeMillis(), a.status()));
        byte[] out = a.body() == null ? new byte[0] : a.body().getBytes(StandardCharsets.UTF_8);
        if (a.body() != null) {
            ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        }
        a.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(out);
        }
    }

    static Map<String, String> parse(String rawQuery) {
        Map<String, String> q = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return q;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    static String header(HttpExchange ex, String name) {
        String v = ex.getRequestHeaders().getFirst(name);
        return v == null ? "" : v;
    }

    /** every request body and query string the fake received, for tests that look for leaked secrets */
    public String everythingReceived() {
        StringBuilder b = new StringBuilder();
        requests.forEach(r -> b.append(r.method()).append(' ').append(r.path()).append('?').append(r.query())
                .append('\n').append(r.body()).append('\n'));
        return b.toString();
    }

    public long count(String method, String pathPrefix) {
        return requests.stream().filter(r -> r.method().equals(method) && r.path().startsWith(pathPrefix)).count();
    }
}
