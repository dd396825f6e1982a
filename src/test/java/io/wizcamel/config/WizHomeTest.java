package io.wizcamel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the home folder gives and what the jar fills in. */
class WizHomeTest {

    static final String DEPLOYED = "file:routes/wiz/*.yaml,file:routes/streams/*.yaml,file:routes/sinks/*.yaml,"
            + "file:routes/users/*.yaml";

    @TempDir
    Path home;

    @Test
    void anEmptyHomeReadsEverythingFromTheJar() {
        assertEquals("classpath:routes/wiz/*.yaml,classpath:routes/streams/*.yaml,classpath:routes/sinks/*.yaml,"
                + "classpath:routes/users/*.yaml", WizHome.routesPattern(DEPLOYED, home));
        assertEquals("classpath:wiz-camel/application.properties", WizHome.propertiesLocation(home));
        assertEquals(DEPLOYED, SettingsWiring.read(WizHome.propertiesLocation(home))
                .getProperty("camel.main.routes-include-pattern"));
        // camel-main reads classpath:application.properties by default: an application with the jar must not get ours
        assertNull(WizHome.class.getClassLoader().getResource(WizHome.PROPERTIES));
        assertTrue(WizHome.read(home, "routes/graphql/issues.graphql").contains("issuesV2"));
    }

    @Test
    void theFoldersAndFilesTheHomeHasAreItsOwnTheRestTheJars() throws Exception {
        Files.createDirectories(home.resolve("routes/sinks"));
        Files.writeString(home.resolve("application.properties"), "wiz.page-size = 100\n");
        Files.createDirectories(home.resolve("routes/graphql"));
        Files.writeString(home.resolve("routes/graphql/issues.graphql"), "query mine { issuesV2 { nodes { id } } }");
        assertEquals("classpath:routes/wiz/*.yaml,classpath:routes/streams/*.yaml,file:" + home.resolve("routes/sinks")
                + "/*.yaml,classpath:routes/users/*.yaml,/etc/extra/*.yaml,classpath:more/*.yaml", WizHome.routesPattern(DEPLOYED
                + ",/etc/extra/*.yaml,classpath:more/*.yaml", home));
        assertEquals("file:" + home.resolve("application.properties"), WizHome.propertiesLocation(home));
        assertTrue(WizHome.read(home, "routes/graphql/issues.graphql").startsWith("query mine"));
    }

    @Test
    void fromTheJarEachRouteFileIsNamedSoThatCamelNeedNotReadTheWholeJarToFindThem() throws Exception {
        Path jar = home.resolve("wiz-camel.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : List.of("routes/", "routes/wiz/", "routes/wiz/stream.yaml", "routes/wiz/api.yaml",
                    "routes/wiz/sub/deeper.yaml", "routes/wizard/other.yaml", "routes/wiz/notes.txt",
                    "routes/sinks/file.yaml")) {
                out.putNextEntry(new JarEntry(name));
                out.closeEntry();
            }
        }
        assertEquals(List.of("classpath:routes/wiz/api.yaml", "classpath:routes/wiz/stream.yaml"),
                WizHome.bundled("routes/wiz/*.yaml", jar));
        assertEquals(List.of(), WizHome.bundled("routes/users/*.yaml", jar), "a folder the jar lacks: no files");
        assertEquals(List.of("classpath:routes/wiz/*.yaml"), WizHome.bundled("routes/wiz/*.yaml", null),
                "from a build's folders Camel's own scan is quick");
        assertEquals(List.of("classpath:routes/wiz/*.yaml"), WizHome.bundled("routes/wiz/*.yaml",
                home.resolve("missing.jar")));
    }

    @Test
    void theFlagWinsOverTheVariableWhichWinsOverTheWorkingDirectory() {
        assertEquals(Path.of("/opt/a"), WizHome.of("/opt/a", "/opt/b"));
        assertEquals(Path.of("/opt/b"), WizHome.of(null, "/opt/b"));
        assertEquals(Path.of("").toAbsolutePath(), WizHome.of(null, " "));
    }
}
