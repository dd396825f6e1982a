package io.wizcamel.ops;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;

import io.wizcamel.cluster.ClusterRole;
import io.wizcamel.stream.RunStats;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.quartz.CronExpression;

/**
 * The daemon's readiness, as Camel health checks (group {@code wiz}) beside Camel's own: one per stream (its last
 * run's outcome, and whether a scheduled run is overdue) and one per enabled sink (its last delivery). Their ids,
 * {@code stream:<name>} and {@code sink:<name>}, cannot be taken for a route's (Camel's registry refuses a check
 * whose id a route's check already answers to).
 */
public final class ReadinessChecks {

    /** how late a scheduled run may start before the stream is reported overdue */
    static final Duration GRACE = Duration.ofMinutes(2);

    private ReadinessChecks() {
    }

    /** a check's name: the stream or sink, after its tenant's name when the process runs several */
    static String named(String tenant, String name) {
        return tenant == null ? name : tenant + "/" + name;
    }

    /** ready unless the stream's last run failed or a scheduled run is overdue; UP before its first run */
    public static final class Stream extends AbstractHealthCheck {
        private final String stream;
        private final RunMonitor monitor;
        private final CronExpression schedule;
        /** with a cluster: the role and the crawl whose leader runs the stream */
        private ClusterRole cluster;
        private String crawl;

        /** @param cron the stream's incremental schedule (Quartz, UTC), or null when the scheduler is off */
        public Stream(String stream, String cron, RunMonitor monitor) {
            this(stream, cron, monitor, null);
        }

        /** @param tenant one of several tenants (the check is {@code stream:<tenant>/<stream>}), or null */
        public Stream(String stream, String cron, RunMonitor monitor, String tenant) {
            super("wiz", "stream:" + named(tenant, stream));
            this.stream = stream;
            this.monitor = monitor;
            this.schedule = parse(cron);
        }

        /** with a cluster: the stream runs on its crawl's leader; this node says who that is, and is not overdue */
        public Stream inCluster(ClusterRole role, String crawlOfStream) {
            this.cluster = role;
            this.crawl = crawlOfStream;
            return this;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.up();
            boolean leads = cluster == null || cluster.leads(crawl);
            if (cluster != null) {
                builder.detail("cluster.leader", cluster.describeLeader(crawl));
            }
            monitor.running(stream).ifPresent(r -> builder.detail("running", r.runId));
            RunStats last = monitor.last(stream).orElse(null);
            Instant since = monitor.startedAt();
            if (last != null) {
                builder.detail("last.run", last.runId).detail("last.outcome", last.outcome)
                        .detail("last.ended", last.endedAt.toString());
                since = last.startedAt;
                if (RunStats.FAILED.equals(last.outcome)) {
                    builder.down().message("the last run of " + stream + " failed: " + last.error);
                }
            }
            monitor.lastSuccess(stream).ifPresent(t -> builder.detail("last.success", t.toString()));
            // a stream another node leads runs there: its schedule says nothing about this node
            if (schedule != null && leads && monitor.running(stream).isEmpty()) {
                Date due = schedule.getNextValidTimeAfter(Date.from(since));
                if (due != null) {
                    builder.detail("next.due", due.toInstant().toString());
                    if (due.toInstant().plus(GRACE).isBefore(Instant.now())) {
                        builder.down().message("a scheduled run of " + stream + " is overdue: due at " + due.toInstant()
                                + ", none started since " + since);
                    }
                }
            }
        }

        private static CronExpression parse(String cron) {
            if (cron == null || cron.isBlank()) {
                return null;
            }
            try {
                CronExpression c = new CronExpression(cron);
                c.setTimeZone(TimeZone.getTimeZone("UTC"));
                return c;
            } catch (ParseException e) {
                return null; // start-up checked it
            }
        }
    }

    /** ready unless the sink's last delivery, in any stream, left records behind */
    public static final class Sink extends AbstractHealthCheck {
        private final String sink;
        private final RunMonitor monitor;

        public Sink(String sink, RunMonitor monitor) {
            this(sink, monitor, null);
        }

        /** @param tenant one of several tenants (the check is {@code sink:<tenant>/<sink>}), or null */
        public Sink(String sink, RunMonitor monitor, String tenant) {
            super("wiz", "sink:" + named(tenant, sink));
            this.sink = sink;
            this.monitor = monitor;
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.up();
            monitor.deliveries(sink).forEach((stream, d) -> {
                builder.detail(stream + ".last.run", d.runId()).detail(stream + ".last.delivery", d.failed() ? "failed"
                        : "succeeded");
                if (d.failed()) {
                    builder.down().message("sink " + sink + " failed in the last run of " + stream + ": " + d.error());
                }
            });
        }
    }

    /** not ready while a stream is held back because its query does not fit the tenant's schema (--check-schema) */
    public static final class Schema extends AbstractHealthCheck {
        private final Map<String, String> refused;

        /** @param refused the streams WIZ_CHECK_SCHEMA_ON_START kept from starting, with why */
        public Schema(Map<String, String> refused) {
            this(refused, null);
        }

        /** @param tenant one of several tenants (the check is {@code schema:<tenant>}), or null */
        public Schema(Map<String, String> refused, String tenant) {
            super("wiz", tenant == null ? "schema" : "schema:" + tenant);
            this.refused = Map.copyOf(refused);
        }

        @Override
        public boolean isLiveness() {
            return false;
        }

        @Override
        protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
            builder.up();
            refused.forEach((stream, why) -> builder.detail(stream, why));
            if (!refused.isEmpty()) {
                builder.down().message("the schema check at start kept " + String.join(", ", refused.keySet())
                        + " from running: their queries do not fit the tenant's schema (java -jar wiz-camel.jar"
                        + " --check-schema says what to change)");
            }
        }
    }
}
