package io.wizcamel.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replay server answers the connector's requests with exactly the bytes the live emulator sends. */
class PageReplayServerTest {

    private static final Path QUERY = Path.of("routes/graphql/issues.graphql");
    private static final int ISSUES = 1_200;

    @TempDir
    Path dir;

    @Test
    void replayedPagesAreTheLiveEmulatorsBytes() throws Exception {
        PageReplayServer.Recording rec = PageReplayServer.render(ISSUES, dir.resolve("pages"), QUERY);
        assertTrue(rec.nodes() > 0 && rec.nodes() <= ISSUES, "the server-side filter keeps some issues");
        assertTrue(rec.pageCount() >= 2, "1,200 issues need more than one page of 500");
        assertNull(rec.order().get(0), "the first page is asked without a cursor");
        String query = Files.readString(QUERY);
        HttpClient client = HttpClient.newHttpClient();
        try (WizEmulator live = WizEmulator.builder().issues(ISSUES).build().start();
                PageReplayServer replay = new PageReplayServer(rec, 0).start()) {
            String token = SyncHarness.JSON.readTree(client.send(HttpRequest.newBuilder(URI.create(live.tokenUrl()))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&audience=wiz-api"
                            + "&client_id=emulator-client&client_secret=emulator-secret")).build(),
                    HttpResponse.BodyHandlers.ofString()).body()).path("access_token").asText();
            for (String after : rec.order()) {
                String body = PageReplayServer.requestBody(query, after);
                byte[] fromLive = post(client, live.graphqlUrl(), token, body);
                byte[] fromReplay = post(client, replay.graphqlUrl(), PageReplayServer.TOKEN, body);
                assertArrayEquals(fromLive, Files.readAllBytes(rec.page(after)), "recorded page after=" + after);
                assertArrayEquals(fromLive, fromReplay, "replayed page after=" + after);
            }
            assertEquals(0, replay.misses());
            assertEquals(0, replay.otherVariables());
        }
    }

    @Test
    void theConnectorSyncsTheSameFromTheReplayAsFromTheEmulator() throws Exception {
        PageReplayServer.Recording rec = PageReplayServer.render(ISSUES, dir.resolve("pages"), QUERY);
        try (WizEmulator live = WizEmulator.builder().issues(ISSUES).build().start();
                PageReplayServer replay = new PageReplayServer(rec, 0).start()) {
            SyncHarness fromLive = new SyncHarness(live, dir.resolve("live"));
            assertEquals(0, fromLive.run(), fromLive.stderr);
            SyncHarness fromReplay = new SyncHarness(live, dir.resolve("replay"))
                    .set("wiz.api-url", replay.graphqlUrl()).set("wiz.token-url", replay.tokenUrl())
                    .set("wiz.client-id", "any").set("wiz.client-secret", "any");
            assertEquals(0, fromReplay.run(), fromReplay.stderr);

            assertEquals(rec.pageCount(), replay.graphqlRequests(), "one request a recorded page");
            assertEquals(0, replay.misses(), "every request found its page");
            assertEquals(0, replay.otherVariables(), "the connector asks with the recorded first and filterBy");
            JsonNode a = fromLive.lastRun();
            JsonNode b = fromReplay.lastRun();
            for (String field : List.of("requests", "pages", "fetched", "dropped", "delivered")) {
                assertEquals(a.get(field), b.get(field), field);
            }
            assertEquals(rec.nodes(), b.path("fetched").asLong());
            assertEquals(sorted(fromLive), sorted(fromReplay), "the same records");
        }
    }

    private static List<String> sorted(SyncHarness h) throws Exception {
        return h.allRecords().stream().map(JsonNode::toString).sorted().toList();
    }

    private static byte[] post(HttpClient client, String url, String token, String body) throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode());
        return r.body();
    }
}
