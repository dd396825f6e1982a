package io.wizcamel.users;

import java.util.List;

/**
 * One change of a user plan: what to do to whom, why, and (once applied) what became of it.
 *
 * @param action  create, update, suspend, reactivate, delete; or refuse (a row not applied)
 * @param email   the user's email (null for a row without a usable one)
 * @param before  the user as the directory has it (null for a create or a refused row of a new user)
 * @param after   the user as the desired state wants it (null for a suspension of a user absent from it)
 * @param fields  what differs: name, role, projects, active
 * @param why     where the change comes from and why (e.g. {@code users.csv line 7}, {@code absent from the file})
 */
public record UserChange(Action action, String email, DirectoryUser before, DesiredUser after, List<String> fields,
        String why) {

    public enum Action {
        CREATE, UPDATE, SUSPEND, REACTIVATE, DELETE, REFUSE;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public UserChange {
        fields = fields == null ? List.of() : List.copyOf(fields);
    }
}
