package io.wizcamel.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The options the launcher gives the connector's JVM, and how the operator's own take their place. */
class TunedJvmTest {

    private static final long GIB = 1L << 30;

    @TempDir
    Path dir;

    @Test
    void byDefaultTheCollectorAndAnInitialHeapOfHalfTheMaximumUpTo96MiB() {
        assertEquals(List.of(TunedJvm.COLLECTOR, "-Xms96m"), new TunedJvm(List.of(), null, 6 * GIB).defaults(null));
        assertEquals(List.of(TunedJvm.COLLECTOR, "-Xms96m"),
                new TunedJvm(List.of("-Xmx256m"), null, 6 * GIB).defaults(null));
        assertEquals(List.of(TunedJvm.COLLECTOR, "-Xms50m"),
                new TunedJvm(List.of("-Xmx1g", "-Xmx100m"), null, 6 * GIB).defaults(null), "the last -Xmx counts");
        assertEquals(List.of(TunedJvm.COLLECTOR, "-Xms48m"), new TunedJvm(List.of("-XX:MaxRAMPercentage=75"), null,
                96L << 20).defaults(null), "a maximum from the RAM: the launcher's own, started with the same options");
        assertEquals(List.of(TunedJvm.COLLECTOR), new TunedJvm(List.of("-Xmx12m"), null, 6 * GIB).defaults(null),
                "a tiny heap starts as the JVM would start it");
    }

    @Test
    void theOperatorsOwnCollectorOrInitialHeapWins() {
        assertEquals(List.of("-Xms96m"), new TunedJvm(List.of("-XX:+UseG1GC"), null, GIB).defaults(null));
        assertEquals(List.of(TunedJvm.COLLECTOR), new TunedJvm(List.of("-Xms1g"), null, 4 * GIB).defaults(null));
        assertEquals(List.of(TunedJvm.COLLECTOR),
                new TunedJvm(List.of("-XX:InitialRAMPercentage=10"), null, 4 * GIB).defaults(null));
    }

    @Test
    void theClassArchiveIsMadeByTheFirstRunAndUsedByTheNextUntilTheJarOrTheJvmChanges() throws Exception {
        Path jar = Files.writeString(dir.resolve("wiz-camel.jar"), "jar");
        TunedJvm jvm = new TunedJvm(List.of(), jar, GIB, "/usr/lib/jvm/java-17", "17.0.15+6");
        Path archive = jvm.archive();
        assertTrue(archive.getFileName().toString().matches("wiz-camel\\.[0-9a-f]{8}-[0-9a-f]{8}\\.jsa"),
                archive.toString());
        assertEquals(dir, archive.getParent());
        Path draft = jvm.archiveDraft(42);
        assertEquals(archive.resolveSibling(archive.getFileName() + ".42.tmp"), draft);
        assertFalse(jvm.archiveReady());
        assertTrue(jvm.defaults(draft).contains("-XX:ArchiveClassesAtExit=" + draft));
        assertFalse(jvm.defaults(null).stream().anyMatch(o -> o.contains("Archive")), "a folder it cannot write");

        Files.writeString(archive, "archive");
        assertTrue(jvm.archiveReady());
        assertTrue(jvm.defaults(null).contains("-XX:SharedArchiveFile=" + archive));
        assertNull(jvm.archiveDraft(42), "a ready archive is not made again");
        assertEquals(List.of(), jvm.staleArchives());

        // the JVM maps an archive only for the JVM build and the jar that made it: either changed, a new one is made
        TunedJvm updated = new TunedJvm(List.of(), jar, GIB, "/usr/lib/jvm/java-17", "17.0.16+8");
        assertFalse(updated.archiveReady(), "a JDK update");
        assertTrue(updated.defaults(updated.archiveDraft(42)).contains("-XX:ArchiveClassesAtExit="
                + updated.archive() + ".42.tmp"));
        TunedJvm otherJdk = new TunedJvm(List.of(), jar, GIB, "/usr/lib/jvm/temurin-25", "25.0.3+9");
        Files.writeString(otherJdk.archive(), "another JDK's, which stays for it");
        Files.writeString(dir.resolve("wiz-camel.jsa"), "an archive of an earlier launcher");
        Files.writeString(dir.resolve("other.1234abcd-1234abcd.jsa"), "another jar's");
        Path killed = Files.writeString(dir.resolve(otherJdk.archive().getFileName() + ".999999999.tmp"), "a draft");
        Path running = Files.writeString(dir.resolve(otherJdk.archive().getFileName() + "."
                + ProcessHandle.current().pid() + ".tmp"), "a draft being written");
        Files.writeString(updated.archive(), "archive");
        assertEquals(java.util.Set.of(archive, dir.resolve("wiz-camel.jsa"), killed),
                java.util.Set.copyOf(updated.staleArchives()), "what the launcher deletes once it has a new one: not"
                        + " another JDK's archive, nor the draft of a run still going (" + running + ")");

        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(60))); // a new build
        assertFalse(jvm.archiveReady(), "an archive of an older jar is not used (the JVM would refuse it)");
        Path another = jvm.archiveDraft(42);
        assertTrue(another != null && !another.equals(draft), "the new jar's archive is made, under another name");

        for (String own : List.of("-Xshare:off", "-XX:SharedArchiveFile=/elsewhere.jsa")) {
            TunedJvm operators = new TunedJvm(List.of(own), jar, GIB);
            assertFalse(operators.defaults(operators.archiveDraft(42)).stream()
                    .anyMatch(o -> o.contains("Archive")), own);
        }
        assertNull(new TunedJvm(List.of(), null, GIB).archiveDraft(42),
                "a class path of folders: AppCDS archives jars only");
    }

    @Test
    void tuningIsOnUnlessTurnedOffAndAnythingElseIsAClearError() {
        assertTrue(TunedJvm.wanted(Map.of(), null));
        assertTrue(TunedJvm.wanted(Map.of(TunedJvm.TUNING, " TRUE "), null));
        assertFalse(TunedJvm.wanted(Map.of(TunedJvm.TUNING, "false"), null));
        assertFalse(TunedJvm.wanted(Map.of(TunedJvm.TUNING, "true"), "false"), "the system property wins");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TunedJvm.wanted(Map.of(TunedJvm.TUNING, "no"), null));
        assertEquals("WIZ_JVM_TUNING (wiz.jvm-tuning): 'no' is not true or false; give false to run the connector in"
                + " the JVM java starts, as it is", e.getMessage());
    }

    @Test
    void moreOptionsAreSplitAtWhiteSpace() {
        assertEquals(List.of("-XX:+UseG1GC", "-Xlog:gc*:file=gc.log"),
                TunedJvm.split("  -XX:+UseG1GC \t -Xlog:gc*:file=gc.log "));
        assertEquals(List.of(), TunedJvm.split(null));
        assertEquals(List.of(), TunedJvm.split(" "));
        for (String bad : List.of("UseG1GC", "-XX:+UseG1GC -jar other.jar", "-cp /tmp")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TunedJvm.split(bad));
            assertTrue(e.getMessage().startsWith("WIZ_JVM_OPTIONS (wiz.jvm-options): '"), e.getMessage());
            assertTrue(e.getMessage().contains("is not a JVM option"), e.getMessage());
        }
    }

    @Test
    void theLaunchersOwnOptionsAreThoseBeforeTheJarOrItsClass() {
        List<String> own = JvmLauncher.ownOptions();
        assertFalse(own.contains("-cp") || own.contains("-jar"), own.toString());
    }
}
