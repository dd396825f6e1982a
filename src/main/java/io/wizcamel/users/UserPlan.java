package io.wizcamel.users;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A user plan: its changes (refusals included), and what the guards need (active users, rows read). */
public final class UserPlan {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<UserChange> changes;
    private final long activeUsers;
    private final int desiredRows;

    public UserPlan(List<UserChange> changes, long activeUsers, int desiredRows) {
        this.changes = Collections.unmodifiableList(new ArrayList<>(changes));
        this.activeUsers = activeUsers;
        this.desiredRows = desiredRows;
    }

    public List<UserChange> changes() {
        return changes;
    }

    public long activeUsers() {
        return activeUsers;
    }

    public int desiredRows() {
        return desiredRows;
    }

    public long count(UserChange.Action action) {
        return changes.stream().filter(c -> c.action() == action).count();
    }

    /** the suspensions and deletions of users active now */
    public long deactivations() {
        return changes.stream().filter(c -> (c.action() == UserChange.Action.SUSPEND
                || c.action() == UserChange.Action.DELETE) && c.before() != null && c.before().active()).count();
    }

    /**
     * Why the plan must not be applied without --force, or null: an empty desired file (a truncated export), or more
     * suspensions than {@code maxSuspendPercent} of the active users.
     */
    public String guard(int maxSuspendPercent) {
        if (desiredRows == 0) {
            return "the desired file has no users: refusing to apply (a truncated export?); use --force to apply an"
                    + " empty desired state";
        }
        long off = deactivations();
        if (off > 0 && off * 100 > (long) maxSuspendPercent * activeUsers) {
            return "the plan would suspend or delete " + off + " of " + activeUsers + " active users, more than"
                    + " wiz.users.max-suspend-percent (WIZ_USERS_MAX_SUSPEND_PERCENT) = " + maxSuspendPercent
                    + "%: refusing to apply; check the desired file, or use --force";
        }
        return null;
    }

    public Map<UserChange.Action, Long> counts() {
        Map<UserChange.Action, Long> m = new EnumMap<>(UserChange.Action.class);
        for (UserChange.Action a : UserChange.Action.values()) {
            m.put(a, count(a));
        }
        return m;
    }

    /** the plan as a table, one change a line */
    public String table() {
        StringBuilder out = new StringBuilder();
        String fmt = "%-10s %-36s %-28s %s%n";
        out.append(String.format(fmt, "ACTION", "EMAIL", "CHANGES", "WHY"));
        for (UserChange c : changes) {
            out.append(String.format(fmt, c.action().label(), c.email() == null ? "-" : c.email(),
                    describe(c), c.why()));
        }
        Map<UserChange.Action, Long> n = counts();
        out.append(String.format("%d to create, %d to update, %d to suspend, %d to reactivate, %d to delete, %d refused"
                + " (%d active users in Wiz, %d desired rows)%n", n.get(UserChange.Action.CREATE),
                n.get(UserChange.Action.UPDATE), n.get(UserChange.Action.SUSPEND), n.get(UserChange.Action.REACTIVATE),
                n.get(UserChange.Action.DELETE), n.get(UserChange.Action.REFUSE), activeUsers, desiredRows));
        return out.toString();
    }

    private static String describe(UserChange c) {
        List<String> parts = new ArrayList<>();
        for (String f : c.fields()) {
            Object before = c.before() == null ? null : UserRecords.value(c.before(), f);
            Object after = c.after() == null ? (f.equals("active") ? false : null) : UserRecords.value(c.after(), f);
            parts.add(c.before() == null ? f + "=" + after : f + ": " + before + " -> " + after);
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    /** the plan as JSON: {changes: [...], counts: {...}, activeUsers, desiredRows} */
    public ObjectNode json() {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("changes");
        for (UserChange c : changes) {
            list.add(UserRecords.change(c));
        }
        ObjectNode counts = root.putObject("counts");
        counts().forEach((a, n) -> counts.put(a.label(), n));
        root.put("activeUsers", activeUsers);
        root.put("desiredRows", desiredRows);
        return root;
    }
}
