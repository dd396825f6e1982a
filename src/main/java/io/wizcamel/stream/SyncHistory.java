package io.wizcamel.stream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.WizCamel;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each run's statistics and, when the run ends, appends its history record to
 * {@code $WIZ_STATE_DIR/history.jsonl} and logs its one-line summary.
 */
public class SyncHistory {

    private static final Logger LOG = LoggerFactory.getLogger(SyncHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;

    public SyncHistory(String stateDir) {
        this.file = Path.of(stateDir, "history.jsonl");
    }

    public void start(Exchange exchange, String stream, String item) {
        String trigger = exchange.getProperty("wizTrigger", "manual", String.class);
        RunStats run = new RunStats(stream, item, trigger);
        List<?> ids = exchange.getProperty(RunStats.IDS, List.class);
        if (ids != null) {
            run.byIds = ids.size();
            run.events = exchange.getProperty("wizEventCount", 0L, Long.class);
        }
        exchange.setProperty(RunStats.PROPERTY, run);
        exchange.removeProperty(StreamPages.AFTER);
        exchange.setProperty(StreamPages.HAS_NEXT_PAGE, true);
    }

    public void succeeded(@ExchangeProperty(RunStats.PROPERTY) RunStats run) throws IOException {
        run.outcome = "succeeded";
        end(run);
        LOG.info(run.summary());
    }

    /** Records the failed run, then fails the exchange with the same cause so that the caller sees it. */
    public void failed(Exchange exchange) throws Exception {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        run.outcome = "failed";
        run.error = cause == null ? "unknown" : WizCamel.oneLine(cause);
        run.outputFiles.clear(); // the part files were thrown away: no reader saw them
        end(run);
        LOG.error(run.summary());
        if (cause != null) {
            throw cause;
        }
    }

    /**
     * Records a derived stream's run as failed because the crawl that fed it failed; the crawl's own failure is what
     * its caller sees, so this one is not thrown again.
     */
    public void failedAlong(Exchange exchange) throws IOException {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        run.outcome = "failed";
        run.error = (cause == null ? "the " + run.source + " crawl failed" : WizCamel.oneLine(cause));
        run.outputFiles.clear();
        end(run);
        LOG.error(run.summary());
    }

    private void end(RunStats run) throws IOException {
        run.endedAt = Instant.now();
        ObjectNode r = JSON.createObjectNode();
        r.put("runId", run.runId);
        r.put("stream", run.stream);
        r.put("start", run.startedAt.toString());
        r.put("end", run.endedAt.toString());
        r.put("durationMs", run.endedAt.toEpochMilli() - run.startedAt.toEpochMilli());
        r.put("trigger", run.trigger);
        if (run.source != null) {
            r.put("source", run.source);
        }
        r.put("mode", run.mode());
        if (run.byIds > 0) {
            r.put("ids", run.byIds);
            r.put("events", run.events);
        }
        r.put("outcome", run.outcome);
        r.put("watermarkFrom", run.watermarkFrom);
        r.put("watermarkTo", run.watermarkTo);
        r.put("requests", run.requests);
        r.put("pages", run.pages);
        r.put("tokenFetches", run.tokenFetches);
        r.put("retries", run.retries);
        r.put("fetched", run.fetched);
        ObjectNode dropped = r.putObject("dropped");
        run.dropped.forEach(dropped::put);
        r.put("delivered", run.deliveredTotal());
        ObjectNode sinks = r.putObject("sinks");
        run.sinks.forEach((name, s) -> sinks.putObject(name).put("delivered", s.delivered)
                .put("redelivered", s.redelivered).put("unchanged", s.unchanged).put("deadLettered", s.deadLettered)
                .put("millis", s.millis).put("error", s.error));
        ArrayNode files = r.putArray("outputFiles");
        run.outputFiles.forEach(files::add);
        r.put("error", run.error);
        if (!run.notes.isEmpty()) {
            ArrayNode notes = r.putArray("notes");
            run.notes.forEach(notes::add);
        }
        Files.createDirectories(file.getParent());
        Files.writeString(file, r + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
