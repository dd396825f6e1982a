package io.wizcamel.wiz;

/**
 * A failure talking to Wiz. {@link #transientFailure()} tells the retry policy whether trying again can help;
 * the message never carries a credential.
 */
public class WizApiException extends RuntimeException {

    public enum Kind {
        /** throttling, 5xx, timeouts: retry with backoff */
        TRANSIENT,
        /** the token was refused or expired: fetch a new one and retry once */
        UNAUTHENTICATED,
        /** anything retrying cannot fix: end the run */
        FATAL
    }

    private final Kind kind;
    private final String code;
    private final Long retryAfterMillis;

    public WizApiException(Kind kind, String code, String message, Long retryAfterMillis) {
        super(message);
        this.kind = kind;
        this.code = code;
        this.retryAfterMillis = retryAfterMillis;
    }

    public WizApiException(Kind kind, String code, String message, Long retryAfterMillis, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.code = code;
        this.retryAfterMillis = retryAfterMillis;
    }

    public static WizApiException fatal(String code, String message) {
        return new WizApiException(Kind.FATAL, code, message, null);
    }

    public static WizApiException transientFailure(String code, String message, Long retryAfterMillis) {
        return new WizApiException(Kind.TRANSIENT, code, message, retryAfterMillis);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    /** the server's Retry-After, in milliseconds, or null when it sent none */
    public Long retryAfterMillis() {
        return retryAfterMillis;
    }
}
