package io.wizcamel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Pattern;

import io.wizcamel.SyncHarness;
import io.wizcamel.WizCamel;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** Runs --test-connection as an operator does and reads a sink's row of its table. */
public abstract class ProbeTestBase {

    @TempDir
    protected Path dir;

    protected WizEmulator emulator;
    protected SyncHarness h;
    protected String out;
    protected AutoCloseable part;

    @BeforeEach
    protected void start() {
        emulator = WizEmulator.builder().issues(3).build().start();
        h = new SyncHarness(emulator, dir).set("wiz.sink-retries", "0").set("wiz.sink-retry-delay-ms", "10");
    }

    @AfterEach
    protected void stop() throws Exception {
        emulator.close();
        if (part != null) {
            part.close();
        }
    }

    protected int testConnection() {
        PrintStream o = System.out;
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
        try {
            return WizCamel.run(new String[] {"--test-connection"}, h.props);
        } finally {
            System.setOut(o);
            out = bo.toString(StandardCharsets.UTF_8);
        }
    }

    protected void assertRow(String sink, String result, String detail) {
        assertTrue(out.matches("(?s).*\\n  sink " + Pattern.quote(sink) + " +" + result + " +[^\\n]*"
                + Pattern.quote(detail) + ".*"), out);
    }

    protected void assertPasses(String sink, String detail) {
        assertEquals(0, testConnection(), out);
        assertRow(sink, "OK", detail);
        assertTrue(out.contains("all checks passed"), out);
    }

    protected void assertFails(String sink, String detail, String secret) {
        assertEquals(1, testConnection(), out);
        assertRow(sink, "FAIL", detail);
        if (secret != null) {
            assertFalse(out.contains(secret), "no secret is printed: " + out);
        }
    }
}
