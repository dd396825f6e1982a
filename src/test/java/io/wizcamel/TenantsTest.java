package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.config.UnknownSettings;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several Wiz tenants in one process (docs/tenants.md): two emulators with different data and credentials,
 * wiz.tenants = a,b, the launcher as deployed. Each tenant's records arrive with its tenant, in its own folders, with
 * its own history; one tenant's wrong secret or throttling neither stops nor holds up the other.
 */
class TenantsTest {

    private static final String A_SECRET = "a-secret-Xq7";
    private static final String B_SECRET = "b-secret-Zk9";

    @TempDir
    Path dir;

    WizEmulator a;
    WizEmulator b;

    @BeforeEach
    void start() {
        a = WizEmulator.builder().issues(260).seed(7).clientId("a-client").clientSecret(A_SECRET).build().start();
        b = WizEmulator.builder().issues(140).seed(99).clientId("b-client").clientSecret(B_SECRET).build().start();
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    /** the harness's settings (folders, fast retries) with nothing shared but them: each tenant names its own Wiz */
    private SyncHarness twoTenants() {
        SyncHarness h = new SyncHarness(a, dir);
        for (String k : List.of("wiz.api-url", "wiz.token-url", "wiz.client-id", "wiz.client-secret")) {
            h.props.remove(k);
        }
        h.set("wiz.tenants", "a,b");
        tenant(h, "a", a, "a-client", A_SECRET);
        tenant(h, "b", b, "b-client", B_SECRET);
        return h;
    }

    private static void tenant(SyncHarness h, String t, WizEmulator e, String id, String secret) {
        h.set("wiz.tenant." + t + ".api-url", e.apiUrl()).set("wiz.tenant." + t + ".token-url", e.tokenUrl())
                .set("wiz.tenant." + t + ".client-id", id).set("wiz.tenant." + t + ".client-secret", secret);
    }

    /** SAFE's rules over the emulator's issues: the ids that must arrive */
    private static Set<String> expected(WizEmulator e, int count) {
        Set<String> ids = new TreeSet<>();
        for (int i = 0; i < count; i++) {
            if (SyncHarness.safeKeeps(e.issue(i))) {
                ids.add(e.issueId(i));
            }
        }
        return ids;
    }

    private List<JsonNode> records(String tenant) throws IOException {
        Path folder = dir.resolve("out").resolve(tenant).resolve("issues");
        List<JsonNode> out = new ArrayList<>();
        if (!Files.isDirectory(folder)) {
            return out;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                out.addAll(SyncHarness.records(f));
            }
        }
        return out;
    }

    private List<JsonNode> history(String tenant) throws IOException {
        Path file = dir.resolve("data").resolve(tenant).resolve("history.jsonl");
        return Files.exists(file) ? SyncHarness.records(file) : List.of();
    }

    private static Set<String> ids(List<JsonNode> records) {
        Set<String> ids = new TreeSet<>();
        records.forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    @Test
    void eachTenantsRecordsArriveWithItsTenantInItsOwnFoldersAndASecondRunDeliversNothing() throws Exception {
        SyncHarness h = twoTenants();
        assertEquals(0, h.run(), h.stderr);
        for (String t : List.of("a", "b")) {
            WizEmulator e = t.equals("a") ? a : b;
            List<JsonNode> got = records(t);
            assertEquals(expected(e, e.issueCount()), ids(got), "tenant " + t + " gets its own Wiz's issues");
            assertTrue(got.stream().allMatch(r -> t.equals(r.path("tenant").asText())), "every record says " + t);
            List<JsonNode> runs = history(t);
            assertEquals(1, runs.size(), t);
            assertEquals(t, runs.get(0).path("tenant").asText());
            assertEquals("succeeded", runs.get(0).path("outcome").asText());
            assertTrue(Files.exists(dir.resolve("data").resolve(t).resolve("wiz-camel.db")), "state of " + t);
            assertTrue(h.logs.contains("wiz-camel tenant " + t + " issues sync "), "the summary names " + t);
        }
        assertFalse(Files.exists(dir.resolve("data").resolve("history.jsonl")), "no shared history");
        assertFalse(Files.exists(dir.resolve("out").resolve("issues")), "no shared output");
        assertEquals(1, a.tokenRequests(), "a's token from a's Wiz, once");
        assertEquals(1, b.tokenRequests(), "b's token from b's Wiz, once");

        long aFiles = records("a").size();
        long bFiles = records("b").size();
        assertEquals(0, h.run(), h.stderr);
        for (String t : List.of("a", "b")) {
            JsonNode second = history(t).get(1);
            assertEquals("succeeded", second.path("outcome").asText());
            assertEquals(0, second.path("delivered").asLong(), "nothing new for " + t);
        }
        assertEquals(aFiles, records("a").size());
        assertEquals(bFiles, records("b").size());
    }

    @Test
    void environmentVariablesOfATenantWinOverTheSharedOnesInAProcessOfItsOwn() throws Exception {
        // as deployed: variables only (Camel lets a variable win over everything unless told otherwise); b takes
        // the shared WIZ_* values, a its own WIZ_TENANT_A_* ones
        String classpath = java.util.Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, WizCamel.class.getName(), "--once").directory(Path.of("").toAbsolutePath().toFile())
                .redirectErrorStream(true).redirectOutput(dir.resolve("run.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WIZ_") || k.startsWith("CAMEL_"));
        pb.environment().putAll(Map.of("WIZ_TENANTS", "a,b", "WIZ_API_URL", b.apiUrl(), "WIZ_TOKEN_URL", b.tokenUrl(),
                "WIZ_CLIENT_ID", "b-client", "WIZ_CLIENT_SECRET", B_SECRET, "WIZ_STATE_DIR",
                dir.resolve("data").toString(), "WIZ_OUTPUT_DIR", dir.resolve("out").toString(), "WIZ_RATE_LIMIT", "50"));
        pb.environment().putAll(Map.of("WIZ_TENANT_A_API_URL", a.apiUrl(), "WIZ_TENANT_A_TOKEN_URL", a.tokenUrl(),
                "WIZ_TENANT_A_CLIENT_ID", "a-client", "WIZ_TENANT_A_CLIENT_SECRET", A_SECRET));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ended");
        String log = Files.readString(dir.resolve("run.log"));
        assertEquals(0, p.exitValue(), log);
        assertEquals(expected(a, a.issueCount()), ids(records("a")), "a synced its own Wiz: " + log);
        assertEquals(expected(b, b.issueCount()), ids(records("b")), "b the shared one");
        assertEquals("a", history("a").get(0).path("tenant").asText());
        assertFalse(log.contains(A_SECRET) || log.contains(B_SECRET) || log.contains("unknown setting"), log);
    }

    @Test
    void aWrongSecretFailsItsTenantAloneAndTheOtherDelivers() throws Exception {
        SyncHarness h = twoTenants().set("wiz.tenant.a.client-secret", "not-a-secret-Pw3");
        assertEquals(1, h.run(), "a failed: the process failed");
        assertTrue(h.stderr.contains("wiz-camel: tenant a: issues: ") && h.stderr.contains("WIZ_TENANT_A_CLIENT_SECRET"),
                "a's failure named, with the variable a's secret is in: " + h.stderr);
        assertFalse(h.stderr.contains("tenant b:"), "b did not fail: " + h.stderr);
        assertEquals("failed", history("a").get(0).path("outcome").asText());
        assertEquals(List.of(), records("a"));
        assertEquals("succeeded", history("b").get(0).path("outcome").asText());
        assertEquals(expected(b, b.issueCount()), ids(records("b")), "b delivered all of its issues");
        for (String text : List.of(h.stderr, h.logs, Files.readString(dir.resolve("data/a/history.jsonl")))) {
            assertFalse(text.contains("not-a-secret-Pw3") || text.contains(B_SECRET), "no secret shown");
        }
    }

    @Test
    void aThrottledTenantDoesNotHoldUpTheOther() throws Exception {
        // a's Wiz answers 429 to every request until b's run is over: b must finish while a is still throttled
        SyncHarness h = twoTenants().set("wiz.tenant.a.retry.max-retries", "100")
                .set("wiz.tenant.a.retry.max-total-seconds", "600");
        for (int i = 0; i < 400; i++) {
            a.enqueue(Fault.http429(null));
        }
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(h::run);
        long until = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        // until b is done and a has met at least one 429 (on a loaded machine a may not have asked yet)
        while ((history("b").isEmpty() || a.pendingFaults() == 400) && System.nanoTime() < until && !run.isDone()) {
            Thread.sleep(50);
        }
        int throttledLeft = a.pendingFaults();
        boolean aStillRunning = history("a").isEmpty();
        a.clearFaults(); // a's Wiz lets it through now
        assertEquals(0, run.get(180, TimeUnit.SECONDS), h.stderr);
        assertEquals("succeeded", history("b").get(0).path("outcome").asText());
        assertTrue(throttledLeft > 0 && aStillRunning, "b finished while a was still being throttled ("
                + throttledLeft + " 429s left)");
        assertEquals("succeeded", history("a").get(0).path("outcome").asText());
        assertTrue(history("a").get(0).path("retries").asLong() > 0, "a was throttled and retried");
        assertEquals(0, history("b").get(0).path("retries").asLong(), "b never was");
        assertEquals(expected(a, a.issueCount()), ids(records("a")), "a delivered everything once through");
    }

    @Test
    void perTenantSettingsAreKnownAndCheckConfigShowsThemMasked() throws Exception {
        SettingsSchema schema = SettingsSchema.load();
        Map<String, String> env = Map.of("WIZ_TENANTS", "a,eu-prod", "WIZ_TENANT_A_CLIENT_SECRET", "x",
                "WIZ_TENANT_EU_PROD_RATE_LIMIT", "2", "WIZ_TENANT_EU_PROD_STREAM_ISSUES_PAGE_SIZE", "100");
        assertEquals(List.of(), UnknownSettings.warnings(schema, env, List.of("wiz.tenant.a.api-url"), List.of("file"),
                List.of("a", "eu-prod")));
        assertEquals("wiz.tenant.eu-prod.stream.issues.page-size",
                schema.perTenantKeyOfEnv("WIZ_TENANT_EU_PROD_STREAM_ISSUES_PAGE_SIZE", List.of("a", "eu-prod"))
                        .orElseThrow());
        assertTrue(schema.perTenantBase("wiz.tenant.a.client-secret").orElseThrow().secret());
        List<String> off = UnknownSettings.warnings(schema, Map.of("WIZ_TENANT_C_CLIENT_ID", "x"),
                List.of("wiz.tenant.a.client-secrte"), List.of("file"), List.of("a"));
        assertEquals(2, off.size(), off.toString());
        assertTrue(off.get(0).contains("WIZ_TENANT_C_CLIENT_ID") && off.get(0).contains("WIZ_TENANTS: a"), off.get(0));
        assertTrue(off.get(1).contains("did you mean wiz.tenant.a.client-secret?"), off.get(1));
        assertTrue(schema.perTenantBase("wiz.tenant.a.log-level").isEmpty(), "the log level is the process's");
        List<String> processWide = UnknownSettings.warnings(schema, Map.of(), List.of("wiz.tenant.a.log-level"),
                List.of("file"), List.of("a"));
        assertTrue(processWide.get(0).contains("wiz.log-level (WIZ_LOG_LEVEL) holds for the whole process"),
                processWide.toString());

        SyncHarness h = twoTenants();
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int exit;
        try {
            exit = WizCamel.run(new String[] {"--check-config"}, h.props, Map.of());
        } finally {
            System.setOut(original);
        }
        String shown = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, shown);
        assertTrue(shown.contains("== tenant a ==") && shown.contains("== tenant b =="), shown);
        assertTrue(shown.contains("wiz.tenant.a.client-secret = ******** (set)   [WIZ_TENANT_A_CLIENT_SECRET]"), shown);
        assertTrue(shown.contains("wiz.tenant.b.api-url = " + b.apiUrl()), shown);
        assertTrue(shown.contains("wiz.state-dir = " + dir.resolve("data").resolve("b")), shown);
        assertFalse(shown.contains(A_SECRET) || shown.contains(B_SECRET), "secrets masked");

        // a tenant's own wrong value is named by its own key
        h.set("wiz.tenant.b.rate-limit", "0");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = WizCamel.run(new String[] {"--once"}, h.props, Map.of());
        } finally {
            System.setErr(originalErr);
        }
        assertEquals(1, exit);
        String problem = err.toString(StandardCharsets.UTF_8);
        assertTrue(problem.contains("tenant b: Configuration error: wiz.tenant.b.rate-limit (WIZ_TENANT_B_RATE_LIMIT)"),
                problem);
        assertTrue(problem.contains("tenant a: not run: tenant b could not start"), problem);
        assertTrue(history("a").isEmpty(), "nothing ran");

        // two webhook receivers on one port: said before anything starts
        h.props.remove("wiz.tenant.b.rate-limit");
        h.set("wiz.webhook.enabled", "true").set("wiz.webhook.allow-anonymous", "true");
        err.reset();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            exit = WizCamel.run(new String[] {"--once"}, h.props, Map.of());
        } finally {
            System.setErr(originalErr);
        }
        assertEquals(1, exit);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("tenants a and b both run the webhook receiver on"
                + " wiz.http-port 8080: give each its own port (wiz.tenant.b.http-port, WIZ_TENANT_B_HTTP_PORT)"),
                err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aDaemonServesEveryTenantsHealthMetricsAndSyncNowOnOneManagementServer() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String base = "http://127.0.0.1:" + port;
        SyncHarness h = twoTenants().set("camel.management.port", String.valueOf(port))
                .set("camel.management.host", "127.0.0.1").set("wiz.sync-on-start", "true")
                .set("wiz.admin-token", "admin-a-token").set("wiz.tenant.b.admin-token", "admin-b-token")
                .set("wiz.schedule", "0 0 0 1 1 ? 2099").set("wiz.full-sync-schedule", "0 0 0 1 1 ? 2099")
                .set("camel.main.duration-max-seconds", "18");
        Thread daemon = new Thread(() -> WizCamel.run(new String[0], h.props));
        daemon.start();
        try {
            waitFor(() -> history("a").size() == 1 && history("b").size() == 1, "both tenants' sync at start");
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            JsonNode health = SyncHarness.JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/observe/health?data=true")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            Set<String> checks = new TreeSet<>();
            health.path("checks").forEach(c -> checks.add(c.path("name").asText()));
            assertTrue(checks.containsAll(List.of("stream:a/issues", "stream:b/issues", "sink:a/file", "sink:b/file")),
                    checks.toString());
            String metrics = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base
                    + "/observe/metrics")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            for (String t : List.of("a", "b")) {
                assertTrue(metrics.contains("wiz_runs_total{outcome=\"succeeded\",stream=\"issues\",tenant=\"" + t
                        + "\"} 1.0"), metrics);
            }
            // each tenant's sync now, with its own admin token
            assertEquals(401, post(http, base + "/wiz/sync/b", "admin-a-token"));
            assertEquals(202, post(http, base + "/wiz/sync/b", "admin-b-token"));
            waitFor(() -> history("b").size() == 2, "b's run asked for");
            assertEquals("sync-now", history("b").get(1).path("trigger").asText());
            assertEquals(1, history("a").size(), "a was not asked");
        } finally {
            daemon.join(90_000);
        }
    }

    private static int post(java.net.http.HttpClient http, String url, String token) throws Exception {
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                .header("Authorization", "Bearer " + token).POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void waitFor(Condition c, String what) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (c.met()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("timed out waiting for " + what);
    }
}
