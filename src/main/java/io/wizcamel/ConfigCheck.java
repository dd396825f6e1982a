package io.wizcamel;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import io.wizcamel.sink.KafkaMessages;
import io.wizcamel.sink.KafkaSinkConfiguration;
import io.wizcamel.sink.ElasticHttpClient;
import org.quartz.CronExpression;

/**
 * Checks the configuration before any route starts, so that a wrong value stops start-up with a message naming the
 * key, its environment variable and what to do, instead of failing later mid-sync. Returns the values it derives.
 */
public final class ConfigCheck {

    public static final int MAX_PAGE_SIZE = 500;
    /** Wiz's gateway cuts requests off near 120 s; a client timeout above that only hides the cut */
    static final int MAX_TIMEOUT_SECONDS = 115;
    static final Set<String> SEVERITIES = Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL");
    static final Set<String> STATUSES = Set.of("OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED");

    private final Function<String, String> config;
    private final List<String> problems = new ArrayList<>();

    private ConfigCheck(Function<String, String> config) {
        this.config = config;
    }

    /**
     * @param config looks a key up (application.properties, overridden by its environment variable)
     * @return derived settings to add to the configuration (the normalised GraphQL URL)
     * @throws IllegalArgumentException naming every key that is wrong
     */
    public static Map<String, String> check(Function<String, String> config) {
        ConfigCheck c = new ConfigCheck(config);
        Map<String, String> derived = new LinkedHashMap<>();
        URI api = c.url("wiz.api-url", "the tenant's API Endpoint URL from Wiz > User Settings > Tenant");
        if (api != null) {
            String path = api.toString().replaceAll("/+$", "");
            derived.put("wiz.graphql-url", path.endsWith("/graphql") ? path : path + "/graphql");
        }
        c.url("wiz.token-url", "https://auth.app.wiz.io/oauth/token, or your tenant's token URL");
        c.required("wiz.client-id", "the service account's Client ID");
        c.required("wiz.client-secret", "the service account's Client Secret");
        c.integer("wiz.page-size", 1, MAX_PAGE_SIZE, "Wiz serves at most " + MAX_PAGE_SIZE + " issues a page");
        c.values("wiz.severities", SEVERITIES);
        c.values("wiz.statuses", STATUSES);
        c.required("wiz.cloud-platforms", "for example AWS,Azure,GCP");
        c.bool("wiz.skip-deleted");
        c.bool("wiz.scheduler-enabled");
        c.cron("wiz.schedule");
        c.cron("wiz.full-sync-schedule");
        try {
            StatusMapper.parse(config.apply("wiz.status-map"));
        } catch (IllegalArgumentException e) {
            c.problems.add(e.getMessage() + " [" + env("wiz.status-map") + "]");
        }
        c.required("wiz.status-fallback", "the status given to a Wiz status the map does not know");
        c.integer("wiz.rate-limit", 1, 100, "requests per second to the Wiz API");
        c.integer("wiz.request-timeout-seconds", 1, MAX_TIMEOUT_SECONDS,
                "Wiz's gateway cuts requests off near 120 s, so stay under it");
        c.integer("wiz.retry.max-retries", 0, 100, "retries of one request");
        c.integer("wiz.retry.initial-delay-ms", 0, 600_000, "first backoff delay");
        c.integer("wiz.retry.max-delay-ms", 0, 600_000, "longest backoff delay");
        c.integer("wiz.retry.max-total-seconds", 0, 86_400, "total time spent retrying one request");
        c.integer("wiz.watermark-overlap-seconds", 0, 86_400, "how far back each incremental sync looks again");
        try {
            new SinkRoster(config.apply("wiz.sinks"));
        } catch (IllegalArgumentException e) {
            c.problems.add(e.getMessage());
        }
        c.integer("wiz.sink-retries", 0, 100, "retries of a page a sink failed to take");
        c.integer("wiz.sink-retry-delay-ms", 0, 600_000, "first delay before a sink retry");
        try {
            new FileParts(config.apply("wiz.sink.file.formats"), 1, 1);
        } catch (IllegalArgumentException e) {
            c.problems.add(e.getMessage());
        }
        c.integer("wiz.sink.file.roll-bytes", 1024, Long.MAX_VALUE, "bytes after which a file rolls over");
        c.integer("wiz.sink.file.roll-seconds", 1, Long.MAX_VALUE, "seconds after which a file rolls over");
        c.kafkaSink();
        c.syslogRabbitmq();
        c.splunkAndSentinel();
        c.ticketing();
        c.elastic();
        c.required("wiz.output-dir", "where files are written");
        c.required("wiz.state-dir", "where checkpoints and history are kept");
        if (!c.problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration error: " + String.join("; ", c.problems));
        }
        return derived;
    }

    /** the Kafka sink's settings, checked only when kafka is in wiz.sinks */
    private void kafkaSink() {
        if (!Settings.list(config.apply("wiz.sinks")).contains("kafka")) {
            return;
        }
        if (required("wiz.sink.kafka.bootstrap-servers", "the brokers as host:port,host:port")) {
            for (String server : Settings.list(value("wiz.sink.kafka.bootstrap-servers"))) {
                if (!server.matches("([^\\s:\\[\\]]+|\\[[0-9a-fA-F:.]+\\]):\\d{1,5}")) {
                    problems.add("wiz.sink.kafka.bootstrap-servers (WIZ_SINK_KAFKA_BOOTSTRAP_SERVERS) has '" + server
                            + "', which is not host:port: give the brokers as host:port,host:port");
                }
            }
        }
        if (!value("wiz.sink.kafka.topic").matches("[a-zA-Z0-9._-]{1,249}")) {
            problems.add("wiz.sink.kafka.topic (WIZ_SINK_KAFKA_TOPIC) is '" + value("wiz.sink.kafka.topic")
                    + "': a Kafka topic name is 1 to 249 letters, digits, '.', '_' or '-'");
        }
        try {
            KafkaMessages.check(config.apply("wiz.sink.kafka.format"));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        String protocol = value("wiz.sink.kafka.security-protocol").toUpperCase(Locale.ROOT);
        if (!Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(protocol)) {
            problems.add("wiz.sink.kafka.security-protocol (WIZ_SINK_KAFKA_SECURITY_PROTOCOL) is '" + protocol
                    + "': use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
        }
        if (protocol.startsWith("SASL_")) {
            String mechanism = value("wiz.sink.kafka.sasl-mechanism").toUpperCase(Locale.ROOT);
            if (required("wiz.sink.kafka.sasl-mechanism", "the SASL mechanism, e.g. PLAIN or SCRAM-SHA-512")
                    && (mechanism.equals("PLAIN") || mechanism.startsWith("SCRAM-"))) {
                // never echo this value: it holds the password
                required("wiz.sink.kafka.sasl-jaas-config", "the JAAS login line for " + mechanism + ", e.g."
                        + " org.apache.kafka.common.security.plain.PlainLoginModule required username=\"...\""
                        + " password=\"...\";");
            }
        }
        String truststore = value("wiz.sink.kafka.ssl-truststore-location");
        if (!truststore.isEmpty() && !java.nio.file.Files.isReadable(java.nio.file.Path.of(truststore))) {
            problems.add("wiz.sink.kafka.ssl-truststore-location (WIZ_SINK_KAFKA_SSL_TRUSTSTORE_LOCATION) is '"
                    + truststore + "', which is not a readable file: give the path of the truststore");
        }
        try {
            KafkaSinkConfiguration.parse(config.apply("wiz.sink.kafka.additional-properties"));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        required("wiz.sink.kafka.client-id", "the client id the brokers see, e.g. wiz-camel");
        integer("wiz.sink.kafka.max-block-ms", 100, 600_000, "how long a send waits for an unreachable broker");
        integer("wiz.sink.kafka.request-timeout-ms", 100, 600_000, "how long the producer waits for one answer");
        integer("wiz.sink.kafka.delivery-timeout-ms", 100, 600_000, "how long a message may wait for its acknowledgement");
        try {
            if (Long.parseLong(value("wiz.sink.kafka.delivery-timeout-ms"))
                    < Long.parseLong(value("wiz.sink.kafka.request-timeout-ms"))) {
                problems.add("wiz.sink.kafka.delivery-timeout-ms (WIZ_SINK_KAFKA_DELIVERY_TIMEOUT_MS) is below"
                        + " wiz.sink.kafka.request-timeout-ms (WIZ_SINK_KAFKA_REQUEST_TIMEOUT_MS): Kafka requires it to"
                        + " be at least the request timeout");
            }
        } catch (NumberFormatException e) {
            // reported above
        }
    }

    /** The syslog and rabbitmq sinks' settings, checked only for the ones named in wiz.sinks. */
    private void syslogRabbitmq() {
        List<String> sinks = Settings.list(value("wiz.sinks"));
        java.util.function.BiConsumer<String, String> trustFile = (key, passwordKey) -> {
            if (!value(key).isEmpty()) { // blank: the JDK's trust store
                try {
                    String password = config.apply(passwordKey); // a password as given: not trimmed
                    io.wizcamel.sink.TlsTrust.context(value(key), password == null ? "" : password, true);
                } catch (Exception e) {
                    problems.add(key + " (" + env(key) + "): " + e.getMessage() + "; give a PEM CA file or a"
                            + " PKCS12/JKS trust store (with " + env(passwordKey) + " if it has a password)");
                }
            }
        };
        if (sinks.contains("syslog")) {
            required("wiz.sink.syslog.host", "the syslog server's host name or address");
            integer("wiz.sink.syslog.port", 1, 65_535, "the syslog server's port: 514 for udp/tcp, 6514 for tls");
            integer("wiz.sink.syslog.udp-max-bytes", io.wizcamel.sink.SyslogMessages.UDP_MIN,
                    io.wizcamel.sink.SyslogMessages.UDP_MAX, "the largest UDP message");
            integer("wiz.sink.syslog.connect-timeout-ms", 1, 600_000, "TCP/TLS connect timeout");
            bool("wiz.sink.syslog.tls-verify");
            try {
                new io.wizcamel.sink.SyslogMessages(value("wiz.sink.syslog.format"), value("wiz.sink.syslog.protocol"),
                        value("wiz.sink.syslog.framing"), Integer.parseInt(value("wiz.sink.syslog.udp-max-bytes")),
                        value("wiz.sink.syslog.hostname"), value("wiz.sink.syslog.app-name"),
                        value("wiz.sink.syslog.facility"), value("wiz.sink.syslog.sd-id"));
            } catch (NumberFormatException e) {
                // reported by integer() above
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
            if ("tls".equalsIgnoreCase(value("wiz.sink.syslog.protocol"))) {
                trustFile.accept("wiz.sink.syslog.tls-trust-file", "wiz.sink.syslog.tls-trust-password");
            }
        }
        if (sinks.contains("rabbitmq")) {
            required("wiz.sink.rabbitmq.host", "the RabbitMQ host name or address");
            integer("wiz.sink.rabbitmq.port", 1, 65_535, "the AMQP port: 5672, or 5671 with TLS");
            required("wiz.sink.rabbitmq.username", "the RabbitMQ user to publish as");
            required("wiz.sink.rabbitmq.password", "that user's password");
            required("wiz.sink.rabbitmq.exchange", "the exchange to publish to, e.g. wiz.issues");
            String type = value("wiz.sink.rabbitmq.exchange-type").toLowerCase(Locale.ROOT);
            if (!io.wizcamel.sink.RabbitPublisher.EXCHANGE_TYPES.contains(type)) {
                problems.add("wiz.sink.rabbitmq.exchange-type (WIZ_SINK_RABBITMQ_EXCHANGE_TYPE) is '" + type
                        + "': use one of " + io.wizcamel.sink.RabbitPublisher.EXCHANGE_TYPES);
            }
            bool("wiz.sink.rabbitmq.declare-exchange");
            bool("wiz.sink.rabbitmq.mandatory");
            bool("wiz.sink.rabbitmq.tls");
            bool("wiz.sink.rabbitmq.tls-verify");
            integer("wiz.sink.rabbitmq.confirm-timeout-ms", 1, 600_000, "how long to wait for the broker's confirms");
            integer("wiz.sink.rabbitmq.connect-timeout-ms", 1, 600_000, "connect timeout");
            if ("true".equalsIgnoreCase(value("wiz.sink.rabbitmq.tls"))) {
                trustFile.accept("wiz.sink.rabbitmq.tls-trust-file", "wiz.sink.rabbitmq.tls-trust-password");
            }
        }
    }

    /** The Splunk HEC and Sentinel sinks' keys, checked only when the sink is named in wiz.sinks. */
    private void splunkAndSentinel() {
        List<String> sinks = Settings.list(value("wiz.sinks"));
        if (sinks.contains("splunk-hec")) {
            url("wiz.sink.splunk-hec.url", "the HEC base URL, e.g. https://splunk.example.com:8088 or"
                    + " https://http-inputs-<stack>.splunkcloud.com");
            required("wiz.sink.splunk-hec.token", "the HEC token's value (Settings > Data inputs > HTTP Event Collector)");
            required("wiz.sink.splunk-hec.sourcetype", "a sourcetype, e.g. wiz:issue");
            bool("wiz.sink.splunk-hec.tls-verify");
            integer("wiz.sink.splunk-hec.max-batch-bytes", 1024, 838_860_800,
                    "bytes per POST; HEC's max_content_length is 800 MB by default, Splunk Cloud's about 1 MB");
            integer("wiz.sink.splunk-hec.max-batch-events", 1, 100_000, "events per POST");
        }
        if (sinks.contains("sentinel")) {
            url("wiz.sink.sentinel.dce-url", "the logs ingestion endpoint of your data collection endpoint (or DCR),"
                    + " e.g. https://my-dce-abcd.westeurope-1.ingest.monitor.azure.com");
            if (required("wiz.sink.sentinel.dcr-immutable-id", "the DCR's immutableId (dcr-...), from its JSON view")
                    && !value("wiz.sink.sentinel.dcr-immutable-id").startsWith("dcr-")) {
                problems.add("wiz.sink.sentinel.dcr-immutable-id (" + env("wiz.sink.sentinel.dcr-immutable-id")
                        + ") is '" + value("wiz.sink.sentinel.dcr-immutable-id") + "': give the DCR's immutableId,"
                        + " which starts with dcr-, not its name or resource id");
            }
            required("wiz.sink.sentinel.stream-name", "a stream the DCR declares, e.g. Custom-WizIssues_CL");
            required("wiz.sink.sentinel.tenant-id", "the Microsoft Entra tenant id of the app registration");
            required("wiz.sink.sentinel.client-id", "the app registration's Application (client) ID");
            required("wiz.sink.sentinel.client-secret", "a client secret's value of the app registration");
            url("wiz.sink.sentinel.authority-url", "https://login.microsoftonline.com, or your cloud's authority");
            required("wiz.sink.sentinel.scope", "https://monitor.azure.com//.default");
            integer("wiz.sink.sentinel.max-batch-bytes", 1024, 1_048_576, "bytes per call; the API takes at most 1 MB");
        }
    }

    /** the Jira and ServiceNow sinks' settings, checked only for the ones named in wiz.sinks */
    private void ticketing() {
        List<String> sinks = Settings.list(config.apply("wiz.sinks"));
        if (sinks.contains("jira")) {
            url("wiz.sink.jira.url", "the Jira Cloud site, e.g. https://your-domain.atlassian.net");
            required("wiz.sink.jira.email", "the email of the Atlassian account the API token belongs to");
            required("wiz.sink.jira.api-token", "an API token from https://id.atlassian.com/manage-profile/security/api-tokens");
            required("wiz.sink.jira.project-key", "the key of the project the tickets go to, e.g. SEC");
            required("wiz.sink.jira.issue-type", "an issue type of that project, e.g. Task");
            required("wiz.sink.jira.done-status", "the workflow status of a finished ticket, e.g. Done");
            required("wiz.sink.jira.reopen-status", "the workflow status a reopened ticket returns to, e.g. To Do");
            try {
                io.wizcamel.sink.IssueText.map("wiz.sink.jira.priority-map", config.apply("wiz.sink.jira.priority-map"));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        if (sinks.contains("servicenow")) {
            url("wiz.sink.servicenow.url", "the instance, e.g. https://your-instance.service-now.com");
            if (required("wiz.sink.servicenow.table", "incident or sn_si_incident")
                    && !value("wiz.sink.servicenow.table").matches("[a-z0-9_]+")) {
                problems.add("wiz.sink.servicenow.table (WIZ_SINK_SERVICENOW_TABLE) is '"
                        + value("wiz.sink.servicenow.table") + "': give a table name such as incident or sn_si_incident");
            }
            String auth = value("wiz.sink.servicenow.auth").toLowerCase(Locale.ROOT);
            if (auth.equals("basic")) {
                required("wiz.sink.servicenow.username", "the integration user's name (auth=basic)");
                required("wiz.sink.servicenow.password", "the integration user's password (auth=basic)");
            } else if (auth.equals("oauth")) {
                required("wiz.sink.servicenow.client-id", "the OAuth client's id from System OAuth > Application Registry");
                required("wiz.sink.servicenow.client-secret", "the OAuth client's secret");
            } else {
                problems.add("wiz.sink.servicenow.auth (WIZ_SINK_SERVICENOW_AUTH) is '" + auth + "': use basic or oauth");
            }
            required("wiz.sink.servicenow.resolved-close-code", "a close code of the table, e.g. Solution provided");
            required("wiz.sink.servicenow.rejected-close-code", "a close code of the table, e.g. No resolution provided");
            try {
                io.wizcamel.sink.ServiceNowTickets.validate(config.apply("wiz.sink.servicenow.state-map"),
                        config.apply("wiz.sink.servicenow.urgency-map"), config.apply("wiz.sink.servicenow.impact-map"));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
    }

    /** The Elasticsearch / OpenSearch sink's settings, checked only when wiz.sinks names it. */
    private void elastic() {
        if (!Settings.list(value("wiz.sinks")).contains("elastic")) {
            return;
        }
        URI url = url("wiz.sink.elastic.url", "the cluster's REST endpoint, e.g. https://es.example.com:9200");
        if (url != null && (url.getRawUserInfo() != null || url.getRawQuery() != null)) {
            // the value is not repeated: it may hold a password
            problems.add("wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL) holds credentials or a query: give only"
                    + " scheme, host, port (and a proxy path), and the credentials in wiz.sink.elastic.api-key or"
                    + " username and password");
        }
        String index = value("wiz.sink.elastic.index");
        if (index.isEmpty() || !index.matches("[^A-Z\\\\/*?\"<>| ,#:]+") || index.matches("[-_+].*")
                || index.equals(".") || index.equals("..") || index.getBytes(StandardCharsets.UTF_8).length > 255) {
            problems.add("wiz.sink.elastic.index (WIZ_SINK_ELASTIC_INDEX) is '" + index + "', which is not an index"
                    + " name: use lower case, no spaces or any of \\ / * ? \" < > | , # :, not starting with - _ +"
                    + " (e.g. wiz-issues)");
        } else if (index.matches("[0-9]+|true|false")) {
            // Camel's bean wiring would read it as a number or a boolean, not as the name
            problems.add("wiz.sink.elastic.index (WIZ_SINK_ELASTIC_INDEX) is '" + index + "': give a name that is"
                    + " not only digits or true/false, e.g. wiz-" + index);
        }
        boolean key = !value("wiz.sink.elastic.api-key").isEmpty();
        boolean user = !value("wiz.sink.elastic.username").isEmpty();
        boolean password = !value("wiz.sink.elastic.password").isEmpty();
        if (key && (user || password)) {
            problems.add("wiz.sink.elastic.api-key (WIZ_SINK_ELASTIC_API_KEY) and wiz.sink.elastic.username/password"
                    + " are both set: use one of them");
        } else if (!key && !user) {
            problems.add("the elastic sink has no credentials: set wiz.sink.elastic.api-key (WIZ_SINK_ELASTIC_API_KEY),"
                    + " or wiz.sink.elastic.username and wiz.sink.elastic.password");
        } else if (user != password) {
            problems.add("wiz.sink.elastic.username (WIZ_SINK_ELASTIC_USERNAME) and wiz.sink.elastic.password"
                    + " (WIZ_SINK_ELASTIC_PASSWORD) go together: set both, or use an API key instead");
        }
        bool("wiz.sink.elastic.tls-verify");
        String ca = value("wiz.sink.elastic.ca-file");
        if (!ca.isEmpty()) {
            if ("false".equalsIgnoreCase(value("wiz.sink.elastic.tls-verify"))) {
                problems.add("wiz.sink.elastic.ca-file (WIZ_SINK_ELASTIC_CA_FILE) is set but"
                        + " wiz.sink.elastic.tls-verify is false, so it would be ignored: clear one of them");
            } else {
                try {
                    ElasticHttpClient.trustStore(Path.of(ca));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        integer("wiz.sink.elastic.max-batch-bytes", 1024, 104_857_600,
                "bytes of one bulk request; the cluster's http.max_content_length is 100 MB by default");
        integer("wiz.sink.elastic.max-batch-actions", 1, 100_000, "documents in one bulk request");
        integer("wiz.sink.elastic.timeout-seconds", 1, 3600, "seconds to wait for the cluster's answer");
    }

    /** wiz.page-size → WIZ_PAGE_SIZE, the environment variable that overrides it */
    static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    private String value(String key) {
        String v = config.apply(key);
        return v == null ? "" : v.trim();
    }

    private boolean required(String key, String hint) {
        if (value(key).isEmpty()) {
            problems.add(key + " (" + env(key) + ") is not set: give " + hint);
            return false;
        }
        return true;
    }

    private URI url(String key, String hint) {
        if (!required(key, hint)) {
            return null;
        }
        String v = value(key);
        try {
            URI uri = new URI(v);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (Exception ignored) {
            // reported below
        }
        problems.add(key + " (" + env(key) + ") is '" + v + "', which is not an http(s) URL: give " + hint);
        return null;
    }

    private void integer(String key, long min, long max, String meaning) {
        String v = value(key);
        try {
            long n = Long.parseLong(v);
            if (n < min || n > max) {
                problems.add(key + " (" + env(key) + ") is " + n + ": it must be between " + min + " and " + max
                        + " (" + meaning + ")");
            }
        } catch (NumberFormatException e) {
            problems.add(key + " (" + env(key) + ") is '" + v + "', not a whole number (" + meaning + ")");
        }
    }

    private void bool(String key) {
        String v = value(key).toLowerCase(Locale.ROOT);
        if (!v.equals("true") && !v.equals("false")) {
            problems.add(key + " (" + env(key) + ") is '" + v + "': use true or false");
        }
    }

    private void values(String key, Set<String> allowed) {
        List<String> given = Settings.list(value(key));
        if (given.isEmpty()) {
            problems.add(key + " (" + env(key) + ") is empty: list some of " + new java.util.TreeSet<>(allowed));
        }
        for (String g : given) {
            if (!allowed.contains(g.toUpperCase(Locale.ROOT))) {
                problems.add(key + " (" + env(key) + ") has '" + g + "', which Wiz does not know: use "
                        + new java.util.TreeSet<>(allowed));
            }
        }
    }

    private void cron(String key) {
        String v = value(key);
        try {
            new CronExpression(v);
        } catch (ParseException e) {
            problems.add(key + " (" + env(key) + ") is '" + v + "', not a Quartz cron expression (" + e.getMessage()
                    + "); example: 0 15 1 * * ? for 01:15 every day");
        }
    }
}
