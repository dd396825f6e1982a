package io.wizcamel.wiz;

import io.wizcamel.WizCamel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

import io.wizcamel.stream.RunStats;
import org.apache.camel.Exchange;

/**
 * Decides whether a failed Wiz request is tried again, and after how long: exponential backoff with jitter, the
 * server's Retry-After when it sends one, bounded in attempts and in total time. Used as the {@code retryWhile} of
 * the API route's error handler, which then waits the delay this bean puts in {@code CamelRedeliveryDelay}.
 */
public class RetryPolicy {

    private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

    static final String ATTEMPTS = "wizAttempts";
    /**
     * false for a request that must not be sent twice blindly (createUser): a failure after it may have reached Wiz
     * (a timeout, a dropped connection, a 5xx) is not retried here; the caller re-reads before trying again
     */
    public static final String REPEATABLE = "wizRepeatable";
    /** the failure to report when retrying stopped, when it says more than the last one caught */
    public static final String FAILURE = "wizFailure";

    private final int maxRetries;
    private final long initialDelayMillis;
    private final long maxDelayMillis;
    private final long maxTotalMillis;

    public RetryPolicy(int maxRetries, long initialDelayMillis, long maxDelayMillis, long maxTotalSeconds) {
        this.maxRetries = maxRetries;
        this.initialDelayMillis = initialDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.maxTotalMillis = maxTotalSeconds * 1000;
    }

    /** What one request has been through so far; cleared when it succeeds. */
    static final class Attempts {
        final long firstFailureAt = System.currentTimeMillis();
        int retries;
        int reauthentications;
    }

    public boolean retry(Exchange exchange) {
        Throwable failure = exchange.getException() != null
                ? exchange.getException() : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Attempts attempts = exchange.getProperty(ATTEMPTS, Attempts.class);
        if (attempts == null) {
            attempts = new Attempts();
            exchange.setProperty(ATTEMPTS, attempts);
        }
        if (Boolean.FALSE.equals(exchange.getProperty(REPEATABLE, Boolean.class)) && mayHaveArrived(failure)) {
            return false;
        }
        Long delay = delayFor(failure, attempts);
        if (delay == null) {
            Throwable last = lastWords(failure, attempts);
            if (last != failure) {
                exchange.setProperty(FAILURE, last); // the error handler keeps the exception it caught
            }
            return false;
        }
        attempts.retries++;
        exchange.getIn().setHeader(Exchange.REDELIVERY_DELAY, delay);
        // one line per retry, without Camel's exchange ids (the route logs none of its own)
        LOG.warn("Wiz request {} failed: {}; retry {} of at most {} in {} ms",
                exchange.getProperty("wizQuery", "", String.class), WizCamel.oneLine(failure), attempts.retries,
                maxRetries, delay);
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        if (run != null) {
            run.retries++;
        }
        return true;
    }

    /**
     * What the run reports when this policy stops: a refused connection names the setting to check; a failure
     * retried in vain says how long it was tried.
     */
    private static Throwable lastWords(Throwable failure, Attempts attempts) {
        WizApiException api = find(failure, WizApiException.class);
        if (api == null && find(failure, ConnectException.class) != null) {
            return new WizApiException(WizApiException.Kind.FATAL, "UNREACHABLE", "The Wiz GraphQL API cannot be"
                    + " reached (" + find(failure, ConnectException.class).getMessage() + "). Check wiz.api-url"
                    + " (WIZ_API_URL)", null, failure);
        }
        if (attempts.retries == 0) {
            return failure;
        }
        String seconds = String.format(Locale.ROOT, "%.1f", (System.currentTimeMillis() - attempts.firstFailureAt)
                / 1000.0);
        String message = api != null ? api.getMessage() : failure.getClass().getSimpleName()
                + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return new WizApiException(api != null ? api.kind() : WizApiException.Kind.TRANSIENT,
                api != null ? api.code() : "IO", message + "; gave up after " + (attempts.retries + 1)
                        + " attempts in " + seconds + " s", null, failure);
    }

    /** The delay before the next try, or null when the failure is not worth another. */
    Long delayFor(Throwable failure, Attempts attempts) {
        WizApiException api = find(failure, WizApiException.class);
        if (api != null && api.kind() == WizApiException.Kind.UNAUTHENTICATED) {
            // the token was dropped: one more try with a fresh one, at once
            return attempts.reauthentications++ == 0 ? 0L : null;
        }
        boolean transientFailure = api != null
                ? api.kind() == WizApiException.Kind.TRANSIENT
                : find(failure, IOException.class) != null && find(failure, UnknownHostException.class) == null
                        // a refused connection is a wrong URL or a service down: not worth minutes of retries
                        && find(failure, ConnectException.class) == null;
        if (!transientFailure || attempts.retries >= maxRetries) {
            return null;
        }
        long delay;
        if (api != null && api.retryAfterMillis() != null) {
            delay = api.retryAfterMillis();
        } else {
            long backoff = Math.min(maxDelayMillis, initialDelayMillis << Math.min(attempts.retries, 20));
            delay = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1); // jitter spreads clients
        }
        long elapsed = System.currentTimeMillis() - attempts.firstFailureAt;
        return elapsed + delay > maxTotalMillis ? null : delay;
    }

    /** whether the request may have reached Wiz and been applied: not a refused connection, not a throttle */
    public static boolean mayHaveArrived(Throwable failure) {
        WizApiException api = find(failure, WizApiException.class);
        if (api != null) {
            return api.kind() == WizApiException.Kind.TRANSIENT && !"RATE_LIMIT_EXCEEDED".equals(api.code());
        }
        return find(failure, IOException.class) != null && find(failure, ConnectException.class) == null
                && find(failure, UnknownHostException.class) == null;
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
