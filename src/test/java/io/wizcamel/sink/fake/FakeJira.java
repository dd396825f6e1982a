package io.wizcamel.sink.fake;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.wizcamel.sink.jira.Adf;

/**
 * A Jira Cloud site for tests, holding to the REST API v3 contract the sink relies on: Basic auth with an account
 * email and API token, JSON bodies, the create screen's required fields (project, issue type, summary of at most
 * 255 characters on one line, a description in Atlassian Document Format), labels without spaces, priorities by
 * name, transitions only by an id the issue's current status offers (To Do → In Progress → Done, Done → To Do), the
 * enhanced JQL search by label, and Jira's error bodies {@code {"errorMessages":[...],"errors":{field: message}}}.
 */
public final class FakeJira extends FakeTicketSystem {

    /** one ticket as Jira holds it */
    public static final class Ticket {
        public final String id;
        public final String key;
        public String project;
        public String issueType;
        public String summary;
        public JsonNode description;
        public String priority;
        public List<String> labels = new ArrayList<>();
        public String status = "To Do";
        public final List<JsonNode> comments = new ArrayList<>();
        /** every status it went through, in order */
        public final List<String> history = new ArrayList<>(List.of("To Do"));

        Ticket(String id, String key) {
            this.id = id;
            this.key = key;
        }
    }

    static final Set<String> PRIORITIES = Set.of("Highest", "High", "Medium", "Low", "Lowest");
    static final Set<String> ISSUE_TYPES = Set.of("Task", "Bug");
    static final Set<String> CREATE_FIELDS = Set.of("project", "issuetype", "summary", "description", "priority",
            "labels");
    /** status → transitions it offers: id, name, target status */
    static final Map<String, List<String[]>> WORKFLOW = Map.of(
            "To Do", List.<String[]>of(new String[] {"21", "Start progress", "In Progress"}),
            "In Progress", List.of(new String[] {"11", "Stop progress", "To Do"}, new String[] {"31", "Done", "Done"}),
            "Done", List.<String[]>of(new String[] {"41", "Reopen", "To Do"}));
    private static final Pattern ISSUE_PATH = Pattern.compile("/rest/api/3/issue/([A-Z][A-Z0-9]*-\\d+)(/transitions)?");
    private static final Pattern LABEL_JQL = Pattern.compile(
            "\\s*labels\\s*=\\s*\"([^\"]+)\"\\s*(ORDER BY [a-z]+ (ASC|DESC))?\\s*", Pattern.CASE_INSENSITIVE);

    private final String authorization;
    private final String projectKey;
    public final Map<String, Ticket> tickets = new LinkedHashMap<>();
    private int nextId = 10000;

    private String authorizationEmail() {
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        return pair.substring(0, pair.indexOf(':'));
    }

    public FakeJira(String email, String apiToken, String projectKey) {
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((email + ":" + apiToken).getBytes(StandardCharsets.UTF_8));
        this.projectKey = projectKey;
    }

    /** the tickets carrying this label (a Wiz issue must have exactly one) */
    public synchronized List<Ticket> withLabel(String label) {
        return tickets.values().stream().filter(t -> t.labels.contains(label)).toList();
    }

    @Override
    Answer unavailable(int status) {
        return error(status, List.of(status == 429 ? "Rate limit exceeded." : "Service unavailable"), Map.of());
    }

    @Override
    Answer handle(String method, String path, Map<String, String> query, String body, HttpExchange ex) {
        if (!authorization.equals(header(ex, "Authorization"))) {
            return error(401, List.of("Client must be authenticated to access this resource."), Map.of());
        }
        if ((method.equals("POST") || method.equals("PUT"))
                && !header(ex, "Content-Type").toLowerCase().startsWith("application/json")) {
            return error(415, List.of("Unsupported Media Type: send application/json"), Map.of());
        }
        JsonNode json = null;
        if (method.equals("POST") || method.equals("PUT")) {
            try {
                json = JSON.readTree(body);
            } catch (Exception e) {
                return error(400, List.of("Unexpected character in the request body: it is not JSON."), Map.of());
            }
        }
        if (path.equals("/rest/api/3/search")) {
            return error(410, List.of("The requested API has been removed. Please migrate to the"
                    + " /rest/api/3/search/jql API."), Map.of());
        }
        if (path.equals("/rest/api/3/myself") && method.equals("GET")) {
            return new Answer(200, JSON.createObjectNode().put("accountId", "5b10ac8d82e05b22cc7d4ef5")
                    .put("emailAddress", authorizationEmail()).put("active", true).toString());
        }
        if (path.startsWith("/rest/api/3/project/") && method.equals("GET")) {
            String key = path.substring("/rest/api/3/project/".length());
            if (!key.equals(projectKey)) {
                return error(404, List.of("No project could be found with key '" + key + "'."), Map.of());
            }
            return new Answer(200, JSON.createObjectNode().put("id", "10000").put("key", key).put("name", "Security")
                    .toString());
        }
        if (path.equals("/rest/api/3/search/jql") && method.equals("GET")) {
            return search(query);
        }
        if (path.equals("/rest/api/3/issue") && method.equals("POST")) {
            return create(json);
        }
        Matcher m = ISSUE_PATH.matcher(path);
        if (!m.matches()) {
            return error(404, List.of("No resource at " + path), Map.of());
        }
        Ticket t = tickets.get(m.group(1));
        if (t == null) {
            return error(404, List.of("Issue does not exist or you do not have permission to see it."), Map.of());
        }
        if (m.group(2) != null) {
            return switch (method) {
                case "GET" -> transitions(t);
                case "POST" -> transition(t, json);
                default -> error(405, List.of("Method not allowed"), Map.of());
            };
        }
        return switch (method) {
            case "GET" -> new Answer(200, view(t).toString());
            case "PUT" -> edit(t, json);
            default -> error(405, List.of("Method not allowed"), Map.of());
        };
    }

    private Answer create(JsonNode body) {
        JsonNode f = body.path("fields");
        Map<String, String> errors = new LinkedHashMap<>();
        f.fieldNames().forEachRemaining(name -> {
            if (!CREATE_FIELDS.contains(name)) {
                errors.put(name, "Field '" + name + "' cannot be set. It is not on the appropriate screen, or unknown.");
            }
        });
        if (!projectKey.equals(f.path("project").path("key").asText())) {
            errors.put("project", "valid project is required");
        }
        if (!ISSUE_TYPES.contains(f.path("issuetype").path("name").asText())) {
            errors.put("issuetype", "Specify a valid issue type");
        }
        if (!f.hasNonNull("summary") || f.get("summary").asText().isBlank()) {
            errors.put("summary", "You must specify a summary of the issue.");
        }
        checkFields(f, errors);
        if (!errors.isEmpty()) {
            return error(400, List.of(), errors);
        }
        Ticket t = new Ticket(String.valueOf(++nextId), projectKey + "-" + (tickets.size() + 1));
        t.project = projectKey;
        t.issueType = f.path("issuetype").path("name").asText();
        apply(t, f);
        tickets.put(t.key, t);
        if (loseCreateAnswers.get() > 0 && loseCreateAnswers.getAndDecrement() > 0) {
            return unavailable(503);
        }
        return new Answer(201, JSON.createObjectNode().put("id", t.id).put("key", t.key)
                .put("self", url() + "/rest/api/3/issue/" + t.id).toString());
    }

    private Answer edit(Ticket t, JsonNode body) {
        JsonNode f = body.path("fields");
        Map<String, String> errors = new LinkedHashMap<>();
        f.fieldNames().forEachRemaining(name -> {
            if (!CREATE_FIELDS.contains(name) || name.equals("project") || name.equals("issuetype")) {
                errors.put(name, "Field '" + name + "' cannot be set. It is not on the appropriate screen, or unknown.");
            }
        });
        if (f.has("summary") && f.get("summary").asText().isBlank()) {
            errors.put("summary", "You must specify a summary of the issue.");
        }
        checkFields(f, errors);
        JsonNode labelOps = body.path("update").path("labels");
        for (JsonNode op : labelOps) {
            String label = op.has("add") ? op.get("add").asText() : op.path("remove").asText();
            if (label.contains(" ")) {
                errors.put("labels", "The label '" + label + "' contains spaces which is invalid.");
            }
        }
        if (f.has("labels") && labelOps.size() > 0) {
            errors.put("labels", "Field labels cannot be set in both fields and update.");
        }
        if (!errors.isEmpty()) {
            return error(400, List.of(), errors);
        }
        apply(t, f);
        for (JsonNode op : labelOps) {
            if (op.has("add") && !t.labels.contains(op.get("add").asText())) {
                t.labels.add(op.get("add").asText());
            } else if (op.has("remove")) {
                t.labels.remove(op.get("remove").asText());
            }
        }
        return new Answer(204, null);
    }

    private void checkFields(JsonNode f, Map<String, String> errors) {
        if (f.has("summary")) {
            String s = f.get("summary").asText();
            if (s.length() > 255) {
                errors.put("summary", "Summary must be less than 255 characters.");
            } else if (s.contains("\n") || s.contains("\r")) {
                errors.put("summary", "The summary is invalid because it contains newline characters.");
            }
        }
        if (f.has("description")) {
            String problem = Adf.problem(f.get("description"));
            if (problem != null) {
                errors.put("description", "Operation value must be an Atlassian Document (see the Atlassian Document"
                        + " Format): " + problem);
            }
        }
        if (f.has("priority") && !PRIORITIES.contains(f.path("priority").path("name").asText())) {
            errors.put("priority", "The priority selected is invalid.");
        }
        if (f.has("labels")) {
            if (!f.get("labels").isArray()) {
                errors.put("labels", "Field labels must be an array of strings.");
            }
            for (JsonNode l : f.path("labels")) {
                if (!l.isTextual() || l.asText().contains(" ") || l.asText().isEmpty() || l.asText().length() > 255) {
                    errors.put("labels", "The label '" + l.asText() + "' contains spaces which is invalid.");
                }
            }
        }
    }

    private static void apply(Ticket t, JsonNode f) {
        if (f.has("summary")) {
            t.summary = f.get("summary").asText();
        }
        if (f.has("description")) {
            t.description = f.get("description");
        }
        if (f.has("priority")) {
            t.priority = f.path("priority").path("name").asText();
        }
        if (f.has("labels")) {
            t.labels = new ArrayList<>();
            f.get("labels").forEach(l -> t.labels.add(l.asText()));
        }
    }

    private Answer transitions(Ticket t) {
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode list = answer.putArray("transitions");
        for (String[] tr : WORKFLOW.get(t.status)) {
            ObjectNode n = list.addObject().put("id", tr[0]).put("name", tr[1]).put("hasScreen", false);
            n.putObject("to").put("name", tr[2]).put("id", String.valueOf(tr[2].hashCode() & 0xffff));
        }
        return new Answer(200, answer.toString());
    }

    private Answer transition(Ticket t, JsonNode body) {
        String id = body.path("transition").path("id").asText();
        String[] pick = WORKFLOW.get(t.status).stream().filter(tr -> tr[0].equals(id)).findFirst().orElse(null);
        if (pick == null) {
            return error(400, List.of("Transition id '" + id + "' is not valid for this issue."), Map.of());
        }
        for (JsonNode c : body.path("update").path("comment")) {
            String problem = Adf.problem(c.path("add").path("body"));
            if (problem != null) {
                return error(400, List.of(), Map.of("comment", "Comment body is not valid ADF: " + problem));
            }
        }
        t.status = pick[2];
        t.history.add(pick[2]);
        body.path("update").path("comment").forEach(c -> t.comments.add(c.path("add").path("body")));
        return new Answer(204, null);
    }

    private Answer search(Map<String, String> query) {
        String jql = query.getOrDefault("jql", "");
        Matcher m = LABEL_JQL.matcher(jql);
        if (!m.matches()) {
            return error(400, List.of("Error in the JQL Query: the fake understands only labels = \"...\" ("
                    + jql + ")"), Map.of());
        }
        int max = Integer.parseInt(query.getOrDefault("maxResults", "50"));
        ObjectNode answer = JSON.createObjectNode();
        ArrayNode issues = answer.putArray("issues");
        withLabel(m.group(1)).stream().limit(max).forEach(t -> issues.add(view(t)));
        answer.put("isLast", true);
        return new Answer(200, answer.toString());
    }

    private ObjectNode view(Ticket t) {
        ObjectNode n = JSON.createObjectNode().put("id", t.id).put("key", t.key).put("self",
                url() + "/rest/api/3/issue/" + t.id);
        n.putObject("fields").putObject("status").put("name", t.status);
        return n;
    }

    static Answer error(int status, List<String> messages, Map<String, String> errors) {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode m = body.putArray("errorMessages");
        messages.forEach(m::add);
        ObjectNode e = body.putObject("errors");
        errors.forEach(e::put);
        return new Answer(status, body.toString());
    }

    /** the Atlassian Document Format rules the fake checks */
    static final class Adf {
        static final Set<String> BLOCKS = Set.of("paragraph", "heading", "bulletList", "orderedList", "codeBlock",
                "blockquote", "rule");
        static final Set<String> MARKS = Set.of("link", "strong", "em", "code", "underline", "strike");

        /** what is wrong with the document, or null */
        static String problem(JsonNode doc) {
            if (!doc.isObject() || !"doc".equals(doc.path("type").asText()) || doc.path("version").asInt() != 1
                    || !doc.path("content").isArray()) {
                return "the root must be {\"type\":\"doc\",\"version\":1,\"content\":[...]}";
            }
            int[] chars = {0};
            for (JsonNode b : doc.get("content")) {
                String p = block(b, chars);
                if (p != null) {
                    return p;
                }
            }
            return chars[0] > 32767 ? "the text exceeds the allowed limit of 32,767 characters" : null;
        }

        private static String block(JsonNode b, int[] chars) {
            String type = b.path("type").asText();
            if (!BLOCKS.contains(type)) {
                return "'" + type + "' is not a block node";
            }
            if (type.equals("heading")) {
                int level = b.path("attrs").path("level").asInt(0);
                if (level < 1 || level > 6) {
                    return "a heading needs attrs.level 1 to 6";
                }
            }
            if (type.equals("bulletList") || type.equals("orderedList")) {
                if (b.path("content").isEmpty()) {
                    return "a list needs at least one listItem";
                }
                for (JsonNode item : b.path("content")) {
                    if (!"listItem".equals(item.path("type").asText()) || item.path("content").isEmpty()) {
                        return "a list holds listItem nodes with content";
                    }
                    for (JsonNode inner : item.path("content")) {
                        String p = block(inner, chars);
                        if (p != null) {
                            return p;
                        }
                    }
                }
                return null;
            }
            for (JsonNode inline : b.path("content")) {
                String it = inline.path("type").asText();
                if (it.equals("hardBreak")) {
                    continue;
                }
                if (!it.equals("text") || !inline.path("text").isTextual() || inline.path("text").asText().isEmpty()) {
                    return "'" + it + "' in a " + type + " must be a text node with non-empty text";
                }
                chars[0] += inline.path("text").asText().length();
                for (JsonNode mark : inline.path("marks")) {
                    if (!MARKS.contains(mark.path("type").asText())) {
                        return "unknown mark " + mark.path("type").asText();
                    }
                    if (mark.path("type").asText().equals("link") && !mark.path("attrs").path("href").isTextual()) {
                        return "a link mark needs attrs.href";
                    }
                }
            }
            return null;
        }
    }
}
