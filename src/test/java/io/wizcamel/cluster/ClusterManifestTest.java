package io.wizcamel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

import io.wizcamel.config.Setting;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.config.SettingsWiring;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * deploy/kubernetes/wiz-camel-cluster.yaml: three replicas with the Lease cluster service, the RBAC it needs, and
 * only variables the settings schema knows (the state's PostgreSQL variables come with the PostgreSQL state).
 */
class ClusterManifestTest {

    /** the PostgreSQL state's variables: in the Secret, and settings like every other variable */
    static final Set<String> POSTGRES_STATE = Set.of("WIZ_STATE_JDBC_URL", "WIZ_STATE_JDBC_USER",
            "WIZ_STATE_JDBC_PASSWORD");

    @Test
    @SuppressWarnings("unchecked")
    void threeReplicasElectALeaderPerStreamWithLeasesTheyMayUse() throws Exception {
        Map<String, Map<String, Object>> docs = new HashMap<>();
        List<String> kinds = new ArrayList<>();
        for (Object doc : new Load(LoadSettings.builder().build())
                .loadAllFromString(Files.readString(Path.of("deploy/kubernetes/wiz-camel-cluster.yaml")))) {
            Map<String, Object> d = (Map<String, Object>) doc;
            kinds.add((String) d.get("kind"));
            docs.put((String) d.get("kind"), d);
        }
        assertEquals(List.of("ServiceAccount", "Role", "RoleBinding", "Secret", "ConfigMap", "PersistentVolumeClaim",
                "Deployment"), kinds);
        Map<String, Object> deployment = docs.get("Deployment");
        assertEquals(3, at(deployment, "spec", "replicas"));
        Map<String, Object> pod = (Map<String, Object>) at(deployment, "spec", "template", "spec");
        String account = (String) at(docs.get("ServiceAccount"), "metadata", "name");
        assertEquals(account, pod.get("serviceAccountName"));

        // the Role lets the pods hold Leases and see each other; the binding gives it to their account
        List<Map<String, Object>> rules = (List<Map<String, Object>>) docs.get("Role").get("rules");
        Map<String, Object> leases = rules.stream().filter(r -> ((List<String>) r.get("apiGroups"))
                .contains("coordination.k8s.io")).findFirst().orElseThrow();
        assertEquals(List.of("leases"), leases.get("resources"));
        assertTrue(((List<String>) leases.get("verbs")).containsAll(List.of("get", "list", "watch", "create",
                "update", "patch")), leases.toString());
        assertTrue(rules.stream().anyMatch(r -> ((List<String>) r.get("resources")).contains("pods")
                && ((List<String>) r.get("verbs")).contains("list")), "the pods, to know the cluster's members");
        Map<String, Object> binding = docs.get("RoleBinding");
        assertEquals(at(docs.get("Role"), "metadata", "name"), at(binding, "roleRef", "name"));
        assertEquals(account, ((List<Map<String, Object>>) binding.get("subjects")).get(0).get("name"));

        // every variable the pod gets is a setting (by its variable), values the settings accept
        Map<String, Object> container = ((List<Map<String, Object>>) pod.get("containers")).get(0);
        Map<String, Object> env = new HashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            env.put((String) e.get("name"), e.containsKey("value") ? e.get("value") : e.get("valueFrom"));
        }
        Map<String, Object> secret = (Map<String, Object>) docs.get("Secret").get("stringData");
        Set<String> known = SettingsSchema.load().settings().stream().map(Setting::env).collect(Collectors.toSet());
        assertTrue(known.containsAll(POSTGRES_STATE), "the state's variables are settings");
        List<String> names = new ArrayList<>(env.keySet());
        names.addAll(secret.keySet());
        for (String name : names) {
            assertTrue(known.contains(name) || name.equals("WIZ_HOME") || name.startsWith("CAMEL_"),
                    name + " is not a setting's variable");
        }
        assertTrue(secret.keySet().containsAll(POSTGRES_STATE), "the state's database credentials are secret");
        assertEquals(at(docs.get("Secret"), "metadata", "name"), at(((List<Map<String, Object>>)
                container.get("envFrom")).get(0), "secretRef", "name"));
        assertEquals("kubernetes", env.get("WIZ_CLUSTER"));
        assertEquals("metadata.namespace", at((Map<String, Object>) env.get("WIZ_CLUSTER_KUBERNETES_NAMESPACE"),
                "fieldRef", "fieldPath"));
        int lease = Integer.parseInt((String) env.get("WIZ_CLUSTER_KUBERNETES_LEASE_DURATION_SECONDS"));
        int renew = Integer.parseInt((String) env.get("WIZ_CLUSTER_KUBERNETES_RENEW_DEADLINE_SECONDS"));
        int retry = Integer.parseInt((String) env.get("WIZ_CLUSTER_KUBERNETES_RETRY_PERIOD_SECONDS"));
        assertTrue(retry < renew && renew < lease, "retry < renew deadline < lease duration");

        // the shared volume is ReadWriteMany and holds the state and output folders
        assertEquals(List.of("ReadWriteMany"), at(docs.get("PersistentVolumeClaim"), "spec", "accessModes"));
        assertTrue(((String) env.get("WIZ_STATE_DIR")).startsWith("/shared/")
                && ((String) env.get("WIZ_OUTPUT_DIR")).startsWith("/shared/"));
        int port = Integer.parseInt(SettingsWiring.read("file:application.properties")
                .getProperty("camel.management.port", "9876").trim());
        assertEquals(port, at(container, "readinessProbe", "httpGet", "port"));
        Properties props = new Properties();
        props.load(new java.io.StringReader((String) at(docs.get("ConfigMap"), "data", "application.properties")));
        for (String key : props.stringPropertyNames()) {
            assertTrue(!key.startsWith("wiz.") || SettingsSchema.load().find(key).isPresent(), key + " is a setting");
        }
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
