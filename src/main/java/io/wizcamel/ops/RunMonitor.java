package io.wizcamel.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.wizcamel.stream.RunListener;
import io.wizcamel.stream.RunStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the daemon knows about its streams between runs: the run under way of each stream (its progress is logged
 * every few seconds), the last finished run, the last success, and each sink's last delivery. Health checks,
 * metrics and sync now read it; {@link io.wizcamel.stream.SyncHistory} tells it about every run.
 */
public class RunMonitor implements RunListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunMonitor.class);

    /** a sink's last delivery in a stream: whether it left records behind, and why */
    public record SinkDelivery(String runId, Instant at, boolean failed, String error) {
    }

    private final Instant startedAt = Instant.now();
    private final Map<String, RunStats> running = new ConcurrentHashMap<>();
    private final Map<String, RunStats> last = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastSuccess = new ConcurrentHashMap<>();
    private final Map<String, Map<String, SinkDelivery>> sinkDeliveries = new ConcurrentHashMap<>();
    private final List<RunListener> then;
    private final ScheduledExecutorService ticker;

    /**
     * @param progressSeconds how often a run under way logs its progress (0: never)
     * @param then told after this monitor (the metrics)
     */
    public RunMonitor(int progressSeconds, List<RunListener> then) {
        this.then = List.copyOf(then);
        if (progressSeconds > 0) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "wiz-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::logProgress, progressSeconds, progressSeconds, TimeUnit.SECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public void runStarted(RunStats run) {
        if (run.byIds == 0) {
            running.put(run.stream, run);
        }
        then.forEach(l -> l.runStarted(run));
    }

    /**
     * A re-read of given ids (webhook events) is not a crawl: it neither hides the crawl under way nor stands for the
     * stream's last run (the schedule's overdue check), but its deliveries are the sinks' last.
     */
    @Override
    public void runEnded(RunStats run) {
        if (run.byIds == 0) {
            running.remove(run.stream, run);
            last.put(run.stream, run);
            if (RunStats.succeeded(run.outcome)) {
                lastSuccess.put(run.stream, run.endedAt);
            }
        }
        Map<String, SinkDelivery> sinks = sinkDeliveries.computeIfAbsent(run.stream, s -> new ConcurrentHashMap<>());
        Map<String, String> failed = run.failedSinks();
        run.sinks.keySet().forEach(sink -> sinks.put(sink,
                new SinkDelivery(run.runId, run.endedAt, failed.containsKey(sink), failed.get(sink))));
        then.forEach(l -> l.runEnded(run));
    }

    public Instant startedAt() {
        return startedAt;
    }

    public Optional<RunStats> running(String stream) {
        return Optional.ofNullable(running.get(stream));
    }

    public Optional<RunStats> last(String stream) {
        return Optional.ofNullable(last.get(stream));
    }

    public Optional<Instant> lastSuccess(String stream) {
        return Optional.ofNullable(lastSuccess.get(stream));
    }

    /** the sink's last delivery in each stream that ran it */
    public Map<String, SinkDelivery> deliveries(String sink) {
        Map<String, SinkDelivery> out = new java.util.TreeMap<>();
        sinkDeliveries.forEach((stream, sinks) -> {
            SinkDelivery d = sinks.get(sink);
            if (d != null) {
                out.put(stream, d);
            }
        });
        return out;
    }

    void logProgress() {
        for (RunStats run : running.values()) {
            try {
                LOG.info(progress(run, Instant.now()));
            } catch (RuntimeException e) {
                LOG.debug("progress of {}: {}", run.runId, e.toString());
            }
        }
    }

    /** one progress line: pages, records, rate and, when Wiz gave a totalCount, the time left */
    static String progress(RunStats run, Instant now) {
        double seconds = Math.max(0.001, Duration.between(run.startedAt, now).toMillis() / 1000.0);
        long fetched = run.fetched;
        double rate = fetched / seconds;
        StringBuilder line = new StringBuilder(String.format("wiz-camel %s%s sync %s under way for %s: %d pages, %d"
                + " fetched, %d delivered, %.0f records/s", run.tenant == null ? "" : "tenant " + run.tenant + " ",
                run.stream, run.runId, duration(seconds), run.pages,
                fetched, run.deliveredTotal(), rate));
        Long total = run.totalCount;
        if (total != null && total > 0) {
            line.append(String.format(", %d of %d (%d%%)", fetched, total, Math.min(100, fetched * 100 / total)));
            if (rate > 0 && total > fetched) {
                line.append(", about ").append(duration((total - fetched) / rate)).append(" left");
            }
        }
        return line.toString();
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 120 ? s + " s" : s < 7200 ? (s / 60) + " min" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }
}
