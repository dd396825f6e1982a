package io.wizcamel.launch;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import sun.misc.Signal;

/**
 * The jar's main class. {@code java -jar wiz-camel.jar ...} starts the connector ({@code io.wizcamel.WizCamel}) in a
 * second JVM with the options of {@link TunedJvm}, as Elasticsearch's launcher starts its server: the options a JVM
 * runs with can only be given when it starts, and the README's command gives none. This JVM loads nothing but this
 * class and the JDK's process API, passes the connector its arguments, the terminal and the environment, forwards
 * SIGTERM and SIGINT to it, and exits with its exit code. The connector stops at once should this JVM be killed
 * (its watch on the launcher, {@link #WATCHED}). {@code WIZ_JVM_TUNING=false} runs the connector in this JVM instead.
 *
 * <p>Nothing here may load Camel, Log4j or the connector's classes: that is what the second JVM is for.
 */
public final class JvmLauncher {

    /** the system property that gives the connector its launcher's process id (the launcher's watch) */
    public static final String WATCHED = "wiz.jvm.launcher";
    private static final String CONNECTOR = "io.wizcamel.WizCamel";

    private JvmLauncher() {
    }

    public static void main(String[] args) throws Exception {
        boolean tuned;
        List<String> more;
        try {
            tuned = TunedJvm.wanted(System.getenv(), System.getProperty("wiz.jvm-tuning"));
            more = tuned ? TunedJvm.split(System.getenv(TunedJvm.OPTIONS)) : List.of();
        } catch (IllegalArgumentException e) {
            System.err.println("wiz-camel: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (!tuned) {
            Class.forName(CONNECTOR).getMethod("main", String[].class).invoke(null, (Object) args);
            return;
        }
        System.exit(launch(args, more));
    }

    private static int launch(String[] args, List<String> more) throws IOException, InterruptedException {
        String classPath = System.getProperty("java.class.path");
        Path jar = classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)
                ? Path.of(classPath).toAbsolutePath() : null;
        List<String> operator = new ArrayList<>(ownOptions());
        operator.addAll(more);
        TunedJvm jvm = new TunedJvm(operator, jar, Runtime.getRuntime().maxMemory());
        long pid = ProcessHandle.current().pid();
        Path draft = jvm.archiveDraft(pid);

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvm.defaults(draft));
        cmd.addAll(operator);
        cmd.add("-D" + WATCHED + "=" + pid);
        // the archive holds the class path it was made with: the jar's absolute path works from any folder
        cmd.addAll(List.of("-cp", jar != null ? jar.toString() : classPath, CONNECTOR));
        cmd.addAll(Arrays.asList(args));
        stopOwnRecordings();

        // the connector stops as on its own signal (a process group's signal reaches it twice: it counts once); one
        // that comes before it is started is passed on as soon as it is
        AtomicReference<Process> started = new AtomicReference<>();
        AtomicBoolean stop = new AtomicBoolean();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), s -> {
                stop.set(true);
                Process p = started.get();
                if (p != null) {
                    p.destroy();
                }
            });
        }
        Process connector;
        try {
            connector = new ProcessBuilder(cmd).inheritIO().start();
        } catch (IOException e) {
            System.err.println("wiz-camel: cannot start the connector's JVM " + cmd.get(0) + " (" + e.getMessage()
                    + "); WIZ_JVM_TUNING=false runs the connector in this JVM instead");
            return 1;
        }
        started.set(connector);
        if (stop.get()) {
            connector.destroy();
        }
        int exit = connector.waitFor();
        if (draft != null) {
            keepArchive(draft, jvm, exit == 0);
        }
        return exit;
    }

    /**
     * The JVM options of this JVM's command line (those before {@code -jar} or the main class); what JDK_JAVA_OPTIONS
     * and JAVA_TOOL_OPTIONS give reaches the connector through the environment it inherits.
     */
    static List<String> ownOptions() {
        List<String> all = commandLine(ProcessHandle.current().pid());
        if (all.isEmpty()) {
            return ManagementFactory.getRuntimeMXBean().getInputArguments();
        }
        List<String> options = new ArrayList<>();
        for (int i = 1; i < all.size(); i++) {
            String a = all.get(i);
            if (a.equals("-jar") || a.equals(JvmLauncher.class.getName())) {
                break;
            }
            if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
                i++; // the class path is the connector's own -cp
                continue;
            }
            options.add(a);
        }
        return options;
    }

    /**
     * A process's command line, the command first, from /proc (ProcessHandle.Info gives no arguments for a command
     * line longer than a page, as a long class path makes it); empty where there is no /proc.
     */
    public static List<String> commandLine(long pid) {
        try {
            String line = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")),
                    java.nio.charset.StandardCharsets.UTF_8);
            return line.isEmpty() ? List.of() : Arrays.asList(line.split("\0"));
        } catch (IOException | UnsupportedOperationException e) {
            return List.of();
        }
    }

    /**
     * A flight recording asked for (on the command line, or in JDK_JAVA_OPTIONS) is the connector's: this JVM's own
     * would be written to the same file when it exits, after the connector's, and replace it.
     */
    private static void stopOwnRecordings() {
        if (jdk.jfr.FlightRecorder.isInitialized()) {
            jdk.jfr.FlightRecorder.getFlightRecorder().getRecordings().forEach(jdk.jfr.Recording::close);
        }
    }

    /**
     * In the connector: when the launcher that started it is gone (killed), the connector stops at once, as the
     * process the operator started has (the next start accounts for a run it cuts short). Nothing without a launcher.
     */
    public static void stopWithLauncher() {
        String launcher = System.getProperty(WATCHED);
        if (launcher == null) {
            return;
        }
        ProcessHandle.of(Long.parseLong(launcher)).ifPresentOrElse(h -> h.onExit().thenRun(JvmLauncher::orphaned),
                JvmLauncher::orphaned);
    }

    private static void orphaned() {
        System.err.println("wiz-camel: the launcher (process " + System.getProperty(WATCHED)
                + ") is gone; stopping now");
        Runtime.getRuntime().halt(1);
    }

    /**
     * The archive a successful run wrote becomes the jar's, and those of other JVMs and earlier jars go (the JVM
     * would not map them); a failed run's (fewer classes) is thrown away.
     */
    private static void keepArchive(Path draft, TunedJvm jvm, boolean succeeded) {
        Path archive = jvm.archive();
        try {
            if (succeeded && Files.isRegularFile(draft)) {
                Files.move(draft, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                for (Path stale : jvm.staleArchives()) {
                    Files.deleteIfExists(stale);
                }
            } else {
                Files.deleteIfExists(draft);
            }
        } catch (IOException e) {
            System.err.println("wiz-camel: could not keep the class archive " + archive + " (" + e.getMessage()
                    + "); the next start makes it again");
        }
    }
}
