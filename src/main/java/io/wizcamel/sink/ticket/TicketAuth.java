package io.wizcamel.sink.ticket;

/** The Authorization header of a ticketing target's requests. Implementations never print their secret. */
public interface TicketAuth {

    /** the Authorization header value for the next request */
    String authorization();

    /** whether a 401 can be cured by fetching a new token (OAuth); with fixed credentials it cannot */
    default boolean renewable() {
        return false;
    }

    /** drops a token the target refused, so that the next attempt fetches a new one */
    default void invalidate() {
    }
}
