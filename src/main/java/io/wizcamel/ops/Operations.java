package io.wizcamel.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpMethod;
import io.wizcamel.WizCamel;
import io.wizcamel.cluster.ClusterRole;
import io.wizcamel.config.ConfigValue;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.console.Console;
import io.wizcamel.console.ConsoleState;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.delivery.StateLock;
import io.wizcamel.stream.RunListener;
import io.wizcamel.stream.StreamCatalog;
import io.wizcamel.webhook.WebhookStats;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;
import org.quartz.CronExpression;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the launcher does to run as a service: the state folder's lock, the management server's address. */
public final class Operations {

    private static final Logger LOG = LoggerFactory.getLogger(WizCamel.class);

    private Operations() {
    }

    /** Takes the lock of wiz.state-dir for this process (see {@link StateLock}); throws naming the holder. */
    public static StateLock lockState(CamelContext context, String mode) {
        PropertiesComponent pc = context.getPropertiesComponent();
        String stateDir = pc.resolveProperty("wiz.state-dir").orElse("./data");
        try {
            return StateLock.acquire(stateDir, mode, "daemon".equals(mode) ? managementUrl(pc) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("wiz.state-dir (WIZ_STATE_DIR) " + stateDir
                    + ": cannot create or lock its lock file " + StateLock.FILE + ": " + e.getMessage(), e);
        }
    }

    /** wiz.log-level for wiz-camel's own loggers, from application.properties too (log4j2 reads only the variable) */
    public static void applyLogLevel(CamelContext context) {
        context.getPropertiesComponent().resolveProperty("wiz.log-level").filter(v -> !v.isBlank())
                .ifPresent(v -> Configurator.setLevel("io.wizcamel", Level.toLevel(v, Level.INFO)));
    }

    /** the management server's base URL as configured (a wildcard host as loopback), or null when it is off */
    public static String managementUrl(PropertiesComponent pc) {
        if (!Boolean.parseBoolean(pc.resolveProperty("camel.management.enabled").orElse("false"))) {
            return null;
        }
        String host = pc.resolveProperty("camel.management.host").orElse("0.0.0.0");
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + pc.resolveProperty("camel.management.port").orElse("9876");
    }

    /**
     * After start-up: the run monitor (progress lines, for --once too) and, for a daemon, its metrics, readiness
     * checks, sync now on the management server, the start-up line and the sync at start.
     *
     * @param crawls the crawls this process runs; the derived streams they feed have runs (and meters, checks) too
     */
    public static RunMonitor start(CamelContext context, List<String> crawls, boolean daemon, StateLock lock)
            throws IOException {
        return start(context, crawls, daemon, lock, null, context);
    }

    /**
     * As {@link #start(CamelContext, List, boolean, StateLock)} for one of several tenants (docs/tenants.md): its
     * meters (tagged {@code tenant}) and readiness checks ({@code stream:<tenant>/<stream>}) go to the host tenant's
     * context, whose management server shows every tenant; sync now and the webhook receiver are the host's own.
     *
     * @param tenant the tenant, or null for the one tenant of a process without wiz.tenants
     * @param host the context whose management server and meter registry the tenant's figures join (may be itself)
     */
    public static RunMonitor start(CamelContext context, List<String> crawls, boolean daemon, StateLock lock,
            String tenant, CamelContext host) throws IOException {
        PropertiesComponent pc = context.getPropertiesComponent();
        SinkRoster roster = context.getRegistry().findSingleByType(SinkRoster.class);
        // every stream with runs of its own, and the crawl whose schedule runs it
        Map<String, String> crawlOf = new LinkedHashMap<>();
        StreamCatalog catalog = context.getRegistry().findSingleByType(StreamCatalog.class);
        for (String crawl : crawls) {
            crawlOf.put(crawl, crawl);
            if (catalog != null) {
                catalog.fedBy(crawl).forEach(d -> crawlOf.putIfAbsent(d, crawl));
            }
        }
        List<String> streams = List.copyOf(crawlOf.keySet());
        Map<String, List<String>> sinksByStream = new LinkedHashMap<>();
        Set<String> sinks = new LinkedHashSet<>();
        for (String stream : streams) {
            sinksByStream.put(stream, roster.forStream(stream));
            sinks.addAll(roster.forStream(stream));
        }
        List<RunListener> then = new ArrayList<>();
        ClusterRole cluster = ClusterRole.of(context);
        MeterRegistry meters = daemon ? host.getRegistry().findSingleByType(MeterRegistry.class) : null;
        if (meters != null) {
            then.add(new RunMetrics(meters, sinksByStream,
                    context.getRegistry().findSingleByType(DeliveryLedger.class), tenant));
            if (cluster != null) {
                // which streams this node leads, read at scrape: 1 leads, 0 another node does (or none yet)
                for (String stream : streams) {
                    String crawl = crawlOf.get(stream);
                    Gauge.Builder<ClusterRole> leader = Gauge.builder("wiz.cluster.leader", cluster,
                            c -> c.leads(crawl) ? 1 : 0)
                            .description("1 when this node leads the stream (runs its schedules), else 0")
                            .tags("stream", stream, "node", cluster.nodeId());
                    (tenant == null ? leader : leader.tag("tenant", tenant)).register(meters);
                }
            }
            WebhookStats webhook = context.getRegistry().findSingleByType(WebhookStats.class);
            // the receiver's counters are the host's own (its context runs the receiver a process has once)
            if (webhook != null && host == context && Boolean.parseBoolean(pc.resolveProperty("wiz.webhook.enabled").orElse("false"))) {
                WebhookMetrics.register(meters, webhook);
            }
        }
        RunMonitor monitor = new RunMonitor(Integer.parseInt(pc.resolveProperty("wiz.progress-seconds").orElse("30")),
                then);
        context.getRegistry().bind("wizRunMonitor", monitor);
        if (!daemon) {
            return monitor;
        }
        boolean scheduled = Boolean.parseBoolean(pc.resolveProperty("wiz.scheduler-enabled").orElse("true"));
        StreamSettings settings = StreamSettings.of(context);
        HealthCheckRegistry health = HealthCheckRegistry.get(host);
        if (health != null) {
            for (String stream : streams) {
                String crawl = crawlOf.get(stream);
                ReadinessChecks.Stream check = new ReadinessChecks.Stream(stream,
                        scheduled ? settings.get("wiz.schedule", crawl, crawl) : null, monitor, tenant);
                health.register(cluster == null ? check : check.inCluster(cluster, crawl));
            }
            for (String sink : sinks) {
                health.register(new ReadinessChecks.Sink(sink, monitor, tenant));
            }
        }
        ManagementHttpServer server = host.hasService(ManagementHttpServer.class);
        String management = null;
        boolean console = false;
        if (server != null) {
            String adminToken = ConfigValue.find(pc, "wiz.admin-token").orElse("");
            SyncNow syncNow = new SyncNow(context, crawlOf, adminToken, monitor).inCluster(cluster);
            if (host == context) {
                server.getRouter().route(HttpMethod.POST, SyncNow.PATH).handler(syncNow);
                // with several tenants the console shows the first one's (docs/tenants.md)
                console = Boolean.parseBoolean(pc.resolveProperty("wiz.console.enabled").orElse("true"));
                if (console) {
                    new Console(context, new ConsoleState(context, crawlOf, monitor, !adminToken.isBlank()), syncNow,
                            adminToken).register(server.getRouter());
                }
            }
            if (tenant != null) { // several tenants: each one's own, with its own wiz.admin-token
                server.getRouter().route(HttpMethod.POST, SyncNow.PATH + "/" + tenant).handler(syncNow);
            }
            int port = server.getPort();
            for (VertxPlatformHttpServer listening : host.hasServices(VertxPlatformHttpServer.class)) {
                if (listening.getConfigurationPort() == port) {
                    port = listening.getPort(); // the port it got when 0 was asked for
                }
            }
            management = "http://" + server.getHost() + ":" + port;
            if (lock != null) { // none with a cluster: the streams' elections keep writers apart
                lock.describe("daemon", managementUrl(host.getPropertiesComponent()).replaceFirst(":[0-9]+$",
                        ":" + port));
            }
        }
        LOG.info((tenant == null ? "" : "tenant " + tenant + ": ") + startupLine(crawlOf, sinks,
                scheduled ? settings : null, management, console, pc.resolveProperty("wiz.state-dir").orElse(""))
                + (cluster == null ? "" : "; cluster " + cluster.mode() + " as node " + cluster.nodeId()
                        + " (each stream runs on its leader: namespaces "
                        + cluster.namespace(crawls.isEmpty() ? "<stream>" : crawls.get(0)) + ", ...)"));
        if (cluster != null && Boolean.parseBoolean(pc.resolveProperty("wiz.cluster.balance").orElse("true"))) {
            // spread the streams over the nodes (the elections alone give them all to the first node)
            java.util.concurrent.ScheduledExecutorService balancer = context.getExecutorServiceManager()
                    .newSingleThreadScheduledExecutor(cluster, "wiz-cluster-balance");
            balancer.scheduleWithFixedDelay(() -> cluster.balance(crawls, s -> monitor.running(s).isPresent(),
                    java.time.Duration.ofSeconds(20)), 5, 5, java.util.concurrent.TimeUnit.SECONDS);
        }
        if (Boolean.parseBoolean(pc.resolveProperty("wiz.sync-on-start").orElse("false"))) {
            ProducerTemplate template = context.createProducerTemplate();
            for (String stream : crawls) {
                if (cluster == null) {
                    template.asyncSend("direct:wiz-" + stream + "-sync", e -> e.setProperty("wizTrigger", "start"));
                } else {
                    // with a cluster, the node that becomes the stream's leader syncs it (once, as a start)
                    AtomicBoolean done = new AtomicBoolean();
                    Runnable sync = () -> {
                        if (done.compareAndSet(false, true)) {
                            template.asyncSend("direct:wiz-" + stream + "-sync",
                                    e -> e.setProperty("wizTrigger", "start"));
                        }
                    };
                    cluster.onLeadership(stream, sync);
                    if (cluster.leads(stream)) {
                        sync.run();
                    }
                }
            }
        }
        return monitor;
    }

    /** version, streams with their next runs (UTC), sinks, the management server and the state folder */
    static String startupLine(Map<String, String> crawlOf, Set<String> sinks, StreamSettings schedules,
            String management, boolean console, String stateDir) {
        String version = WizCamel.class.getPackage().getImplementationVersion();
        StringBuilder line = new StringBuilder("wiz-camel " + (version == null ? "(development build)" : version)
                + " started as a daemon: streams ");
        int i = 0;
        for (Map.Entry<String, String> e : crawlOf.entrySet()) {
            String stream = e.getKey();
            line.append(i++ == 0 ? "" : ", ").append(stream);
            if (!stream.equals(e.getValue())) {
                line.append(" (from the ").append(e.getValue()).append(" crawl)");
            } else if (schedules == null) {
                line.append(" (scheduler off)");
            } else {
                line.append(" (next run ").append(next(schedules.get("wiz.schedule", stream, stream)))
                        .append(", next full resync ").append(next(schedules.get("wiz.full-sync-schedule", stream, stream)))
                        .append(")");
            }
        }
        line.append("; sinks ").append(String.join(", ", sinks));
        line.append("; management ").append(management == null ? "off"
                : management + " (/observe/health, /observe/metrics, POST " + SyncNow.PATH
                        + (console ? ", the console at " + management + Console.PATH + "/" : "") + ")");
        return line.append("; state ").append(stateDir).toString();
    }

    private static String next(String cron) {
        try {
            CronExpression c = new CronExpression(cron);
            c.setTimeZone(TimeZone.getTimeZone("UTC"));
            Date next = c.getNextValidTimeAfter(new Date());
            return next == null ? "never" : next.toInstant().toString();
        } catch (ParseException e) {
            return "?";
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }
    }
}
