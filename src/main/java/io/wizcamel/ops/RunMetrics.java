package io.wizcamel.ops;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.stream.RunListener;
import io.wizcamel.stream.RunStats;

/**
 * The runs as Micrometer meters, in the registry Camel's micrometer-prometheus scrapes at /observe/metrics: per
 * stream runs by outcome, records fetched and dropped by reason, API requests, retries, token fetches, the last
 * success and run duration; per stream and sink records delivered and dead-lettered and the dead letters waiting.
 * Counted when a run ends (the history record's figures); every stream and sink is there from the start, at zero.
 */
public class RunMetrics implements RunListener {

    private final MeterRegistry registry;
    /** {@code tenant=<name>} on every meter when the process runs several tenants; none for one */
    private final Tags tenant;
    private final Map<String, Long> lastSuccessEpoch = new ConcurrentHashMap<>();

    public RunMetrics(MeterRegistry registry, Map<String, List<String>> sinksByStream, DeliveryLedger ledger) {
        this(registry, sinksByStream, ledger, null);
    }

    /** @param tenantName the tenant whose runs these are (tagged {@code tenant}), or null for one tenant */
    public RunMetrics(MeterRegistry registry, Map<String, List<String>> sinksByStream, DeliveryLedger ledger,
            String tenantName) {
        this.registry = registry;
        this.tenant = tenantName == null ? Tags.empty() : Tags.of("tenant", tenantName);
        sinksByStream.forEach((stream, sinks) -> {
            for (String outcome : List.of(RunStats.SUCCEEDED, RunStats.PARTIAL, RunStats.FAILED, RunStats.INTERRUPTED)) {
                runs(stream, outcome);
            }
            for (String name : List.of("wiz.records.fetched", "wiz.api.requests", "wiz.api.retries", "wiz.token.fetches")) {
                counter(name, stream);
            }
            duration(stream);
            Gauge.builder("wiz.last.success.timestamp", lastSuccessEpoch,
                    m -> m.getOrDefault(stream, 0L).doubleValue())
                    .description("when the stream's last succeeded or partial run ended (0: none since start)")
                    .baseUnit("seconds").tag("stream", stream).tags(tenant).register(registry);
            for (String sink : sinks) {
                sinkCounter("wiz.records.delivered", stream, sink);
                sinkCounter("wiz.records.dead.lettered", stream, sink);
                ToDoubleFunction<DeliveryLedger> waiting = l -> {
                    try {
                        return l.deadLetterCount(stream, sink);
                    } catch (SQLException e) {
                        return Double.NaN;
                    }
                };
                Gauge.builder("wiz.dead.letters.waiting", ledger, waiting)
                        .description("records the sink could not take, waiting for the next run")
                        .tags("stream", stream, "sink", sink).tags(tenant).register(registry);
            }
        });
    }

    @Override
    public void runEnded(RunStats run) {
        String s = run.stream;
        runs(s, run.outcome).increment();
        counter("wiz.records.fetched", s).increment(run.fetched);
        counter("wiz.api.requests", s).increment(run.requests);
        counter("wiz.api.retries", s).increment(run.retries);
        counter("wiz.token.fetches", s).increment(run.tokenFetches);
        run.dropped.forEach((reason, n) -> Counter.builder("wiz.records.dropped").description("records the stream's"
                + " filter dropped").tags("stream", s, "reason", reason).tags(tenant).register(registry).increment(n));
        duration(s).record(run.endedAt.toEpochMilli() - run.startedAt.toEpochMilli(), TimeUnit.MILLISECONDS);
        if (RunStats.succeeded(run.outcome)) {
            lastSuccessEpoch.put(s, run.endedAt.getEpochSecond());
        }
        run.sinks.forEach((sink, st) -> {
            sinkCounter("wiz.records.delivered", s, sink).increment(st.delivered + st.redelivered);
            sinkCounter("wiz.records.dead.lettered", s, sink).increment(st.deadLettered);
        });
    }

    private Counter runs(String stream, String outcome) {
        return Counter.builder("wiz.runs").description("runs of the stream by outcome")
                .tags("stream", stream, "outcome", outcome).tags(tenant).register(registry);
    }

    private Counter counter(String name, String stream) {
        return Counter.builder(name).tag("stream", stream).tags(tenant).register(registry);
    }

    private Counter sinkCounter(String name, String stream, String sink) {
        return Counter.builder(name).tags("stream", stream, "sink", sink).tags(tenant).register(registry);
    }

    private Timer duration(String stream) {
        return Timer.builder("wiz.run.duration").description("how long the stream's runs took").tag("stream", stream)
                .tags(tenant).register(registry);
    }
}
