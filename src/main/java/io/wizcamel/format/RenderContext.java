package io.wizcamel.format;

import java.time.Instant;

import io.wizcamel.stream.RunStats;

/**
 * What a record is rendered with besides itself: the stream it belongs to, which picks the mapping, and when it was
 * fetched, the time a document falls back to when the record has none of its own.
 *
 * @param stream    the stream's name ({@code issues}, {@code vulnerabilities}, ...)
 * @param fetchedAt when the run that fetched the record started
 * @param mapped    whether the record was made by the operator's JQ mapping: it is then sent as JSON, since the
 *                  ECS, OCSF, CEF and RFC 5424 forms read the built-in record's fields
 */
public record RenderContext(String stream, Instant fetchedAt, boolean mapped) {

    public static final String ISSUES = "issues";

    public RenderContext(String stream, Instant fetchedAt) {
        this(stream, fetchedAt, false);
    }

    public RenderContext {
        stream = stream == null || stream.isBlank() ? ISSUES : stream;
        fetchedAt = fetchedAt == null ? Instant.now() : fetchedAt;
    }

    /** the run's stream and start; without a run, an issue fetched now */
    public static RenderContext of(RunStats run) {
        return run == null ? new RenderContext(ISSUES, null) : new RenderContext(run.stream, run.startedAt, run.mapped);
    }

    /** a record of {@code stream} fetched now */
    public static RenderContext now(String stream) {
        return new RenderContext(stream, null);
    }
}
