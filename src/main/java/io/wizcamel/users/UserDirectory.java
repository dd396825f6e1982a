package io.wizcamel.users;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * The channel a user plan is read from and applied through: Wiz's GraphQL API ({@code graphql}) or a SCIM 2.0
 * service provider ({@code scim}), chosen by {@code wiz.users.channel}. Every method makes its own retries
 * (throttling, 5xx); what it throws is final.
 */
public interface UserDirectory {

    /** {@code graphql} or {@code scim} */
    String channel();

    /** every user, read page by page, each handed to {@code each} (memory does not grow with the tenant) */
    void forEachUser(Consumer<DirectoryUser> each);

    /** the user with this email (case-insensitive), re-read from the directory */
    Optional<DirectoryUser> findByEmail(String email);

    /**
     * Creates the user. A {@link UserDirectoryException.Kind#UNCERTAIN} failure (a timeout after the request left)
     * means the directory may have made it: the caller re-reads by email before trying again.
     */
    DirectoryUser create(DesiredUser user);

    /** makes {@code current} look like {@code desired}: name, role, projects and active, only what differs */
    DirectoryUser update(DirectoryUser current, DesiredUser desired);

    /** deletes the user for good (only called when deletion is allowed and asked for) */
    void delete(DirectoryUser current);
}
