package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's management server, scraped over HTTP as Kubernetes and Prometheus do: health with a readiness check
 * per stream and per sink, Prometheus metrics per stream and sink, and sync now.
 */
class ManagementServerTest {

    static final String ADMIN = "s3cret-admin-token";
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    WizEmulator emulator;
    Thread daemon;
    String base;

    @BeforeEach
    void start() {
        FlakyTarget.reset();
        emulator = WizEmulator.builder().issues(400).build().start();
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            SyncHarness.stopDaemon(daemon, 60_000);
        }
        emulator.close();
    }

    /** a daemon that syncs at start, serves on a free port and stops by itself after some seconds */
    private SyncHarness startDaemon(String sinks, int seconds, String... settings) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        SyncHarness h = new SyncHarness(emulator, dir).extraRoutes("file:src/test/resources/routes/*.yaml")
                .set("wiz.sinks", sinks).set("wiz.sink-retries", "0")
                .set("camel.management.port", String.valueOf(port)).set("camel.management.host", "127.0.0.1")
                .set("wiz.sync-on-start", "true").set("wiz.admin-token", ADMIN)
                .set("wiz.schedule", "0 0 0 1 1 ? 2099").set("wiz.full-sync-schedule", "0 0 0 1 1 ? 2099")
                .set("wiz.page-size", "50").set("wiz.rate-limit", "3")
                .set("camel.main.duration-max-seconds", String.valueOf(seconds));
        for (int i = 0; i + 1 < settings.length; i += 2) {
            h.set(settings[i], settings[i + 1]);
        }
        daemon = new Thread(() -> WizCamel.run(new String[0], h.props));
        daemon.start();
        waitFor(() -> Files.exists(dir.resolve("data/history.jsonl")) && h.history().size() == 1, "the sync at start");
        return h;
    }

    @Test
    void healthAndMetricsAreScrapedOverHttpAndSyncNowRunsAStreamOnce() throws Exception {
        SyncHarness h = startDaemon("file", 25);
        JsonNode first = h.lastRun();
        assertEquals("start", first.path("trigger").asText());
        assertEquals("succeeded", first.path("outcome").asText());

        HttpResponse<String> health = get("/observe/health?data=true");
        assertEquals(200, health.statusCode(), health.body());
        JsonNode checks = SyncHarness.JSON.readTree(health.body());
        assertEquals("UP", checks.path("status").asText(), health.body());
        assertEquals("UP", check(checks, "stream:issues").path("status").asText(), health.body());
        assertEquals("succeeded", check(checks, "stream:issues").path("data").path("last.outcome").asText(),
                health.body());
        assertEquals("UP", check(checks, "sink:file").path("status").asText(), health.body());
        assertEquals(200, get("/observe/health/live").statusCode());
        assertEquals(200, get("/observe/health/ready").statusCode());

        HttpResponse<String> metrics = get("/observe/metrics");
        assertEquals(200, metrics.statusCode());
        String m = metrics.body();
        long delivered = first.path("delivered").asLong();
        assertEquals(1.0, metric(m, "wiz_runs_total", "outcome=\"succeeded\",stream=\"issues\""), m);
        assertEquals(0.0, metric(m, "wiz_runs_total", "outcome=\"failed\",stream=\"issues\""));
        assertEquals(delivered, (long) metric(m, "wiz_records_delivered_total", "sink=\"file\",stream=\"issues\""));
        assertEquals(first.path("fetched").asLong(), (long) metric(m, "wiz_records_fetched_total", "stream=\"issues\""));
        assertEquals(first.path("dropped").path("cloudPlatform").asLong(),
                (long) metric(m, "wiz_records_dropped_total", "reason=\"cloudPlatform\",stream=\"issues\""));
        assertEquals(first.path("requests").asLong(), (long) metric(m, "wiz_api_requests_total", "stream=\"issues\""));
        assertEquals(1.0, metric(m, "wiz_token_fetches_total", "stream=\"issues\""));
        assertEquals(0.0, metric(m, "wiz_api_retries_total", "stream=\"issues\""));
        assertEquals(0.0, metric(m, "wiz_dead_letters_waiting", "sink=\"file\",stream=\"issues\""));
        assertEquals(java.time.Instant.parse(first.path("end").asText()).getEpochSecond(),
                (long) metric(m, "wiz_last_success_timestamp_seconds", "stream=\"issues\""));
        assertEquals(1.0, metric(m, "wiz_run_duration_seconds_count", "stream=\"issues\""));

        // sync now: refused without the admin token, run once with it, not queued twice
        assertEquals(401, post("/wiz/sync?stream=issues", null).statusCode());
        assertEquals(401, post("/wiz/sync?stream=issues", "Bearer wrong").statusCode());
        HttpResponse<String> unknown = post("/wiz/sync?stream=nope", "Bearer " + ADMIN);
        assertEquals(400, unknown.statusCode());
        HttpResponse<String> accepted = post("/wiz/sync?stream=issues&full=true", "Bearer " + ADMIN);
        assertEquals(202, accepted.statusCode(), accepted.body());
        HttpResponse<String> again = post("/wiz/sync?stream=issues", "Bearer " + ADMIN);
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("not queued"), again.body());
        waitFor(() -> h.history().size() == 2, "the run asked for");
        JsonNode now = h.lastRun();
        assertEquals("sync-now", now.path("trigger").asText());
        assertEquals("full", now.path("mode").asText());
        assertEquals(2.0, metric(get("/observe/metrics").body(), "wiz_runs_total",
                "outcome=\"succeeded\",stream=\"issues\""));
    }

    @Test
    void aSinkThatFailedMakesTheDaemonNotReadyAndCountsItsDeadLetters() throws Exception {
        FlakyTarget.down = true;
        SyncHarness h = startDaemon("file,flaky", 12);
        JsonNode run = h.lastRun();
        assertEquals("partial", run.path("outcome").asText());
        long kept = run.path("sinks").path("flaky").path("deadLettered").asLong();
        assertTrue(kept > 0);

        HttpResponse<String> ready = get("/observe/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        JsonNode checks = SyncHarness.JSON.readTree(get("/observe/health?data=true").body());
        assertEquals("DOWN", check(checks, "sink:flaky").path("status").asText(), checks.toString());
        assertTrue(check(checks, "sink:flaky").path("message").asText().contains("Connection refused"), checks.toString());
        assertEquals("UP", check(checks, "sink:file").path("status").asText());
        assertEquals("UP", check(checks, "stream:issues").path("status").asText(), "the run itself got to its end");
        assertEquals(200, get("/observe/health/live").statusCode(), "alive: a restart would not help");

        String m = get("/observe/metrics").body();
        assertEquals(1.0, metric(m, "wiz_runs_total", "outcome=\"partial\",stream=\"issues\""));
        assertEquals(kept, (long) metric(m, "wiz_records_dead_lettered_total", "sink=\"flaky\",stream=\"issues\""));
        assertEquals(kept, (long) metric(m, "wiz_dead_letters_waiting", "sink=\"flaky\",stream=\"issues\""));
        assertEquals(0.0, metric(m, "wiz_records_delivered_total", "sink=\"flaky\",stream=\"issues\""));
    }

    private static JsonNode check(JsonNode health, String id) {
        for (JsonNode c : health.path("checks")) {
            if (id.equals(c.path("name").asText())) {
                return c;
            }
        }
        throw new AssertionError("no check " + id + " in " + health);
    }

    /** the value of one Prometheus sample, its labels given in order */
    private static double metric(String text, String name, String labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name + "{" + labels) + "[^}]*\\} (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + name + "{" + labels + "} in\n" + text.lines()
                    .filter(l -> l.startsWith("wiz_")).toList());
        }
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aStreamTheSchemaCheckHeldBackMakesTheDaemonNotReady() throws Exception {
        emulator.close();
        emulator = WizEmulator.builder().issues(100).withoutRoots("projects").build().start();
        startDaemon("file", 12, "wiz.streams", "issues,projects", "wiz.check-schema-on-start", "true");
        HttpResponse<String> ready = get("/observe/health/ready");
        assertEquals(503, ready.statusCode(), ready.body());
        JsonNode checks = SyncHarness.JSON.readTree(get("/observe/health?data=true").body());
        JsonNode schema = null;
        for (JsonNode c : checks.path("checks")) {
            if (c.path("name").asText().equals("schema")) {
                schema = c;
            }
        }
        assertEquals("DOWN", schema.path("status").asText(), checks.toString());
        assertTrue(schema.path("message").asText().contains("projects"), schema.toString());
        assertEquals(200, get("/observe/health/live").statusCode(), "alive: a restart would not help");
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    interface Condition {
        boolean met() throws Exception;
    }

    private static void waitFor(Condition c, String what) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (c.met()) {
                    return;
                }
            } catch (java.io.IOException e) {
                // not there yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
