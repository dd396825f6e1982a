package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.wizcamel.config.SettingsDocs;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.config.SettingsWiring;
import io.wizcamel.config.StreamSettings;
import org.apache.camel.main.Main;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the launcher uses the settings schema: precedence, warnings, --help and the generated docs. */
class SettingsLauncherTest {

    @TempDir
    Path dir;

    @Test
    void defaultsThenTheFileThenTheEnvironmentThenTheLaunchersOverrides() throws Exception {
        String home = System.getenv("HOME");
        assumeTrue(home != null && !home.isEmpty(), "needs an environment variable to look up");
        Files.createDirectories(dir.resolve("none"));
        Path file = Files.writeString(dir.resolve("application.properties"), String.join("\n",
                "camel.main.routes-include-pattern = file:" + dir.resolve("none") + "/*.yaml",
                "wiz.api-url = https://api.us17.app.wiz.io",
                "wiz.client-id = id",
                "wiz.client-secret = secret",
                "wiz.rate-limit = 7",
                "wiz.retry.max-retries = 4",
                "wiz.sink.kafka.topic = security.{stream}",
                "wiz.stream.projects.sink.kafka.topic = wiz.sec.{stream}",
                "home = from-the-file", ""));
        Properties overrides = new Properties();
        overrides.setProperty("wiz.retry.max-retries", "9");
        Main main = new Main();
        SettingsWiring.wire(main, "file:" + file, overrides, Map.of());
        main.addInitialProperty("home", "initial"); // a key with an environment variable (HOME) in every layer
        try {
            main.start();
            PropertiesComponent pc = main.getCamelContext().getPropertiesComponent();
            assertEquals("500", pc.resolveProperty("wiz.page-size").orElseThrow(), "the schema's default");
            assertEquals("7", pc.resolveProperty("wiz.rate-limit").orElseThrow(), "the file over the default");
            assertEquals(home, pc.resolveProperty("home").orElseThrow(), "the environment over the file");
            assertEquals("9", pc.resolveProperty("wiz.retry.max-retries").orElseThrow(), "overrides over the file");
            assertEquals("https://api.us17.app.wiz.io/graphql", pc.resolveProperty("wiz.graphql-url").orElseThrow());
            // per-stream settings keep their tokens; each stream reads its own value (StreamSettings)
            assertEquals("security.{stream}", pc.resolveProperty("wiz.sink.kafka.topic").orElseThrow());
            StreamSettings perStream = new StreamSettings();
            perStream.setCamelContext(main.getCamelContext());
            assertEquals("security.issues", perStream.get("wiz.sink.kafka.topic", "issues", "issue"));
            assertEquals("wiz.sec.projects", perStream.get("wiz.sink.kafka.topic", "projects", "project"));
            assertEquals("Custom-WizServiceTickets_CL",
                    perStream.get("wiz.sink.sentinel.stream-name", "service-tickets", "service-ticket"));
            assertEquals("issue.", perStream.get("wiz.sink.rabbitmq.routing-key-prefix", "issues", "issue"));
        } finally {
            main.stop();
        }
    }

    @Test
    void aMisspeltVariableIsLoggedWithTheClosestKnownOne() {
        StringWriter log = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Appender appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %msg%n").build()).build();
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, null, null);
        ctx.updateLoggers();
        PrintStream err = System.err;
        System.setErr(new PrintStream(new ByteArrayOutputStream(), true));
        int code;
        try {
            Properties p = new Properties();
            p.setProperty("wiz.state-dir", dir.toString());
            p.setProperty("wiz.output-dir", dir.toString());
            code = WizCamel.run(new String[] {"--once"}, p, Map.of("WIZ_SEVERITY", "CRITICAL"));
        } finally {
            System.setErr(err);
            ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
            ctx.updateLoggers();
        }
        assertEquals(1, code, "no API URL: refused");
        assertTrue(log.toString().contains("WARN unknown setting WIZ_SEVERITY: did you mean WIZ_SEVERITIES?"),
                log.toString());
    }

    @Test
    void aHomeFolderThatIsNotThereIsAnErrorNotTheBundledSettings() {
        Launched flag = launch(Map.of(), "--home", "/nonexistent/wiz-home", "--check-config");
        assertEquals(2, flag.code(), flag.err());
        assertTrue(flag.err().contains("--home is /nonexistent/wiz-home, which is not a folder"), flag.err());
        Launched variable = launch(Map.of("WIZ_HOME", "/nonexistent/wiz-home"), "--check-config");
        assertEquals(1, variable.code(), variable.err());
        assertTrue(variable.err().contains("WIZ_HOME is /nonexistent/wiz-home, which is not a folder"), variable.err());
    }

    record Launched(int code, String err) {
    }

    /** the launcher with these arguments and environment: its exit code and standard error */
    private static Launched launch(Map<String, String> env, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Launched(WizCamel.run(args, new Properties(), env), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }

    @Test
    void helpPrintsTheUsageAndEverySettingAndExitsZero() {
        PrintStream out = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = WizCamel.run(new String[] {"--help"}, new Properties(), Map.of());
        } finally {
            System.setOut(out);
        }
        String help = buf.toString(StandardCharsets.UTF_8);
        assertEquals(0, code);
        assertTrue(help.startsWith(WizCamel.USAGE) && help.contains("--stream NAME"), help);
        assertTrue(help.contains("  wiz.page-size  WIZ_PAGE_SIZE  [default: 500]"), help);
        assertTrue(help.contains("wiz.sink.jira.api-token  WIZ_SINK_JIRA_API_TOKEN  [required: with sink jira]"
                + "  [secret]"), help);
        SettingsSchema.load().settings().forEach(s -> assertTrue(help.contains(s.env()), s.key()));
    }

    @Test
    void docsConfigurationMdIsWhatTheSchemaGenerates() throws Exception {
        String generated = SettingsDocs.markdown(SettingsSchema.load());
        String committed = Files.readString(Path.of("docs/configuration.md"));
        assertEquals(generated, committed, "docs/configuration.md differs from the settings schema: regenerate it"
                + " with: " + SettingsDocs.REGENERATE);
        assertFalse(committed.contains("hunter2"));
    }
}
