package io.wizcamel.launch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * The JVM options the connector's process runs with when the jar is started with {@code java -jar}: what the JVM
 * would choose by itself suits a long-lived server on a big machine, not an integration that starts, pages through
 * a tenant with a small live set, and stops (docs/operations.md, "The JVM"). Each default gives way to the same
 * kind of option given by the operator, on the {@code java} command line or in {@code WIZ_JVM_OPTIONS}, which come
 * after the defaults and so win.
 *
 * <ul>
 * <li>the parallel collector: no concurrent marking beside the run's own threads, and a young generation sized for
 * throughput (G1 lets it take up to 60 % of the maximum heap, which then fills with garbage whatever the live set);</li>
 * <li>an initial heap of half the maximum (at most 96 MiB): the heap grows to the maximum only when the live set
 * needs it;</li>
 * <li>an AppCDS archive of the connector's classes beside the jar ({@code wiz-camel.<java>-<stamp>.jsa}), made by the
 * first run that finds none and used by every later one: its classes are then mapped, parsed and verified already.
 * The name says which JVM and jar it was made with, as the JVM maps an archive only for the very JVM build and jar
 * that made it: a JDK update or a new jar finds no archive of its own and makes one, instead of starting without
 * one for good.</li>
 * </ul>
 */
public final class TunedJvm {

    /** the setting that turns the tuned child JVM off (true by default) */
    public static final String TUNING = "WIZ_JVM_TUNING";
    /** the setting with more options for the connector's JVM */
    public static final String OPTIONS = "WIZ_JVM_OPTIONS";

    /** the collector, unless the operator names one */
    static final String COLLECTOR = "-XX:+UseParallelGC";
    static final long DEFAULT_INITIAL_HEAP = 96L << 20;
    /** an archive being made: {@code <archive>.<pid of the launcher>.tmp} ({@link #archiveDraft}) */
    private static final Pattern DRAFT = Pattern.compile(".*\\.jsa\\.(\\d{1,18})\\.tmp");
    private static final Pattern HEAP_SIZE = Pattern.compile("(?i)^(?:-Xmx|-XX:MaxHeapSize=)(\\d+)([kmgt]?)$");

    private final List<String> operatorOptions;
    private final Path jar;
    private final long launcherMaxHeap;
    /** the JVM the connector runs in, this one (the launcher starts its own java): its home and its build */
    private final String javaHome;
    private final String javaBuild;

    /**
     * @param operatorOptions the options the operator gave: those of the {@code java} command line, then those of
     *                        {@code WIZ_JVM_OPTIONS}
     * @param jar             the jar the connector runs from, or null when it runs from a class path of folders (no
     *                        archive then: AppCDS takes jars only)
     * @param launcherMaxHeap the launcher's own maximum heap: started with the command line's options, it has the
     *                        maximum the connector gets unless WIZ_JVM_OPTIONS gives another
     */
    public TunedJvm(List<String> operatorOptions, Path jar, long launcherMaxHeap) {
        this(operatorOptions, jar, launcherMaxHeap, System.getProperty("java.home"),
                System.getProperty("java.vm.version"));
    }

    /** @param javaHome and javaBuild the connector's JVM: an archive serves only the JVM that made it */
    TunedJvm(List<String> operatorOptions, Path jar, long launcherMaxHeap, String javaHome, String javaBuild) {
        this.operatorOptions = List.copyOf(operatorOptions);
        this.jar = jar;
        this.launcherMaxHeap = launcherMaxHeap;
        this.javaHome = javaHome;
        this.javaBuild = javaBuild;
    }

    /** whether the launcher starts a tuned JVM ({@code WIZ_JVM_TUNING}, or the system property wiz.jvm-tuning) */
    public static boolean wanted(Map<String, String> env, String property) {
        String value = property != null ? property : env.get(TUNING);
        if (value == null || value.isBlank() || value.trim().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.trim().equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException(TUNING + " (wiz.jvm-tuning): '" + value
                + "' is not true or false; give false to run the connector in the JVM java starts, as it is");
    }

    /**
     * WIZ_JVM_OPTIONS, split at white space (as JDK_JAVA_OPTIONS is, without its quoting). A word that is not an
     * option (a main class or an argument would change what runs) is an error naming the variable.
     */
    public static List<String> split(String options) {
        List<String> out = new ArrayList<>();
        if (options != null) {
            for (String o : options.trim().split("\\s+")) {
                if (o.isEmpty()) {
                    continue;
                }
                if (!o.startsWith("-") || o.equals("-jar") || o.equals("-cp") || o.equals("-classpath")) {
                    throw new IllegalArgumentException(OPTIONS + " (wiz.jvm-options): '" + o + "' is not a JVM option"
                            + " the connector's JVM can take; give options such as -XX:+UseG1GC or -Xlog:gc, separated"
                            + " by spaces");
                }
                out.add(o);
            }
        }
        return out;
    }

    /**
     * The class archive for this JVM and jar: beside the jar, {@code <jar name>.<java>-<stamp>.jsa}, {@code <java>} a
     * checksum of the JVM's home and {@code <stamp>} one of what the JVM checks before it maps an archive: its own
     * build and the jar's path, size and modification time. Null without a jar, or when the jar cannot be read.
     */
    public Path archive() {
        if (jar == null) {
            return null;
        }
        try {
            BasicFileAttributes a = Files.readAttributes(jar, BasicFileAttributes.class);
            return jar.resolveSibling(javaPrefix() + checksum(javaBuild + "\n" + jar + "\n" + a.size() + "\n"
                    + a.lastModifiedTime().toMillis()) + ".jsa");
        } catch (IOException e) {
            return null;
        }
    }

    /** whether the archive for this JVM and jar is there */
    public boolean archiveReady() {
        Path archive = archive();
        return archive != null && Files.isRegularFile(archive);
    }

    /**
     * The archives beside the jar that this JVM's archive replaces: those of earlier builds of the same JDK home (an
     * update) or of earlier jars, which the JVM would not map, and the drafts of runs that were killed (their
     * process is gone). Those of other JDKs stay, for those JDKs.
     */
    public List<Path> staleArchives() throws IOException {
        Path current = archive();
        String prefix = javaPrefix();
        String unstamped = baseName() + ".jsa"; // before the archives had a stamp
        try (var files = Files.list(jar.getParent())) {
            return files.filter(f -> !f.equals(current)).filter(f -> {
                String name = f.getFileName().toString();
                Matcher draft = DRAFT.matcher(name);
                if (draft.matches() && name.startsWith(baseName() + ".")) {
                    return ProcessHandle.of(Long.parseLong(draft.group(1))).isEmpty();
                }
                return name.startsWith(prefix) && name.endsWith(".jsa") || name.equals(unstamped);
            }).toList();
        }
    }

    private String javaPrefix() {
        return baseName() + "." + checksum(javaHome) + "-";
    }

    private String baseName() {
        String name = jar.getFileName().toString();
        return name.endsWith(".jar") ? name.substring(0, name.length() - 4) : name;
    }

    private static String checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    /**
     * Where this run makes the archive (renamed to it when the run succeeds), or null when it makes none: the archive
     * is ready, the operator chose their own class sharing, the connector runs from folders (AppCDS takes jars only),
     * or the jar's folder is not writable.
     */
    public Path archiveDraft(long pid) {
        Path archive = archive();
        if (archive == null || ownSharing() || archiveReady() || !Files.isWritable(jar.getParent())) {
            return null;
        }
        return archive.resolveSibling(archive.getFileName() + "." + pid + ".tmp");
    }

    /**
     * The defaults to put before the operator's options.
     *
     * @param draft where this run makes the archive ({@link #archiveDraft}), or null
     */
    public List<String> defaults(Path draft) {
        List<String> out = new ArrayList<>();
        if (!given("-XX:+Use", "GC")) {
            out.add(COLLECTOR);
        }
        if (!given("-Xms") && !given("-XX:InitialHeapSize=") && !given("-XX:InitialRAMPercentage=")) {
            long max = maxHeap();
            long initial = Math.min(DEFAULT_INITIAL_HEAP, (max > 0 ? max : launcherMaxHeap) / 2);
            if (initial >= 8L << 20) {
                out.add("-Xms" + (initial >> 20) + "m");
            }
        }
        String sharing = draft != null ? "-XX:ArchiveClassesAtExit=" + draft
                : !ownSharing() && archiveReady() ? "-XX:SharedArchiveFile=" + archive() : null;
        if (sharing != null) {
            out.add(sharing);
            // the archive is the launcher's business: making it warns of every class it leaves out, and an archive
            // the JVM cannot map is passed over; the operator's own -Xlog:cds comes after and wins
            out.add("-Xlog:cds*=off");
        }
        return out;
    }

    /** the last -Xmx the operator gave, in bytes; 0 when none */
    long maxHeap() {
        long max = 0;
        for (String o : operatorOptions) {
            Matcher m = HEAP_SIZE.matcher(o);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                max = switch (m.group(2).toLowerCase(Locale.ROOT)) {
                    case "k" -> n << 10;
                    case "m" -> n << 20;
                    case "g" -> n << 30;
                    case "t" -> n << 40;
                    default -> n;
                };
            }
        }
        return max;
    }

    /** whether the operator chose the class sharing themselves: off, or an archive of their own */
    private boolean ownSharing() {
        return given("-Xshare") || given("-XX:SharedArchiveFile") || given("-XX:ArchiveClassesAtExit");
    }

    private boolean given(String prefix) {
        return operatorOptions.stream().anyMatch(o -> o.startsWith(prefix));
    }

    private boolean given(String prefix, String suffix) {
        return operatorOptions.stream().anyMatch(o -> o.startsWith(prefix) && o.endsWith(suffix));
    }
}
