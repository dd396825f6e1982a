package io.wizcamel.stream.auditlogs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.EmulatedAuditLog;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit-logs stream as deployed: a full sync over several pages to the file and Kafka sinks with no secret of
 * the action parameters anywhere in the output, an incremental run that asks only for entries after the watermark,
 * and a missing admin:audit that fails this stream alone, naming the scope.
 */
class AuditLogsStreamTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    /** every value under a secret-looking key of the emulator's entries: none may reach a sink */
    static Set<String> secrets(EmulatedAuditLog log) {
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < log.count(); i++) {
            collect(log.entry(i).path("actionParameters"), false, out);
        }
        return out;
    }

    private static void collect(JsonNode node, boolean secret, Set<String> out) {
        if (node.isValueNode() && secret) {
            out.add(node.asText());
        }
        if (node.isObject()) {
            boolean pair = node.path("key").asText().equals("Authorization");
            node.properties().forEach(e -> collect(e.getValue(), secret || e.getKey().matches("(?i).*(secret|token|"
                    + "password|private_key).*") || pair && e.getKey().equals("value"), out));
        }
        node.forEach(child -> collect(child, secret, out));
    }

    private List<String> fileLines() throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir.resolve("out").resolve("audit-logs"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList()) {
                out.addAll(Files.readAllLines(f));
            }
        }
        return out;
    }

    @Test
    void fullThenIncrementalWithSecretsRedacted() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).auditLogEntries(1030).build().start()) {
            EmulatedAuditLog log = emulator.auditLog();
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.streams", "audit-logs").set("wiz.page-size", "200")
                    .set("wiz.sinks", "file,kafka").set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext());
            assertEquals(0, h.run(), h.stderr);
            JsonNode run = h.lastRun();
            assertEquals("succeeded", run.path("outcome").asText(), run.toString());
            assertEquals(6, run.path("pages").asLong());
            assertEquals(6, run.path("requests").asLong());
            assertEquals(1030, run.path("sinks").path("file").path("delivered").asLong());

            List<String> lines = fileLines();
            List<ConsumerRecord<String, String>> onTopic = KAFKA.readAll("wiz.audit-logs");
            assertEquals(1030, lines.size());
            assertEquals(1030, onTopic.size());
            Set<String> secrets = secrets(log);
            assertTrue(secrets.size() > 300, "the emulator's entries carry secrets: " + secrets.size());
            String everything = String.join("\n", lines) + onTopic.stream().map(ConsumerRecord::value)
                    .collect(Collectors.joining("\n"));
            for (String secret : secrets) {
                assertFalse(everything.contains(secret), "a secret reached a sink: " + secret);
            }
            JsonNode first = SyncHarness.JSON.readTree(lines.get(2)); // entry #2: CreateIntegration
            assertEquals("CreateIntegration", first.path("action").asText());
            assertEquals("***", first.path("actionParameters").path("input").path("params").path("apiToken").asText());
            assertEquals("svc-wiz", first.path("actionParameters").path("input").path("params").path("username").asText());
            long users = lines.stream().filter(l -> l.contains("\"actorType\":\"user\"")).count();
            assertTrue(users > 0 && users < 1030, "users and service accounts both act");
            assertTrue(lines.stream().allMatch(l -> !l.contains("\"actorType\":\"user\"")
                    || l.matches(".*\"email\":\"[a-z]+@acme\\.example\".*")), "emails from <env>_<email> user ids");

            // five new entries: the next run asks for entries after the watermark and delivers just those
            log.add(5);
            emulator.resetCounters();
            assertEquals(0, h.run(), h.stderr);
            JsonNode second = h.lastRun();
            assertEquals("incremental", second.path("mode").asText());
            List<JsonNode> asked = emulator.recordedVariables();
            assertEquals(1, asked.size());
            assertEquals(run.path("watermarkTo").asText(),
                    asked.get(0).path("filterBy").path("timestamp").path("after").asText());
            assertEquals(5, second.path("sinks").path("kafka").path("delivered").asLong(), second.toString());
            assertEquals(1035, KAFKA.readAll("wiz.audit-logs").size());

            // a full resync re-reads every entry and delivers none again
            assertEquals(0, h.run("--full"), h.stderr);
            assertEquals(0, h.lastRun().path("sinks").path("kafka").path("delivered").asLong());
            assertEquals(1035, KAFKA.readAll("wiz.audit-logs").size());
        }
    }

    @Test
    void withoutAdminAuditTheStreamFailsAloneNamingTheScope() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(200).cloudResources(50).build().start()) {
            emulator.denyScope("admin:audit");
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.streams", "audit-logs,issues,resources");
            assertEquals(1, h.run());
            assertTrue(h.stderr.contains("audit-logs") && h.stderr.contains("admin:audit"), h.stderr);
            List<JsonNode> history = h.history();
            assertEquals(List.of("audit-logs:failed", "issues:succeeded", "resources:succeeded"), history.stream()
                    .map(r -> r.path("stream").asText() + ":" + r.path("outcome").asText()).toList());
            assertEquals(h.expectedIds(200).size(), history.get(1).path("delivered").asLong());
            assertFalse(Files.exists(dir.resolve("out").resolve("audit-logs")) && !fileLines().isEmpty());
        }
    }
}
