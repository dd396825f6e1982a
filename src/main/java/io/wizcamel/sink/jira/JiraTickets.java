package io.wizcamel.sink.jira;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.delivery.SinkRetryException;
import io.wizcamel.sink.ticket.IssueText;
import io.wizcamel.sink.ticket.TicketHttp;
import io.wizcamel.sink.ticket.TicketLinks;
import io.wizcamel.sink.ticket.TicketSubject;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jira Cloud side of the ticket of a Wiz issue or vulnerability finding (REST API v3): which ticket it is (the
 * link store, else a JQL search
 * on the issue's label), the create and edit bodies, and the workflow transitions to the done status and back. Each
 * method describes one request (see {@link TicketHttp}) or reads its answer; routes/sinks/jira.yaml runs them.
 */
public class JiraTickets {

    static final String ISSUE = TicketHttp.ISSUE;
    static final String KEY = TicketHttp.KEY;
    static final String STATUS = "jiraStatus";
    static final String GOAL = "jiraGoal";
    static final String REOPENING = "jiraReopening";
    static final String VISITED = "jiraVisited";
    static final String NEXT_STATUS = "jiraNextStatus";
    /** Jira's summary limit */
    static final int MAX_SUMMARY = 255;
    /** a workflow walk longer than this is a loop, not a path */
    static final int MAX_STEPS = 6;
    static final List<String> SEVERITIES = List.of("critical", "high", "medium", "low", "informational");

    private static final Logger LOG = LoggerFactory.getLogger(JiraTickets.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final TicketLinks links;
    private final String projectKey;
    private final String issueType;
    private final String doneStatus;
    private final String reopenStatus;
    private final Map<String, String> priorities;
    /** a bad setting, reported when the sink is used: a sink that is off must not stop start-up */
    private final String configProblem;
    private final List<String> via;

    public JiraTickets(TicketLinks links, String projectKey, String issueType, String doneStatus, String reopenStatus,
            String priorityMap, String transitionVia) {
        this.links = links;
        this.projectKey = IssueText.clean(projectKey);
        this.issueType = IssueText.clean(issueType);
        this.doneStatus = IssueText.clean(doneStatus);
        this.reopenStatus = IssueText.clean(reopenStatus);
        Map<String, String> p = Map.of();
        String problem = null;
        try {
            p = IssueText.map("wiz.sink.jira.priority-map", priorityMap);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        this.priorities = p;
        this.configProblem = problem;
        this.via = new ArrayList<>();
        for (String s : IssueText.clean(transitionVia).split(",")) {
            if (!s.isBlank()) {
                via.add(s.trim());
            }
        }
    }


    public void start(Exchange ex) throws SQLException {
        if (configProblem != null) {
            throw new SinkRejectedException(configProblem);
        }
        JsonNode record = record(ex);
        String id = IssueText.text(record, "id");
        if (id == null) {
            throw new SinkRejectedException("a Wiz record without an id cannot be linked to a Jira ticket: "
                    + IssueText.summary(record, 120));
        }
        for (String p : List.of(KEY, STATUS, GOAL, REOPENING, VISITED, NEXT_STATUS)) {
            ex.removeProperty(p);
        }
        ex.setProperty(KEY, links.find(id));
    }

    /** the linked ticket's current status (and whether it still exists) */
    public void readRequest(Exchange ex) {
        TicketHttp.request(ex, "GET", "/rest/api/3/issue/" + key(ex), "fields=status", null,
                "read ticket " + key(ex) + " of " + what(ex));
        ex.setProperty(TicketHttp.ALLOW_404, true);
    }

    public void read(Exchange ex) throws SQLException {
        JsonNode answer = ex.getMessage().getBody(JsonNode.class);
        if (answer == null) { // deleted in Jira: look for another, else create anew
            LOG.warn("Jira ticket {} of {} no longer exists; looking for another or creating one", key(ex),
                    id(ex));
            links.forget(id(ex));
            ex.removeProperty(KEY);
            return;
        }
        ex.setProperty(STATUS, answer.path("fields").path("status").path("name").asText(null));
    }

    /** the enhanced JQL search (GET /rest/api/3/search/jql; the older /search is retired) */
    public void searchRequest(Exchange ex) {
        String jql = "labels = \"" + TicketSubject.of(ex).label(id(ex)) + "\" ORDER BY created ASC";
        TicketHttp.request(ex, "GET", "/rest/api/3/search/jql", "jql=" + URLEncoder.encode(jql, StandardCharsets.UTF_8)
                + "&fields=status&maxResults=1", null, "search for the ticket of " + what(ex));
    }

    public void searched(Exchange ex) throws SQLException {
        JsonNode answer = ex.getMessage().getBody(JsonNode.class);
        JsonNode first = answer == null ? null : answer.path("issues").path(0);
        if (first != null && first.hasNonNull("key")) {
            ex.setProperty(KEY, first.get("key").asText());
            ex.setProperty(STATUS, first.path("fields").path("status").path("name").asText(null));
            links.link(id(ex), key(ex));
            LOG.info("Found Jira ticket {} of {} by its label", key(ex), what(ex));
        }
    }

    public void createRequest(Exchange ex) {
        JsonNode record = record(ex);
        ObjectNode fields = F.objectNode();
        fields.putObject("project").put("key", projectKey);
        fields.putObject("issuetype").put("name", issueType);
        content(record, TicketSubject.of(ex), fields);
        ArrayNode labels = fields.putArray("labels");
        labels.add("wiz").add(TicketSubject.of(ex).label(id(ex)));
        String severity = severityLabel(record);
        if (severity != null) {
            labels.add(severity);
        }
        ObjectNode body = F.objectNode();
        body.set("fields", fields);
        TicketHttp.request(ex, "POST", "/rest/api/3/issue", null, body.toString(),
                "create a ticket in project " + projectKey + " for " + what(ex));
    }

    public void created(Exchange ex) throws SQLException {
        JsonNode answer = ex.getMessage().getBody(JsonNode.class);
        if (answer == null || !answer.hasNonNull("key")) {
            throw new SinkRetryException("Jira created a ticket for " + what(ex)
                    + " but did not say its key; the retry finds it by its label");
        }
        ex.setProperty(KEY, answer.get("key").asText());
        links.link(id(ex), key(ex));
        LOG.debug("Created Jira ticket {} for {}", key(ex), what(ex));
    }

    /** an edit of the fields Wiz owns; labels are added and removed one by one so that people's labels stay */
    public void updateRequest(Exchange ex) {
        JsonNode record = record(ex);
        ObjectNode body = F.objectNode();
        content(record, TicketSubject.of(ex), body.putObject("fields"));
        ArrayNode labels = body.putObject("update").putArray("labels");
        labels.addObject().put("add", "wiz");
        labels.addObject().put("add", TicketSubject.of(ex).label(id(ex)));
        String severity = severityLabel(record);
        if (severity != null) {
            labels.addObject().put("add", severity);
        }
        for (String other : SEVERITIES) {
            if (!other.equals(severity)) {
                labels.addObject().put("remove", other);
            }
        }
        TicketHttp.request(ex, "PUT", "/rest/api/3/issue/" + key(ex), null, body.toString(),
                "update ticket " + key(ex) + " of " + what(ex));
    }

    /**
     * Decides where the ticket's status must go: to the done status when Wiz resolved or rejected the issue, back to
     * the reopen status when Wiz reopened an issue whose ticket is done; otherwise people's workflow is left alone.
     */
    public void plan(Exchange ex) {
        JsonNode record = record(ex);
        String status = ex.getProperty(STATUS, String.class);
        ex.removeProperty(GOAL);
        ex.removeProperty(REOPENING);
        if (IssueText.done(record) && !doneStatus.equalsIgnoreCase(status)) {
            ex.setProperty(GOAL, doneStatus);
        } else if (IssueText.open(record) && doneStatus.equalsIgnoreCase(status)) {
            ex.setProperty(GOAL, reopenStatus);
            ex.setProperty(REOPENING, true);
        }
    }

    public void transitionsRequest(Exchange ex) {
        TicketHttp.request(ex, "GET", "/rest/api/3/issue/" + key(ex) + "/transitions", null, null,
                "list the transitions of ticket " + key(ex));
    }

    /**
     * Takes the transition to the goal when the workflow offers it; else one to a status on the configured way there
     * (wiz.sink.jira.transition-via) not yet visited; else the workflow has no way, which retrying cannot change.
     */
    public void pickTransition(Exchange ex) {
        String goal = ex.getProperty(GOAL, String.class);
        JsonNode answer = ex.getMessage().getBody(JsonNode.class);
        JsonNode transitions = answer == null ? F.arrayNode() : answer.path("transitions");
        @SuppressWarnings("unchecked")
        Set<String> visited = ex.getProperty(VISITED, Set.class);
        if (visited == null) {
            visited = new LinkedHashSet<>();
            ex.setProperty(VISITED, visited);
        }
        String current = ex.getProperty(STATUS, String.class);
        if (current != null) {
            visited.add(current.toLowerCase(Locale.ROOT));
        }
        JsonNode pick = find(transitions, goal);
        for (int i = 0; pick == null && i < via.size(); i++) {
            if (!visited.contains(via.get(i).toLowerCase(Locale.ROOT))) {
                pick = find(transitions, via.get(i));
            }
        }
        if (pick == null || visited.size() > MAX_STEPS) {
            List<String> offered = new ArrayList<>();
            transitions.forEach(t -> offered.add(t.path("name").asText() + " → " + t.path("to").path("name").asText()));
            throw new SinkRejectedException("Jira's workflow offers no way to move ticket " + key(ex) + " of "
                    + what(ex) + " from status '" + IssueText.orElse(current, "?") + "' to '" + goal
                    + "' (transitions offered: " + offered + "). Set WIZ_SINK_JIRA_DONE_STATUS and"
                    + " WIZ_SINK_JIRA_REOPEN_STATUS to statuses of the workflow, and list the statuses on the way in"
                    + " WIZ_SINK_JIRA_TRANSITION_VIA");
        }
        String next = pick.path("to").path("name").asText();
        ObjectNode body = F.objectNode();
        body.putObject("transition").put("id", pick.path("id").asText());
        if (next.equalsIgnoreCase(goal)) { // say why on the last step only
            JsonNode record = record(ex);
            String note = Boolean.TRUE.equals(ex.getProperty(REOPENING, Boolean.class)) ? IssueText.reopenNote(record, TicketSubject.of(ex))
                    : IssueText.closeNote(record, TicketSubject.of(ex));
            body.putObject("update").putArray("comment").addObject().putObject("add").set("body", Adf.note(note));
        }
        ex.setProperty(NEXT_STATUS, next);
        TicketHttp.request(ex, "POST", "/rest/api/3/issue/" + key(ex) + "/transitions", null, body.toString(),
                "move ticket " + key(ex) + " of " + what(ex) + " to status '" + next + "'");
    }

    public void transitioned(Exchange ex) {
        String now = ex.getProperty(NEXT_STATUS, String.class);
        ex.setProperty(STATUS, now);
        LOG.debug("Moved Jira ticket {} of {} to {}", key(ex), what(ex), now);
        if (now.equalsIgnoreCase(ex.getProperty(GOAL, String.class))) {
            ex.removeProperty(GOAL);
            ex.removeProperty(REOPENING);
        }
    }

    private static JsonNode find(JsonNode transitions, String status) {
        for (JsonNode t : transitions) {
            if (t.path("to").path("name").asText().equalsIgnoreCase(status)) {
                return t;
            }
        }
        return null;
    }

    private void content(JsonNode record, TicketSubject subject, ObjectNode fields) {
        fields.put("summary", IssueText.summary(record, MAX_SUMMARY));
        fields.set("description", Adf.description(record, subject));
        String severity = IssueText.text(record, "severity");
        String priority = severity == null ? null : priorities.get(severity.toUpperCase(Locale.ROOT));
        if (priority != null) {
            fields.putObject("priority").put("name", priority);
        }
    }

    private static String severityLabel(JsonNode record) {
        String severity = IssueText.text(record, "severity");
        return severity == null ? null : severity.toLowerCase(Locale.ROOT).replaceAll("\\s+", "-");
    }


    private static JsonNode record(Exchange ex) {
        return ex.getProperty(ISSUE, JsonNode.class);
    }

    private static String id(Exchange ex) {
        return IssueText.text(record(ex), "id");
    }

    /** "Wiz issue <id>", "Wiz vulnerability finding <id>" */
    private static String what(Exchange ex) {
        return "Wiz " + TicketSubject.of(ex).noun() + " " + id(ex);
    }

    private static String key(Exchange ex) {
        return ex.getProperty(KEY, String.class);
    }

    @Override
    public String toString() {
        return "JiraTickets[" + projectKey + "]";
    }
}
