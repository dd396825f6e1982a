package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher with its state in PostgreSQL (wiz.state.jdbc-url, 127.0.0.1:5432, a throwaway schema): --once
 * --emulator delivers, a second run delivers nothing, and --history shows both runs from the database; neither the
 * password nor the one in the URL shows anywhere.
 */
@Services
class PostgresStateLauncherTest {

    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String URL_SECRET = "url-secret-4711";
    static final String PASSWORD = "pw-secret-0815";

    @TempDir
    Path dir;

    private final String schema = "wiz_test_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    private String out = "";

    @AfterEach
    void dropSchema() throws Exception {
        try (Connection c = DriverManager.getConnection(URL, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Test
    void twoRunsAgainstPostgresDeliverOnceAndTheHistoryShowsBoth() throws Exception {
        // as the launcher's overrides: Camel reads WIZ_STATE_JDBC_URL and the others from the process environment
        Map<String, String> env = new HashMap<>(System.getenv());
        Properties props = new Properties();
        props.setProperty("wiz.state.jdbc-url", URL + "?password=" + URL_SECRET);
        props.setProperty("wiz.state.jdbc-user", "postgres");
        props.setProperty("wiz.state.jdbc-password", PASSWORD);
        props.setProperty("wiz.state.jdbc-schema", schema);
        props.setProperty("wiz.emulator.issues", "400");
        props.setProperty("wiz.output-dir", dir.resolve("out").toString());
        props.setProperty("wiz.state-dir", dir.resolve("data").toString());
        props.setProperty("camel.management.port", "0");

        assertEquals(0, run(env, props, "--once", "--emulator"));
        assertEquals(0, run(env, props, "--once", "--emulator"));
        assertFalse(Files.exists(dir.resolve("data").resolve("wiz-camel.db")), "the state is not in SQLite");

        assertEquals(0, run(env, props, "--history", "--json"));
        List<JsonNode> runs = out.lines().map(l -> {
            try {
                return SyncHarness.JSON.readTree(l);
            } catch (Exception e) {
                throw new IllegalStateException(l, e);
            }
        }).toList();
        assertEquals(2, runs.size(), out);
        assertEquals("succeeded", runs.get(0).path("outcome").asText());
        assertTrue(runs.get(0).path("delivered").asLong() > 0, "the first run delivers");
        assertEquals("succeeded", runs.get(1).path("outcome").asText());
        assertEquals(0, runs.get(1).path("delivered").asLong(), "the second delivers nothing again");
        assertEquals(runs.get(0).path("epoch").asLong() + 1, runs.get(1).path("epoch").asLong());
        long delivered = 0;
        try (var files = Files.list(dir.resolve("out").resolve("issues"))) {
            for (Path f : files.toList()) {
                delivered += Files.readAllLines(f).size();
            }
        }
        assertEquals(runs.get(0).path("delivered").asLong(), delivered, "the file sink has each record once");

        assertEquals(0, run(env, props, "--history", "1", "--stream", "issues"));
        assertTrue(out.contains("PostgreSQL") && out.contains(runs.get(1).path("runId").asText())
                && !out.contains(runs.get(0).path("runId").asText()), out);

        assertEquals(0, run(env, props, "--check-config", "--emulator"));
        assertTrue(out.contains("wiz.state.jdbc-url = " + URL + "?password=*****"), out);
    }

    /** runs the launcher, keeps its standard output in {@link #out}, and checks no secret reached any output */
    private int run(Map<String, String> env, Properties props, String... args) {
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        StringWriter log = new StringWriter();
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        Appender appender = WriterAppender.newBuilder().setName("capture-" + System.nanoTime()).setTarget(log)
                .setLayout(PatternLayout.newBuilder().withPattern("%level %logger %msg %throwable%n").build()).build();
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, null, null);
        ctx.updateLoggers();
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try {
            return WizCamel.run(args, props, env);
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
            ctx.getConfiguration().getRootLogger().removeAppender(appender.getName());
            ctx.updateLoggers();
            out = stdout.toString(StandardCharsets.UTF_8);
            String all = out + stderr.toString(StandardCharsets.UTF_8) + log;
            originalErr.print(stderr.toString(StandardCharsets.UTF_8));
            assertFalse(all.contains(URL_SECRET) || all.contains(PASSWORD), "a secret was shown: " + all);
        }
    }
}
