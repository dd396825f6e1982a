package io.wizcamel.sink.fake;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;

/**
 * A Splunk HTTP Event Collector for tests, enforcing HEC's documented request contract: POST to
 * /services/collector/event, "Authorization: Splunk <token>", a body of concatenated JSON event objects each with a
 * non-blank "event", a numeric "time", string "host"/"source"/"sourcetype"/"index", an index the token may write to,
 * and at most max_content_length bytes (413 when over). Answers carry HEC's documented bodies {"text":..,"code":N}.
 */
public final class FakeHec extends FakeHttp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String token;
    private final int maxContentLength;
    private final Set<String> allowedIndexes;

    /** events HEC accepted, in order */
    public final List<JsonNode> events = Collections.synchronizedList(new ArrayList<>());
    /** every request received, accepted or not */
    public final AtomicInteger requests = new AtomicInteger();
    /** requests accepted (HTTP 200, code 0) */
    public final AtomicInteger accepted = new AtomicInteger();
    /** the largest body received, in bytes */
    public volatile int largestBody;
    /** the body of every request accepted */
    public final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    /** every Authorization header received, to show what was sent */
    public final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    private volatile boolean tokenDisabled;
    private final AtomicInteger busy = new AtomicInteger();
    private final ConcurrentLinkedQueue<String[]> forced = new ConcurrentLinkedQueue<>();

    public FakeHec(String token, int maxContentLength, Set<String> allowedIndexes) {
        this.token = token;
        this.maxContentLength = maxContentLength;
        this.allowedIndexes = allowedIndexes;
    }

    @Override
    public FakeHec start() {
        super.start();
        return this;
    }

    /** the next n requests get 503 {"text":"Server is busy","code":9} */
    public void busyFor(int n) {
        busy.set(n);
    }

    public void disableToken(boolean disabled) {
        tokenDisabled = disabled;
    }

    /** the next request (with a valid token) gets this answer instead of being indexed */
    public void answerNext(int status, String body) {
        forced.add(new String[] {Integer.toString(status), body});
    }

    @Override
    protected void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/services/collector/event") && !path.equals("/services/collector")) {
            answer(ex, 404, "The requested URL was not found on this server.", 404);
            return;
        }
        if (!"POST".equals(ex.getRequestMethod())) {
            answer(ex, 405, "Method Not Allowed", 405);
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth);
        if (auth == null || auth.isBlank()) {
            answer(ex, 401, "Token is required", 2);
            return;
        }
        if (!auth.startsWith("Splunk ")) {
            answer(ex, 401, "Invalid authorization", 3);
            return;
        }
        if (!auth.substring("Splunk ".length()).equals(token)) {
            answer(ex, 403, "Invalid token", 4);
            return;
        }
        if (tokenDisabled) {
            answer(ex, 403, "Token disabled", 1);
            return;
        }
        String length = ex.getRequestHeaders().getFirst("Content-Length");
        if (length != null && Long.parseLong(length) > maxContentLength) {
            drain(ex.getRequestBody());
            send(ex, 413, "text/plain", "Content-Length of " + length + " too large (maximum is " + maxContentLength
                    + ")");
            return;
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        largestBody = Math.max(largestBody, body.length);
        if (body.length > maxContentLength) {
            send(ex, 413, "text/plain", "Content-Length of " + body.length + " too large (maximum is "
                    + maxContentLength + ")");
            return;
        }
        if (busy.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            answer(ex, 503, "Server is busy", 9);
            return;
        }
        String[] force = forced.poll();
        if (force != null) {
            send(ex, Integer.parseInt(force[0]), "application/json", force[1]);
            return;
        }
        if (body.length == 0) {
            answer(ex, 400, "No data", 5);
            return;
        }
        List<JsonNode> batch = new ArrayList<>();
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (it.hasNextValue()) {
                batch.add(it.nextValue());
            }
        } catch (Exception e) {
            invalid(ex, "Invalid data format", 6, batch.size());
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            JsonNode e = batch.get(i);
            if (!e.isObject()) {
                invalid(ex, "Invalid data format", 6, i);
                return;
            }
            if (!e.has("event")) {
                invalid(ex, "Event field is required", 12, i);
                return;
            }
            JsonNode event = e.get("event");
            if (event.isNull() || (event.isTextual() && event.asText().isBlank()) || (event.isObject() && event.isEmpty())) {
                invalid(ex, "Event field cannot be blank", 13, i);
                return;
            }
            if (e.has("time") && !e.get("time").isNumber()) {
                invalid(ex, "Invalid data format", 6, i);
                return;
            }
            for (String f : List.of("host", "source", "sourcetype", "index")) {
                if (e.has(f) && !e.get(f).isTextual()) {
                    invalid(ex, "Invalid data format", 6, i);
                    return;
                }
            }
            if (e.has("index") && !allowedIndexes.contains(e.get("index").asText())) {
                invalid(ex, "Incorrect index", 7, i);
                return;
            }
        }
        events.addAll(batch);
        bodies.add(new String(body, java.nio.charset.StandardCharsets.UTF_8));
        accepted.incrementAndGet();
        answer(ex, 200, "Success", 0);
    }

    private static void invalid(HttpExchange ex, String text, int code, int eventNumber) throws IOException {
        send(ex, 400, "application/json", "{\"text\":\"" + text + "\",\"code\":" + code + ",\"invalid-event-number\":"
                + eventNumber + "}");
    }

    private static void answer(HttpExchange ex, int status, String text, int code) throws IOException {
        send(ex, status, "application/json", "{\"text\":\"" + text + "\",\"code\":" + code + "}");
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(java.io.OutputStream.nullOutputStream());
    }
}
