package io.wizcamel.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's main class as deployed: it starts the connector in a second, tuned JVM and stands for it (signals in, exit
 * code out), and the connector does not outlive it.
 */
class JvmLauncherTest {

    @TempDir
    Path dir;

    @Test
    void theConnectorRunsTunedAndASigtermToTheLauncherStopsItCleanly() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(100_000).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.rate-limit", "1000");
            Path log = dir.resolve("run.log");
            Process launcher = start(h, log, Map.of(), "-Xmx160m", "--once");
            h.awaitPartFile(launcher);
            ProcessHandle connector = connector(launcher);
            List<String> args = JvmLauncher.commandLine(connector.pid());
            assertTrue(args.contains(TunedJvm.COLLECTOR), args.toString());
            assertTrue(args.contains("-Xms80m"), "half the -Xmx160m the command line gave: " + args);
            assertTrue(args.contains("-Xmx160m"), "the command line's own options reach it: " + args);
            assertTrue(args.contains("-D" + JvmLauncher.WATCHED + "=" + launcher.pid()), args.toString());

            launcher.destroy(); // SIGTERM to the launcher alone, as docker stop sends it to PID 1
            assertTrue(launcher.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM");
            String output = Files.readString(log);
            assertEquals(0, launcher.exitValue(), "a requested stop is not a failure:\n" + output);
            assertFalse(connector.isAlive());
            assertEquals("interrupted", h.lastRun().path("outcome").asText(), h.lastRun().toString());
            assertFalse(output.contains(" WARN ") || output.contains(" ERROR "), output);
        }
    }

    @Test
    void aSignalToTheWholeProcessGroupCountsOnceNotAsASecondImpatientSignal() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(100_000).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.rate-limit", "1000");
            Path log = dir.resolve("run.log");
            Process launcher = start(h, log, Map.of(), "--once");
            h.awaitPartFile(launcher);
            ProcessHandle connector = connector(launcher);
            // as a service manager's control-group stop or a terminal's Ctrl-C: each process gets the signal
            Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(connector.pid()),
                    Long.toString(launcher.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(launcher.waitFor(20, TimeUnit.SECONDS), "still running 20 s after SIGTERM");
            String output = Files.readString(log);
            assertEquals(0, launcher.exitValue(), output);
            JsonNode run = h.lastRun();
            assertEquals("interrupted", run.path("outcome").asText(), "stopped at a page boundary: " + run);
            assertFalse(output.contains("again: stopping now"), output);
        }
    }

    @Test
    void aKilledLauncherTakesTheConnectorWithIt() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(100_000).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.rate-limit", "1000");
            Process launcher = start(h, dir.resolve("run.log"), Map.of(), "--once");
            h.awaitPartFile(launcher);
            ProcessHandle connector = connector(launcher);
            launcher.destroyForcibly(); // SIGKILL: the launcher forwards nothing
            assertTrue(connector.onExit().get(10, TimeUnit.SECONDS) != null);
            assertFalse(connector.isAlive(), "the connector does not run on unseen");
            assertTrue(Files.readString(dir.resolve("run.log")).contains("the launcher (process " + launcher.pid()
                    + ") is gone"));
        }
    }

    @Test
    void theConnectorsExitCodeIsTheLaunchersAndItsOptionsWinOverTheTunedOnes() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir);
            Process bad = start(h, dir.resolve("bad.log"), Map.of(), "--no-such-flag");
            assertTrue(bad.waitFor(60, TimeUnit.SECONDS));
            assertEquals(2, bad.exitValue(), "a bad command line: " + Files.readString(dir.resolve("bad.log")));

            Process own = start(h, dir.resolve("own.log"), Map.of(TunedJvm.OPTIONS, "-XX:+UseG1GC"));
            ProcessHandle connector = awaitConnector(own);
            awaitLine(dir.resolve("own.log"), "started as a daemon");
            List<String> args = JvmLauncher.commandLine(connector.pid());
            assertTrue(args.contains("-XX:+UseG1GC") && !args.contains(TunedJvm.COLLECTOR), args.toString());
            own.destroy();
            assertTrue(own.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, own.exitValue(), Files.readString(dir.resolve("own.log")));

            Process plain = start(h, dir.resolve("plain.log"), Map.of(TunedJvm.TUNING, "false"), "--once");
            assertTrue(plain.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, plain.exitValue(), Files.readString(dir.resolve("plain.log")));
            assertEquals("succeeded", h.lastRun().path("outcome").asText());

            Process typo = start(h, dir.resolve("typo.log"), Map.of(TunedJvm.TUNING, "ture"), "--once");
            assertTrue(typo.waitFor(30, TimeUnit.SECONDS));
            assertEquals(2, typo.exitValue());
            assertTrue(Files.readString(dir.resolve("typo.log")).contains("WIZ_JVM_TUNING (wiz.jvm-tuning): 'ture' is"
                    + " not true or false"), Files.readString(dir.resolve("typo.log")));
        }
    }

    /** the jar's main class as a process, with the harness's settings; no schedules, a management port of its own */
    private static Process start(SyncHarness h, Path log, Map<String, String> extraEnv, String... args) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(Map.of("WIZ_SCHEDULER_ENABLED", "false",
                "CAMEL_MANAGEMENT_PORT", "0"));
        env.putAll(extraEnv);
        return h.startProcess(JvmLauncher.class, log, env, args);
    }

    private static ProcessHandle connector(Process launcher) {
        List<ProcessHandle> children = launcher.children().toList();
        assertEquals(1, children.size(), "one connector JVM: " + children);
        return children.get(0);
    }

    private static ProcessHandle awaitConnector(Process launcher) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline && launcher.children().findAny().isEmpty()) {
            Thread.sleep(20);
        }
        return connector(launcher);
    }

    private static void awaitLine(Path log, String text) throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains(text)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("never logged '" + text + "':\n" + Files.readString(log));
    }

}
