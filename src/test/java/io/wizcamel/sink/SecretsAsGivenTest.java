package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.http.SecretHeader;
import io.wizcamel.sink.fake.FakeHec;
import io.wizcamel.sink.fake.FakeJira;
import io.wizcamel.sink.jira.JiraAuth;
import io.wizcamel.sink.kafka.KafkaSinkConfiguration;
import org.apache.camel.CamelContextAware;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets are read by the sinks' beans themselves, not passed as YAML bean arguments (which Camel parses as text):
 * a secret with quotes, commas and spaces in it arrives exactly as given.
 */
class SecretsAsGivenTest {

    /** quotes of both kinds, a comma, spaces inside */
    static final String TRICKY = "s3\"cr'et, with spaces=and,commas\"";

    @TempDir
    Path dir;

    @Test
    void theSplunkHecTokenArrivesAsGiven() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(20).build().start();
                FakeHec hec = new FakeHec(TRICKY, 1_000_000, Set.of("wiz")).start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.sinks", "file,splunk-hec")
                    .set("wiz.sink.splunk-hec.url", hec.baseUrl()).set("wiz.sink.splunk-hec.token", TRICKY)
                    .set("wiz.sink.splunk-hec.index", "wiz").set("wiz.sink-retries", "0");
            assertEquals(0, h.run(), h.stderr);
            JsonNode sink = h.lastRun().path("sinks").path("splunk-hec");
            assertTrue(sink.path("error").isNull(), sink.toString());
            assertTrue(sink.path("delivered").asLong() > 0 && hec.events.size() == sink.path("delivered").asLong(),
                    sink.toString());
            SinkChecks.secretNowhere(h, TRICKY);
        }
    }

    @Test
    void theJiraApiTokenArrivesAsGiven() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(5).build().start()) {
            FakeJira jira = new FakeJira("bot@acme.example", TRICKY, "SEC").start();
            try {
                SyncHarness h = new SyncHarness(emulator, dir).set("wiz.sinks", "jira")
                        .set("wiz.sink.jira.url", jira.url()).set("wiz.sink.jira.email", "bot@acme.example")
                        .set("wiz.sink.jira.api-token", TRICKY).set("wiz.sink.jira.project-key", "SEC")
                        .set("wiz.sink-retries", "0");
                assertEquals(0, h.run(), h.stderr);
                JsonNode sink = h.lastRun().path("sinks").path("jira");
                assertTrue(sink.path("error").isNull(), sink.toString());
                assertFalse(jira.tickets.isEmpty(), "tickets were made with the token");
                SinkChecks.secretNowhere(h, TRICKY);
            } finally {
                jira.close();
            }
        }
    }

    @Test
    void theKafkaJaasLineAndTruststorePasswordArriveAsGiven() throws Exception {
        String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"wiz bot\""
                + " password=\"p,a ss'w\\\"ord\";";
        String truststorePassword = " store \"pass\", word ";
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("wiz.sink.kafka.sasl-jaas-config", jaas);
            p.setProperty("wiz.sink.kafka.ssl-truststore-password", truststorePassword);
            context.getPropertiesComponent().setOverrideProperties(p);
            KafkaSinkConfiguration configuration = new KafkaSinkConfiguration();
            CamelContextAware.trySetCamelContext(configuration, context); // as binding the YAML bean does
            assertEquals(jaas, configuration.getSaslJaasConfig());
            assertEquals(truststorePassword, configuration.getSslTruststorePassword());
            assertEquals(jaas, configuration.copy().getSaslJaasConfig(), "each endpoint's copy has it");
        }
    }

    @Test
    void theBeansReadTheirSecretOnceTheyHaveTheirContext() throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            Properties p = new Properties();
            p.setProperty("wiz.sink.splunk-hec.token", TRICKY);
            p.setProperty("wiz.sink.jira.api-token", TRICKY);
            context.getPropertiesComponent().setOverrideProperties(p);
            SecretHeader header = SecretHeader.fromSetting("Splunk", "wiz.sink.splunk-hec.token");
            CamelContextAware.trySetCamelContext(header, context);
            assertEquals("Splunk " + TRICKY, header.value());
            assertFalse(header.toString().contains("cr'et"));
            JiraAuth auth = new JiraAuth("bot@acme.example");
            CamelContextAware.trySetCamelContext(auth, context);
            assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString(("bot@acme.example:" + TRICKY)
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)), auth.authorization());
            assertFalse(auth.toString().contains("cr'et"));
        }
    }
}
