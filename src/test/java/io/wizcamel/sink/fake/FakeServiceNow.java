package io.wizcamel.sink.fake;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * A ServiceNow instance for tests, holding to the Table API contract the sink relies on: Basic auth or an OAuth
 * Bearer token from {@code /oauth_token.do} (client-credentials and password grants, with an expiry),
 * {@code Accept: application/json}, JSON bodies, known tables only, {@code {"result": ...}} answers with a
 * {@code sys_id}, {@code sysparm_query} with {@code field=value} and ORDERBY/ORDERBYDESC, the incident state model
 * (close code and close notes mandatory to resolve or close, as the data policy demands; closed and canceled records
 * read-only, so a state written to them is silently kept, as ServiceNow's ACLs do) and ServiceNow's error body
 * {@code {"error":{"message":...,"detail":...},"status":"failure"}}.
 */
public final class FakeServiceNow extends FakeTicketSystem {

    /** a table's state model: the states that need close information, and the read-only ones */
    record Table(String prefix, Set<String> states, Set<String> closing, Set<String> readOnly) { }

    static final Map<String, Table> TABLES = Map.of(
            "incident", new Table("INC", Set.of("1", "2", "3", "6", "7", "8"), Set.of("6", "7"), Set.of("7", "8")),
            "sn_si_incident", new Table("SIR", Set.of("10", "16", "18", "19", "20", "100", "3", "7"), Set.of("3"),
                    Set.of("3", "7")));
    static final Set<String> FIELDS = Set.of("short_description", "description", "correlation_id",
            "correlation_display", "urgency", "impact", "category", "state", "close_code", "close_notes", "work_notes");
    private static final Pattern TABLE_PATH = Pattern.compile("/api/now/table/([a-z0-9_]+)(?:/([0-9a-f]{32}))?");

    private final String basic;
    private final String username;
    private final String password;
    private final String clientId;
    private final String clientSecret;
    /** the lifetime of the access tokens it issues */
    public volatile long tokenSeconds = 1800;
    public final Map<String, Instant> tokens = new HashMap<>();
    public int tokenRequests;
    /** table → sys_id → record */
    public final Map<String, Map<String, ObjectNode>> records = new HashMap<>();
    private int number = 10000;

    public FakeServiceNow(String username, String password, String clientId, String clientSecret) {
        this.username = username;
        this.password = password;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.basic = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        TABLES.keySet().forEach(t -> records.put(t, new LinkedHashMap<>()));
    }

    /** the records of a table whose correlation_id is this Wiz issue id, oldest first */
    public synchronized List<ObjectNode> correlated(String table, String issueId) {
        return records.get(table).values().stream()
                .filter(r -> issueId.equals(r.path("correlation_id").asText())).toList();
    }

    /** sets a field as a person in ServiceNow would (e.g. closing a record) */
    public synchronized void set(String table, String sysId, String field, String value) {
        records.get(table).get(sysId).put(field, value);
    }

    @Override
    Answer unavailable(int status) {
        return error(status, status == 429 ? "Too many requests" : "Service Unavailable", "The instance is "
                + (status == 429 ? "rate limiting this user" : "hibernating or under maintenance"));
    }

    @Override
    Answer handle(String method, String path, Map<String, String> query, String body, HttpExchange ex) {
        if (path.equals("/oauth_token.do")) {
            return token(method, body, ex);
        }
        if (!authenticated(header(ex, "Authorization"))) {
            return error(401, "User Not Authenticated", "Required to provide Auth information");
        }
        if (!header(ex, "Accept").contains("application/json")) {
            return error(406, "Not Acceptable", "this client asks for a format other than application/json");
        }
        Matcher m = TABLE_PATH.matcher(path);
        if (!m.matches()) {
            return error(400, "Requested URI does not represent any resource", path);
        }
        Table table = TABLES.get(m.group(1));
        if (table == null) {
            return error(400, "Invalid table " + m.group(1), null);
        }
        Map<String, ObjectNode> rows = records.get(m.group(1));
        JsonNode json = null;
        if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")) {
            if (!header(ex, "Content-Type").toLowerCase().startsWith("application/json")) {
                return error(415, "Unsupported Media Type", "send application/json");
            }
            try {
                json = JSON.readTree(body);
            } catch (Exception e) {
                json = null;
            }
            if (json == null || !json.isObject()) {
                return error(400, "Exception while reading request", "The payload is not valid JSON.");
            }
        }
        String sysId = m.group(2);
        if (sysId == null) {
            return switch (method) {
                case "GET" -> list(rows, query);
                case "POST" -> create(m.group(1), table, rows, json, query);
                default -> error(405, "Method not Supported", method + " needs a sys_id");
            };
        }
        ObjectNode row = rows.get(sysId);
        if (row == null) {
            return error(404, "No Record found", "Record doesn't exist or ACL restricts the record retrieval");
        }
        return switch (method) {
            case "GET" -> result(pick(row, query));
            case "PATCH", "PUT" -> update(table, row, json, query);
            default -> error(405, "Method not Supported", method);
        };
    }

    private boolean authenticated(String authorization) {
        if (authorization.equals(basic)) {
            return true;
        }
        if (authorization.startsWith("Bearer ")) {
            Instant expiry = tokens.get(authorization.substring(7));
            return expiry != null && Instant.now().isBefore(expiry);
        }
        return false;
    }

    private Answer token(String method, String body, HttpExchange ex) {
        tokenRequests++;
        Map<String, String> form = parse(body);
        boolean formOk = method.equals("POST")
                && header(ex, "Content-Type").startsWith("application/x-www-form-urlencoded");
        boolean client = clientId.equals(form.get("client_id")) && clientSecret.equals(form.get("client_secret"));
        boolean grantOk = switch (form.getOrDefault("grant_type", "")) {
            case "client_credentials" -> true;
            case "password" -> username.equals(form.get("username")) && password.equals(form.get("password"));
            default -> false;
        };
        if (!formOk || !client || !grantOk) {
            return new Answer(401, "{\"error_description\":\"access_denied\",\"error\":\"server_error\"}");
        }
        String token = UUID.randomUUID().toString().replace("-", "");
        tokens.put(token, Instant.now().plusSeconds(tokenSeconds));
        return new Answer(200, JSON.createObjectNode().put("access_token", token).put("refresh_token", "r" + token)
                .put("scope", "useraccount").put("token_type", "Bearer").put("expires_in", tokenSeconds).toString());
    }

    private Answer list(Map<String, ObjectNode> rows, Map<String, String> query) {
        Stream<ObjectNode> s = rows.values().stream();
        Comparator<ObjectNode> order = null;
        for (String term : query.getOrDefault("sysparm_query", "").split("\\^")) {
            if (term.isBlank()) {
                continue;
            }
            if (term.startsWith("ORDERBYDESC")) {
                order = Comparator.comparing((ObjectNode r) -> r.path(term.substring(11)).asText()).reversed();
            } else if (term.startsWith("ORDERBY")) {
                order = Comparator.comparing((ObjectNode r) -> r.path(term.substring(7)).asText());
            } else if (term.contains("=")) {
                String field = term.substring(0, term.indexOf('='));
                String value = term.substring(term.indexOf('=') + 1);
                s = s.filter(r -> value.equals(r.path(field).asText()));
            } else {
                return error(400, "Invalid query", term);
            }
        }
        if (order != null) {
            s = s.sorted(order);
        }
        int limit = Integer.parseInt(query.getOrDefault("sysparm_limit", "10000"));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode result = answer.putArray("result");
        s.limit(limit).forEach(r -> result.add(pick(r, query)));
        return new Answer(200, answer.toString());
    }

    private Answer create(String name, Table table, Map<String, ObjectNode> rows, JsonNode body,
            Map<String, String> query) {
        ObjectNode row = JSON.createObjectNode();
        String sysId = UUID.randomUUID().toString().replace("-", "");
        row.put("sys_id", sysId).put("number", table.prefix() + String.format("%07d", ++number))
                .put("state", table.states().iterator().next()).put("sys_created_on",
                        String.format("%s-%06d", Instant.now(), number))
                .put("reopen_count", 0).putArray("work_notes_journal");
        if (name.equals("incident")) {
            row.put("state", "1");
        } else {
            row.put("state", "10");
        }
        Answer refused = write(table, row, body, true);
        if (refused != null) {
            return refused;
        }
        rows.put(sysId, row);
        if (loseCreateAnswers.get() > 0 && loseCreateAnswers.getAndDecrement() > 0) {
            return unavailable(503);
        }
        return new Answer(201, JSON.createObjectNode().set("result", pick(row, query)).toString());
    }

    private Answer update(Table table, ObjectNode row, JsonNode body, Map<String, String> query) {
        ObjectNode copy = row.deepCopy();
        Answer refused = write(table, copy, body, false);
        if (refused != null) {
            return refused;
        }
        row.setAll(copy);
        return result(pick(row, query));
    }

    /** applies a body as ServiceNow would: unknown fields ignored, data policy checked, read-only states kept */
    private Answer write(Table table, ObjectNode row, JsonNode body, boolean creating) {
        String before = row.path("state").asText();
        boolean readOnly = !creating && table.readOnly().contains(before);
        for (String f : FIELDS) {
            JsonNode v = body.get(f);
            if (v == null || readOnly && !f.equals("work_notes")) {
                continue;
            }
            if (f.equals("work_notes")) {
                ((ArrayNode) row.get("work_notes_journal")).add(v.asText());
            } else if (f.equals("short_description")) {
                String s = v.asText();
                row.put(f, s.length() > 160 ? s.substring(0, 160) : s); // ServiceNow cuts, silently
            } else {
                row.put(f, v.asText());
            }
        }
        String state = row.path("state").asText();
        if (!table.states().contains(state)) {
            return error(400, "Invalid state", "'" + state + "' is not a state of this table");
        }
        if (table.closing().contains(state) && !state.equals(before)) {
            List<String> missing = new ArrayList<>();
            if (row.path("close_code").asText("").isBlank()) {
                missing.add("Resolution code");
            }
            if (row.path("close_notes").asText("").isBlank()) {
                missing.add("Resolution notes");
            }
            if (!missing.isEmpty()) {
                return error(403, "Operation Failed", "Data Policy Exception: \n\t"
                        + String.join(" is mandatory\n\t", missing) + " is mandatory\n");
            }
        }
        if (!creating && table.closing().contains(before) && !table.closing().contains(state)) {
            row.put("reopen_count", row.path("reopen_count").asInt() + 1);
        }
        return null;
    }

    private static ObjectNode pick(ObjectNode row, Map<String, String> query) {
        String fields = query.get("sysparm_fields");
        if (fields == null || fields.isBlank()) {
            return row.deepCopy();
        }
        ObjectNode out = JSON.createObjectNode();
        for (String f : fields.split(",")) {
            if (row.has(f.trim())) {
                out.set(f.trim(), row.get(f.trim()));
            }
        }
        return out;
    }

    private static Answer result(JsonNode row) {
        return new Answer(200, JSON.createObjectNode().set("result", row).toString());
    }

    static Answer error(int status, String message, String detail) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode e = body.putObject("error").put("message", message);
        if (detail == null) {
            e.putNull("detail");
        } else {
            e.put("detail", detail);
        }
        body.put("status", "failure");
        return new Answer(status, body.toString());
    }
}
