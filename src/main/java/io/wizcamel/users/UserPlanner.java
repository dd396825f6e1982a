package io.wizcamel.users;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The changes that make the directory look like the desired state: a diff, user by user, the directory streamed page
 * by page (only the changes and the emails seen are kept). Unchanged users make no change, so applying the same state
 * twice changes nothing the second time.
 */
public final class UserPlanner {

    /** what is done to users the desired state does not name */
    public enum Absent { LEAVE, SUSPEND }

    private UserPlanner() {
    }

    /** The plan: refused rows first, then the changes in the directory's order, then the creates. */
    public static UserPlan plan(UserDirectory directory, DesiredState desired, Absent absent, boolean allowDelete) {
        List<UserChange> changes = new ArrayList<>();
        for (DesiredState.Refusal r : desired.refused()) {
            changes.add(new UserChange(UserChange.Action.REFUSE, r.email(), null, null, List.of(),
                    r.source() + ": " + r.reason()));
        }
        Set<String> seen = new HashSet<>();
        long[] active = {0};
        directory.forEachUser(current -> {
            if (current.active()) {
                active[0]++;
            }
            if (current.email() == null) {
                return; // no key: nobody can name this user in the desired state
            }
            String email = current.email().toLowerCase(java.util.Locale.ROOT);
            seen.add(email);
            DesiredUser want = desired.users().get(email);
            UserChange c = want != null ? diff(current, want, allowDelete)
                    : absent == Absent.SUSPEND && current.active()
                            ? new UserChange(UserChange.Action.SUSPEND, email, current, null, List.of("active"),
                                    "absent from the desired state (wiz.users.manage-absent=suspend)")
                            : null;
            if (c != null) {
                changes.add(c);
            }
        });
        for (DesiredUser want : desired.users().values()) {
            if (!seen.contains(want.email())) {
                UserChange c = create(want);
                if (c != null) {
                    changes.add(c);
                }
            }
        }
        return new UserPlan(changes, active[0], desired.rows());
    }

    /** the change one desired user asks of the directory's user, or null when they already agree */
    public static UserChange diff(DirectoryUser current, DesiredUser want, boolean allowDelete) {
        if (want.delete()) {
            if (allowDelete) {
                return new UserChange(UserChange.Action.DELETE, want.email(), current, want, List.of(),
                        want.source() + ": delete");
            }
            return current.active() ? new UserChange(UserChange.Action.SUSPEND, want.email(), current,
                    new DesiredUser(want.source(), want.email(), null, null, current.projects(), false, false),
                    List.of("active"), want.source() + ": delete asked; deletion is off (wiz.users.allow-delete),"
                            + " so suspended instead") : null;
        }
        List<String> fields = new ArrayList<>();
        if (want.name() != null && !want.name().equals(current.name())) {
            fields.add("name");
        }
        if (want.role() != null && !want.role().equals(current.role())) {
            fields.add("role");
        }
        if (!want.projects().equals(current.projects())) {
            fields.add("projects");
        }
        if (want.active() != current.active()) {
            fields.add("active");
        }
        if (fields.isEmpty()) {
            return null;
        }
        UserChange.Action action = want.active() == current.active() ? UserChange.Action.UPDATE
                : want.active() ? UserChange.Action.REACTIVATE : UserChange.Action.SUSPEND;
        return new UserChange(action, want.email(), current, want, fields, want.source());
    }

    /** the change a desired user absent from the directory asks for: a create, a refusal, or nothing */
    public static UserChange create(DesiredUser want) {
        if (want.delete() || !want.active()) {
            return null; // not in Wiz, and not wanted active: nothing to do
        }
        if (want.role() == null) {
            return new UserChange(UserChange.Action.REFUSE, want.email(), null, want, List.of(),
                    want.source() + ": not in Wiz, and a new user needs a role");
        }
        return new UserChange(UserChange.Action.CREATE, want.email(), null, want,
                List.of("name", "role", "projects", "active"), want.source());
    }
}
