package io.wizcamel.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * When an OAuth access token must be replaced, the rule every token cache here follows: a token's life counts from
 * the moment it was requested (not from its answer), and it is replaced ahead of expiry by a tenth of its lifetime,
 * at most five minutes, so a 5 s token is still used for 4.5 s and a day-long one until 5 minutes before its end.
 */
public final class TokenLifetime {

    private static final Duration MAX_MARGIN = Duration.ofMinutes(5);

    private final Clock clock;
    private Instant requestedAt;
    private Instant refreshAt = Instant.MIN;

    public TokenLifetime(Clock clock) {
        this.clock = clock;
    }

    /** a token is being asked for now */
    public synchronized void requested() {
        requestedAt = clock.instant();
    }

    /** the token asked for lives this many seconds (the answer's expires_in) */
    public synchronized void granted(long lifetimeSeconds) {
        Instant from = requestedAt != null ? requestedAt : clock.instant();
        refreshAt = from.plus(Duration.ofSeconds(lifetimeSeconds)).minus(margin(lifetimeSeconds));
    }

    /** whether the token must be replaced before its next use */
    public synchronized boolean due() {
        return !clock.instant().isBefore(refreshAt);
    }

    /** the token was refused: replace it before its next use */
    public synchronized void expire() {
        refreshAt = Instant.MIN;
    }

    public static Duration margin(long lifetimeSeconds) {
        Duration tenth = Duration.ofMillis(lifetimeSeconds * 100);
        return tenth.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN : tenth;
    }
}
