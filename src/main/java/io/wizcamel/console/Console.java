package io.wizcamel.console;

import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.wizcamel.WizCamel;
import io.wizcamel.config.Settings;
import io.wizcamel.ops.AdminToken;
import io.wizcamel.ops.ConnectionTest;
import io.wizcamel.ops.SyncNow;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator console on the management server: {@code /console/} (static files from the jar's {@code console/}
 * folder) and its JSON API under {@code /console/api/}. Reading is open to whoever reaches the management port (as
 * health and metrics are); every action is a POST that needs the admin token, as {@code POST /wiz/sync} does.
 */
public class Console {

    public static final String PATH = "/console";
    private static final Logger LOG = LoggerFactory.getLogger(Console.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** the files the page is made of, and their types: nothing else under /console/ is served */
    private static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8");
    /** the page loads only its own files: no CDN, no inline script */
    private static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self';"
            + " connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final CamelContext context;
    private final ConsoleState state;
    private final SyncNow syncNow;
    private final AdminToken token;
    private final AtomicBoolean testing = new AtomicBoolean();

    public Console(CamelContext context, ConsoleState state, SyncNow syncNow, String adminToken) {
        this.context = context;
        this.state = state;
        this.syncNow = syncNow;
        this.token = new AdminToken(adminToken);
    }

    /** puts the page and its API on the management server's router */
    public void register(Router router) {
        // Vert.x routes /console and /console/ alike: the page's relative links need the slash
        router.route(HttpMethod.GET, PATH).handler(rc -> {
            if (rc.request().path().endsWith("/")) {
                file(rc, "index.html");
            } else {
                rc.response().setStatusCode(302).putHeader("Location", PATH + "/").end();
            }
        });
        router.route(HttpMethod.GET, PATH + "/api/state").blockingHandler(rc -> json(rc, () -> state.state()), false);
        router.route(HttpMethod.GET, PATH + "/api/history").blockingHandler(rc -> json(rc, () -> state.history(
                rc.request().getParam("stream"), rc.request().getParam("outcome"),
                parseLimit(rc.request().getParam("limit")))), false);
        router.route(HttpMethod.POST, PATH + "/api/test-connection").blockingHandler(this::testConnection, false);
        router.route(HttpMethod.POST, PATH + "/api/sync").handler(this::sync);
        router.route(HttpMethod.POST, PATH + "/api/replay").blockingHandler(this::replay, false);
        // any other method on an action path: said plainly, not a 404
        for (String action : List.of("test-connection", "sync", "replay")) {
            router.route(PATH + "/api/" + action).handler(rc -> answer(rc, 405,
                    message("use POST (with Authorization: Bearer <wiz.admin-token>)")));
        }
        router.route(HttpMethod.GET, PATH + "/:file").handler(rc -> file(rc, rc.pathParam("file")));
    }

    private void testConnection(RoutingContext rc) {
        if (!token.check(rc, "the console's actions")) {
            return;
        }
        if (!testing.compareAndSet(false, true)) {
            answer(rc, 409, message("a connection test is already under way; this request is not queued"));
            return;
        }
        try {
            List<String> crawls = state.streams().stream().map(state::crawlOf).distinct().toList();
            List<ConnectionTest.Check> checks = new ConnectionTest(context).checks(crawls);
            ObjectNode body = JSON.createObjectNode();
            long failed = checks.stream().filter(ConnectionTest.Check::failed).count();
            body.put("passed", failed == 0);
            body.put("message", failed == 0 ? "all checks passed" : failed + " of " + checks.size() + " checks failed");
            ArrayNode rows = body.putArray("checks");
            checks.forEach(c -> rows.addObject().put("check", c.what()).put("result", c.result())
                    .put("detail", c.detail()));
            answer(rc, 200, body);
        } catch (RuntimeException e) {
            answer(rc, 500, message("the connection test could not run: " + WizCamel.oneLine(e)));
        } finally {
            testing.set(false);
        }
    }

    private void sync(RoutingContext rc) {
        if (!token.check(rc, "the console's actions")) {
            return;
        }
        List<String> streams = new ArrayList<>();
        rc.queryParam("stream").forEach(v -> streams.addAll(Settings.list(v)));
        String full = rc.queryParam("full").isEmpty() ? "false" : rc.queryParam("full").get(0);
        SyncNow.answer(rc, syncNow.sync(streams, full, "sync-now"));
    }

    /**
     * Dead letters are replayed at the start of a stream's run (direct:wiz-replay-dead-letters, before the first
     * page): replaying a sink's now is an incremental run, started now, of each stream that has dead letters waiting
     * for it. That run replays what waits for the stream's other sinks too, as any run does.
     */
    private void replay(RoutingContext rc) {
        if (!token.check(rc, "the console's actions")) {
            return;
        }
        String sink = rc.request().getParam("sink");
        List<String> sinks = state.sinks();
        if (sink == null || !sinks.contains(sink)) {
            answer(rc, 400, message("sink '" + sink + "' is not one of this daemon's sinks: " + String.join(", ", sinks)));
            return;
        }
        List<String> streams = new ArrayList<>();
        try {
            for (String stream : state.streamsOf(sink)) {
                if (state.deadLetters(stream, sink) > 0) {
                    streams.add(stream);
                }
            }
        } catch (SQLException e) {
            answer(rc, 500, message("could not read the dead letters: " + e.getMessage()));
            return;
        }
        if (streams.isEmpty()) {
            ObjectNode body = message("no dead letters wait for " + sink + ": nothing to replay");
            body.putArray("started");
            answer(rc, 200, body);
            return;
        }
        SyncNow.Answer a = syncNow.sync(streams, "false", "replay");
        a.body().put("sink", sink);
        if (a.status() == 202) {
            a.body().put("message", "replaying the dead letters of " + sink + " in a run of "
                    + String.join(", ", streams));
        }
        SyncNow.answer(rc, a);
    }

    interface Json {
        ObjectNode get() throws IOException, SQLException;
    }

    private static void json(RoutingContext rc, Json body) {
        try {
            answer(rc, 200, body.get());
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warn("console: {} failed: {}", rc.request().path(), WizCamel.oneLine(e));
            answer(rc, 500, message(WizCamel.oneLine(e)));
        }
    }

    private static int parseLimit(String limit) {
        try {
            return limit == null ? ConsoleState.HISTORY_MAX : Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            return ConsoleState.HISTORY_MAX;
        }
    }

    private static void file(RoutingContext rc, String name) {
        String type = FILES.get(name);
        if (type == null) {
            rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("not found");
            return;
        }
        try (InputStream in = Console.class.getClassLoader().getResourceAsStream("console/" + name)) {
            if (in == null) {
                rc.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("not found");
                return;
            }
            rc.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-store")
                    .putHeader("X-Content-Type-Options", "nosniff").putHeader("Content-Security-Policy", CSP)
                    .putHeader("Referrer-Policy", "no-referrer").end(Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            rc.response().setStatusCode(500).end();
        }
    }

    private static ObjectNode message(String text) {
        return JSON.createObjectNode().put("message", text);
    }

    private static void answer(RoutingContext rc, int status, ObjectNode body) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store").end(body.toString());
    }
}
