package io.wizcamel.users;

import java.util.Set;

/**
 * A user as the directory (Wiz's GraphQL API or a SCIM 2.0 service provider) holds it now.
 *
 * @param id       the directory's id of the user (Wiz user id, SCIM resource id)
 * @param email    the key; compared lower-cased
 * @param name     the display name
 * @param role     the role id (Wiz: e.g. {@code GLOBAL_ADMIN}); null when the directory has none
 * @param projects the ids of the projects the user is assigned to (empty: none or all, as the role says)
 * @param active   false when suspended (Wiz {@code isSuspended}, SCIM {@code active: false})
 */
public record DirectoryUser(String id, String email, String name, String role, Set<String> projects, boolean active) {

    public DirectoryUser {
        projects = projects == null ? Set.of() : Set.copyOf(projects);
    }
}
