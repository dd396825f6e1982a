package io.wizcamel.sink.ticket;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The words a ticket says about a Wiz record (an issue or a vulnerability finding, see {@link TicketSubject}), shared by
 * the ticketing sinks.
 */
public final class IssueText {

    private IssueText() {
    }

    /** a scalar field's text, or null when missing, null or blank */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        String s = v.asText();
        return s.isBlank() ? null : s;
    }

    /** {@code [Wiz <severity>] <title> — <resource name>}, on one line, at most {@code max} characters */
    public static String summary(JsonNode record, int max) {
        String title = text(record, "title");
        String resource = text(record.path("resource"), "name");
        String s = "[Wiz " + orElse(text(record, "severity"), "UNKNOWN") + "] " + orElse(title, "Wiz issue "
                + text(record, "id")) + (resource == null ? "" : " — " + resource);
        return bound(s.replaceAll("\\s+", " ").trim(), max);
    }

    public static String bound(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return s.substring(0, max - 1) + "…";
    }

    /** a configuration value, trimmed; "" for null */
    public static String clean(String s) {
        return s == null ? "" : s.trim();
    }

    public static String orElse(String s, String fallback) {
        return s == null ? fallback : s;
    }

    /** whether Wiz considers the issue finished (resolved, or rejected: the UI's "Ignored") */
    public static boolean done(JsonNode record) {
        String s = text(record, "wizStatus");
        return "RESOLVED".equals(s) || "REJECTED".equals(s);
    }

    /** whether Wiz considers the issue open */
    public static boolean open(JsonNode record) {
        String s = text(record, "wizStatus");
        return "OPEN".equals(s) || "IN_PROGRESS".equals(s);
    }

    /** The note a closed ticket gets: which way Wiz closed the issue (finding), and why. */
    public static String closeNote(JsonNode record, TicketSubject subject) {
        String status = text(record, "wizStatus");
        String reason = text(record, "resolutionReason");
        String when = orElse(subject.changedAt(record), "now");
        String verb = "REJECTED".equals(status) ? "rejected (ignored)" : "resolved";
        return "Wiz " + verb + " this " + subject.noun() + " at " + when + " (resolution reason: "
                + orElse(reason, "none given") + "). " + orElse(text(record, "url"), "");
    }

    public static String reopenNote(JsonNode record, TicketSubject subject) {
        return "Wiz reopened this " + subject.noun() + " at " + orElse(subject.changedAt(record), "now") + " (status "
                + text(record, "wizStatus") + "). " + orElse(text(record, "url"), "");
    }

    /** label → value lines about the resource, skipping what Wiz left empty */
    public static Map<String, String> resourceFacts(JsonNode record) {
        JsonNode r = record.path("resource");
        Map<String, String> facts = new LinkedHashMap<>();
        put(facts, "Name", text(r, "name"));
        put(facts, "Type", join(text(r, "type"), text(r, "nativeType")));
        put(facts, "Cloud", join(orElse(text(r, "cloudPlatform"), text(record, "cloudPlatform")), text(r, "region")));
        put(facts, "Subscription", join(text(r, "subscriptionName"), text(r, "subscriptionId")));
        put(facts, "Provider id", text(r, "providerId"));
        put(facts, "Status", text(r, "status"));
        List<String> projects = new ArrayList<>();
        for (JsonNode p : record.path("projects")) {
            if (text(p, "name") != null) {
                projects.add(text(p, "name"));
            }
        }
        put(facts, "Projects", projects.isEmpty() ? null : String.join(", ", projects));
        return facts;
    }

    /** The plain-text description (ServiceNow). Long texts are bounded so one record cannot break a page. */
    public static String plain(JsonNode record, TicketSubject subject, int maxPart) {
        StringBuilder b = new StringBuilder();
        subject.facts(record).forEach((k, v) -> b.append(k).append(": ").append(v).append('\n'));
        b.append("Open in Wiz: ").append(orElse(text(record, "url"), "")).append("\n\nResource\n");
        resourceFacts(record).forEach((k, v) -> b.append("- ").append(k).append(": ").append(v).append('\n'));
        String console = text(record.path("resource"), "consoleUrl");
        if (console != null) {
            b.append("- Console: ").append(console).append('\n');
        }
        for (TicketSubject.Section section : subject.sections(record)) {
            if (section.title() == null && section.text() == null) {
                continue;
            }
            b.append('\n').append(section.heading()).append('\n');
            if (section.title() != null) {
                b.append(section.title()).append('\n');
            }
            if (section.text() != null) {
                b.append(bound(section.text(), maxPart)).append('\n');
            }
            if (section.link() != null) {
                b.append(section.link()).append('\n');
            }
        }
        return b.toString();
    }

    /** "CRITICAL=Highest, HIGH=High" → {CRITICAL: Highest, HIGH: High}; names the key when a pair is malformed */
    public static Map<String, String> map(String key, String value) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null || value.isBlank()) {
            return out;
        }
        for (String pair : value.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0 || eq == pair.length() - 1 || pair.substring(eq + 1).isBlank()) {
                throw new IllegalArgumentException(key + " (" + env(key) + ") has '" + pair.trim()
                        + "': give name=value pairs separated by commas, e.g. CRITICAL=Highest,HIGH=High");
            }
            out.put(pair.substring(0, eq).trim().toUpperCase(Locale.ROOT), pair.substring(eq + 1).trim());
        }
        return out;
    }

    public static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private static String join(String a, String b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : a + " (" + b + ")";
    }

    private static void put(Map<String, String> facts, String key, String value) {
        if (value != null) {
            facts.put(key, value);
        }
    }
}
