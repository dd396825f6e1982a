package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeHec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --test-connection and --check-config, as an operator setting up runs them. */
class OperatorCommandsTest {

    static final String HEC_TOKEN = "6f1e3c2a-9b8d-4e7f-a1b2-c3d4e5f60718";

    @TempDir
    Path dir;

    WizEmulator emulator;
    FakeHec hec;
    SyncHarness h;
    String out;
    String err;

    @BeforeEach
    void start() {
        emulator = WizEmulator.builder().issues(20).build().start();
        hec = new FakeHec(HEC_TOKEN, 1_000_000, Set.of("main")).start();
        h = new SyncHarness(emulator, dir);
    }

    @AfterEach
    void stop() {
        emulator.close();
        hec.close();
    }

    private int run(String... args) {
        PrintStream o = System.out;
        PrintStream e = System.err;
        ByteArrayOutputStream bo = new ByteArrayOutputStream();
        ByteArrayOutputStream be = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bo, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(be, true, StandardCharsets.UTF_8));
        try {
            return WizCamel.run(args, h.props);
        } finally {
            System.setOut(o);
            System.setErr(e);
            out = bo.toString(StandardCharsets.UTF_8);
            err = be.toString(StandardCharsets.UTF_8);
            o.print(out);
            e.print(err);
        }
    }

    private SyncHarness withHec(String token) {
        return h.set("wiz.sinks", "file,splunk-hec").set("wiz.sink.splunk-hec.url", hec.baseUrl())
                .set("wiz.sink.splunk-hec.token", token);
    }

    @Test
    void testConnectionAgainstTheEmulatorIsAllGreen() {
        withHec(HEC_TOKEN);
        assertEquals(0, run("--test-connection"), out + err);
        assertTrue(out.matches("(?s).*Wiz token +OK +from " + java.util.regex.Pattern.quote(emulator.tokenUrl()) + ".*"),
                out);
        assertTrue(out.matches("(?s).*stream issues \\(read:issues\\) +OK +query issues answered with 1 node.*"), out);
        assertTrue(out.matches("(?s).*sink file +OK +can write .*"), out);
        assertTrue(out.matches("(?s).*sink splunk-hec +OK +HEC at .* accepted the token.*"), out);
        assertTrue(out.contains("all checks passed"), out);
        assertEquals(0, hec.events.size(), "the sink's call sends no event");
        assertFalse(Files.exists(dir.resolve("data/history.jsonl")), "no sync ran");
    }

    @Test
    void aMissingScopeIsNamedAndFailsTheTest() {
        emulator.denyScope("read:issues");
        assertEquals(1, run("--test-connection"));
        assertTrue(out.matches("(?s).*stream issues \\(read:issues\\) +FAIL +missing scope read:issues.*"), out);
        assertTrue(out.matches("(?s).*Wiz token +OK.*"), "the token itself is fine: " + out);
        assertTrue(out.contains("1 of 3 checks failed"), out);
    }

    @Test
    void aRefusedSinkTokenFailsTheTestNamingTheKey() {
        withHec("00000000-0000-0000-0000-000000000000");
        assertEquals(1, run("--test-connection"));
        assertTrue(out.matches("(?s).*sink splunk-hec +FAIL +.*WIZ_SINK_SPLUNK_HEC_TOKEN.*"), out);
        assertFalse(out.contains("00000000-0000-0000-0000-000000000000"), "the token is never shown");
    }

    @Test
    void checkConfigPrintsTheEffectiveSettingsWithSecretsMaskedAndStartsNothing() {
        withHec(HEC_TOKEN).set("wiz.page-size", "250");
        assertEquals(0, run("--check-config"), err);
        assertTrue(out.contains("wiz.page-size = 250   [WIZ_PAGE_SIZE]"), out);
        assertTrue(out.contains("wiz.client-secret = ******** (set)"), out);
        assertTrue(out.contains("wiz.sink.splunk-hec.token = ******** (set)"), out);
        assertTrue(out.contains("camel.management.enabled = true   (default)   [CAMEL_MANAGEMENT_ENABLED]"), out);
        assertFalse(out.contains("emulator-secret") || out.contains(HEC_TOKEN), "no secret is printed");
        assertFalse(out.contains("wiz.sink.kafka."), "only the rooms of the sinks that are on");
        assertEquals(0, emulator.tokenRequests(), "nothing started");
        assertFalse(Files.exists(dir.resolve("data")), "no state written");
    }

    @Test
    void checkConfigNamesWhatIsWrong() {
        h.set("wiz.page-size", "9999");
        assertEquals(1, run("--check-config"));
        assertTrue(err.contains("wiz.page-size (WIZ_PAGE_SIZE)"), err);
    }

    @Test
    void checkConfigFindsASinkStreamOrMappingFileThatAStartWouldRefuse() {
        h.set("wiz.sinks", "file,splunk");
        assertEquals(1, run("--check-config"));
        assertTrue(err.contains("wiz.sinks (WIZ_SINKS) names 'splunk', but no route has id sink-splunk"), err);
        assertTrue(err.contains("splunk-hec"), "the bundled sinks are named: " + err);
        h.set("wiz.sinks", "file").set("wiz.streams", "issues,project");
        assertEquals(1, run("--check-config"));
        assertTrue(err.contains("wiz.streams (WIZ_STREAMS) names 'project', but no stream route has that name"), err);
        h.set("wiz.streams", "issues,projects,controls").set("wiz.mapping-file", dir.resolve("none.yaml").toString());
        assertEquals(1, run("--check-config"));
        assertTrue(err.contains("wiz.mapping-file (WIZ_MAPPING_FILE) for stream issues is "), err);
        h.set("wiz.mapping-file", "routes/mappings/examples/port-wiz.yaml");
        assertEquals(0, run("--check-config"), err);
        assertEquals(0, emulator.tokenRequests(), "nothing started");
        assertFalse(Files.exists(dir.resolve("data")), "no state written");
    }
}
