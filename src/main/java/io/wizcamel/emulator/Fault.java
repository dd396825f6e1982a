package io.wizcamel.emulator;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault the emulator injects into one GraphQL request. Faults are queued with
 * {@link WizEmulator#enqueue(Fault)} and consumed FIFO, one per GraphQL request.
 */
public final class Fault {

    /** What the fault does. */
    public enum Kind { HTTP, HTTP_429, GRAPHQL_ERROR, DELAY, REPEAT_CURSOR, EMPTY_CURSOR, DROP_CONNECTION, EMPTY_BODY,
        TRUNCATED_BODY, ANSWER_AFTER }

    private final Kind kind;
    private final int status;
    private final Integer retryAfterSeconds;
    private final String code;
    private final String message;
    private final Duration delay;

    private Fault(Kind kind, int status, Integer retryAfterSeconds, String code, String message, Duration delay) {
        this.kind = kind;
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
        this.code = code;
        this.message = message;
        this.delay = delay;
    }

    /** Answer with this HTTP status (e.g. 500, 502, 503) and an error body. */
    public static Fault http(int status) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("status must be 4xx or 5xx: " + status);
        }
        return new Fault(Kind.HTTP, status, null, null, null, null);
    }

    /** Answer 429 with a RATE_LIMIT_EXCEEDED body; {@code retryAfterSeconds} null means no Retry-After header. */
    public static Fault http429(Integer retryAfterSeconds) {
        return new Fault(Kind.HTTP_429, 429, retryAfterSeconds, "RATE_LIMIT_EXCEEDED", "Rate limit exceeded", null);
    }

    /** Answer HTTP 200 with {@code data: null} and one error carrying this code and message. */
    public static Fault graphqlError(String code, String message) {
        return new Fault(Kind.GRAPHQL_ERROR, 200, null, Objects.requireNonNull(code, "code"),
                Objects.requireNonNull(message, "message"), null);
    }

    /** Sleep, then answer normally. */
    public static Fault delay(Duration d) {
        return new Fault(Kind.DELAY, 0, null, null, null, Objects.requireNonNull(d, "duration"));
    }

    /**
     * Do what the request asks, then wait this long before answering: a client that gives up first cannot know that
     * its change was made (for {@link WizEmulator#enqueueForMutation}).
     */
    public static Fault answerAfter(Duration d) {
        return new Fault(Kind.ANSWER_AFTER, 0, null, null, null, Objects.requireNonNull(d, "duration"));
    }

    /** Answer normally, but claim another page whose cursor repeats this request's. */
    public static Fault repeatCursor() {
        return new Fault(Kind.REPEAT_CURSOR, 0, null, null, null, null);
    }

    /** Answer normally, but claim another page with an empty endCursor. */
    public static Fault emptyCursor() {
        return new Fault(Kind.EMPTY_CURSOR, 0, null, null, null, null);
    }

    /** Close the connection without any response: the client sees an I/O error. */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, null, null, null, null);
    }

    /** Answer HTTP 200 with no body at all, as a gateway in front of Wiz sometimes does. */
    public static Fault emptyBody() {
        return new Fault(Kind.EMPTY_BODY, 200, null, null, null, null);
    }

    /** Answer HTTP 200 with the start of a page only: JSON cut off mid-way, as by a gateway that gave up. */
    public static Fault truncatedBody() {
        return new Fault(Kind.TRUNCATED_BODY, 200, null, null, null, null);
    }

    public Kind kind() { return kind; }
    public int status() { return status; }
    public Integer retryAfterSeconds() { return retryAfterSeconds; }
    public String code() { return code; }
    public String message() { return message; }
    public Duration delay() { return delay; }

    @Override
    public String toString() {
        switch (kind) {
            case HTTP: return "Fault.http(" + status + ")";
            case HTTP_429: return "Fault.http429(" + retryAfterSeconds + ")";
            case GRAPHQL_ERROR: return "Fault.graphqlError(" + code + ")";
            case DELAY: return "Fault.delay(" + delay + ")";
            case REPEAT_CURSOR: return "Fault.repeatCursor()";
            case EMPTY_CURSOR: return "Fault.emptyCursor()";
            case EMPTY_BODY: return "Fault.emptyBody()";
            case TRUNCATED_BODY: return "Fault.truncatedBody()";
            case ANSWER_AFTER: return "Fault.answerAfter(" + delay + ")";
            default: return "Fault.dropConnection()";
        }
    }
}
