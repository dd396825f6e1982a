package io.wizcamel.stream;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.WizCamel;
import io.wizcamel.delivery.DeliveryLedger;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens each run's statistics and, when the run ends, appends its history record to
 * {@code $WIZ_STATE_DIR/history.jsonl} and to the state store's run_history (what {@code --history} reads, from
 * either backend: with PostgreSQL, every node's runs), and logs its one-line summary.
 */
public class SyncHistory implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(SyncHistory.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private CamelContext context;
    private DeliveryLedger ledger;

    public SyncHistory(String stateDir) {
        this.file = Path.of(stateDir, "history.jsonl");
    }

    /** the checkpoint store, whose runs left behind by a killed process are recorded as interrupted */
    public void setLedger(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    public void start(Exchange exchange, String stream, String item) {
        String trigger = exchange.getProperty("wizTrigger", "manual", String.class);
        RunStats run = new RunStats(stream, item, trigger);
        run.tenant = tenant();
        List<?> ids = exchange.getProperty(RunStats.IDS, List.class);
        if (ids != null) {
            run.byIds = ids.size();
            run.events = exchange.getProperty("wizEventCount", 0L, Long.class);
        }
        exchange.setProperty(RunStats.PROPERTY, run);
        exchange.removeProperty(StreamPages.AFTER);
        exchange.setProperty(StreamPages.HAS_NEXT_PAGE, true);
        tell(l -> l.runStarted(run));
    }

    /**
     * Records a run that got to its end: succeeded, or partial when a sink dead-lettered records or gave up (logged
     * as a warning, and --once exits 3), so that a SIEM that received nothing is never reported as a success.
     */
    public void succeeded(@ExchangeProperty(RunStats.PROPERTY) RunStats run) throws IOException {
        run.outcome = run.completedOutcome();
        end(run);
        if (RunStats.PARTIAL.equals(run.outcome)) {
            LOG.warn(run.summary());
        } else if (RunStats.FAILED.equals(run.outcome)) {
            LOG.error(run.summary()); // a user-changes run that could not apply its plan
        } else {
            LOG.info(run.summary());
        }
    }

    /** Records the failed run, then fails the exchange with the same cause so that the caller sees it. */
    public void failed(Exchange exchange) throws Exception {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        run.outcome = RunStats.FAILED;
        run.error = cause == null ? "unknown" : WizCamel.oneLine(cause);
        run.outputFiles.clear(); // the part files were thrown away: no reader saw them
        end(run);
        LOG.error(run.summary());
        if (cause != null) {
            throw cause;
        }
    }

    /**
     * Records a derived stream's run as failed because the crawl that fed it failed (or as interrupted, when the
     * crawl was stopped); the crawl's own failure is what its caller sees, so this one is not thrown again.
     */
    public void failedAlong(Exchange exchange) throws IOException {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        for (Throwable c = cause; c != null; c = c.getCause()) {
            if (c instanceof SyncInterruptedException) {
                interrupted(exchange);
                return;
            }
        }
        if (Boolean.TRUE.equals(exchange.getProperty("wizInterrupted", Boolean.class))) {
            interrupted(exchange);
            return;
        }
        run.outcome = RunStats.FAILED;
        run.error = (cause == null ? "the " + run.source + " crawl failed" : WizCamel.oneLine(cause));
        run.outputFiles.clear();
        end(run);
        LOG.error(run.summary());
    }

    /**
     * Records a run ended at a page boundary because the process is stopping: what its streaming sinks took stays
     * delivered, its files were thrown away, its watermark stays. A normal stop: logged at INFO.
     */
    public void interrupted(Exchange exchange) throws IOException {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        // a sink's failure caught earlier in the run may be there too: only the stop itself says how the run ended
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        run.outcome = RunStats.INTERRUPTED;
        Throwable stop = cause;
        while (stop != null && !(stop instanceof SyncInterruptedException)) {
            stop = stop.getCause();
        }
        run.error = stop != null ? stop.getMessage()
                : "stopped at a page boundary after " + run.pages + " pages, as the process is stopping";
        run.outputFiles.clear();
        end(run);
        exchange.setException(null);
        LOG.info(run.summary() + "; the next run continues from the same watermark");
    }

    /**
     * Finishes or throws away the runs a killed process left behind (the checkpoint store does that) and records
     * each as interrupted; a run's statistics died with it, so the line says only which run and what became of it.
     */
    public synchronized void recoverInterrupted() throws Exception {
        if (ledger == null) {
            return;
        }
        for (DeliveryLedger.LeftBehind left : ledger.recover()) {
            ObjectNode r = JSON.createObjectNode();
            r.put("runId", left.runId());
            if (tenant() != null) {
                r.put("tenant", tenant());
            }
            r.put("stream", left.stream());
            r.put("start", left.startedAt());
            r.putNull("end");
            r.put("outcome", "interrupted");
            if (node() != null) {
                r.put("recoveredBy", node());
            }
            if (left.overtaken()) { // settled by a newer run of the stream, from the shared state (docs/state.md)
                r.put("error", left.published()
                        ? "a newer run of the stream began while this one was publishing (its node killed, paused or"
                                + " cut off?): the newer run published its files and stored its checkpoint"
                        : "a newer run of the stream began before this one ended (its node killed, paused or cut off?):"
                                + " this run is fenced, its unpublished output thrown away, its records delivered by"
                                + " the newer run");
            } else {
                r.put("error", left.published()
                        ? "the process ended while the run was publishing (killed?): its files were published and its"
                                + " checkpoint stored at the next start"
                        : "the process ended during the run (killed?): its unpublished output was thrown away at the"
                                + " next start, and its records are delivered again from the same watermark");
            }
            append(r); // the checkpoint store has logged what it did
        }
    }

    /**
     * The newest history records that {@code keep} accepts, newest first, at most {@code limit} of them, reading the
     * file backwards and no further than its last {@code maxLines} lines: a long history costs only its tail. A line
     * that is not JSON (a torn last line) is skipped.
     */
    public List<JsonNode> newestFirst(Predicate<JsonNode> keep, int limit, int maxLines) throws IOException {
        if (ledger != null && ledger.store().postgres()) {
            return newestFirstInStore(keep, limit, maxLines);
        }
        List<JsonNode> found = new ArrayList<>();
        if (!Files.exists(file) || limit <= 0) {
            return found;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long pos = in.length();
            byte[] carry = new byte[0]; // the start of a line whose beginning is in an earlier block
            int lines = 0;
            byte[] block = new byte[64 * 1024];
            while (pos > 0 && found.size() < limit && lines < maxLines) {
                int n = (int) Math.min(block.length, pos);
                pos -= n;
                in.seek(pos);
                in.readFully(block, 0, n);
                byte[] chunk = new byte[n + carry.length];
                System.arraycopy(block, 0, chunk, 0, n);
                System.arraycopy(carry, 0, chunk, n, carry.length);
                int end = chunk.length;
                for (int i = chunk.length - 1; i >= 0 && found.size() < limit && lines < maxLines; i--) {
                    if (chunk[i] == '\n') {
                        lines += take(chunk, i + 1, end, keep, found);
                        end = i;
                    }
                }
                carry = java.util.Arrays.copyOfRange(chunk, 0, end);
                if (pos == 0 && found.size() < limit && lines < maxLines) {
                    take(carry, 0, carry.length, keep, found);
                }
            }
        }
        return found;
    }

    /** with PostgreSQL, every node's runs: the state store's run_history, not this node's file */
    private List<JsonNode> newestFirstInStore(Predicate<JsonNode> keep, int limit, int maxLines) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        try {
            List<String> lines = ledger.history(maxLines, null);
            for (int i = lines.size() - 1; i >= 0 && found.size() < limit; i--) {
                byte[] line = lines.get(i).getBytes(StandardCharsets.UTF_8);
                take(line, 0, line.length, keep, found);
            }
        } catch (java.sql.SQLException e) {
            throw new IOException("Could not read the run history from the state store: " + e.getMessage(), e);
        }
        return found;
    }

    private static int take(byte[] bytes, int from, int to, Predicate<JsonNode> keep, List<JsonNode> into) {
        if (to <= from) {
            return 0;
        }
        try {
            JsonNode r = JSON.readTree(new String(bytes, from, to - from, StandardCharsets.UTF_8));
            if (r != null && r.isObject() && keep.test(r)) {
                into.add(r);
            }
        } catch (IOException e) {
            // a torn line: not a record
        }
        return 1;
    }

    /** the context's tenant when the process runs several (wiz.tenant, set by the launcher), else null */
    private String tenant() {
        if (context == null) {
            return null;
        }
        return context.getPropertiesComponent().resolveProperty("wiz.tenant").filter(t -> !t.isBlank()).orElse(null);
    }

    /** the run's history line: to history.jsonl, and to the state store's run_history */
    private void append(ObjectNode record) throws IOException {
        appendFile(record);
        if (ledger != null) {
            try {
                ledger.history(record.path("runId").asText(), record.path("stream").asText(),
                        record.path("start").asText(null), record.path("end").asText(null),
                        record.path("outcome").asText(), record.toString());
            } catch (java.sql.SQLException e) {
                // the line is in history.jsonl; the run's outcome stands
                LOG.warn("Could not keep run {} in the state store's history: {}", record.path("runId").asText(),
                        e.getMessage());
            }
        }
    }

    private void appendFile(ObjectNode record) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, record + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private void end(RunStats run) throws IOException {
        run.endedAt = Instant.now();
        ObjectNode r = JSON.createObjectNode();
        r.put("runId", run.runId);
        if (run.tenant != null) {
            r.put("tenant", run.tenant);
        }
        r.put("stream", run.stream);
        r.put("start", run.startedAt.toString());
        r.put("end", run.endedAt.toString());
        r.put("durationMs", run.endedAt.toEpochMilli() - run.startedAt.toEpochMilli());
        r.put("trigger", run.trigger);
        String node = node();
        if (node != null) {
            r.put("node", node); // with a cluster: which node ran it
        }
        if (run.source != null) {
            r.put("source", run.source);
        }
        r.put("mode", run.mode());
        if (run.epoch > 0) {
            r.put("epoch", run.epoch);
        }
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
        if (run.mappingDeadLetters != null) {
            r.put("mappingDeadLetters", run.mappingDeadLetters);
        }
        if (!run.changes.isEmpty()) {
            ObjectNode changes = r.putObject("changes");
            run.changes.forEach(changes::put);
        }
        r.put("delivered", run.deliveredTotal());
        ObjectNode sinks = r.putObject("sinks");
        run.sinks.forEach((name, s) -> {
            ObjectNode o = sinks.putObject(name).put("delivered", s.delivered)
                    .put("redelivered", s.redelivered).put("unchanged", s.unchanged).put("deadLettered", s.deadLettered);
            if (s.discarded > 0) {
                o.put("discarded", s.discarded);
            }
            o.put("millis", s.millis).put("error", s.error);
        });
        ObjectNode failedSinks = r.putObject("failedSinks");
        run.failedSinks().forEach(failedSinks::put);
        ArrayNode files = r.putArray("outputFiles");
        run.outputFiles.forEach(files::add);
        r.put("error", run.error);
        if (!run.notes.isEmpty()) {
            ArrayNode notes = r.putArray("notes");
            run.notes.forEach(notes::add);
        }
        append(r);
        tell(l -> l.runEnded(run));
    }

    /** tells the listeners (monitor, metrics); what they fail at is theirs: the run's outcome stands */
    private void tell(Consumer<RunListener> event) {
        Set<RunListener> listeners = context == null ? Set.of() : context.getRegistry().findByType(RunListener.class);
        for (RunListener l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("{} failed to take note of a run: {}", l.getClass().getSimpleName(), e.toString());
            }
        }
    }

    /** this node's name when wiz.cluster is on (the history says which node ran each run), else null */
    private String node() {
        io.wizcamel.cluster.ClusterRole role = context == null ? null : io.wizcamel.cluster.ClusterRole.of(context);
        return role == null ? null : role.nodeId();
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
