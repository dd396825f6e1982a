package io.wizcamel.sink;

import io.wizcamel.sink.elastic.ElasticHttpClient;
import io.wizcamel.sink.kafka.KafkaMessages;
import io.wizcamel.sink.kafka.KafkaSinkConfiguration;
import io.wizcamel.sink.rabbitmq.RabbitPublisher;
import io.wizcamel.sink.servicenow.ServiceNowTickets;
import io.wizcamel.sink.syslog.SyslogMessages;
import io.wizcamel.sink.ticket.IssueText;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.Settings;

/**
 * Start-up checks of the sinks' settings, each run only when wiz.sinks names the sink: a sink that is off must not
 * demand its settings. Called by {@link ConfigCheck}, whose helpers name the key, its variable and what to give.
 */
public final class SinkSettingsCheck {

    private SinkSettingsCheck() {
    }

    public static void check(ConfigCheck c) {
        kafkaSink(c);
        syslogRabbitmq(c);
        splunkAndSentinel(c);
        ticketing(c);
        elastic(c);
    }

    /** the Kafka sink's settings, checked only when kafka is in wiz.sinks */
    static void kafkaSink(ConfigCheck c) {
        if (!c.enabled("kafka")) {
            return;
        }
        if (c.required("wiz.sink.kafka.bootstrap-servers", "the brokers as host:port,host:port")) {
            for (String server : Settings.list(c.value("wiz.sink.kafka.bootstrap-servers"))) {
                if (!server.matches("([^\\s:\\[\\]]+|\\[[0-9a-fA-F:.]+\\]):\\d{1,5}")) {
                    c.problem("wiz.sink.kafka.bootstrap-servers (WIZ_SINK_KAFKA_BOOTSTRAP_SERVERS) has '" + server
                            + "', which is not host:port: give the brokers as host:port,host:port");
                }
            }
        }
        if (!io.wizcamel.config.StreamSettings.expand(c.value("wiz.sink.kafka.topic"), "issues", "issue")
                .matches("[a-zA-Z0-9._-]{1,249}")) {
            c.problem("wiz.sink.kafka.topic (WIZ_SINK_KAFKA_TOPIC) is '" + c.value("wiz.sink.kafka.topic")
                    + "': a Kafka topic name is 1 to 249 letters, digits, '.', '_' or '-'");
        }
        try {
            KafkaMessages.check(c.raw("wiz.sink.kafka.format"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
        String protocol = c.value("wiz.sink.kafka.security-protocol").toUpperCase(Locale.ROOT);
        if (!Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(protocol)) {
            c.problem("wiz.sink.kafka.security-protocol (WIZ_SINK_KAFKA_SECURITY_PROTOCOL) is '" + protocol
                    + "': use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
        }
        if (protocol.startsWith("SASL_")) {
            String mechanism = c.value("wiz.sink.kafka.sasl-mechanism").toUpperCase(Locale.ROOT);
            if (c.required("wiz.sink.kafka.sasl-mechanism", "the SASL mechanism, e.g. PLAIN or SCRAM-SHA-512")
                    && (mechanism.equals("PLAIN") || mechanism.startsWith("SCRAM-"))) {
                // never echo this value: it holds the password
                c.required("wiz.sink.kafka.sasl-jaas-config", "the JAAS login line for " + mechanism + ", e.g."
                        + " org.apache.kafka.common.security.plain.PlainLoginModule required username=\"...\""
                        + " password=\"...\";");
            }
        }
        String truststore = c.value("wiz.sink.kafka.ssl-truststore-location");
        if (!truststore.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(truststore))) {
            c.problem("wiz.sink.kafka.ssl-truststore-location (WIZ_SINK_KAFKA_SSL_TRUSTSTORE_LOCATION) is '"
                    + truststore + "', which is not a readable file: give the path of the truststore");
        }
        try {
            KafkaSinkConfiguration.parse(c.raw("wiz.sink.kafka.additional-properties"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
        c.required("wiz.sink.kafka.client-id", "the client id the brokers see, e.g. wiz-camel");
        c.integer("wiz.sink.kafka.max-block-ms", 100, 600_000, "how long a send waits for an unreachable broker");
        c.integer("wiz.sink.kafka.request-timeout-ms", 100, 600_000, "how long the producer waits for one answer");
        c.integer("wiz.sink.kafka.delivery-timeout-ms", 100, 600_000, "how long a message may wait for its acknowledgement");
        try {
            if (Long.parseLong(c.value("wiz.sink.kafka.delivery-timeout-ms"))
                    < Long.parseLong(c.value("wiz.sink.kafka.request-timeout-ms"))) {
                c.problem("wiz.sink.kafka.delivery-timeout-ms (WIZ_SINK_KAFKA_DELIVERY_TIMEOUT_MS) is below"
                        + " wiz.sink.kafka.request-timeout-ms (WIZ_SINK_KAFKA_REQUEST_TIMEOUT_MS): Kafka requires it to"
                        + " be at least the request timeout");
            }
        } catch (NumberFormatException e) {
            // reported above
        }
    }

    /** The syslog and rabbitmq sinks' settings, checked only for the ones named in wiz.sinks. */
    static void syslogRabbitmq(ConfigCheck c) {
        List<String> sinks = Settings.list(c.value("wiz.sinks"));
        java.util.function.BiConsumer<String, String> trustFile = (key, passwordKey) -> {
            if (!c.value(key).isEmpty()) { // blank: the JDK's trust store
                try {
                    String password = c.raw(passwordKey); // a password as given: not trimmed
                    TlsTrust.context(c.value(key), password == null ? "" : password, true);
                } catch (Exception e) {
                    c.problem(key + " (" + ConfigCheck.env(key) + "): " + e.getMessage() + "; give a PEM CA file or a"
                            + " PKCS12/JKS trust store (with " + ConfigCheck.env(passwordKey) + " if it has a password)");
                }
            }
        };
        if (sinks.contains("syslog")) {
            c.required("wiz.sink.syslog.host", "the syslog server's host name or address");
            c.integer("wiz.sink.syslog.port", 1, 65_535, "the syslog server's port: 514 for udp/tcp, 6514 for tls");
            c.integer("wiz.sink.syslog.udp-max-bytes", SyslogMessages.UDP_MIN,
                    SyslogMessages.UDP_MAX, "the largest UDP message");
            c.integer("wiz.sink.syslog.connect-timeout-ms", 1, 600_000, "TCP/TLS connect timeout");
            c.bool("wiz.sink.syslog.tls-verify");
            try {
                new SyslogMessages(c.value("wiz.sink.syslog.format"), c.value("wiz.sink.syslog.protocol"),
                        c.value("wiz.sink.syslog.framing"), Integer.parseInt(c.value("wiz.sink.syslog.udp-max-bytes")),
                        c.value("wiz.sink.syslog.hostname"), c.value("wiz.sink.syslog.app-name"),
                        c.value("wiz.sink.syslog.facility"), c.value("wiz.sink.syslog.sd-id"));
            } catch (NumberFormatException e) {
                // reported by c.integer() above
            } catch (IllegalArgumentException e) {
                c.problem(e.getMessage());
            }
            if ("tls".equalsIgnoreCase(c.value("wiz.sink.syslog.protocol"))) {
                trustFile.accept("wiz.sink.syslog.tls-trust-file", "wiz.sink.syslog.tls-trust-password");
            }
        }
        if (sinks.contains("rabbitmq")) {
            c.required("wiz.sink.rabbitmq.host", "the RabbitMQ host name or address");
            c.integer("wiz.sink.rabbitmq.port", 1, 65_535, "the AMQP port: 5672, or 5671 with TLS");
            c.required("wiz.sink.rabbitmq.username", "the RabbitMQ user to publish as");
            c.required("wiz.sink.rabbitmq.password", "that user's password");
            c.required("wiz.sink.rabbitmq.exchange", "the exchange to publish to, e.g. wiz.issues");
            String type = c.value("wiz.sink.rabbitmq.exchange-type").toLowerCase(Locale.ROOT);
            if (!RabbitPublisher.EXCHANGE_TYPES.contains(type)) {
                c.problem("wiz.sink.rabbitmq.exchange-type (WIZ_SINK_RABBITMQ_EXCHANGE_TYPE) is '" + type
                        + "': use one of " + RabbitPublisher.EXCHANGE_TYPES);
            }
            c.bool("wiz.sink.rabbitmq.declare-exchange");
            c.bool("wiz.sink.rabbitmq.mandatory");
            c.bool("wiz.sink.rabbitmq.tls");
            c.bool("wiz.sink.rabbitmq.tls-verify");
            c.integer("wiz.sink.rabbitmq.confirm-timeout-ms", 1, 600_000, "how long to wait for the broker's confirms");
            c.integer("wiz.sink.rabbitmq.connect-timeout-ms", 1, 600_000, "connect timeout");
            if ("true".equalsIgnoreCase(c.value("wiz.sink.rabbitmq.tls"))) {
                trustFile.accept("wiz.sink.rabbitmq.tls-trust-file", "wiz.sink.rabbitmq.tls-trust-password");
            }
        }
    }

    /** The Splunk HEC and Sentinel sinks' keys, checked only when the sink is named in wiz.sinks. */
    static void splunkAndSentinel(ConfigCheck c) {
        List<String> sinks = Settings.list(c.value("wiz.sinks"));
        if (sinks.contains("splunk-hec")) {
            c.url("wiz.sink.splunk-hec.url", "the HEC base URL, e.g. https://splunk.example.com:8088 or"
                    + " https://http-inputs-<stack>.splunkcloud.com");
            c.required("wiz.sink.splunk-hec.token", "the HEC token's value (Settings > Data inputs > HTTP Event Collector)");
            c.required("wiz.sink.splunk-hec.sourcetype", "a sourcetype, e.g. wiz:issue");
            c.bool("wiz.sink.splunk-hec.tls-verify");
            c.integer("wiz.sink.splunk-hec.max-batch-bytes", 1024, 838_860_800,
                    "bytes per POST; HEC's max_content_length is 800 MB by default, Splunk Cloud's about 1 MB");
            c.integer("wiz.sink.splunk-hec.max-batch-events", 1, 100_000, "events per POST");
        }
        if (sinks.contains("sentinel")) {
            c.url("wiz.sink.sentinel.dce-url", "the logs ingestion endpoint of your data collection endpoint (or DCR),"
                    + " e.g. https://my-dce-abcd.westeurope-1.ingest.monitor.azure.com");
            if (c.required("wiz.sink.sentinel.dcr-immutable-id", "the DCR's immutableId (dcr-...), from its JSON view")
                    && !c.value("wiz.sink.sentinel.dcr-immutable-id").startsWith("dcr-")) {
                c.problem("wiz.sink.sentinel.dcr-immutable-id (" + ConfigCheck.env("wiz.sink.sentinel.dcr-immutable-id")
                        + ") is '" + c.value("wiz.sink.sentinel.dcr-immutable-id") + "': give the DCR's immutableId,"
                        + " which starts with dcr-, not its name or resource id");
            }
            c.required("wiz.sink.sentinel.stream-name", "a stream the DCR declares, e.g. Custom-WizIssues_CL");
            c.required("wiz.sink.sentinel.tenant-id", "the Microsoft Entra tenant id of the app registration");
            c.required("wiz.sink.sentinel.client-id", "the app registration's Application (client) ID");
            c.required("wiz.sink.sentinel.client-secret", "a client secret's value of the app registration");
            c.url("wiz.sink.sentinel.authority-url", "https://login.microsoftonline.com, or your cloud's authority");
            c.required("wiz.sink.sentinel.scope", "https://monitor.azure.com//.default");
            c.integer("wiz.sink.sentinel.max-batch-bytes", 1024, 1_048_576, "bytes per call; the API takes at most 1 MB");
        }
    }

    /** the Jira and ServiceNow sinks' settings, checked only for the ones named in wiz.sinks */
    static void ticketing(ConfigCheck c) {
        List<String> sinks = Settings.list(c.raw("wiz.sinks"));
        if (sinks.contains("jira")) {
            c.url("wiz.sink.jira.url", "the Jira Cloud site, e.g. https://your-domain.atlassian.net");
            c.required("wiz.sink.jira.email", "the email of the Atlassian account the API token belongs to");
            c.required("wiz.sink.jira.api-token", "an API token from https://id.atlassian.com/manage-profile/security/api-tokens");
            c.required("wiz.sink.jira.project-key", "the key of the project the tickets go to, e.g. SEC");
            c.required("wiz.sink.jira.issue-type", "an issue type of that project, e.g. Task");
            c.required("wiz.sink.jira.done-status", "the workflow status of a finished ticket, e.g. Done");
            c.required("wiz.sink.jira.reopen-status", "the workflow status a reopened ticket returns to, e.g. To Do");
            try {
                IssueText.map("wiz.sink.jira.priority-map", c.raw("wiz.sink.jira.priority-map"));
            } catch (IllegalArgumentException e) {
                c.problem(e.getMessage());
            }
        }
        if (sinks.contains("servicenow")) {
            c.url("wiz.sink.servicenow.url", "the instance, e.g. https://your-instance.service-now.com");
            if (c.required("wiz.sink.servicenow.table", "incident or sn_si_incident")
                    && !c.value("wiz.sink.servicenow.table").matches("[a-z0-9_]+")) {
                c.problem("wiz.sink.servicenow.table (WIZ_SINK_SERVICENOW_TABLE) is '"
                        + c.value("wiz.sink.servicenow.table") + "': give a table name such as incident or sn_si_incident");
            }
            String auth = c.value("wiz.sink.servicenow.auth").toLowerCase(Locale.ROOT);
            if (auth.equals("basic")) {
                c.required("wiz.sink.servicenow.username", "the integration user's name (auth=basic)");
                c.required("wiz.sink.servicenow.password", "the integration user's password (auth=basic)");
            } else if (auth.equals("oauth")) {
                c.required("wiz.sink.servicenow.client-id", "the OAuth client's id from System OAuth > Application Registry");
                c.required("wiz.sink.servicenow.client-secret", "the OAuth client's secret");
            } else {
                c.problem("wiz.sink.servicenow.auth (WIZ_SINK_SERVICENOW_AUTH) is '" + auth + "': use basic or oauth");
            }
            c.required("wiz.sink.servicenow.resolved-close-code", "a close code of the table, e.g. Solution provided");
            c.required("wiz.sink.servicenow.rejected-close-code", "a close code of the table, e.g. No resolution provided");
            try {
                ServiceNowTickets.validate(c.raw("wiz.sink.servicenow.state-map"),
                        c.raw("wiz.sink.servicenow.urgency-map"), c.raw("wiz.sink.servicenow.impact-map"));
            } catch (IllegalArgumentException e) {
                c.problem(e.getMessage());
            }
        }
    }

    /** The Elasticsearch / OpenSearch sink's settings, checked only when wiz.sinks names it. */
    static void elastic(ConfigCheck c) {
        if (!c.enabled("elastic")) {
            return;
        }
        URI url = c.url("wiz.sink.elastic.url", "the cluster's REST endpoint, e.g. https://es.example.com:9200");
        if (url != null && (url.getRawUserInfo() != null || url.getRawQuery() != null)) {
            // the value is not repeated: it may hold a password
            c.problem("wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL) holds credentials or a query: give only"
                    + " scheme, host, port (and a proxy path), and the credentials in wiz.sink.elastic.api-key or"
                    + " username and password");
        }
        String index = c.value("wiz.sink.elastic.index");
        if (index.isEmpty() || !index.matches("[^A-Z\\\\/*?\"<>| ,#:]+") || index.matches("[-_+].*")
                || index.equals(".") || index.equals("..") || index.getBytes(StandardCharsets.UTF_8).length > 255) {
            c.problem("wiz.sink.elastic.index (WIZ_SINK_ELASTIC_INDEX) is '" + index + "', which is not an index"
                    + " name: use lower case, no spaces or any of \\ / * ? \" < > | , # :, not starting with - _ +"
                    + " (e.g. wiz-issues)");
        } else if (index.matches("[0-9]+|true|false")) {
            // Camel's bean wiring would read it as a number or a boolean, not as the name
            c.problem("wiz.sink.elastic.index (WIZ_SINK_ELASTIC_INDEX) is '" + index + "': give a name that is"
                    + " not only digits or true/false, e.g. wiz-" + index);
        }
        boolean key = !c.value("wiz.sink.elastic.api-key").isEmpty();
        boolean user = !c.value("wiz.sink.elastic.username").isEmpty();
        boolean password = !c.value("wiz.sink.elastic.password").isEmpty();
        if (key && (user || password)) {
            c.problem("wiz.sink.elastic.api-key (WIZ_SINK_ELASTIC_API_KEY) and wiz.sink.elastic.username/password"
                    + " are both set: use one of them");
        } else if (!key && !user) {
            c.problem("the elastic sink has no credentials: set wiz.sink.elastic.api-key (WIZ_SINK_ELASTIC_API_KEY),"
                    + " or wiz.sink.elastic.username and wiz.sink.elastic.password");
        } else if (user != password) {
            c.problem("wiz.sink.elastic.username (WIZ_SINK_ELASTIC_USERNAME) and wiz.sink.elastic.password"
                    + " (WIZ_SINK_ELASTIC_PASSWORD) go together: set both, or use an API key instead");
        }
        c.bool("wiz.sink.elastic.tls-verify");
        String ca = c.value("wiz.sink.elastic.ca-file");
        if (!ca.isEmpty()) {
            if ("false".equalsIgnoreCase(c.value("wiz.sink.elastic.tls-verify"))) {
                c.problem("wiz.sink.elastic.ca-file (WIZ_SINK_ELASTIC_CA_FILE) is set but"
                        + " wiz.sink.elastic.tls-verify is false, so it would be ignored: clear one of them");
            } else {
                try {
                    ElasticHttpClient.trustStore(Path.of(ca));
                } catch (IllegalArgumentException e) {
                    c.problem(e.getMessage());
                }
            }
        }
        c.integer("wiz.sink.elastic.max-batch-bytes", 1024, 104_857_600,
                "bytes of one bulk request; the cluster's http.max_content_length is 100 MB by default");
        c.integer("wiz.sink.elastic.max-batch-actions", 1, 100_000, "documents in one bulk request");
        c.integer("wiz.sink.elastic.timeout-seconds", 1, 3600, "seconds to wait for the cluster's answer");
    }
}
