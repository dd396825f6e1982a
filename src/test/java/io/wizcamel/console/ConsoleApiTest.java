package io.wizcamel.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator console's page and JSON API over HTTP, against a daemon as deployed on the emulator (no browser):
 * the static files, the state (streams, schedule, watermark, sinks, dead letters, masked configuration), the
 * history and its filters, every action refused without the admin token, sync now (409 on a second click while the
 * run is under way), a sink's outage counted as dead letters and their replay, the connection test; and no secret in
 * any answer.
 */
class ConsoleApiTest {

    @TempDir
    Path dir;

    private final List<String> answers = new ArrayList<>();

    @Test
    void theConsoleShowsTheDaemonAndItsActionsNeedTheToken() throws Exception {
        try (ConsoleDaemon d = new ConsoleDaemon(dir)) {
            // the page: static files from the jar, nothing else under /console/
            HttpResponse<String> root = d.get("/console");
            assertEquals(302, root.statusCode());
            assertEquals("/console/", root.headers().firstValue("Location").orElse(""));
            HttpResponse<String> page = keep(d.get("/console/"));
            assertEquals(200, page.statusCode());
            assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
            assertTrue(page.body().contains("<script src=\"console.js\">"), page.body());
            assertFalse(page.body().matches("(?s).*(https?:)?//[a-z].*\\.(js|css)\".*"), "no outside script or style");
            assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("script-src 'self'"));
            HttpResponse<String> js = keep(d.get("/console/console.js"));
            assertEquals(200, js.statusCode());
            assertTrue(js.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            assertTrue(js.body().contains("getJson('state')"));
            assertEquals(200, d.get("/console/console.css").statusCode());
            assertEquals(404, d.get("/console/application.properties").statusCode());
            assertEquals(404, d.get("/console/..%2Fwiz-camel%2Fapplication.properties").statusCode());

            // the state before any run
            JsonNode state = d.json(keep(d.get("/console/api/state")));
            JsonNode issues = state.path("streams").get(0);
            assertEquals("issues", issues.path("name").asText(), state.toString());
            assertTrue(issues.path("lastRun").isNull(), state.toString());
            assertTrue(issues.path("watermark").isNull(), state.toString());
            assertTrue(issues.path("nextRun").asText().startsWith("2099-01-01T00:00"), state.toString());
            assertTrue(issues.path("nextFullRun").asText().startsWith("2099-01-01T00:00"), state.toString());
            assertEquals(List.of("file", "splunk-hec"), names(state.path("sinks")));
            assertEquals(0, sink(state, "splunk-hec").path("deadLetters").asLong());
            assertTrue(sink(state, "splunk-hec").path("lastDelivery").isNull());
            assertEquals("******** (set)", config(state, "wiz.admin-token"));
            assertEquals("******** (set)", config(state, "wiz.client-secret"));
            assertEquals("******** (set)", config(state, "wiz.sink.splunk-hec.token"));
            assertEquals("50", config(state, "wiz.page-size"));
            assertEquals("true", config(state, "wiz.console.enabled"));
            assertEquals(0, d.json(keep(d.get("/console/api/history"))).path("runs").size());

            // every action is refused without the token, or with a wrong one, and starts nothing
            for (String action : List.of("sync?stream=issues", "replay?sink=splunk-hec", "test-connection")) {
                for (String auth : new String[] {null, "Bearer wrong", "Basic " + ConsoleDaemon.ADMIN, "Bearer"}) {
                    HttpResponse<String> refused = keep(d.post("/console/api/" + action, auth));
                    assertEquals(401, refused.statusCode(), action + " with " + auth + ": " + refused.body());
                    assertTrue(refused.body().contains("WIZ_ADMIN_TOKEN"), refused.body());
                }
                assertEquals(405, d.get("/console/api/" + action).statusCode(), "an action is a POST");
            }
            Thread.sleep(300);
            assertEquals(0, d.history().size(), "nothing ran");

            // sync now: 202, then 409 while the run is under way (not queued), then the run in the history
            String admin = "Bearer " + ConsoleDaemon.ADMIN;
            HttpResponse<String> started = keep(d.post("/console/api/sync?stream=issues&full=false", admin));
            assertEquals(202, started.statusCode(), started.body());
            HttpResponse<String> again = keep(d.post("/console/api/sync?stream=issues", admin));
            assertEquals(409, again.statusCode(), again.body());
            assertEquals("issues", d.json(again).path("running").get(0).path("stream").asText(), again.body());
            assertEquals(400, keep(d.post("/console/api/sync?stream=nope", admin)).statusCode());
            ConsoleDaemon.waitFor(() -> runs(d) == 1, "the first run");
            JsonNode first = d.history().get(0);
            assertEquals("succeeded", first.path("outcome").asText(), first.toString());
            assertEquals("sync-now", first.path("trigger").asText());

            state = d.json(keep(d.get("/console/api/state")));
            issues = state.path("streams").get(0);
            assertEquals(first.path("runId").asText(), issues.path("lastRun").path("runId").asText());
            assertEquals(first.path("fetched").asLong(), issues.path("lastRun").path("fetched").asLong());
            assertTrue(issues.path("lastRun").path("sinks").path("splunk-hec").path("delivered").asLong() > 0);
            assertEquals(first.path("watermarkTo").asText(), issues.path("watermark").asText(), state.toString());
            assertEquals("ok", sink(state, "splunk-hec").path("lastDelivery").path("outcome").asText());

            // Splunk HEC down: the run is partial, its records wait as dead letters, counted per sink
            int changed = d.changeIssues(5);
            d.hec.stop();
            assertEquals(202, keep(d.post("/console/api/sync?stream=issues", admin)).statusCode());
            ConsoleDaemon.waitFor(() -> runs(d) == 2, "the run with HEC down");
            JsonNode partial = d.history().get(1);
            assertEquals("partial", partial.path("outcome").asText(), partial.toString());
            long kept = partial.path("sinks").path("splunk-hec").path("deadLettered").asLong();
            assertEquals(changed, kept, partial.toString());
            state = d.json(keep(d.get("/console/api/state")));
            assertEquals(kept, sink(state, "splunk-hec").path("deadLetters").asLong(), state.toString());
            assertEquals(kept, sink(state, "splunk-hec").path("deadLettersByStream").path("issues").asLong());
            assertEquals(0, sink(state, "file").path("deadLetters").asLong());
            assertEquals("failed", sink(state, "splunk-hec").path("lastDelivery").path("outcome").asText());
            assertEquals("partial", state.path("streams").get(0).path("lastRun").path("outcome").asText());

            // the history, newest first, filtered by outcome and stream
            JsonNode all = d.json(keep(d.get("/console/api/history"))).path("runs");
            assertEquals(List.of(partial.path("runId").asText(), first.path("runId").asText()), runIds(all));
            assertEquals(List.of(partial.path("runId").asText()),
                    runIds(d.json(keep(d.get("/console/api/history?outcome=partial"))).path("runs")));
            assertEquals(List.of(first.path("runId").asText()),
                    runIds(d.json(keep(d.get("/console/api/history?stream=issues&outcome=succeeded"))).path("runs")));
            assertEquals(0, d.json(keep(d.get("/console/api/history?stream=projects"))).path("runs").size());
            assertEquals(1, d.json(keep(d.get("/console/api/history?limit=1"))).path("runs").size());

            // the connection test names HEC's outage; back up, it passes
            JsonNode test = d.json(keep(d.post("/console/api/test-connection", admin)));
            assertFalse(test.path("passed").asBoolean(), test.toString());
            assertEquals("FAIL", row(test, "sink splunk-hec").path("result").asText(), test.toString());
            assertEquals("OK", row(test, "Wiz token").path("result").asText(), test.toString());
            d.hec.start();
            test = d.json(keep(d.post("/console/api/test-connection", admin)));
            assertTrue(test.path("passed").asBoolean(), test.toString());
            assertEquals(List.of("Wiz token", "stream issues (read:issues)", "sink file", "sink splunk-hec"),
                    checks(test));

            // replay HEC's dead letters now: a run of the streams they wait in, after which none wait
            int before = d.hec.events.size();
            HttpResponse<String> replay = keep(d.post("/console/api/replay?sink=splunk-hec", admin));
            assertEquals(202, replay.statusCode(), replay.body());
            ConsoleDaemon.waitFor(() -> runs(d) == 3, "the replay run");
            JsonNode replayed = d.history().get(2);
            assertEquals("replay", replayed.path("trigger").asText(), replayed.toString());
            assertEquals("succeeded", replayed.path("outcome").asText(), replayed.toString());
            assertEquals(kept, replayed.path("sinks").path("splunk-hec").path("redelivered").asLong(),
                    replayed.toString());
            assertTrue(d.hec.events.size() >= before + kept);
            state = d.json(keep(d.get("/console/api/state")));
            assertEquals(0, sink(state, "splunk-hec").path("deadLetters").asLong(), state.toString());
            HttpResponse<String> nothing = keep(d.post("/console/api/replay?sink=splunk-hec", admin));
            assertEquals(200, nothing.statusCode(), nothing.body());
            assertTrue(nothing.body().contains("nothing to replay"), nothing.body());
            assertEquals(400, keep(d.post("/console/api/replay?sink=kafka", admin)).statusCode());
        }

        // no answer carried a secret
        for (String body : answers) {
            for (String secret : List.of(ConsoleDaemon.ADMIN, ConsoleDaemon.HEC_TOKEN, ConsoleDaemon.CLIENT_SECRET)) {
                assertFalse(body.contains(secret), "an answer carries a secret: " + body);
            }
        }
    }

    @Test
    void theOffSwitchServesNoConsole() throws Exception {
        try (ConsoleDaemon d = new ConsoleDaemon(dir, "wiz.console.enabled", "false")) {
            assertEquals(404, d.get("/console/").statusCode());
            assertEquals(404, d.get("/console/api/state").statusCode());
            assertEquals(404, d.post("/console/api/sync?stream=issues", "Bearer " + ConsoleDaemon.ADMIN).statusCode());
            assertEquals(200, d.get("/observe/health/live").statusCode(), "the management server stays");
        }
    }

    private HttpResponse<String> keep(HttpResponse<String> r) {
        answers.add(r.headers().map() + " " + r.body());
        return r;
    }

    private static int runs(ConsoleDaemon d) {
        try {
            return d.history().size();
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    private static List<String> runIds(JsonNode runs) {
        List<String> out = new ArrayList<>();
        runs.forEach(n -> out.add(n.path("runId").asText()));
        return out;
    }

    private static List<String> checks(JsonNode test) {
        List<String> out = new ArrayList<>();
        test.path("checks").forEach(n -> out.add(n.path("check").asText()));
        return out;
    }

    private static JsonNode row(JsonNode test, String check) {
        for (JsonNode n : test.path("checks")) {
            if (n.path("check").asText().equals(check)) {
                return n;
            }
        }
        throw new AssertionError("no check " + check + " in " + test);
    }

    private static JsonNode sink(JsonNode state, String name) {
        for (JsonNode n : state.path("sinks")) {
            if (n.path("name").asText().equals(name)) {
                return n;
            }
        }
        throw new AssertionError("no sink " + name + " in " + state);
    }

    private static String config(JsonNode state, String key) {
        for (JsonNode n : state.path("config")) {
            if (n.path("key").asText().equals(key)) {
                assertNotNull(n.path("env").asText());
                return n.path("value").asText();
            }
        }
        throw new AssertionError("no setting " + key + " in " + state.path("config"));
    }
}
