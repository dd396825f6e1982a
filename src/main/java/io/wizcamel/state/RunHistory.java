package io.wizcamel.state;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code --history [N] [--stream NAME]... [--json]}: the last runs kept in the state store (run_history, written by
 * SyncHistory beside history.jsonl), from either backend, as a table or as the JSON lines themselves. It starts no
 * route: it reads the settings, opens the store and reads.
 */
public final class RunHistory {

    public static final int DEFAULT_LAST = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunHistory() {
    }

    /** the store the settings name (config: a setting's value in effect) */
    public static StateStore store(Function<String, String> config) {
        return new StateStore(config.apply("wiz.state-dir"), config.apply("wiz.state.jdbc-url"),
                config.apply("wiz.state.jdbc-user"), config.apply("wiz.state.jdbc-schema"), 2)
                .password(config.apply(StateStore.PASSWORD));
    }

    /** the last runs' history lines, oldest first; streams empty: every stream */
    public static List<String> read(StateStore store, int last, List<String> streams) throws Exception {
        Connection db = store.open(StateArea.CORE);
        try {
            return read(db, last, streams);
        } finally {
            store.release(StateArea.CORE, db);
        }
    }

    public static List<String> read(Connection db, int last, List<String> streams) throws SQLException {
        List<String> out = new ArrayList<>();
        String in = streams.isEmpty() ? "" : " WHERE stream IN (?" + ",?".repeat(streams.size() - 1) + ")";
        try (PreparedStatement q = db.prepareStatement("SELECT record FROM run_history" + in
                + " ORDER BY seq DESC LIMIT " + Math.max(0, last))) {
            for (int i = 0; i < streams.size(); i++) {
                q.setString(i + 1, streams.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(0, rs.getString(1));
                }
            }
        }
        return out;
    }

    /** prints the lines as they are (--json) or as a table */
    public static void print(List<String> lines, boolean json, String backend, PrintStream out) throws Exception {
        if (json) {
            lines.forEach(out::println);
            return;
        }
        out.println("wiz-camel run history (" + backend + "), last " + lines.size() + " runs, oldest first:");
        String format = "%-21s %-16s %-8s %-11s %-12s %9s %9s %7s %6s  %s%n";
        out.printf(Locale.ROOT, format, "START", "STREAM", "TRIGGER", "MODE", "OUTCOME", "DELIVERED", "FETCHED",
                "SECONDS", "EPOCH", "RUN / ERROR");
        for (String line : lines) {
            JsonNode r = JSON.readTree(line);
            long ms = r.path("durationMs").asLong(-1);
            String error = r.path("error").asText("");
            out.printf(Locale.ROOT, format, seconds(r.path("start").asText("-")), r.path("stream").asText("-"),
                    r.path("trigger").asText("-"), r.path("mode").asText("-"), r.path("outcome").asText("-"),
                    r.has("delivered") ? r.path("delivered").asText() : "-",
                    r.has("fetched") ? r.path("fetched").asText() : "-",
                    ms < 0 ? "-" : String.format(Locale.ROOT, "%.1f", ms / 1000.0),
                    r.has("epoch") ? r.path("epoch").asText() : "-",
                    r.path("runId").asText() + (error.isEmpty() || "null".equals(error) ? "" : ": " + oneLine(error)));
        }
    }

    /** an instant to the second, as the table's column is wide */
    private static String seconds(String instant) {
        try {
            return java.time.Instant.parse(instant).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        } catch (RuntimeException e) {
            return instant;
        }
    }

    private static String oneLine(String text) {
        String s = text.replaceAll("\\s+", " ").trim();
        return s.length() > 160 ? s.substring(0, 157) + "..." : s;
    }
}
