package io.wizcamel.users;

import java.util.Set;

/**
 * A user as the desired state (a file row or a change event) wants it, its role and projects already resolved to
 * ids and validated.
 *
 * @param source   where it came from, for messages: {@code users.csv line 7}, {@code rabbitmq message 42}
 * @param email    the key; compared lower-cased
 * @param name     the display name
 * @param role     a role id
 * @param projects project ids
 * @param active   false: the user is to be suspended
 * @param delete   true: the desired state says {@code delete} (done only when deletion is allowed)
 */
public record DesiredUser(String source, String email, String name, String role, Set<String> projects,
        boolean active, boolean delete) {

    public DesiredUser {
        projects = projects == null ? Set.of() : Set.copyOf(projects);
    }
}
