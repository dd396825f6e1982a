package io.wizcamel.stream;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/** What one sync run did: it travels with the run's exchange and becomes its history record. */
public class RunStats {

    public static final String PROPERTY = "wizRun";
    /** a run of the given ids only (a List of Wiz ids, from webhook events): it reads them, and moves no watermark */
    public static final String IDS = "wizIds";
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** what one sink did in this run */
    public static final class SinkStats {
        public long delivered;
        public long redelivered;
        public long unchanged;
        public long deadLettered;
        /** records a transactional sink took but the run threw away (it failed or was interrupted before publishing) */
        public long discarded;
        /** time spent in the sink's route, failures included */
        public long millis;
        /** the first failure that made the sink give up for this run, or null */
        public String error;

        /** whether the sink left records behind in this run: it gave up, or some records went to the dead letters */
        public boolean failed() {
            return error != null || deadLettered > 0;
        }
    }

    public static final String SUCCEEDED = "succeeded";
    /** every record delivered or dead-lettered, but some sink dead-lettered records or was skipped */
    public static final String PARTIAL = "partial";
    public static final String FAILED = "failed";
    /** stopped at a page boundary because the process is stopping (SIGTERM), or found killed at the next start */
    public static final String INTERRUPTED = "interrupted";

    /** whether a run with this outcome got its records out: succeeded, or partial (the rest wait as dead letters) */
    public static boolean succeeded(String outcome) {
        return SUCCEEDED.equals(outcome) || PARTIAL.equals(outcome);
    }

    public final String runId;
    public final String stream;
    /** one record's name, singular (issue, project): sink defaults such as the HEC sourcetype wiz:{item} use it */
    public final String item;
    public final String trigger;
    public final Instant startedAt = Instant.now();
    public boolean full;
    public Instant endedAt;
    public String outcome = "running";
    public String watermarkFrom;
    public String watermarkTo;
    public long requests;
    public long pages;
    public long tokenFetches;
    public long retries;
    public long fetched;
    /** how many records the connection holds, when Wiz says (totalCount), for the progress line's time left */
    public volatile Long totalCount;
    /** whether the stream's records were made by the operator's JQ mapping (sinks then send them as JSON) */
    public volatile boolean mapped;
    /** the stream's records waiting in dead_letters under jq-mapping after this run; null without a mapping */
    public Long mappingDeadLetters;
    public final Map<String, Long> dropped = new TreeMap<>();
    /** the user changes of a user-changes run, by outcome (applied, refused, failed); empty for other streams */
    public final Map<String, Long> changes = new TreeMap<>();
    /** why a user-changes run could not apply its plan (a guard, the directory gone), or null */
    public volatile String abandoned;
    public final Map<String, SinkStats> sinks = new LinkedHashMap<>();
    public final List<String> outputFiles = new ArrayList<>();
    /** what the run wants its reader to know, said once (e.g. that it read a fallback root) */
    public final List<String> notes = new ArrayList<>();
    public String error;
    /** a derived stream's run: the stream whose crawl fed it (null for a crawl) */
    public String source;
    /** a run of given ids only: how many (0: a crawl); and the webhook events it applies */
    public int byIds;
    public long events;
    /** the newest value of the stream's watermark field among the fetched records, as ISO-8601 text (those sort as instants) */
    public String newestWatermark;

    public RunStats(String stream, String item, String trigger) {
        this.stream = stream;
        this.item = item;
        this.trigger = trigger;
        this.runId = RUN_ID.format(startedAt) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    /** the sinks that left records behind in this run, with why */
    public synchronized Map<String, String> failedSinks() {
        Map<String, String> failed = new LinkedHashMap<>();
        sinks.forEach((name, s) -> {
            if (s.failed()) {
                failed.put(name, s.error != null ? s.error : s.deadLettered + " records dead-lettered");
            }
        });
        return failed;
    }

    /** the outcome of a run that got to its end: partial when some sink left records behind */
    public String completedOutcome() {
        if (abandoned != null) {
            error = abandoned;
            return FAILED;
        }
        boolean changesLeft = changes.getOrDefault("refused", 0L) + changes.getOrDefault("failed", 0L) > 0;
        return failedSinks().isEmpty() && !changesLeft ? SUCCEEDED : PARTIAL;
    }

    /** one user change more with this outcome (applied, refused, failed) */
    public synchronized void countChange(String outcome) {
        changes.merge(outcome, 1L, Long::sum);
    }

    public String getRunId() {
        return runId;
    }

    public synchronized SinkStats sink(String name) {
        return sinks.computeIfAbsent(name, n -> new SinkStats());
    }

    /** whether a sink already gave up in this run (its later pages go straight to the dead-letter store) */
    public synchronized boolean isDown(String sink) {
        SinkStats s = sinks.get(sink);
        return s != null && s.error != null;
    }

    public synchronized void countRequest() {
        requests++;
    }

    public synchronized void countTokenFetch() {
        tokenFetches++;
    }

    public synchronized void note(String text) {
        notes.add(text);
    }

    public synchronized void drop(String reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    /** records delivered by all sinks together, replays included */
    public synchronized long deliveredTotal() {
        return sinks.values().stream().mapToLong(s -> s.delivered + s.redelivered).sum();
    }

    public void sawWatermark(String value) {
        if (value != null && (newestWatermark == null || value.compareTo(newestWatermark) > 0)) {
            newestWatermark = value;
        }
    }

    /** full, incremental, or by-id (a re-read of given ids) */
    public String mode() {
        return byIds > 0 ? "by-id" : full ? "full" : "incremental";
    }

    public String summary() {
        StringBuilder sinkText = new StringBuilder();
        sinks.forEach((name, s) -> sinkText.append(String.format("; %s: %d delivered, %d redelivered, %d unchanged,"
                + " %d dead-lettered%s%s", name, s.delivered, s.redelivered, s.unchanged, s.deadLettered,
                s.discarded == 0 ? "" : ", " + s.discarded + " discarded (not published)",
                s.error == null ? "" : " (" + s.error + ")")));
        if (!changes.isEmpty()) {
            sinkText.insert(0, "; changes " + changes);
        }
        return String.format("wiz-camel %s sync %s %s (%s%s): %d requests, %d pages, %d token fetches, %d retries, "
                + "%d fetched, %d dropped %s%s%s",
                stream, runId, outcome, mode(),
                (trigger == null ? "" : ", " + trigger) + (source == null ? "" : ", from " + source),
                requests, pages, tokenFetches, retries, fetched, droppedTotal(), dropped, sinkText,
                error == null ? "" : "; error: " + error);
    }
}
