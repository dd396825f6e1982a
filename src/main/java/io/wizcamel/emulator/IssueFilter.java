package io.wizcamel.emulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** A parsed {@code filterBy} of the issues query. Unknown keys are ignored, as the brief asks. */
final class IssueFilter {

    /** Thrown for input Wiz would refuse with BAD_USER_INPUT. */
    Set<String> ids;
    Set<String> statuses;
    Set<String> severities;
    Set<String> types;
    Set<String> projects;
    final Range created = new Range();
    final Range statusChanged = new Range();
    final Range updated = new Range();

    /** Exclusive bounds in epoch nanoseconds. */
    static final class Range {
        long after = Long.MIN_VALUE;
        long before = Long.MAX_VALUE;

        boolean test(long t) {
            return t != IssueCore.NO_TIME && t > after && t < before;
        }

        boolean bounded() {
            return after != Long.MIN_VALUE || before != Long.MAX_VALUE;
        }
    }

    static IssueFilter parse(JsonNode filterBy) throws BadInput {
        IssueFilter f = new IssueFilter();
        if (filterBy == null || filterBy.isNull() || filterBy.isMissingNode()) {
            return f;
        }
        if (!filterBy.isObject()) {
            throw new BadInput("filterBy must be an object");
        }
        f.ids = strings(filterBy, "id", null);
        f.statuses = strings(filterBy, "status", IssueGenerator.STATUSES);
        f.severities = strings(filterBy, "severity", IssueGenerator.SEVERITIES);
        f.types = strings(filterBy, "type", IssueGenerator.TYPES);
        f.projects = strings(filterBy, "project", null);
        range(filterBy, "createdAt", f.created);
        range(filterBy, "statusChangedAt", f.statusChanged);
        range(filterBy, "updatedAt", f.updated);
        return f;
    }

    /** A list (or, as GraphQL input coercion allows, a single value); enum values are checked. */
    private static Set<String> strings(JsonNode filterBy, String field, String[] allowed) throws BadInput {
        JsonNode v = filterBy.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Set<String> out = new HashSet<>();
        Iterable<JsonNode> items = v.isArray() ? v : List.of(v);
        for (JsonNode item : items) {
            if (!item.isTextual()) {
                throw new BadInput("filterBy." + field + " must be a list of strings");
            }
            String s = item.asText();
            if (allowed != null && !Arrays.asList(allowed).contains(s)) {
                throw new BadInput("Value \"" + s + "\" does not exist in enum for filterBy." + field);
            }
            out.add(s);
        }
        return out;
    }

    private static void range(JsonNode filterBy, String field, Range r) throws BadInput {
        JsonNode v = filterBy.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        if (!v.isObject()) {
            throw new BadInput("filterBy." + field + " must be an object with after/before");
        }
        JsonNode after = v.get("after");
        JsonNode before = v.get("before");
        if (after != null && !after.isNull()) {
            r.after = instant(after, field + ".after");
        }
        if (before != null && !before.isNull()) {
            r.before = instant(before, field + ".before");
        }
    }

    private static long instant(JsonNode v, String what) throws BadInput {
        String s = v.asText();
        try {
            return IssueCore.nanos(Instant.parse(s));
        } catch (DateTimeParseException e) {
            try {
                return IssueCore.nanos(OffsetDateTime.parse(s).toInstant());
            } catch (DateTimeParseException e2) {
                throw new BadInput("filterBy." + what + " is not an ISO-8601 date-time: " + s);
            }
        }
    }

    boolean matches(IssueCore c) {
        if (statuses != null && !statuses.contains(c.status)) {
            return false;
        }
        if (severities != null && !severities.contains(c.severity)) {
            return false;
        }
        if (types != null && !types.contains(c.type)) {
            return false;
        }
        if (projects != null) {
            boolean any = false;
            for (String p : c.projectIds) {
                if (p != null && projects.contains(p)) {
                    any = true;
                    break;
                }
            }
            if (!any) {
                return false;
            }
        }
        return created.test(c.createdNs) && statusChanged.test(c.statusChangedNs) && updated.test(c.updatedNs);
    }

    /**
     * Generated issues that were never edited all carry timestamps before the base instant, so a
     * lower bound at or after it rules them out: only edited and added issues need scanning.
     * This keeps delta syncs over a million issues cheap.
     */
    boolean excludesUntouchedSeed() {
        return created.after >= IssueGenerator.BASE_NS || statusChanged.after >= IssueGenerator.BASE_NS
            || updated.after >= IssueGenerator.BASE_NS;
    }

    boolean isEmpty() {
        return ids == null && statuses == null && severities == null && types == null && projects == null
            && !created.bounded() && !statusChanged.bounded() && !updated.bounded();
    }
}
