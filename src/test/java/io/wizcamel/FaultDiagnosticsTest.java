package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.wizcamel.config.FolderCheck;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator is told when an address or a folder is wrong, and how faults on the way to Wiz are handled. */
class FaultDiagnosticsTest {

    static final int ISSUES = 1200;

    @TempDir
    Path dir;

    WizEmulator emulator;
    SyncHarness h;

    @BeforeEach
    void start() {
        emulator = WizEmulator.builder().issues(ISSUES).build().start();
        h = new SyncHarness(emulator, dir);
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    @Test
    void anUnreachableTokenUrlIsNamedAtOnceWithoutRetries() throws Exception {
        h.set("wiz.token-url", "http://127.0.0.1:" + closedPort() + "/oauth/token");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("cannot be reached") && h.stderr.contains("WIZ_TOKEN_URL"), h.stderr);
        JsonNode run = h.lastRun();
        assertTrue(run.path("durationMs").asLong() < 5_000, "failed fast: " + run);
        assertEquals(1, run.path("tokenFetches").asLong(), run.toString());
        assertEquals(0, run.path("retries").asLong(), run.toString());
        assertEquals(0, emulator.graphqlRequests());
    }

    @Test
    void anUnreachableApiUrlIsNamedAtOnceWithoutRetries() throws Exception {
        h.set("wiz.api-url", "http://127.0.0.1:" + closedPort() + "/graphql");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("cannot be reached") && h.stderr.contains("WIZ_API_URL"), h.stderr);
        assertEquals(0, h.lastRun().path("retries").asLong());
    }

    @Test
    void aTokenUrlAnswering404OrAWebPageLooksWrongNotLikeRefusedCredentials() throws Exception {
        HttpServer web = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        web.createContext("/", ex -> {
            byte[] page = "<html><body>Welcome</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html");
            ex.sendResponseHeaders(ex.getRequestURI().getPath().equals("/") ? 200 : 404, page.length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(page);
            }
        });
        web.start();
        try {
            String base = "http://127.0.0.1:" + web.getAddress().getPort();
            for (String url : List.of(base + "/oauth/tokn", base + "/")) {
                h.set("wiz.token-url", url);
                assertEquals(1, h.run());
                assertTrue(h.stderr.contains("the URL looks wrong") && h.stderr.contains("WIZ_TOKEN_URL"), h.stderr);
                assertTrue(!h.stderr.contains("refused the client credentials"), h.stderr);
                assertEquals(0, h.lastRun().path("retries").asLong());
            }
        } finally {
            web.stop(0);
        }
    }

    @Test
    void emptyAndTruncatedAnswersWithHttp200AreRetriedAndTheSyncEndsWithTheExactSet() throws Exception {
        h.set("wiz.page-size", "100");
        int faults = 4;
        for (int i = 0; i < faults; i++) { // every third request, throughout the run (12 pages)
            emulator.enqueue(i % 2 == 0 ? Fault.truncatedBody() : Fault.emptyBody());
            emulator.enqueue(Fault.delay(java.time.Duration.ZERO));
            emulator.enqueue(Fault.delay(java.time.Duration.ZERO));
        }
        assertEquals(0, h.run());
        assertEquals(0, emulator.pendingFaults(), "every fault was met");
        assertEquals(h.expectedIds(ISSUES), h.allRecords().stream().map(r -> r.path("id").asText()).toList());
        assertEquals(faults, h.lastRun().path("retries").asLong());
    }

    @Test
    void whenRetriesRunOutTheLastLineSaysSo() throws Exception {
        h.set("wiz.retry.max-retries", "2");
        for (int i = 0; i < 10; i++) {
            emulator.enqueue(Fault.http(503));
        }
        assertEquals(1, h.run());
        assertTrue(h.stderr.matches("(?s).*HTTP 503.*gave up after 3 attempts in \\d+\\.\\d s.*"), h.stderr);
        assertTrue(h.lastRun().path("error").asText().contains("gave up after 3 attempts"));
    }

    @Test
    void theRateLimitHoldsOverAnySlidingSecond() throws Exception {
        int limit = 4;
        h.set("wiz.rate-limit", Integer.toString(limit)).set("wiz.page-size", "60");
        assertEquals(0, h.run());
        List<Long> times = emulator.requestTimes();
        assertTrue(times.size() > 3 * limit, "enough requests to tell: " + times.size());
        for (int i = 0; i + limit < times.size(); i++) {
            long apart = times.get(i + limit) - times.get(i);
            assertTrue(apart >= 1_000_000_000L, "requests " + i + " to " + (i + limit) + " within " + apart / 1e6
                    + " ms: more than " + limit + " in one second");
        }
    }

    @Test
    void aStateFolderThatIsAFileOrAnOutputFolderThatCannotBeWrittenIsRefusedAtStartUp() throws Exception {
        Path file = Files.writeString(dir.resolve("state-file"), "x");
        h.set("wiz.state-dir", file.toString());
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("WIZ_STATE_DIR") && h.stderr.contains("that is a file, not a folder"), h.stderr);
        assertEquals(0, emulator.tokenRequests(), "refused before any run");

        h.set("wiz.state-dir", dir.resolve("data").toString());
        h.set("wiz.output-dir", "/proc/wiz-camel-out"); // not writable, even for root
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("WIZ_OUTPUT_DIR") && h.stderr.contains("cannot be written to"), h.stderr);
    }

    @Test
    void aFullFileSystemIsRefused() {
        assertNull(FolderCheck.problem("wiz.state-dir", dir.toString(), "for the state", 1));
        String full = FolderCheck.problem("wiz.state-dir", dir.toString(), "for the state", Long.MAX_VALUE);
        assertNotNull(full);
        assertTrue(full.contains("WIZ_STATE_DIR") && full.contains("MB free"), full);
    }

    private static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
