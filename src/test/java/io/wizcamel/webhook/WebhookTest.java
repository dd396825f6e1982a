package io.wizcamel.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.WizCamel;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeJira;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook receiver over real HTTP on loopback, with the deployed routes running as a service: it refuses before
 * it accepts (no record, no API call), checks its input, queues durably, re-reads the issues by id in batches and
 * delivers them through the issues stream.
 */
class WebhookTest {

    static final String TOKEN = "whk-0123456789-secret";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void refusesBeforeItAcceptsThenAppliesEventsWithinSeconds() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(300).build().start()) {
            SyncHarness h = harness(emulator, dir).set("wiz.webhook.max-bytes", "2048");
            int port = Integer.parseInt(h.props.getProperty("wiz.http-port"));
            Thread service = runAsService(h, 25);
            awaitPort(port);
            String url = "http://127.0.0.1:" + port + "/wiz/webhook";

            // no credentials, a wrong token, a Basic password: 401 with WWW-Authenticate; nothing recorded or asked
            HttpResponse<String> r = post(url, null, event(emulator.issueId(1), "Open", "t1"));
            assertEquals(401, r.statusCode());
            assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), r.headers().toString());
            assertEquals(401, post(url, "Bearer not-the-token", event(emulator.issueId(1), "Open", "t1")).statusCode());
            assertEquals(401, post(url, "Basic " + Base64.getEncoder().encodeToString("wiz:guess".getBytes()),
                    event(emulator.issueId(1), "Open", "t1")).statusCode());
            // input checks, past the credentials
            assertEquals(413, post(url, "Bearer " + TOKEN, "{\"pad\":\"" + "x".repeat(4096) + "\"}").statusCode());
            HttpResponse<String> notJson = post(url, "Bearer " + TOKEN, "issue=1");
            assertEquals(400, notJson.statusCode());
            assertTrue(notJson.body().contains("not JSON"), notJson.body());
            HttpResponse<String> noId = post(url, "Bearer " + TOKEN, "{\"trigger\":{\"type\":\"Created\"},\"issue\":{}}");
            assertEquals(422, noId.statusCode());
            assertTrue(noId.body().contains("issue.id"), noId.body());
            Thread.sleep(600);
            assertEquals(0, emulator.graphqlRequests() + emulator.tokenRequests(), "nothing asked of Wiz yet");
            assertFalse(Files.exists(dir.resolve("data/history.jsonl")), "nothing run yet");

            // a valid event: 202, then the issue, re-read, reaches the sink within seconds
            String issue = h.expectedIds(300).get(3);
            long sent = System.currentTimeMillis();
            assertEquals(202, post(url, "Bearer " + TOKEN, event(issue, "Created", "2026-11-30 10:00:00.123456"))
                    .statusCode());
            await(() -> delivered(h, issue) == 1, 5_000);
            long delay = System.currentTimeMillis() - sent;
            await(() -> eventsApplied(h) == 1, 2_000);
            JsonNode run = h.history().get(0);
            assertEquals("webhook", run.path("trigger").asText());
            assertEquals("by-id", run.path("mode").asText());
            assertEquals(1, run.path("events").asLong());
            assertEquals(1, run.path("requests").asLong());
            assertTrue(delay < 5_000, delay + " ms");

            // Wiz sends it again: acknowledged, not applied twice
            HttpResponse<String> again = post(url, "Bearer " + TOKEN, event(issue, "Created", "2026-11-30 10:00:00.123456"));
            assertEquals(200, again.statusCode());
            assertTrue(again.body().contains("already received"), again.body());

            // a burst: 1,000 events for 300 issues (several per issue), 20 at a time
            for (int i = 0; i < 1000; i += 20) {
                List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
                for (int k = i; k < i + 20; k++) {
                    burst.add(postAsync(url, "Bearer " + TOKEN, event(emulator.issueId(k % 300), "Updated", "u" + k)));
                }
                for (CompletableFuture<HttpResponse<String>> f : burst) {
                    assertEquals(202, f.get().statusCode());
                }
            }
            await(() -> eventsApplied(h) == 1001, 15_000);
            for (JsonNode webhookRun : h.history()) {
                assertTrue(webhookRun.path("ids").asLong() <= 500, webhookRun.toString());
                assertEquals(webhookRun.path("pages").asLong(), webhookRun.path("requests").asLong(),
                        "one query a batch of at most 500 ids: " + webhookRun);
            }
            // every issue that passes the filters delivered once: never delivered before, unchanged since
            Map<String, Integer> seen = deliveries(h);
            assertEquals(h.expectedIds(300).size(), seen.size());
            assertTrue(seen.values().stream().allMatch(n -> n == 1), seen.toString());
            SyncHarness.stopDaemon(service, 40_000);

            // no secret in any output
            for (Path p : allFiles(dir)) {
                assertFalse(Files.readString(p, StandardCharsets.ISO_8859_1).contains(TOKEN), p.toString());
            }
        }
    }

    @Test
    void theReceiverAndTheManagementServerServeSideBySide() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(30).build().start()) {
            int management = freePort();
            SyncHarness h = harness(emulator, dir).set("camel.management.port", String.valueOf(management))
                    .set("camel.management.host", "127.0.0.1");
            int port = Integer.parseInt(h.props.getProperty("wiz.http-port"));
            Thread service = runAsService(h, 20);
            awaitPort(port); // one unauthenticated probe at least
            String receiver = "http://127.0.0.1:" + port;
            String admin = "http://127.0.0.1:" + management;

            // the receiver on wiz.http-port, and only there; health and metrics on the management port, only there
            String issue = h.expectedIds(30).get(0);
            assertEquals(202, post(receiver + "/wiz/webhook", "Bearer " + TOKEN, event(issue, "Open", "both-1"))
                    .statusCode());
            assertEquals(200, post(receiver + "/wiz/webhook", "Bearer " + TOKEN, event(issue, "Open", "both-1"))
                    .statusCode());
            assertEquals(400, post(receiver + "/wiz/webhook", "Bearer " + TOKEN, "[]").statusCode());
            await(() -> delivered(h, issue) == 1, 5_000);
            assertEquals(404, post(admin + "/wiz/webhook", "Bearer " + TOKEN, event(issue, "Open", "both-2"))
                    .statusCode());
            assertEquals(200, get(admin + "/observe/health").statusCode());
            assertEquals(404, get(receiver + "/observe/health").statusCode());
            assertEquals(404, get(receiver + "/observe/metrics").statusCode());

            // the receiver's counters beside the runs' meters
            await(() -> eventsApplied(h) == 1, 2_000);
            String m = get(admin + "/observe/metrics").body();
            assertEquals(3.0, metric(m, "wiz_webhook_received_total", ""), m);
            assertEquals(1.0, metric(m, "wiz_webhook_queued_total", ""));
            assertEquals(1.0, metric(m, "wiz_webhook_deduplicated_total", ""));
            assertEquals(1.0, metric(m, "wiz_webhook_processed_total", ""));
            assertEquals(1.0, metric(m, "wiz_webhook_refused_total", "reason=\"bad-body\""));
            assertTrue(metric(m, "wiz_webhook_refused_total", "reason=\"unauthenticated\"") >= 1.0, m);
            assertEquals(0.0, metric(m, "wiz_webhook_refused_total", "reason=\"queue-full\""));
            double delay = metric(m, "wiz_webhook_delay_max_seconds", "");
            assertTrue(delay > 0 && delay < 5, m);
            assertEquals(1.0, metric(m, "wiz_runs_total", "outcome=\"succeeded\",stream=\"issues\""),
                    "the webhook's run by id");
            SyncHarness.stopDaemon(service, 40_000);
        }
    }

    @Test
    void anEventAnsweredBeforeAStopIsAppliedAfterTheRestart() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(50).build().start()) {
            // the first process never drains: it answers 202 (twice; then it is full and says so) and stops
            SyncHarness h = harness(emulator, dir).set("wiz.webhook.drain-period-ms", "600000")
                    .set("wiz.webhook.max-queued", "2");
            int port = Integer.parseInt(h.props.getProperty("wiz.http-port"));
            Thread first = runAsService(h, 8);
            awaitPort(port);
            String url = "http://127.0.0.1:" + port + "/wiz/webhook";
            List<String> ids = h.expectedIds(50).subList(0, 3);
            assertEquals(202, post(url, "Bearer " + TOKEN, event(ids.get(0), "Resolved", "r1")).statusCode());
            assertEquals(202, post(url, "Bearer " + TOKEN, event(ids.get(1), "Created", "r2")).statusCode());
            HttpResponse<String> full = post(url, "Bearer " + TOKEN, event(ids.get(2), "Created", "r3"));
            assertEquals(503, full.statusCode());
            assertEquals("30", full.headers().firstValue("Retry-After").orElse(""));
            SyncHarness.stopDaemon(first, 20_000);
            assertEquals(0, delivered(h, ids.get(0)));

            Thread second = runAsService(harness(emulator, dir), 12);
            await(() -> delivered(h, ids.get(0)) == 1 && delivered(h, ids.get(1)) == 1, 7_000);
            assertEquals(0, delivered(h, ids.get(2)), "refused with 503, so Wiz sends it again later");
            SyncHarness.stopDaemon(second, 20_000);
        }
    }

    @Test
    void eventsWaitWhileTheApiIsDownAndAreAppliedWhenItIsBack() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(50).build().start()) {
            SyncHarness h = harness(emulator, dir).set("wiz.webhook.retry-seconds", "1").set("wiz.retry.max-retries", "1");
            int port = Integer.parseInt(h.props.getProperty("wiz.http-port"));
            for (int i = 0; i < 6; i++) {
                emulator.enqueue(Fault.http(503));
            }
            Thread service = runAsService(h, 15);
            awaitPort(port);
            List<String> ids = h.expectedIds(50).subList(0, 5);
            for (String id : ids) {
                assertEquals(202, post("http://127.0.0.1:" + port + "/wiz/webhook", "Bearer " + TOKEN,
                        event(id, "Updated", "d-" + id)).statusCode());
            }
            await(() -> ids.stream().allMatch(id -> delivered(h, id) == 1), 12_000);
            assertTrue(h.history().stream().anyMatch(r -> r.path("outcome").asText().equals("failed")),
                    "the runs while Wiz was down failed and said so");
            assertEquals(0, emulator.pendingFaults());
            SyncHarness.stopDaemon(service, 30_000);
        }
    }

    @Test
    void aResolveEventClosesTheIssuesJiraTicket() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(20).build().start();
                FakeJira jira = new FakeJira("soc@acme.example", "jira-token-1", "SEC").start()) {
            SyncHarness h = harness(emulator, dir).set("wiz.sinks", "jira")
                    .set("wiz.sink.jira.url", jira.url() + "/").set("wiz.sink.jira.email", "soc@acme.example")
                    .set("wiz.sink.jira.api-token", "jira-token-1").set("wiz.sink.jira.project-key", "SEC");
            String id = h.expectedIds(20).get(0);
            int index = emulator.indexOf(id);
            emulator.setStatus(index, "OPEN", WizEmulator.BASE_INSTANT.plus(Duration.ofDays(1)));
            assertEquals(0, h.run(), h.stderr);
            FakeJira.Ticket ticket = jira.withLabel("wiz-issue-" + id).get(0);
            assertEquals("To Do", ticket.status);

            // resolved in Wiz; the automation rule's event is all the bundle hears of it
            emulator.setStatus(index, "RESOLVED", WizEmulator.BASE_INSTANT.plus(Duration.ofDays(2)));
            int port = Integer.parseInt(h.props.getProperty("wiz.http-port"));
            Thread service = runAsService(h, 15);
            awaitPort(port);
            assertEquals(202, post("http://127.0.0.1:" + port + "/wiz/webhook", "Bearer " + TOKEN,
                    event(id, "Resolved", "2026-12-01T00:00:00Z")).statusCode());
            await(() -> "Done".equals(ticket.status), 8_000);
            SyncHarness.stopDaemon(service, 20_000);
        }
    }

    @Test
    void withAKeystoreTheReceiverSpeaksHttpsOnly() throws Exception {
        Path keystore = dir.resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "receiver", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", "store-pass-1").redirectErrorStream(true).start();
        assertEquals(0, keytool.waitFor(), new String(keytool.getInputStream().readAllBytes()));
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keystore)) {
            trust.load(in, "store-pass-1".toCharArray());
        }
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        HttpClient https = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).sslContext(tls).build();

        try (WizEmulator emulator = WizEmulator.builder().issues(20).build().start()) {
            SyncHarness h = harness(emulator, dir).set("wiz.webhook.keystore", keystore.toString())
                    .set("wiz.webhook.keystore-password", "store-pass-1");
            int port = Integer.parseInt(h.props.getProperty("wiz.http-port"));
            Thread service = runAsService(h, 30);
            awaitReceiver(https, "https://127.0.0.1:" + port);
            String issue = h.expectedIds(20).get(0);
            HttpResponse<String> r = https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port
                    + "/wiz/webhook")).header("Authorization", "Bearer " + TOKEN)
                    .POST(HttpRequest.BodyPublishers.ofString(event(issue, "Open", "tls-1"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, r.statusCode());
            await(() -> delivered(h, issue) == 1, 5_000);
            // plain HTTP on the same port is not served
            boolean plainRefused;
            try {
                plainRefused = post("http://127.0.0.1:" + port + "/wiz/webhook", "Bearer " + TOKEN,
                        event(issue, "Open", "plain-1")).statusCode() != 202;
            } catch (Exception e) {
                plainRefused = true;
            }
            assertTrue(plainRefused);
            SyncHarness.stopDaemon(service, 60_000);
            for (Path p : allFiles(dir.resolve("data"))) {
                assertFalse(Files.readString(p, StandardCharsets.ISO_8859_1).contains("store-pass-1"), p.toString());
            }
        }
    }

    @Test
    void aTokenAndAPasswordWorkExactlyAsConfiguredWhateverTheyHoldAndAreNeverLogged() throws Exception {
        // what a generated secret may hold: quotes, commas, '#', '$', and braces a property placeholder would read
        String token = "s3\"cr,et=&+% 'x#{{y}}$";
        String password = "p{{w}},d\"#$";
        try (WizEmulator emulator = WizEmulator.builder().issues(5).build().start()) {
            SyncHarness h = harness(emulator, dir).set("wiz.webhook.token", token)
                    .set("wiz.webhook.username", "wiz").set("wiz.webhook.password", password);
            int port = Integer.parseInt(h.props.getProperty("wiz.http-port"));
            h.set("camel.main.duration-max-seconds", "15");
            Thread service = new Thread(() -> h.launch()); // as a service, its log kept
            service.start();
            awaitPort(port);
            String url = "http://127.0.0.1:" + port + "/wiz/webhook";
            String issue = h.expectedIds(5).get(0);
            assertEquals(202, post(url, "Bearer " + token, event(issue, "Open", "exact-1")).statusCode());
            String basic = Base64.getEncoder().encodeToString(("wiz:" + password).getBytes(StandardCharsets.UTF_8));
            assertEquals(202, post(url, "Basic " + basic, event(issue, "Open", "exact-2")).statusCode());
            assertEquals(401, post(url, "Bearer s3", event(issue, "Open", "exact-3")).statusCode());
            SyncHarness.stopDaemon(service, 40_000);
            String text = h.logs + h.stdout + h.stderr;
            assertTrue(h.logs.contains("webhook"), h.logs);
            assertFalse(text.contains(token) || text.contains(password), text);
        }
    }

    @Test
    void aKeystorePasswordCamelWouldReadAsAPlaceholderIsRefusedByNameAndNeverShown() throws Exception {
        String password = "k{{w}}s";
        Path keystore = Files.writeString(dir.resolve("receiver.p12"), "not read: the check stops first");
        try (WizEmulator emulator = WizEmulator.builder().issues(5).build().start()) {
            SyncHarness h = harness(emulator, dir).set("wiz.webhook.keystore", keystore.toString())
                    .set("wiz.webhook.keystore-password", password);
            assertEquals(1, h.run());
            assertTrue(h.stderr.contains("wiz.webhook.keystore-password (WIZ_WEBHOOK_KEYSTORE_PASSWORD) holds"),
                    h.stderr);
            assertFalse((h.stderr + h.logs + h.stdout).contains(password), h.stderr);
        }
        // any other error of Camel's that quotes a value it could not read as a placeholder does not show it
        String message = WizCamel.oneLine(new IllegalArgumentException(
                "Property with key [w] not found in properties from text: " + password));
        assertFalse(message.contains(password), message);
        assertTrue(message.startsWith("Property with key [w] not found in properties from text: (the value is not"),
                message);
        assertFalse(WizCamel.oneLine(new IllegalArgumentException("Missing }} from the text: a{{" + password))
                .contains(password));
    }

    @Test
    void theReceiverWillNotOpenWithoutCredentials() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(5).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.webhook.enabled", "true");
            assertEquals(1, h.run());
            assertTrue(h.stderr.contains("WIZ_WEBHOOK_TOKEN") && h.stderr.contains("WIZ_WEBHOOK_ALLOW_ANONYMOUS"),
                    h.stderr);
            h.set("wiz.webhook.username", "wiz");
            assertEquals(1, h.run());
            assertTrue(h.stderr.contains("WIZ_WEBHOOK_PASSWORD") && h.stderr.contains("go together"), h.stderr);
        }
    }

    @Test
    void webhookSetupSaysWhatToConfigureInWizWithoutTheSecret() {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("wiz.webhook.enabled", "true");
        p.setProperty("wiz.http-host", "wiz-camel.acme.example");
        p.setProperty("wiz.http-port", "8443");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, WizCamel.run(new String[] {"--webhook-setup"}, p, Map.of("WIZ_WEBHOOK_TOKEN", TOKEN)));
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("http://wiz-camel.acme.example:8443/wiz/webhook"), text);
        assertTrue(text.contains("Bearer token = the value of WIZ_WEBHOOK_TOKEN") && text.contains("\"issue\""), text);
        assertFalse(text.contains(TOKEN), text);
    }

    @Test
    void webhookSetupReadsTheHomeFoldersProperties(@org.junit.jupiter.api.io.TempDir Path home) throws IOException {
        java.nio.file.Files.writeString(home.resolve("application.properties"),
                "wiz.webhook.enabled = true\nwiz.webhook.path = /hooks/from-home\nwiz.http-port = 9443\n");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.out;
        System.setOut(new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, WizCamel.run(new String[] {"--home", home.toString(), "--webhook-setup"},
                    new java.util.Properties(), Map.of()));
        } finally {
            System.setOut(original);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains(":9443/hooks/from-home"), text);
        assertFalse(text.contains("The receiver is off"), text);
    }

    private static SyncHarness harness(WizEmulator emulator, Path dir) throws IOException {
        return new SyncHarness(emulator, dir)
                .set("wiz.webhook.enabled", "true")
                .set("wiz.webhook.token", TOKEN)
                .set("wiz.http-port", String.valueOf(freePort()))
                .set("wiz.http-host", "127.0.0.1")
                .set("wiz.webhook.drain-period-ms", "200")
                .set("wiz.scheduler-enabled", "false")
                .set("wiz.sinks", "file");
    }

    /** The runner staying up (no --once) until it stops itself after some seconds, or the test stops it sooner. */
    private static Thread runAsService(SyncHarness h, int seconds) {
        h.set("camel.main.duration-max-seconds", String.valueOf(seconds));
        Thread runner = new Thread(() -> WizCamel.run(new String[0], h.props));
        runner.start();
        return runner;
    }

    private static String event(String issueId, String status, String time) {
        return "{\"trigger\":{\"source\":\"ISSUES\",\"type\":\"Updated\",\"ruleName\":\"to SIEM\"},"
                + "\"eventTime\":\"" + time + "\",\"issue\":{\"id\":\"" + issueId + "\",\"status\":\"" + status
                + "\",\"created\":\"2026-11-30 10:00:00.123456\",\"projects\":\"Payments, Data Lake\"}}";
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** one Prometheus sample's value, its labels (in the exposition's order) given, or none */
    private static double metric(String text, String name, String labels) {
        String head = labels.isEmpty() ? name + "(\\{[^}]*\\})?" : Pattern.quote(name + "{" + labels)
                + "[^}]*\\}";
        Matcher m = Pattern.compile("(?m)^" + head + " (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + name + "{" + labels + "} in " + text.lines()
                    .filter(l -> l.startsWith("wiz_")).toList());
        }
        return Double.parseDouble(m.group(labels.isEmpty() ? 2 : 1));
    }

    private static HttpResponse<String> post(String url, String auth, String body) throws Exception {
        return postAsync(url, auth, body).get();
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(String url, String auth, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static long eventsApplied(SyncHarness h) {
        try {
            return !Files.exists(h.dir.resolve("data/history.jsonl")) ? 0 : h.history().stream().filter(r -> r.path("outcome").asText().equals("succeeded"))
                    .mapToLong(r -> r.path("events").asLong()).sum();
        } catch (IOException e) {
            return -1;
        }
    }

    private static int delivered(SyncHarness h, String id) {
        return deliveries(h).getOrDefault(id, 0);
    }

    private static Map<String, Integer> deliveries(SyncHarness h) {
        Map<String, Integer> seen = new HashMap<>();
        try {
            for (JsonNode r : h.allRecords()) {
                seen.merge(r.path("id").asText(), 1, Integer::sum);
            }
        } catch (IOException e) {
            // a file being renamed: count again later
        }
        return seen;
    }

    private static void await(BooleanSupplier condition, long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            assertTrue(System.currentTimeMillis() < end, "not within " + millis + " ms");
            Thread.sleep(50);
        }
    }

    /**
     * Waits for the receiver: the port opens when Camel's HTTP server starts, before every route has started (more
     * stream routes make that window longer), so wait until the path is served (a POST without credentials answers
     * 401, not 404).
     */
    private static void awaitPort(int port) throws InterruptedException {
        awaitReceiver(HTTP, "http://127.0.0.1:" + port);
    }

    /** as {@link #awaitPort}, with the client and scheme given (https for a receiver with a keystore) */
    private static void awaitReceiver(HttpClient client, String base) throws InterruptedException {
        long end = System.currentTimeMillis() + 60_000;
        while (true) {
            try {
                HttpRequest probe = HttpRequest.newBuilder(URI.create(base + "/wiz/webhook"))
                        .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("{}")).build();
                if (client.send(probe, HttpResponse.BodyHandlers.ofString()).statusCode() == 401) {
                    return;
                }
            } catch (Exception notYet) {
                // not listening yet
            }
            assertTrue(System.currentTimeMillis() < end, "the receiver did not answer at " + base);
            Thread.sleep(50);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<Path> allFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

}
