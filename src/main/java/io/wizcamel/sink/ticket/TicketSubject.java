package io.wizcamel.sink.ticket;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.stream.RunStats;
import org.apache.camel.Exchange;

/**
 * What a ticket is about, per stream: Wiz issues (stream issues) or vulnerability findings (stream vulnerabilities).
 * Both records share id, title, severity, wizStatus, url and resource, so the lifecycle (create, update, resolve,
 * reopen) is the same; this says what differs: the words, the facts listed, the sections of the description, the
 * Jira label, and the field a status change is dated by.
 */
public enum TicketSubject {

    ISSUE("issues", "issue", "wiz-issue-", "statusChangedAt") {
        @Override
        public Map<String, String> facts(JsonNode r) {
            Map<String, String> facts = new LinkedHashMap<>();
            put(facts, "Severity", IssueText.text(r, "severity"));
            put(facts, "Wiz status", IssueText.text(r, "wizStatus"));
            put(facts, "Type", IssueText.text(r, "type"));
            put(facts, "Created", IssueText.text(r, "createdAt"));
            put(facts, "Due", IssueText.text(r, "dueAt"));
            put(facts, "Wiz issue id", IssueText.text(r, "id"));
            return facts;
        }

        @Override
        public List<Section> sections(JsonNode r) {
            JsonNode c = r.path("control");
            return List.of(new Section("Control", IssueText.orElse(IssueText.text(c, "name"), "(none)"),
                    IssueText.text(c, "description"), null),
                    new Section("Remediation", null, IssueText.text(c, "remediation"), null));
        }
    },

    VULNERABILITY("vulnerabilities", "vulnerability finding", "wiz-vulnerability-", "updatedAt") {
        @Override
        public Map<String, String> facts(JsonNode r) {
            Map<String, String> facts = new LinkedHashMap<>();
            put(facts, "Severity", IssueText.text(r, "severity"));
            put(facts, "Wiz status", IssueText.text(r, "wizStatus"));
            put(facts, "Vulnerability", IssueText.text(r, "name"));
            String pkg = IssueText.text(r, "detailedName");
            put(facts, "Package", pkg == null ? null : pkg + " " + IssueText.orElse(IssueText.text(r, "version"), ""));
            put(facts, "Fixed version", IssueText.text(r, "fixedVersion"));
            put(facts, "CVSS score", IssueText.text(r, "score"));
            put(facts, "EPSS", IssueText.text(r, "epssProbability"));
            List<String> flags = new ArrayList<>();
            for (String flag : new String[] {"hasExploit", "hasCisaKevExploit", "hasFix"}) {
                if (r.path(flag).asBoolean(false)) {
                    flags.add(switch (flag) {
                        case "hasExploit" -> "known exploit";
                        case "hasCisaKevExploit" -> "CISA KEV";
                        default -> "fix available";
                    });
                }
            }
            put(facts, "Flags", flags.isEmpty() ? null : String.join(", ", flags));
            put(facts, "First detected", IssueText.text(r, "firstDetectedAt"));
            put(facts, "Wiz finding id", IssueText.text(r, "id"));
            return facts;
        }

        @Override
        public List<Section> sections(JsonNode r) {
            return List.of(new Section("Vulnerability", IssueText.orElse(IssueText.text(r, "title"), "(unnamed)"),
                    IssueText.text(r, "description"), IssueText.text(r, "link")),
                    new Section("Remediation", null, IssueText.text(r, "remediation"), null));
        }
    };

    /** a part of the description: a heading, an optional first line, text, and a link */
    public record Section(String heading, String title, String text, String link) {
    }

    private final String stream;
    private final String noun;
    private final String labelPrefix;
    private final String changedAt;

    TicketSubject(String stream, String noun, String labelPrefix, String changedAt) {
        this.stream = stream;
        this.noun = noun;
        this.labelPrefix = labelPrefix;
        this.changedAt = changedAt;
    }

    /** label → value lines about the record itself */
    public abstract Map<String, String> facts(JsonNode record);

    /** the description's sections after the resource; an empty section is left out */
    public abstract List<Section> sections(JsonNode record);

    /** "issue", "vulnerability finding": in messages and notes, after "Wiz" */
    public String noun() {
        return noun;
    }

    /** the label that ties a Jira ticket to its Wiz record, and finds it again when the link store is lost */
    public String label(String id) {
        return labelPrefix + id;
    }

    /** when Wiz last changed the record's status (for the notes), else its resolution time */
    public String changedAt(JsonNode record) {
        return IssueText.orElse(IssueText.text(record, changedAt), IssueText.text(record, "resolvedAt"));
    }

    /** the subject of the run's stream (a bean used outside a run, as in a test, handles issues) */
    public static TicketSubject of(Exchange exchange) {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        return run == null ? ISSUE : of(run.stream);
    }

    public static TicketSubject of(String stream) {
        for (TicketSubject s : values()) {
            if (s.stream.equals(stream)) {
                return s;
            }
        }
        throw new SinkRejectedException("tickets are made for the streams " + streams() + ", not for '" + stream
                + "': take it out of the sink's streams setting (WIZ_SINK_JIRA_STREAMS, WIZ_SINK_SERVICENOW_STREAMS)");
    }

    /** the streams tickets can be made for, comma-separated */
    public static String streams() {
        return Arrays.stream(values()).map(s -> s.stream).collect(Collectors.joining(", "));
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value != null && !value.isBlank()) {
            facts.put(key, value.trim());
        }
    }
}
