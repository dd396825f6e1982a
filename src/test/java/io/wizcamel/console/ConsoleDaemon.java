package io.wizcamel.console;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.WizCamel;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeHec;

/**
 * A daemon as deployed (the launcher, routes/, application.properties) on the Wiz emulator, with the file sink and
 * Splunk HEC's fake, its management server (and the console) on a free loopback port; no sync at start and schedules
 * far in the future, so every run is one the test asks for. Secrets are set to recognisable values that no answer
 * may contain.
 */
final class ConsoleDaemon implements AutoCloseable {

    static final String ADMIN = "console-admin-7f3a9c1e5b";
    static final String HEC_TOKEN = "5d2c9a71-3e4f-4b8a-9c6d-1a2b3c4d5e6f";
    static final String CLIENT_SECRET = "emulator-secret"; // what SyncHarness gives the emulator
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final WizEmulator emulator;
    final FakeHec hec;
    final SyncHarness harness;
    final String base;
    private final Thread daemon;

    ConsoleDaemon(Path dir, String... settings) throws Exception {
        emulator = WizEmulator.builder().issues(200).build().start();
        hec = new FakeHec(HEC_TOKEN, 1_000_000, Set.of("main")).start();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        base = "http://127.0.0.1:" + port;
        harness = new SyncHarness(emulator, dir).set("wiz.sinks", "file,splunk-hec")
                .set("wiz.sink.splunk-hec.url", hec.baseUrl()).set("wiz.sink.splunk-hec.token", HEC_TOKEN)
                .set("wiz.sink-retries", "0").set("wiz.sink-retry-delay-ms", "50")
                .set("camel.management.port", String.valueOf(port)).set("camel.management.host", "127.0.0.1")
                .set("wiz.admin-token", ADMIN).set("wiz.progress-seconds", "0")
                .set("wiz.schedule", "0 0 0 1 1 ? 2099").set("wiz.full-sync-schedule", "0 0 0 1 1 ? 2099")
                .set("wiz.page-size", "50").set("wiz.rate-limit", "4")
                // a safety net: close() ends it long before
                .set("camel.main.duration-max-seconds", "300");
        for (int i = 0; i + 1 < settings.length; i += 2) {
            harness.set(settings[i], settings[i + 1]);
        }
        daemon = new Thread(() -> WizCamel.run(new String[0], harness.props), "console-daemon");
        daemon.start();
        boolean console = !"false".equals(harness.props.getProperty("wiz.console.enabled"));
        // the management server answers before the daemon has put sync now and the console on it
        waitFor(() -> {
            try {
                return post("/wiz/sync", null).statusCode() == 401
                        && (!console || get("/console/").statusCode() == 200);
            } catch (Exception e) {
                return false;
            }
        }, "the daemon's management server with sync now" + (console ? " and the console" : ""));
    }

    /** changes the status of the first {@code n} issues SAFE's rules keep (now): the next run delivers them again */
    int changeIssues(int n) {
        int changed = 0;
        for (int i = 0; changed < n; i++) {
            JsonNode issue = emulator.issue(i);
            if (SyncHarness.safeKeeps(issue)) {
                emulator.setStatus(i, "RESOLVED".equals(issue.path("status").asText()) ? "OPEN" : "RESOLVED",
                        java.time.Instant.now());
                changed++;
            }
        }
        return changed;
    }

    HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(HttpResponse<String> r) throws Exception {
        return SyncHarness.JSON.readTree(r.body());
    }

    List<JsonNode> history() throws Exception {
        Path file = harness.dir.resolve("data/history.jsonl");
        return Files.exists(file) ? harness.history() : List.of();
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    /** ends the daemon as its duration limit would (the launcher's runner, told it is completed), then the fakes */
    @Override
    public void close() throws Exception {
        try {
            SyncHarness.stopDaemon(daemon, 60_000);
        } finally {
            hec.close();
            emulator.close();
        }
    }
}
