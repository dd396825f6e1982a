package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.config.SettingsWiring;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The jar runs from any folder (what the home folder lacks, it carries), and the deployment files (Dockerfile,
 * Kubernetes manifest, systemd units) parse and agree with the configuration.
 */
class PackagingTest {

    @TempDir
    Path dir;

    @Test
    void fromAnEmptyFolderWithEnvironmentVariablesOnlyItSyncs() throws Exception {
        Process p = launch(dir, Map.of("WIZ_EMULATOR_ISSUES", "500"), "--once", "--emulator");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ended");
        String log = Files.readString(dir.resolve("run.log"));
        assertEquals(0, p.exitValue(), log);
        JsonNode run = SyncHarness.JSON.readTree(Files.readAllLines(dir.resolve("data").resolve("history.jsonl")).get(0));
        assertEquals("succeeded", run.path("outcome").asText(), log);
        assertTrue(run.path("delivered").asLong() > 0, run.toString());
        try (var files = Files.list(dir.resolve("out").resolve("issues"))) {
            assertEquals(1, files.count(), "the records were published under ./out");
        }
    }

    @Test
    void wizHomeGivesThePropertiesAndRouteFoldersItHasTheJarTheRest() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("application.properties"), "camel.main.routes-include-pattern = "
                + "file:routes/wiz/*.yaml,file:routes/streams/*.yaml,file:routes/sinks/*.yaml\nwiz.page-size = 120\n");
        // the home's own query for issues: the same selection, read from the home folder and not the jar's
        Path graphql = Files.createDirectories(home.resolve("routes").resolve("graphql"));
        Files.copy(Path.of("routes/graphql/issues.graphql"), graphql.resolve("issues.graphql"));
        Path work = Files.createDirectories(dir.resolve("elsewhere"));
        Process p = launch(work, Map.of("WIZ_HOME", home.toString(), "WIZ_EMULATOR_ISSUES", "500"), "--once",
                "--emulator");
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(work.resolve("run.log")));
        JsonNode run = SyncHarness.JSON.readTree(Files.readAllLines(work.resolve("data").resolve("history.jsonl")).get(0));
        assertEquals("succeeded", run.path("outcome").asText());
        long pages = run.path("pages").asLong();
        assertEquals((run.path("fetched").asLong() + 119) / 120, pages, "the home's page size: " + run);
    }

    /** the launcher's main in a JVM of its own, in {@code workDir}, with the jar's classpath (not the tests') */
    private static Process launch(Path workDir, Map<String, String> env, String... args) throws Exception {
        String classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("test-classes")).collect(Collectors.joining(File.pathSeparator));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classpath, WizCamel.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(workDir.resolve("run.log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("WIZ_") || k.startsWith("CAMEL_"));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** the management port as configured by default: the schema's, else application.properties', else Camel's 9876 */
    static int managementPort() {
        String port = SettingsSchema.load().find("camel.management.port").map(s -> s.defaultValue())
                .orElse(SettingsWiring.read("file:application.properties").getProperty("camel.management.port", "9876"));
        return Integer.parseInt(port.trim());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKubernetesManifestParsesAndItsProbesMatchTheManagementPort() throws Exception {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build())
                .loadAllFromString(Files.readString(Path.of("deploy/kubernetes/wiz-camel.yaml")))) {
            docs.add((Map<String, Object>) doc);
        }
        List<String> kinds = docs.stream().map(d -> (String) d.get("kind")).toList();
        assertEquals(List.of("Secret", "ConfigMap", "ConfigMap", "PersistentVolumeClaim", "Deployment"), kinds);

        Map<String, Object> deployment = docs.get(4);
        assertEquals(1, at(deployment, "spec", "replicas"), "one writer per state folder");
        assertEquals("Recreate", at(deployment, "spec", "strategy", "type"));
        Map<String, Object> pod = (Map<String, Object>) at(deployment, "spec", "template", "spec");
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        int port = managementPort();
        assertEquals("/observe/health/live", at(container, "livenessProbe", "httpGet", "path"));
        assertEquals(port, at(container, "livenessProbe", "httpGet", "port"));
        assertEquals("/observe/health/ready", at(container, "readinessProbe", "httpGet", "path"));
        assertEquals(port, at(container, "readinessProbe", "httpGet", "port"));
        assertEquals(port, at(((List<Map<String, Object>>) container.get("ports")).get(0), "containerPort"));

        Map<String, String> env = new java.util.HashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            env.put((String) e.get("name"), String.valueOf(e.get("value")));
        }
        assertEquals(Integer.toString(port), env.get("CAMEL_MANAGEMENT_PORT"));
        // the state folder is the volume of the claim, and the Secret holds the credentials the pod reads
        List<Map<String, Object>> mounts = (List<Map<String, Object>>) container.get("volumeMounts");
        String stateVolume = ((List<Map<String, Object>>) pod.get("volumes")).stream()
                .filter(v -> v.containsKey("persistentVolumeClaim")).map(v -> (String) v.get("name")).findFirst()
                .orElseThrow();
        assertEquals(env.get("WIZ_STATE_DIR"), mounts.stream().filter(m -> stateVolume.equals(m.get("name")))
                .map(m -> m.get("mountPath")).findFirst().orElseThrow());
        assertEquals(at(docs.get(3), "metadata", "name"), ((List<Map<String, Object>>) pod.get("volumes")).stream()
                .filter(v -> v.containsKey("persistentVolumeClaim"))
                .map(v -> at(v, "persistentVolumeClaim", "claimName")).findFirst().orElseThrow());
        Map<String, Object> secret = docs.get(0);
        assertTrue(((Map<String, Object>) secret.get("stringData")).keySet()
                .containsAll(List.of("WIZ_CLIENT_ID", "WIZ_CLIENT_SECRET")));
        assertEquals(at(secret, "metadata", "name"), at(((List<Map<String, Object>>) container.get("envFrom")).get(0),
                "secretRef", "name"));
        // the ConfigMap's application.properties is a properties file the launcher reads, with the keys it knows
        Properties props = new Properties();
        props.load(new java.io.StringReader((String) at(docs.get(1), "data", "application.properties")));
        assertTrue(props.getProperty("camel.main.routes-include-pattern").contains("file:routes/custom/*.yaml"));
        for (String key : props.stringPropertyNames()) {
            assertTrue(!key.startsWith("wiz.") || SettingsSchema.load().find(key).isPresent(), key + " is a setting");
        }
        assertEquals("/etc/wiz-camel", env.get("WIZ_HOME"));
    }

    @Test
    void theDockerfileRunsAsNonRootWithVolumesAndAHealthCheckOnTheManagementPort() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        String text = String.join("\n", lines);
        assertTrue(lines.get(0).matches("FROM eclipse-temurin:17-jre.*"), lines.get(0));
        String user = lines.stream().filter(l -> l.startsWith("USER ")).findFirst().orElseThrow();
        assertTrue(!user.contains("root") && !user.matches("USER 0(:.*)?"), user);
        assertTrue(text.contains("VOLUME [\"/data\", \"/out\"]"), text);
        int port = managementPort();
        assertTrue(text.contains("EXPOSE " + port), text);
        assertTrue(text.contains("CAMEL_MANAGEMENT_PORT=" + port), text);
        assertTrue(text.matches("(?s).*HEALTHCHECK .*http://127\\.0\\.0\\.1:" + port + "/observe/health.*"), text);
        assertTrue(text.contains("WIZ_STATE_DIR=/data") && text.contains("WIZ_OUTPUT_DIR=/out"), text);
        assertTrue(text.contains("COPY target/wiz-camel.jar"), text);
    }

    @Test
    void theSystemdUnitsSayWhatIsSuccessAndWhenToRestart() throws Exception {
        Map<String, List<String>> service = unit(Path.of("deploy/systemd/wiz-camel.service"));
        assertEquals(List.of("0 143"), service.get("SuccessExitStatus"));
        assertEquals(List.of("on-failure"), service.get("Restart"));
        assertEquals(List.of("2"), service.get("RestartPreventExitStatus"), "a bad command line is not retried");
        assertTrue(service.get("ExecStart").get(0).endsWith("wiz-camel.jar"));
        Map<String, List<String>> once = unit(Path.of("deploy/systemd/wiz-camel-once.service"));
        assertEquals(List.of("oneshot"), once.get("Type"));
        assertTrue(once.get("ExecStart").get(0).endsWith("wiz-camel.jar --once"));
        assertTrue(!once.get("SuccessExitStatus").get(0).contains("3"), "a partial run (exit 3) is reported");
        assertNotNull(unit(Path.of("deploy/systemd/wiz-camel-once.timer")).get("OnCalendar"));
    }

    /** a systemd unit file's keys and values (sections flattened), failing on a line that is not one */
    private static Map<String, List<String>> unit(Path file) throws Exception {
        Map<String, List<String>> keys = new java.util.HashMap<>();
        for (String line : Files.readAllLines(file)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.matches("\\[[A-Za-z]+]")) {
                continue;
            }
            int eq = l.indexOf('=');
            assertTrue(eq > 0 && l.substring(0, eq).matches("[A-Za-z]+"), file + ": not a key=value line: " + l);
            keys.computeIfAbsent(l.substring(0, eq), k -> new ArrayList<>()).add(l.substring(eq + 1));
        }
        return keys;
    }

    @SuppressWarnings("unchecked")
    private static Object at(Map<String, Object> map, String... path) {
        Object o = map;
        for (String p : path) {
            o = ((Map<String, Object>) o).get(p);
        }
        return o;
    }
}
