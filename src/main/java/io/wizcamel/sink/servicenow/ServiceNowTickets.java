package io.wizcamel.sink.servicenow;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The ServiceNow side of the ticket of a Wiz issue or vulnerability finding (Table API): which record it is (the
 * link store, else a query on
 * {@code correlation_id}), the create and update bodies, and the state changes that resolve, reject and reopen it.
 * Each method describes one request (see {@link TicketHttp}) or reads its answer; routes/sinks/servicenow.yaml runs
 * them.
 */
public class ServiceNowTickets {

    static final String STATE = "snState";
    static final String NUMBER = "snNumber";
    static final String FOLLOWS = "snFollows";
    static final String STATE_FIELDS = "snStateFields";
    /** incident.short_description holds 160 characters */
    static final int MAX_SHORT = 160;
    static final int MAX_PART = 8000;
    static final String FIELDS = "sysparm_fields=sys_id,number,state&sysparm_exclude_reference_link=true";

    private static final Logger LOG = LoggerFactory.getLogger(ServiceNowTickets.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final TicketLinks links;
    private final String table;
    private final String openState;
    private final String resolvedState;
    private final String rejectedState;
    private final String reopenState;
    private final Set<String> finalStates = new HashSet<>();
    private final Set<String> doneStates = new HashSet<>();
    private final String resolvedCode;
    private final String rejectedCode;
    private final Map<String, String> urgency;
    private final Map<String, String> impact;
    private final String category;
    /** a bad setting, reported when the sink is used: a sink that is off must not stop start-up */
    private final String configProblem;

    public ServiceNowTickets(TicketLinks links, String table, String stateMap, String finalStates,
            String resolvedCloseCode, String rejectedCloseCode, String urgencyMap, String impactMap, String category) {
        this.links = links;
        this.table = IssueText.clean(table);
        Map<String, String> states = Map.of();
        Map<String, String> u = Map.of();
        Map<String, String> i = Map.of();
        String problem = null;
        try {
            states = states(stateMap);
            u = IssueText.map("wiz.sink.servicenow.urgency-map", urgencyMap);
            i = IssueText.map("wiz.sink.servicenow.impact-map", impactMap);
        } catch (IllegalArgumentException e) {
            problem = e.getMessage();
        }
        this.configProblem = problem;
        openState = states.get("OPEN");
        resolvedState = states.get("RESOLVED");
        rejectedState = states.get("REJECTED");
        reopenState = states.get("REOPEN");
        for (String s : IssueText.clean(finalStates).split(",")) {
            if (!s.isBlank()) {
                this.finalStates.add(s.trim());
            }
        }
        doneStates.addAll(this.finalStates);
        doneStates.add(resolvedState);
        doneStates.add(rejectedState);
        this.resolvedCode = IssueText.clean(resolvedCloseCode);
        this.rejectedCode = IssueText.clean(rejectedCloseCode);
        this.urgency = u;
        this.impact = i;
        this.category = IssueText.clean(category);
    }

    /** Checks the maps (at start-up, for an enabled sink); throws naming the key and what to give. */
    public static void validate(String stateMap, String urgencyMap, String impactMap) {
        states(stateMap);
        IssueText.map("wiz.sink.servicenow.urgency-map", urgencyMap);
        IssueText.map("wiz.sink.servicenow.impact-map", impactMap);
    }

    private static Map<String, String> states(String stateMap) {
        Map<String, String> states = IssueText.map("wiz.sink.servicenow.state-map", stateMap);
        for (String k : List.of("OPEN", "RESOLVED", "REJECTED", "REOPEN")) {
            if (!states.containsKey(k)) {
                throw new IllegalArgumentException("wiz.sink.servicenow.state-map (WIZ_SINK_SERVICENOW_STATE_MAP) has no "
                        + k.toLowerCase(Locale.ROOT) + ": give open, resolved, rejected and reopen, e.g."
                        + " open=1,resolved=6,rejected=6,reopen=2");
            }
        }
        return states;
    }

    public void start(Exchange ex) throws SQLException {
        if (configProblem != null) {
            throw new SinkRejectedException(configProblem);
        }
        JsonNode record = record(ex);
        if (id(ex) == null) {
            throw new SinkRejectedException("a Wiz record without an id cannot be linked to a ServiceNow record: "
                    + IssueText.summary(record, 120));
        }
        for (String p : List.of(TicketHttp.KEY, STATE, NUMBER, FOLLOWS, STATE_FIELDS)) {
            ex.removeProperty(p);
        }
        ex.setProperty(TicketHttp.KEY, links.find(id(ex)));
    }

    public void readRequest(Exchange ex) {
        TicketHttp.request(ex, "GET", path() + "/" + key(ex), FIELDS, null, "read " + table + " " + key(ex) + " of "
                + what(ex));
        ex.setProperty(TicketHttp.ALLOW_404, true);
    }

    public void read(Exchange ex) throws SQLException {
        JsonNode answer = ex.getMessage().getBody(JsonNode.class);
        if (answer == null) { // deleted in ServiceNow: look for another, else create anew
            LOG.warn("ServiceNow {} record {} of {} no longer exists; looking for another or creating one",
                    table, key(ex), id(ex));
            links.forget(id(ex));
            ex.removeProperty(TicketHttp.KEY);
            return;
        }
        remember(ex, answer.path("result"));
    }

    /** the newest record whose correlation_id is the Wiz record's id */
    public void searchRequest(Exchange ex) {
        String query = "correlation_id=" + id(ex) + "^ORDERBYDESCsys_created_on";
        TicketHttp.request(ex, "GET", path(), "sysparm_query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&sysparm_limit=1&" + FIELDS, null, "search " + table + " for the record of " + what(ex));
    }

    public void searched(Exchange ex) throws SQLException {
        JsonNode answer = ex.getMessage().getBody(JsonNode.class);
        JsonNode first = answer == null ? null : answer.path("result").path(0);
        if (first != null && first.hasNonNull("sys_id")) {
            remember(ex, first);
            links.link(id(ex), key(ex));
            LOG.info("Found ServiceNow {} {} of {} by its correlation_id", table, ex.getProperty(NUMBER),
                    what(ex));
        }
    }

    /**
     * Decides the state fields the request carries: resolve or reject (with the close code and notes ServiceNow
     * requires) when Wiz finished the issue, reopen when Wiz reopened it. A closed or canceled record cannot be
     * reopened in ServiceNow, so a Wiz issue reopened after that gets a follow-up record that names the old one.
     */
    public void plan(Exchange ex) {
        JsonNode record = record(ex);
        String state = ex.getProperty(STATE, String.class);
        ObjectNode fields = F.objectNode();
        if (key(ex) != null && IssueText.open(record) && finalStates.contains(state)) {
            ex.setProperty(FOLLOWS, ex.getProperty(NUMBER));
            ex.removeProperty(TicketHttp.KEY);
        }
        boolean creating = key(ex) == null;
        if (IssueText.done(record) && (creating || !doneStates.contains(state))) {
            boolean rejected = "REJECTED".equals(IssueText.text(record, "wizStatus"));
            fields.put("state", rejected ? rejectedState : resolvedState);
            fields.put("close_code", rejected ? rejectedCode : resolvedCode);
            fields.put("close_notes", IssueText.closeNote(record, TicketSubject.of(ex)));
            if (!creating) {
                fields.put("work_notes", IssueText.closeNote(record, TicketSubject.of(ex)));
            }
        } else if (creating) {
            fields.put("state", openState);
        } else if (IssueText.open(record) && doneStates.contains(state)) {
            fields.put("state", reopenState);
            fields.put("work_notes", IssueText.reopenNote(record, TicketSubject.of(ex)));
        }
        ex.setProperty(STATE_FIELDS, fields);
    }

    public void createRequest(Exchange ex) {
        ObjectNode body = content(ex);
        String follows = ex.getProperty(FOLLOWS, String.class);
        if (follows != null) {
            body.put("description", "Follows " + follows + ", closed before Wiz reopened the "
                    + TicketSubject.of(ex).noun() + ".\n\n"
                    + body.path("description").asText());
        }
        TicketHttp.request(ex, "POST", path(), FIELDS, body.toString(), "create a record in " + table + " for " + what(ex));
    }

    public void created(Exchange ex) throws SQLException {
        JsonNode result = result(ex);
        if (!result.hasNonNull("sys_id")) {
            throw new SinkRetryException("ServiceNow created a record in " + table + " for " + what(ex)
                    + " but did not say its sys_id; the retry finds it by its correlation_id");
        }
        remember(ex, result);
        links.link(id(ex), key(ex));
        checkState(ex, result);
        LOG.debug("Created ServiceNow {} {} for {}", table, ex.getProperty(NUMBER), what(ex));
    }

    public void updateRequest(Exchange ex) {
        TicketHttp.request(ex, "PATCH", path() + "/" + key(ex), FIELDS, content(ex).toString(), "update " + table + " "
                + IssueText.orElse(ex.getProperty(NUMBER, String.class), key(ex)) + " of " + what(ex));
    }

    public void updated(Exchange ex) {
        checkState(ex, result(ex));
    }

    /** ServiceNow answers 200 and silently keeps fields an ACL or a business rule protects: say so */
    private void checkState(Exchange ex, JsonNode result) {
        JsonNode fields = ex.getProperty(STATE_FIELDS, JsonNode.class);
        String wanted = fields == null ? null : IssueText.text(fields, "state");
        String got = IssueText.text(result, "state");
        if (wanted != null && got != null && !wanted.equals(got)) {
            throw new SinkRejectedException("ServiceNow kept " + table + " " + result.path("number").asText(key(ex))
                    + " of " + what(ex) + " in state " + got + " instead of " + wanted
                    + " (an ACL or business rule refused the change). Check the account's roles and"
                    + " WIZ_SINK_SERVICENOW_STATE_MAP");
        }
    }

    private ObjectNode content(Exchange ex) {
        JsonNode record = record(ex);
        ObjectNode body = F.objectNode();
        body.put("short_description", IssueText.summary(record, MAX_SHORT));
        body.put("description", IssueText.plain(record, TicketSubject.of(ex), MAX_PART));
        body.put("correlation_id", id(ex));
        body.put("correlation_display", "Wiz");
        String severity = IssueText.orElse(IssueText.text(record, "severity"), "").toUpperCase(Locale.ROOT);
        if (urgency.containsKey(severity)) {
            body.put("urgency", urgency.get(severity));
        }
        if (impact.containsKey(severity)) {
            body.put("impact", impact.get(severity));
        }
        if (!category.isEmpty()) {
            body.put("category", category);
        }
        JsonNode state = ex.getProperty(STATE_FIELDS, JsonNode.class);
        if (state != null) {
            body.setAll((ObjectNode) state);
        }
        return body;
    }

    private static void remember(Exchange ex, JsonNode result) {
        ex.setProperty(TicketHttp.KEY, result.path("sys_id").asText());
        ex.setProperty(STATE, IssueText.text(result, "state"));
        ex.setProperty(NUMBER, IssueText.text(result, "number"));
    }

    private static JsonNode result(Exchange ex) {
        JsonNode answer = ex.getMessage().getBody(JsonNode.class);
        return answer == null ? F.objectNode() : answer.path("result");
    }

    private String path() {
        return "/api/now/table/" + table;
    }


    private static JsonNode record(Exchange ex) {
        return ex.getProperty(TicketHttp.ISSUE, JsonNode.class);
    }

    private static String id(Exchange ex) {
        return IssueText.text(record(ex), "id");
    }

    /** "Wiz issue <id>", "Wiz vulnerability finding <id>" */
    private static String what(Exchange ex) {
        return "Wiz " + TicketSubject.of(ex).noun() + " " + id(ex);
    }

    private static String key(Exchange ex) {
        return ex.getProperty(TicketHttp.KEY, String.class);
    }

    @Override
    public String toString() {
        return "ServiceNowTickets[" + table + "]";
    }
}
