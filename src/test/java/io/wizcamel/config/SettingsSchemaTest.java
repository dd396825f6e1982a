package io.wizcamel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The settings schema: its rooms, per-stream settings and their tokens, and what start-up checks with them. */
class SettingsSchemaTest {

    static final SettingsSchema SCHEMA = SettingsSchema.load();

    /** the built-in defaults plus what any start needs */
    static Properties valid() {
        Properties p = SCHEMA.defaults();
        p.setProperty("wiz.api-url", "https://api.us17.app.wiz.io/graphql");
        p.setProperty("wiz.client-id", "id");
        p.setProperty("wiz.client-secret", "secret");
        return p;
    }

    static String problems(Properties p, Set<String> keys, Map<String, String> env) {
        return assertThrows(IllegalArgumentException.class, () -> ConfigCheck.check(p::getProperty, keys, env))
                .getMessage();
    }

    @Test
    void everyRoomIsFoundAndEachKeyIsDeclaredOnce() {
        assertEquals(List.of("core", "cluster", "mappings", "operations", "sink-elastic", "sink-file", "sink-jira",
                "sink-kafka", "sink-rabbitmq", "sink-sentinel", "sink-servicenow", "sink-splunk-hec", "sink-syslog",
                "state", "streams-assets", "streams-findings", "streams-identity", "tenants", "users", "users-scim",
                "webhook"),
                SCHEMA.rooms().stream().map(SettingsSchema.Room::name).toList());
        assertEquals(Set.of("elastic", "jira", "kafka", "rabbitmq", "sentinel", "servicenow", "splunk-hec", "syslog"),
                Set.copyOf(SCHEMA.sinks()));
        assertEquals("WIZ_RETRY_MAX_TOTAL_SECONDS", SCHEMA.find("wiz.retry.max-total-seconds").orElseThrow().env());
        for (String sink : List.of("file", "elastic", "kafka", "splunk-hec", "sentinel", "syslog", "rabbitmq")) {
            assertEquals("*", SCHEMA.find("wiz.sink." + sink + ".streams").orElseThrow().defaultValue(), sink);
        }
        assertEquals("issues", SCHEMA.find("wiz.sink.jira.streams").orElseThrow().defaultValue());
        assertEquals("issues", SCHEMA.find("wiz.sink.servicenow.streams").orElseThrow().defaultValue());
        assertEquals("issues", SCHEMA.defaults().getProperty("wiz.streams"));
        assertEquals("", SCHEMA.defaults().getProperty("wiz.audience"), "an optional key resolves, blank");
        assertFalse(SCHEMA.defaults().containsKey("camel.main.name"), "camel.* values are application.properties'");
    }

    @Test
    void theBuiltInDefaultsPassTheirOwnChecks() {
        Properties p = valid();
        p.setProperty("wiz.sinks", "file,elastic,kafka,splunk-hec,sentinel,syslog,rabbitmq,jira,servicenow");
        p.setProperty("wiz.sink.elastic.url", "https://es.example.com:9200");
        p.setProperty("wiz.sink.elastic.api-key", "key");
        p.setProperty("wiz.sink.kafka.bootstrap-servers", "broker:9092");
        p.setProperty("wiz.sink.splunk-hec.url", "https://splunk.example.com:8088");
        p.setProperty("wiz.sink.splunk-hec.token", "t");
        for (String k : List.of("tenant-id", "client-id", "client-secret")) {
            p.setProperty("wiz.sink.sentinel." + k, "x");
        }
        p.setProperty("wiz.sink.sentinel.dce-url", "https://dce.example.com");
        p.setProperty("wiz.sink.sentinel.dcr-immutable-id", "dcr-1");
        p.setProperty("wiz.sink.syslog.host", "syslog.example.com");
        p.setProperty("wiz.sink.rabbitmq.host", "mq.example.com");
        p.setProperty("wiz.sink.rabbitmq.username", "u");
        p.setProperty("wiz.sink.rabbitmq.password", "p");
        p.setProperty("wiz.sink.jira.url", "https://acme.atlassian.net");
        p.setProperty("wiz.sink.jira.email", "e@acme.example");
        p.setProperty("wiz.sink.jira.api-token", "t");
        p.setProperty("wiz.sink.jira.project-key", "SEC");
        p.setProperty("wiz.sink.servicenow.url", "https://acme.service-now.com");
        p.setProperty("wiz.sink.servicenow.username", "u");
        p.setProperty("wiz.sink.servicenow.password", "p");
        assertEquals(Map.of("wiz.graphql-url", "https://api.us17.app.wiz.io/graphql"),
                ConfigCheck.check(p::getProperty, Set.of(), Map.of()));
    }

    @Test
    void tokensBecomeTheStreamsNames() {
        assertEquals("wiz.issues", StreamValues.expand("wiz.{stream}", "issues", "issue"));
        assertEquals("Custom-WizServiceTickets_CL",
                StreamValues.expand("Custom-Wiz{Stream}_CL", "service-tickets", "service-ticket"));
        assertEquals("issue.", StreamValues.expand("{item}.", "issues", "issue"));
        assertEquals("plain", StreamValues.expand("plain", "issues", "issue"));
        assertTrue(StreamValues.hasTokens("wiz-{stream}") && !StreamValues.hasTokens("wiz-issues"));
    }

    @Test
    void theDefaultsForTheIssuesStreamAreTheValuesTheRoutesHadBefore() {
        Map<String, String> before = Map.of("wiz.sink.kafka.topic", "wiz.issues", "wiz.sink.elastic.index", "wiz-issues",
                "wiz.sink.splunk-hec.sourcetype", "wiz:issue", "wiz.sink.sentinel.stream-name", "Custom-WizIssues_CL",
                "wiz.sink.rabbitmq.exchange", "wiz.issues", "wiz.sink.rabbitmq.routing-key-prefix", "issue.",
                "wiz.sink.file.folder", "issues");
        before.forEach((key, value) -> {
            Setting s = SCHEMA.find(key).orElseThrow();
            assertTrue(s.perStream(), key);
            assertEquals(value, StreamValues.expand(s.defaultValue(), "issues", "issue"), key);
        });
        assertTrue(SCHEMA.find("wiz.schedule").orElseThrow().perStream());
        assertTrue(SCHEMA.find("wiz.full-sync-schedule").orElseThrow().perStream());
    }

    @Test
    void perStreamKeysAndTheirVariables() {
        assertEquals(Optional.of("wiz.stream.projects.sink.kafka.topic"),
                SCHEMA.perStreamKeyOfEnv("WIZ_STREAM_PROJECTS_SINK_KAFKA_TOPIC"));
        assertEquals(Optional.of("wiz.stream.service-tickets.full-sync-schedule"),
                SCHEMA.perStreamKeyOfEnv("WIZ_STREAM_SERVICE_TICKETS_FULL_SYNC_SCHEDULE"), "the longest key wins");
        assertEquals(Optional.empty(), SCHEMA.perStreamKeyOfEnv("WIZ_STREAM_PROJECTS_RATE_LIMIT"), "not per stream");
        assertEquals(Optional.empty(), SCHEMA.perStreamKeyOfEnv("WIZ_STREAM_SINK_KAFKA_TOPIC"), "no stream");
        assertEquals("wiz.sink.kafka.topic",
                SCHEMA.perStreamBase("wiz.stream.projects.sink.kafka.topic").orElseThrow().key());
        assertEquals(Optional.empty(), SCHEMA.perStreamBase("wiz.stream.projects.rate-limit"));
    }

    @Test
    void aStreamsOverrideIsCheckedWithItsSettingsTypeAndRoomAndNamedAsGiven() {
        Properties p = valid();
        p.setProperty("wiz.sinks", "file,kafka,elastic");
        p.setProperty("wiz.sink.kafka.bootstrap-servers", "broker:9092");
        p.setProperty("wiz.sink.elastic.url", "https://es.example.com:9200");
        p.setProperty("wiz.sink.elastic.api-key", "key");
        p.setProperty("wiz.stream.projects.schedule", "every day");
        p.setProperty("wiz.stream.projects.sink.elastic.index", "Wiz-{Stream}");
        p.setProperty("wiz.stream.projects.sink.kafka.topic", "wiz {stream}");
        String m = problems(p, p.stringPropertyNames(), Map.of());
        assertTrue(m.contains("wiz.stream.projects.schedule (WIZ_STREAM_PROJECTS_SCHEDULE) is 'every day', not a"
                + " Quartz cron expression"), m);
        assertTrue(m.contains("wiz.stream.projects.sink.elastic.index (WIZ_STREAM_PROJECTS_SINK_ELASTIC_INDEX) is"
                + " 'Wiz-Projects', which is not an index name"), m);
        assertTrue(m.contains("wiz.stream.projects.sink.kafka.topic (WIZ_STREAM_PROJECTS_SINK_KAFKA_TOPIC) is"
                + " 'wiz projects': a Kafka topic name"), m);
        assertFalse(m.contains("wiz.sink.kafka.topic (") || m.contains("wiz.sink.elastic.index ("),
                "the base settings are fine: " + m);

        Properties q = valid();
        q.setProperty("wiz.sinks", "file,kafka");
        q.setProperty("wiz.sink.kafka.bootstrap-servers", "broker:9092");
        Map<String, String> env = Map.of("WIZ_STREAM_SERVICE_TICKETS_SINK_KAFKA_TOPIC", "tickets/{stream}");
        m = problems(q, Set.of(), env);
        assertTrue(m.contains("WIZ_STREAM_SERVICE_TICKETS_SINK_KAFKA_TOPIC) is 'tickets/service-tickets'"), m);

        q.setProperty("wiz.stream.projects.sink.kafka.topic", "wiz.{stream}.v2");
        q.setProperty("wiz.stream.projects.full-sync-schedule", "0 0 3 ? * SAT");
        assertEquals(Map.of("wiz.graphql-url", "https://api.us17.app.wiz.io/graphql"),
                ConfigCheck.check(q::getProperty, q.stringPropertyNames(), Map.of()));
    }

    @Test
    void aSinkThatIsOffHasItsOverridesIgnoredAndAStreamNameIsChecked() {
        Properties p = valid();
        p.setProperty("wiz.stream.projects.sink.kafka.topic", "not a topic");
        ConfigCheck.check(p::getProperty, p.stringPropertyNames(), Map.of());
        p.setProperty("wiz.streams", "issues,Projects");
        p.setProperty("wiz.sink.file.streams", "issues,*");
        p.setProperty("wiz.sink.file.folder", "../{stream}");
        String m = problems(p, Set.of(), Map.of());
        assertTrue(m.contains("wiz.streams (WIZ_STREAMS) has 'Projects': a stream name is lower-case"), m);
        assertTrue(m.contains("wiz.sink.file.folder (WIZ_SINK_FILE_FOLDER) is '../issues'"), m);
        assertFalse(m.contains("WIZ_SINK_FILE_STREAMS"), m);
    }

    @Test
    void requiredWhenAnotherSettingHasAValue() {
        Properties p = valid();
        p.setProperty("wiz.sinks", "servicenow");
        p.setProperty("wiz.sink.servicenow.url", "https://acme.service-now.com");
        p.setProperty("wiz.sink.servicenow.auth", "OAuth");
        String m = problems(p, Set.of(), Map.of());
        assertTrue(m.contains("WIZ_SINK_SERVICENOW_CLIENT_ID) is not set") && m.contains("CLIENT_SECRET) is not set"), m);
        assertFalse(m.contains("WIZ_SINK_SERVICENOW_USERNAME") || m.contains("WIZ_SINK_SERVICENOW_PASSWORD"), m);
    }

    @Test
    void aSecretIsNeverShown() {
        Setting secret = SCHEMA.find("wiz.client-secret").orElseThrow();
        assertEquals("***", secret.shown("hunter2"));
        assertEquals("", secret.shown(""));
        Properties p = valid();
        p.setProperty("wiz.sinks", "kafka");
        p.setProperty("wiz.sink.kafka.bootstrap-servers", "broker:9092");
        p.setProperty("wiz.sink.kafka.additional-properties", "ssl.key.password hunter2pw");
        String m = problems(p, Set.of(), Map.of());
        assertTrue(m.contains("WIZ_SINK_KAFKA_ADDITIONAL_PROPERTIES") && !m.contains("hunter2pw"), m);
        for (Setting s : SCHEMA.settings()) {
            if (s.key().matches(".*(secret|password|api-token|\\.token|api-key|jaas-config)")) {
                assertTrue(s.secret(), s.key() + " is a secret");
            }
        }
    }
}
