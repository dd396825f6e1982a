package io.wizcamel.emulator;

import java.time.Instant;
import java.time.format.DateTimeParseException;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The few attributes of an issue that filters look at, plus (for generated issues) the values the
 * full node is derived from. Cheap to compute, so a scan of a million issues never builds nodes.
 */
final class IssueCore {
    int index;
    String type;
    String status;
    String severity;
    String[] projectIds;
    /** Timestamps as epoch nanoseconds, so filter bounds with sub-second precision compare exactly. */
    long createdNs;
    long statusChangedNs;
    long updatedNs;

    // Only for generated issues: what the node writer needs.
    int platform;
    int project1;
    int project2 = -1;
    long createdMs;
    long statusChangedMs;
    long updatedMs;
    long resolvedMs = -1;
    String resolutionReason;

    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    /** Reads the filterable attributes back from an edited (overridden) node. */
    static IssueCore fromNode(int index, JsonNode node) {
        IssueCore c = new IssueCore();
        c.index = index;
        c.type = text(node, "type");
        c.status = text(node, "status");
        c.severity = text(node, "severity");
        JsonNode projects = node.path("projects");
        c.projectIds = new String[projects.isArray() ? projects.size() : 0];
        for (int i = 0; i < c.projectIds.length; i++) {
            c.projectIds[i] = text(projects.get(i), "id");
        }
        c.createdNs = time(node, "createdAt");
        c.statusChangedNs = time(node, "statusChangedAt");
        c.updatedNs = time(node, "updatedAt");
        return c;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A missing or unreadable timestamp never satisfies a range filter. */
    static final long NO_TIME = Long.MIN_VALUE;

    private static long time(JsonNode node, String field) {
        String s = text(node, field);
        if (s == null) {
            return NO_TIME;
        }
        try {
            return nanos(Instant.parse(s));
        } catch (DateTimeParseException | ArithmeticException e) {
            return NO_TIME;
        }
    }
}
