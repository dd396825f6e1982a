package io.wizcamel.users;

/** A change the directory did not make, and why; its message names the user and never carries a credential. */
public class UserDirectoryException extends RuntimeException {

    public enum Kind {
        /** the directory refused this change (invalid role, duplicate email, unknown id): the row is rejected */
        REJECTED,
        /** the request may or may not have been applied (a timeout after it left): re-read before retrying */
        UNCERTAIN,
        /** the directory could not be reached or kept failing after the retries: nothing is known to have changed */
        UNAVAILABLE,
        /** the credential lacks the rights (Wiz: the admin:users scope; SCIM: 401/403) */
        FORBIDDEN
    }

    private final Kind kind;

    public UserDirectoryException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public UserDirectoryException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
