package io.wizcamel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.cluster.ClusterRole;
import io.wizcamel.cluster.ClusterService;
import io.wizcamel.config.EffectiveConfig;
import io.wizcamel.config.Setting;
import io.wizcamel.config.Settings;
import io.wizcamel.config.SettingsDocs;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.config.SettingsWiring;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.config.UnknownSettings;
import io.wizcamel.config.WizHome;
import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.delivery.StateLock;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.http.MainServerHttpEngine;
import io.wizcamel.launch.JvmLauncher;
import io.wizcamel.ops.ConnectionTest;
import io.wizcamel.ops.Operations;
import io.wizcamel.ops.ReadinessChecks;
import io.wizcamel.ops.RunMonitor;
import io.wizcamel.state.RunHistory;
import io.wizcamel.state.StateStore;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.StreamCatalog;
import io.wizcamel.stream.StreamRoutes;
import io.wizcamel.stream.SyncHistory;
import io.wizcamel.stream.SyncStop;
import io.wizcamel.stream.mapping.RecordMappings;
import io.wizcamel.tenant.TenantGroup;
import io.wizcamel.tenant.Tenants;
import io.wizcamel.users.UsersCommand;
import io.wizcamel.webhook.WebhookSetup;
import io.wizcamel.wiz.SchemaCheck;
import io.wizcamel.wiz.WizApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.hc.core5.ssl.SSLContexts;

/**
 * The standalone runner: Camel Main with the YAML routes under {@code routes/} and {@code application.properties}
 * from the home folder ({@code --home DIR}, {@code WIZ_HOME}, else the working directory), and what that folder
 * lacks from the jar ({@link WizHome}).
 *
 * <pre>
 * java -jar target/wiz-camel.jar              stay up and sync on the Quartz schedules
 * java -jar target/wiz-camel.jar --once       one sync of every enabled stream, then exit (0 succeeded, 3 partial, 1 failed)
 * java -jar target/wiz-camel.jar --once --full   the same, ignoring the watermark
 * java -jar target/wiz-camel.jar --once --stream projects   just that stream (repeatable)
 * java -jar target/wiz-camel.jar --emulator   against the embedded Wiz emulator (no credentials needed)
 * java -jar target/wiz-camel.jar --home DIR   application.properties and routes/ from DIR (or WIZ_HOME)
 * java -jar target/wiz-camel.jar --check-schema   every bundled query checked against the tenant's schema (0 = no errors)
 * java -jar target/wiz-camel.jar --check-config   the settings in effect, checked, secrets masked
 * java -jar target/wiz-camel.jar --test-connection   token, one record per stream, each sink reached: a table
 * java -jar target/wiz-camel.jar --history [N] [--stream S] [--json]   the last N runs (20) from the state store
 * java -jar target/wiz-camel.jar --help       usage and every setting (key, variable, default, meaning)
 * </pre>
 *
 * <p>Streams are not listed here: each is the routes a {@code routes/streams/*.yaml} file makes from the
 * {@code wiz-stream-sync} template; {@code wiz.streams} says which of them run.
 */
public final class WizCamel {

    static final String USAGE = "usage: java -jar wiz-camel.jar [--once] [--full] [--stream NAME]... [--emulator]"
            + " [--home DIR] [--check-schema] [--webhook-setup] [--check-config] [--test-connection] [--history [N] [--json]]"
            + " [--plan users] [--apply users [--force]] [--help]\n"
            + "  (none)             stay up: sync on the schedules; health, metrics and POST /wiz/sync on the management"
            + " port (CAMEL_MANAGEMENT_PORT, 9876)\n"
            + "  --once             sync every stream once and exit: 0 succeeded, 3 partial (a sink failed; its records"
            + " wait as dead letters), 1 failed, 2 bad command line\n"
            + "  --full             with --once: ignore the watermark (a full resync)\n"
            + "  --stream NAME      only this stream (repeatable)\n"
            + "  --emulator         against the embedded Wiz emulator (no credentials needed)\n"
            + "  --home DIR         the folder with application.properties and routes/ (or WIZ_HOME; default: the"
            + " working directory); what it lacks, the jar carries\n"
            + "  --check-schema     check every bundled query against the tenant's GraphQL schema and exit (0 no errors)\n"
            + "  --webhook-setup    print what to enter in Wiz for the webhook receiver and exit\n"
            + "  --check-config     check the configuration, print it (secrets masked) and exit (0 valid, 1 not)\n"
            + "  --test-connection  fetch a token, query each stream for one record, reach each sink; print a table and"
            + " exit 0 only if all pass\n"
            + "  --history [N]      print the last N runs (default 20) from the state store, either backend, and exit;"
            + " with --stream NAME only that stream's, with --json the history lines themselves\n"
            + "  --plan users       print the user changes the desired file (WIZ_USERS_DESIRED_FILE) asks of Wiz, as a"
            + " table and as JSON; changes nothing (docs/users.md)\n"
            + "  --apply users      make those changes: 0 all applied, 3 some rows refused or failed, 1 not applied"
            + " (a guard, Wiz unreachable)\n"
            + "  --force            with --apply users: apply a plan the guards refuse (an empty desired file, more"
            + " suspensions than WIZ_USERS_MAX_SUSPEND_PERCENT)\n"
            + "  --help             this text and every setting\n"
            + "Documentation: README.md, docs/configuration.md (every setting), docs/operations.md (running as a service)";
    /** --once's exit codes by outcome (2 is a bad command line) */
    static final int EXIT_SUCCEEDED = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;
    /** every record delivered or kept as a dead letter, but some sink failed: cron and systemd must not see success */
    static final int EXIT_PARTIAL = 3;
    static final String ROUTES = "camel.main.routes-include-pattern";
    /** "... from text: <value>", "Missing }} from the text: <value>": the end of Camel's placeholder errors */
    private static final java.util.regex.Pattern PLACEHOLDER_TEXT = java.util.regex.Pattern.compile(
            "((?:in properties )?from (?:the )?text: ).*", java.util.regex.Pattern.DOTALL);
    /** the route template every stream's sync route is made from */
    static final String SYNC_TEMPLATE = "wiz-stream-sync";

    private WizCamel() {
    }

    public static void main(String[] args) {
        JvmLauncher.stopWithLauncher();
        startAhead();
        StopOnSignal.install(); // its logger: Log4j configures itself here, on the main thread
        System.exit(run(args, new Properties()));
    }

    /**
     * While Log4j configures itself (a third of a second), other threads do what the start-up needs next:
     * Jackson's ObjectMapper class (Log4j's configuration looks for it, the routes use it), then the settings schema
     * (a few thousand lines of YAML); and the JDK's TLS (its providers, cipher suites and trust store, which
     * camel-http's endpoints load as they are made). What needs any of it waits for it (class initialisation,
     * {@link SettingsSchema#load()}) or finds it cached; should it fail there, the caller does it again and reports
     * why. Nothing done here may get a logger: a logger asked for while the main thread configures Log4j would be
     * the first, Log4j would be configured on this thread, and the main thread would go on with an unconfigured one
     * (its events lost until then); HttpClient's public suffix list, for one, is not warmed here for that reason.
     */
    private static void startAhead() {
        ahead("wiz-start-ahead", () -> {
            new ObjectMapper();
            SettingsSchema.load();
        });
        ahead("wiz-tls-ahead", SSLContexts::createDefault);
    }

    private static void ahead(String name, Runnable work) {
        Thread thread = new Thread(() -> {
            try {
                work.run();
            } catch (RuntimeException | LinkageError e) {
                // done again where it is needed
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs as {@link #main} does, with extra configuration on top; returns the exit code. */
    public static int run(String[] args, Properties overrides) {
        return run(args, overrides, System.getenv());
    }

    /** As {@link #run(String[], Properties)}, with the environment given (its WIZ_* variables are checked) */
    public static int run(String[] args, Properties overrides, Map<String, String> env) {
        boolean once = false;
        boolean full = false;
        boolean emulate = false;
        String homeFlag = null;
        boolean checkSchema = false;
        boolean checkConfig = false;
        boolean testConnection = false;
        boolean webhookSetup = false;
        boolean history = false;
        boolean json = false;
        int last = RunHistory.DEFAULT_LAST;
        String users = null; // "plan" or "apply"
        boolean force = false;
        List<String> chosen = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--once" -> once = true;
                case "--full" -> full = true;
                case "--emulator" -> emulate = true;
                case "--check-schema" -> checkSchema = true;
                case "--check-config" -> checkConfig = true;
                case "--test-connection" -> testConnection = true;
                case "--json" -> json = true;
                case "--force" -> force = true;
                case "--plan", "--apply" -> {
                    if (i + 1 == args.length || !"users".equals(args[i + 1])) {
                        System.err.println("wiz-camel: " + args[i] + " needs what to plan: " + args[i] + " users\n"
                                + USAGE);
                        return EXIT_USAGE;
                    }
                    if (users != null) {
                        System.err.println("wiz-camel: give --plan users or --apply users, not both\n" + USAGE);
                        return EXIT_USAGE;
                    }
                    users = args[i].substring(2);
                    i++;
                }
                case "--history" -> {
                    history = true;
                    if (i + 1 < args.length && args[i + 1].matches("\\d+")) {
                        last = Integer.parseInt(args[++i]);
                    }
                }
                case "--stream" -> {
                    if (i + 1 == args.length) {
                        System.err.println("wiz-camel: --stream needs a stream name\n" + USAGE);
                        return EXIT_USAGE;
                    }
                    chosen.add(args[++i]);
                }
                case "--webhook-setup" -> webhookSetup = true;
                case "--home" -> {
                    if (i + 1 == args.length) {
                        System.err.println("wiz-camel: --home needs a folder\n" + USAGE);
                        return EXIT_USAGE;
                    }
                    homeFlag = args[++i];
                }
                case "--help" -> {
                    SettingsDocs.help(System.out, USAGE);
                    return 0;
                }
                default -> {
                    System.err.println("wiz-camel: unknown argument " + args[i] + "\n" + USAGE);
                    return EXIT_USAGE;
                }
            }
        }
        if (force && !"apply".equals(users)) {
            System.err.println("wiz-camel: --force goes with --apply users\n" + USAGE);
            return EXIT_USAGE;
        }
        if (users != null && (once || checkSchema || checkConfig || testConnection)) {
            System.err.println("wiz-camel: --" + users + " users runs alone (not with --once, --check-schema,"
                    + " --check-config or --test-connection)\n" + USAGE);
            return EXIT_USAGE;
        }
        // the folder with application.properties and routes/; what it lacks, the jar carries
        Path home = WizHome.of(homeFlag, env.get("WIZ_HOME"));
        if (!Files.isDirectory(home)) { // a misspelt folder would run on the bundled settings and routes instead
            System.err.println("wiz-camel: " + (homeFlag != null ? "--home" : "WIZ_HOME") + " is " + home
                    + ", which is not a folder: give the folder that holds your application.properties and routes/,"
                    + " or leave it out to use the working directory");
            return homeFlag != null ? EXIT_USAGE : EXIT_FAILED;
        }
        String location = WizHome.propertiesLocation(home);
        if (webhookSetup) {
            WebhookSetup.print(System.out, SettingsWiring.read(location), overrides, env);
            return EXIT_SUCCEEDED;
        }
        Properties props = new Properties();
        props.setProperty("wiz.home", home.toString());
        props.putAll(overrides);
        String routes = props.getProperty(ROUTES, env.getOrDefault(Setting.env(ROUTES),
                SettingsWiring.read(location).getProperty(ROUTES, "")));
        if (!routes.isBlank()) {
            props.setProperty(ROUTES, WizHome.routesPattern(routes, home));
        }
        if (json && !history) {
            System.err.println("wiz-camel: --json goes with --history\n" + USAGE);
            return EXIT_USAGE;
        }
        if (history) {
            return history(location, props, env, last, chosen, json);
        }
        // (--check-config shows the daemon's settings: it starts nothing)
        Properties forced = new Properties();
        if (once || checkSchema || testConnection || users != null) {
            forced.setProperty("wiz.scheduler-enabled", "false");
            // --once runs no schedule: the scheduler is not even started; and it opens no port
            forced.setProperty("camel.component.quartz.auto-start-scheduler", "false");
            forced.setProperty("camel.management.enabled", "false");
            forced.setProperty("camel.metrics.enabled", "false");
            forced.setProperty("camel.health.enabled", "false");
        }
        props.putAll(forced);
        Options o = new Options(once, full, checkSchema, checkConfig, testConnection, chosen, users, force);
        WizEmulator emulator = null;
        try {
            if (emulate) {
                emulator = startEmulator(props);
            }
            Properties file = SettingsWiring.read(location);
            List<String> tenants = Tenants.names(props, env, file);
            if (tenants.isEmpty()) {
                return runTenant(o, location, props, env, null, null, null);
            }
            return runTenants(o, location, props, forced, env, file, tenants);
        } catch (Exception e) {
            System.err.println("wiz-camel: " + oneLine(e));
            return EXIT_FAILED;
        } finally {
            if (emulator != null) {
                emulator.close();
            }
        }
    }

    /** what the command line asked for */
    private record Options(boolean once, boolean full, boolean checkSchema, boolean checkConfig,
            boolean testConnection, List<String> chosen, String users, boolean force) {
        boolean daemon() {
            return !once && !checkSchema && !checkConfig && !testConnection && users == null;
        }
    }

    /**
     * Several tenants (wiz.tenants, docs/tenants.md): each runs in a Camel context of its own with the bundle's
     * routes and its own settings, state and beans. A run or a daemon starts them side by side, so that one tenant's
     * throttling or failure does not hold another up; the checks and --test-connection go through them one after the
     * other, each under its own heading. The exit code is the worst of the tenants' (1 over 3 over 0).
     */
    private static int runTenants(Options o, String location, Properties props, Properties forced,
            Map<String, String> env, Properties file, List<String> tenants) throws Exception {
        boolean together = o.once() || o.daemon();
        TenantGroup group = new TenantGroup(tenants, together);
        Map<String, Properties> settings = new LinkedHashMap<>();
        Map<String, Properties> given = new LinkedHashMap<>();
        String name = Tenants.resolve("camel.main.name", props, env, file);
        for (String t : tenants) {
            Properties p = new Properties();
            p.putAll(Tenants.environment(env, file)); // below the tenant's own keys (see runTenant)
            p.putAll(props);
            p.putAll(Tenants.overlay(t, tenants, props, env, file));
            p.putAll(forced); // what the command line demands holds for every tenant
            p.setProperty("camel.main.name", (name == null || name.isBlank() ? "wiz-camel" : name.trim()) + "-" + t);
            if (!group.isHost(t)) {
                // one management server, in the host tenant's context, shows every tenant; warnings are said once
                p.setProperty("camel.management.enabled", "false");
                p.setProperty(SettingsWiring.QUIET, "true");
            }
            settings.put(t, p);
            given.put(t, Tenants.given(t, tenants, props, env, file));
        }
        Tenants.checkReceivers(settings, file);
        int worst = EXIT_SUCCEEDED;
        if (!together) {
            for (String t : tenants) {
                System.out.println("== tenant " + t + " ==");
                worst = worse(worst, runTenant(o, location, settings.get(t), env, t, given.get(t), group));
                System.out.println();
            }
            return worst;
        }
        ExecutorService pool = Executors.newFixedThreadPool(tenants.size(), r -> {
            Thread thread = new Thread(r);
            thread.setName("wiz-tenant-" + thread.getId());
            return thread;
        });
        try {
            Map<String, Future<Integer>> runs = new LinkedHashMap<>();
            for (String t : tenants) {
                runs.put(t, pool.submit(() -> {
                    Thread.currentThread().setName("wiz-tenant-" + t);
                    return runTenant(o, location, settings.get(t), env, t, given.get(t), group);
                }));
            }
            for (Future<Integer> run : runs.values()) {
                worst = worse(worst, run.get());
            }
            return worst;
        } finally {
            pool.shutdownNow();
        }
    }

    /** the worse of two exit codes: failed (1) over partial (3) over succeeded (0); bad usage (2) over all */
    static int worse(int a, int b) {
        List<Integer> order = List.of(EXIT_SUCCEEDED, EXIT_PARTIAL, EXIT_FAILED, EXIT_USAGE);
        return order.indexOf(a) >= order.indexOf(b) ? a : b;
    }

    /**
     * One tenant's run: a Camel Main with the bundle's routes, checked settings and locked state folder, then the
     * command line's work. Without wiz.tenants this is the whole of the launcher's run, as it always was.
     *
     * @param tenant the tenant (null: the one tenant of a process without wiz.tenants)
     * @param given the tenant's own settings (wiz.tenant.&lt;tenant&gt;.*), to name them in problems
     * @param group the tenants starting together, or null
     */
    private static int runTenant(Options o, String location, Properties props, Map<String, String> env,
            String tenant, Properties given, TenantGroup group) {
        boolean once = o.once();
        boolean full = o.full();
        boolean checkSchema = o.checkSchema();
        boolean testConnection = o.testConnection();
        List<String> chosen = o.chosen();
        String named = tenant == null ? "" : "tenant " + tenant + ": ";
        boolean waiting = group != null && (once || o.daemon()); // still to tell the group whether it started
        StateLock[] stateLock = new StateLock[1];
        RunMonitor monitor = null;
        boolean syncing = once || "apply".equals(o.users());
        boolean onlyCheck = o.checkConfig();
        // these only read (a plan changes nothing)
        boolean writes = !o.checkConfig() && !testConnection && !checkSchema && !"plan".equals(o.users());
        Main main = new Main();
        // only the route files of the streams and features this run uses: the others cost start-up, not behaviour
        StreamRoutes routeFiles = new StreamRoutes(chosen, checkSchema, o.users() != null);
        main.setRoutesCollector(routeFiles);
        if (group != null) {
            group.add(main);
        }
        try {
            if (tenant != null) {
                // Camel's variables win over its override properties, where the tenant's own keys are: here they
                // are looked up only as a fallback, the shared ones being among the overrides below the tenant's
                main.addMainListener(new MainListenerSupport() {
                    @Override
                    public void beforeConfigure(BaseMainSupport m) {
                        if (m.getCamelContext().getPropertiesComponent()
                                instanceof org.apache.camel.component.properties.PropertiesComponent pc) {
                            pc.setEnvironmentVariableMode(
                                    org.apache.camel.component.properties.PropertiesComponent
                                            .ENVIRONMENT_VARIABLES_MODE_FALLBACK);
                        }
                    }
                });
            }
            // schema defaults < application.properties < environment < props; checks the settings before routes
            SettingsWiring.wire(main, location, props, env);
            main.addMainListener(new MainListenerSupport() {
                @Override
                public void beforeConfigure(BaseMainSupport m) {
                    // the bundled beans find it themselves; bound before any route file for an operator's own bean
                    // that still takes #bean:streamSettings
                    StreamSettings.of(m.getCamelContext());
                    // platform-http routes (the webhook receiver) on the main server, not the management one
                    m.getCamelContext().getRegistry().bind("platform-http-engine", new MainServerHttpEngine());
                    // a sink that is off costs neither its routes nor its libraries' start-up
                    String enabled = m.getCamelContext().getPropertiesComponent().resolveProperty("wiz.sinks").orElse("");
                    m.configure().setRoutesExcludePattern(
                            SinkRoster.idleRoutes(Settings.list(enabled), SettingsSchema.load().sinks()));
                    Operations.applyLogLevel(m.getCamelContext());
                    // routes that cannot run in this process are not built (each costs the start-up)
                    CamelContext built = m.getCamelContext();
                    built.getCamelContextExtension().getContextPlugin(Model.class)
                            .setRouteFilter(r -> !idle(built, r, o.daemon()));
                    if (!o.daemon()) {
                        built.getRegistry().bind("quartz", new NoScheduler());
                    }
                    if (onlyCheck) { // the routes are read next, for the sinks and streams named (afterConfigure)
                        return;
                    }
                    // with a cluster (wiz.cluster), each stream's leader election keeps a second writer off a stream,
                    // and the nodes share one state store: the routes' master: endpoints find the service here
                    CamelClusterService cluster = ClusterService.create(m.getCamelContext().getPropertiesComponent());
                    if (cluster != null) {
                        try {
                            m.getCamelContext().addService(cluster, true, true);
                        } catch (Exception e) {
                            throw new IllegalStateException("wiz.cluster (WIZ_CLUSTER) "
                                    + ClusterService.mode(m.getCamelContext().getPropertiesComponent())
                                    + ": cannot start the cluster service: " + e.getMessage(), e);
                        }
                        m.getCamelContext().getRegistry().bind(ClusterRole.BEAN, new ClusterRole(cluster,
                                ClusterService.mode(m.getCamelContext().getPropertiesComponent()), cluster.getId(),
                                tenant));
                    } else if (writes) {
                        // one writer per state folder: before the checkpoint store is opened, recovered or written
                        stateLock[0] = Operations.lockState(m.getCamelContext(), syncing ? "once" : "daemon");
                        // the checkpoint store's migrations run while the routes are built (its first use waits)
                        m.getCamelContext().getPropertiesComponent().resolveProperty("wiz.state-dir")
                                .ifPresent(dir -> StateStore.migrateAhead(m.getCamelContext(), dir));
                    }
                }

                @Override
                public void afterConfigure(BaseMainSupport m) {
                    // a per-stream setting of a stream no route file defines: most likely the stream's name misspelt
                    if (!Boolean.parseBoolean(props.getProperty(SettingsWiring.QUIET, "false"))) {
                        Set<String> keys = new java.util.TreeSet<>(SettingsWiring.read(location).stringPropertyNames());
                        keys.addAll(props.stringPropertyNames());
                        UnknownSettings.unknownStreams(SettingsSchema.load(), env, keys, routeFiles.defined())
                                .forEach(org.slf4j.LoggerFactory.getLogger(SettingsWiring.class)::warn);
                    }
                    // each sink wiz.sinks names has its route: checked on the routes as read, before any starts
                    CamelContext read = m.getCamelContext();
                    read.getRegistry().findSingleByType(SinkRoster.class).verify(read, SettingsSchema.load().sinks());
                    if (onlyCheck) { // the settings passed their check; the routes are read, none started
                        streams(read, chosen);
                        RecordMappings mappings = read.getRegistry().findSingleByType(RecordMappings.class);
                        if (mappings != null) {
                            mappings.compileEnabled(); // as a start does: a missing or wrong mapping file stops it
                        }
                        EffectiveConfig.print(read.getPropertiesComponent(), System.out, tenant,
                                given == null ? Set.of() : given.stringPropertyNames());
                        throw new ConfigShown();
                    }
                }
            });
            main.start();
            CamelContext context = main.getCamelContext();
            if (checkSchema) {
                return SchemaCheck.run(context, System.out);
            }
            if (o.users() != null) {
                return UsersCommand.run(context, o.users(), o.force(), System.out);
            }
            List<String> streams = new ArrayList<>(streams(context, chosen));
            if (testConnection) {
                return new ConnectionTest(context).run(streams, System.out) ? EXIT_SUCCEEDED : EXIT_FAILED;
            }
            if (waiting) {
                waiting = false;
                String refusedTenant = group.started(tenant, context, true);
                if (refusedTenant != null) {
                    System.err.println("wiz-camel: " + named + "not run: tenant " + refusedTenant
                            + " could not start (see its error)");
                    return EXIT_FAILED;
                }
            }
            SyncStop syncStop = context.getRegistry().lookupByNameAndType("syncStop", SyncStop.class);
            StopOnSignal.attach(main, syncStop);
            // a run a killed process left behind is finished or thrown away, and recorded, now rather than at the
            // next run (hours away for a daemon)
            // (with a cluster, other nodes' runs are alive in the shared store: each stream's leader recovers that
            // stream's runs when it runs it)
            ClusterRole cluster = ClusterRole.of(context);
            if (cluster == null) {
                context.getRegistry().lookupByNameAndType("syncHistory", SyncHistory.class).recoverInterrupted();
            }
            // WIZ_CHECK_SCHEMA_ON_START: a stream whose query does not fit the tenant's schema is not run
            Map<String, String> refusedBySchema = new LinkedHashMap<>();
            if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{wiz.check-schema-on-start}}"))) {
                for (Map.Entry<String, String> r : SchemaCheck.refusedStreams(context).entrySet()) {
                    if (streams.remove(r.getKey())) {
                        refusedBySchema.put(r.getKey(), r.getValue());
                        System.err.println("wiz-camel: " + named + "stream " + r.getKey()
                                + " not started: schema check: " + r.getValue());
                    }
                }
            }
            int refused = refusedBySchema.size();
            CamelContext host = group == null ? context : group.host();
            monitor = Operations.start(context, streams, !once, stateLock[0], tenant, host);
            HealthCheckRegistry health = host == null ? null : HealthCheckRegistry.get(host);
            if (!once && health != null) {
                // readiness says so for as long as the daemon runs without them
                health.register(new ReadinessChecks.Schema(refusedBySchema, tenant));
            }
            if (!once) {
                if (Boolean.parseBoolean(context.resolvePropertyPlaceholders("{{wiz.scheduler-enabled}}"))) {
                    for (String stream : streams) {
                        startSchedules(context, stream);
                    }
                }
                main.run(); // already started: waits for SIGTERM or camel.main.duration-max-seconds
                return main.getExitCode();
            }
            // a stream that fails does not stop the others; the exit code is the worst outcome
            ProducerTemplate template = context.createProducerTemplate();
            int exit = refused > 0 ? EXIT_FAILED : EXIT_SUCCEEDED;
            for (String stream : streams) {
                if (StopOnSignal.requested()) {
                    break; // the run stopped is recorded as interrupted; the streams after it wait for the next sync
                }
                // with a cluster, --once runs a stream only as its leader: a stream a daemon leads is refused
                if (cluster != null && !cluster.await(stream, Duration.ofSeconds(Long.parseLong(
                        context.resolvePropertyPlaceholders("{{wiz.cluster.once-wait-seconds}}"))))) {
                    exit = EXIT_FAILED;
                    System.err.println("wiz-camel: stream " + stream + " not run: it is led by "
                            + cluster.describeLeader(stream) + " (wiz.cluster " + cluster.mode()
                            + "); ask its leader with POST /wiz/sync, or run --once when no daemon leads it");
                    cluster.release(stream);
                    continue;
                }
                boolean fullSync = full;
                Exchange result;
                try {
                    result = template.request("direct:wiz-" + stream + "-sync", e -> {
                        e.setProperty("wizTrigger", "once");
                        e.setProperty("wizFull", fullSync);
                    });
                } finally {
                    if (cluster != null) {
                        cluster.release(stream);
                    }
                }
                if (result.getException() != null) {
                    exit = EXIT_FAILED;
                    String message = oneLine(result.getException());
                    System.err.println("wiz-camel: " + named + (streams.size() > 1 || tenant != null ? stream + ": " : "")
                            + (given == null ? message : Tenants.rename(message, tenant, given)));
                } else if (partial(result) && exit == EXIT_SUCCEEDED) {
                    exit = EXIT_PARTIAL;
                }
            }
            return exit;
        } catch (Exception e) {
            if (shown(e)) {
                return EXIT_SUCCEEDED;
            }
            String message = oneLine(e);
            System.err.println("wiz-camel: " + named + (given == null ? message
                    : Tenants.rename(message, tenant, given)));
            if (group != null && o.daemon()) {
                group.stopAll(); // no daemon goes on with only some of its tenants
            }
            return 1;
        } finally {
            if (waiting) {
                try { // the others must not wait for a tenant that could not start
                    group.started(tenant, null, false);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            StopOnSignal.detach(main);
            stopQuietly(main);
            Operations.closeQuietly(monitor);
            Operations.closeQuietly(stateLock[0]);
        }
    }

    /** --history: reads the settings in effect, opens the state store (migrating it if needed) and prints */
    private static int history(String location, Properties props, Map<String, String> env, int last,
            List<String> streams, boolean json) {
        Properties file = SettingsWiring.read(location);
        Properties defaults = SettingsSchema.load().defaults();
        java.util.function.Function<String, String> config = key -> props.getProperty(key,
                env.getOrDefault(Setting.env(key), file.getProperty(key, defaults.getProperty(key, ""))));
        try (StateStore store = RunHistory.store(config)) {
            RunHistory.print(RunHistory.read(store, last, streams), json, store.describe(), System.out);
            return EXIT_SUCCEEDED;
        } catch (Exception e) {
            System.err.println("wiz-camel: --history: " + oneLine(e));
            return EXIT_FAILED;
        }
    }

    /**
     * Whether the crawl, or a derived run it fed, ended partial (an interrupted run is a clean stop: exit 0, and the
     * next sync continues from its watermark).
     */
    private static boolean partial(Exchange result) {
        List<RunStats> runs = new ArrayList<>();
        runs.add(result.getProperty(RunStats.PROPERTY, RunStats.class));
        Map<?, ?> derived = result.getProperty(StreamCatalog.DERIVED_RUNS, Map.class);
        if (derived != null) {
            derived.values().forEach(r -> runs.add((RunStats) r));
        }
        return runs.stream().anyMatch(r -> r != null && RunStats.PARTIAL.equals(r.outcome));
    }

    /**
     * The crawls to run: for the streams named by --stream, else those of wiz.streams, each crawl once (a derived
     * stream such as controls is served by its source's crawl). An unknown name stops start-up, naming the known ones.
     */
    static List<String> streams(CamelContext context, List<String> chosen) {
        boolean fromFlags = !chosen.isEmpty();
        List<String> streams = fromFlags ? chosen
                : Settings.list(context.getPropertiesComponent().resolveProperty("wiz.streams").orElse("issues"));
        StreamCatalog catalog = context.getRegistry().findSingleByType(StreamCatalog.class);
        List<String> crawls = catalog.crawlsFor(streams, fromFlags ? "--stream" : "wiz.streams (WIZ_STREAMS)");
        catalog.choose(streams);
        return crawls;
    }

    /**
     * Whether a route can never run in this process: one a setting switches off (its autoStartup is a placeholder
     * that resolves to false, as the webhook receiver's and the users' event routes: settings hold for the process's
     * life), or, outside the daemon, one from Quartz (a stream's schedule, the users' apply: only the daemon starts
     * the scheduler). A route whose autoStartup is a plain false (the streams' schedules) is started later, by
     * {@link #startSchedules}, and kept.
     */
    static boolean idle(CamelContext context, RouteDefinition route, boolean daemon) {
        String auto = route.getAutoStartup();
        if (auto != null && auto.contains("{{")) {
            try {
                if ("false".equalsIgnoreCase(context.resolvePropertyPlaceholders(auto).trim())) {
                    return true;
                }
            } catch (RuntimeException e) {
                // not resolvable here (a template's own parameter): Camel resolves it when it starts the route
            }
        }
        return !daemon && route.getInput() != null && route.getInput().getEndpointUri() != null
                && route.getInput().getEndpointUri().contains("quartz:");
    }

    /**
     * The Quartz component outside the daemon, where no Quartz route is built ({@link #idle}): it takes the
     * camel.component.quartz.* settings but makes no scheduler, whose thread pool cost the start-up and whose
     * shutdown cost a quarter of a second at the end of every --once.
     */
    @org.apache.camel.spi.annotations.Component("quartz")
    static final class NoScheduler extends QuartzComponent {

        @Override
        protected void doStart() {
            // no scheduler: nothing here is scheduled
        }

        @Override
        protected void doStartScheduler() {
            // no scheduler to start
        }
    }

    /** starts the stream's schedules (made from the wiz-stream-schedule templates, stopped until now) */
    private static void startSchedules(CamelContext context, String stream) throws Exception {
        for (String id : List.of("wiz-" + stream + "-schedule", "wiz-" + stream + "-full-schedule")) {
            if (context.getRoute(id) != null) {
                context.getRouteController().startRoute(id);
            }
        }
    }

    private static WizEmulator startEmulator(Properties props) {
        int issues = Integer.parseInt(props.getProperty("wiz.emulator.issues",
                System.getenv().getOrDefault("WIZ_EMULATOR_ISSUES", "2000")));
        WizEmulator emulator = WizEmulator.builder().issues(issues).build().start();
        props.setProperty("wiz.api-url", emulator.apiUrl());
        props.setProperty("wiz.token-url", emulator.tokenUrl());
        props.setProperty("wiz.client-id", "emulator-client");
        props.setProperty("wiz.client-secret", "emulator-secret");
        System.err.println("wiz-camel: using the embedded Wiz emulator at " + emulator.graphqlUrl() + " with "
                + issues + " issues");
        return emulator;
    }

    private static void stopQuietly(Main main) {
        try {
            if (main.getCamelContext() != null) {
                main.stop();
            }
        } catch (Exception ignored) {
            // exiting anyway
        }
    }

    /** --check-config's end: the configuration is printed, nothing is started */
    private static final class ConfigShown extends RuntimeException {
        ConfigShown() {
            super("configuration shown", null, false, false);
        }
    }

    private static boolean shown(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConfigShown) {
                return true;
            }
        }
        return false;
    }

    /** The cause an operator needs, on one line: our own message when there is one, else the root cause. */
    public static String oneLine(Throwable t) {
        Throwable pick = null;
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof WizApiException || c instanceof IllegalArgumentException) {
                pick = c;
                break;
            }
            if (!(c instanceof CamelExecutionException)) {
                pick = c;
            }
        }
        if (pick == null) {
            pick = t;
        }
        String message = pick.getMessage() != null ? pick.getMessage() : pick.getClass().getSimpleName();
        // Camel's placeholder errors quote the value they could not read, which may be a secret
        message = PLACEHOLDER_TEXT.matcher(message).replaceAll("$1(the value is not shown: it may be a secret)");
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
