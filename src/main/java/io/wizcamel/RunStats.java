package io.wizcamel;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;

/** What one sync run did: it travels with the run's exchange and becomes its history record. */
public class RunStats {

    public static final String PROPERTY = "wizRun";
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    public final String runId;
    public final String stream;
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
    public final Map<String, Long> dropped = new TreeMap<>();
    public long unchanged;
    public long delivered;
    public String outputFile;
    public String error;
    /** the newest statusChangedAt among the fetched issues, as ISO-8601 text (those sort as instants) */
    public String newestStatusChange;

    public RunStats(String stream, String trigger) {
        this.stream = stream;
        this.trigger = trigger;
        this.runId = RUN_ID.format(startedAt) + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
    }

    public String getRunId() {
        return runId;
    }

    /** the file the run appends to while it works; nothing reads a name that starts with a dot */
    public String getPartFile() {
        return "." + stream + "-" + runId + ".jsonl.part";
    }

    /** the name the part file takes once the run commits */
    public String getFinalFile() {
        return stream + "-" + runId + ".jsonl";
    }

    public void countRequest() {
        requests++;
    }

    public void countTokenFetch() {
        tokenFetches++;
    }

    public void drop(String reason) {
        dropped.merge(reason, 1L, Long::sum);
    }

    public long droppedTotal() {
        return dropped.values().stream().mapToLong(Long::longValue).sum();
    }

    public void sawStatusChange(String statusChangedAt) {
        if (statusChangedAt != null && (newestStatusChange == null || statusChangedAt.compareTo(newestStatusChange) > 0)) {
            newestStatusChange = statusChangedAt;
        }
    }

    public String summary() {
        return String.format("wiz-camel %s sync %s %s (%s%s): %d requests, %d pages, %d token fetches, %d retries, "
                + "%d fetched, %d dropped %s, %d unchanged, %d delivered%s%s",
                stream, runId, outcome, full ? "full" : "incremental", trigger == null ? "" : ", " + trigger,
                requests, pages, tokenFetches, retries, fetched, droppedTotal(), dropped, unchanged, delivered,
                outputFile == null ? "" : " to " + outputFile, error == null ? "" : "; error: " + error);
    }
}
