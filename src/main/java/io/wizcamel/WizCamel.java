package io.wizcamel;

import io.wizcamel.config.SettingsDocs;
import io.wizcamel.config.SettingsWiring;
import io.wizcamel.delivery.SinkRoster;
import io.wizcamel.wiz.WizApiException;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.wizcamel.emulator.WizEmulator;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The standalone runner: Camel Main with the YAML routes under {@code routes/} and {@code application.properties}
 * from the working directory.
 *
 * <pre>
 * java -jar target/wiz-camel.jar              stay up and sync on the Quartz schedules
 * java -jar target/wiz-camel.jar --once       one sync of every enabled stream, then exit (0 = success)
 * java -jar target/wiz-camel.jar --once --full   the same, ignoring the watermark
 * java -jar target/wiz-camel.jar --emulator   against the embedded Wiz emulator (no credentials needed)
 * java -jar target/wiz-camel.jar --help       usage and every setting (key, variable, default, meaning)
 * </pre>
 */
public final class WizCamel {

    static final String USAGE = "usage: java -jar wiz-camel.jar [--once] [--full] [--emulator] [--stream NAME]..."
            + " [--help]";
    /** the streams a --once run syncs, in order */
    static final List<String> STREAMS = List.of("direct:wiz-issues-sync");

    private WizCamel() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new Properties()));
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
        for (String arg : args) {
            switch (arg) {
                case "--once" -> once = true;
                case "--full" -> full = true;
                case "--emulator" -> emulate = true;
                case "--help" -> {
                    SettingsDocs.help(System.out, USAGE);
                    return 0;
                }
                default -> {
                    System.err.println("wiz-camel: unknown argument " + arg + "\n" + USAGE);
                    return 2;
                }
            }
        }
        Properties props = new Properties();
        props.putAll(overrides);
        if (once) {
            props.setProperty("wiz.scheduler-enabled", "false");
        }
        WizEmulator emulator = null;
        Main main = new Main();
        try {
            if (emulate) {
                emulator = startEmulator(props);
            }
            // schema defaults < application.properties < environment < props; checks the settings before routes
            SettingsWiring.wire(main, "file:application.properties", props, env);
            main.start();
            main.getCamelContext().getRegistry().findSingleByType(SinkRoster.class).verify(main.getCamelContext());
            if (!once) {
                main.run(); // already started: waits for SIGTERM or camel.main.duration-max-seconds
                return main.getExitCode();
            }
            ProducerTemplate template = main.getCamelContext().createProducerTemplate();
            for (String stream : STREAMS) {
                boolean fullSync = full;
                Exchange result = template.request(stream, e -> {
                    e.setProperty("wizTrigger", "once");
                    e.setProperty("wizFull", fullSync);
                });
                if (result.getException() != null) {
                    throw result.getException();
                }
            }
            return 0;
        } catch (Exception e) {
            System.err.println("wiz-camel: " + oneLine(e));
            return 1;
        } finally {
            stopQuietly(main);
            if (emulator != null) {
                emulator.close();
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
        return message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
