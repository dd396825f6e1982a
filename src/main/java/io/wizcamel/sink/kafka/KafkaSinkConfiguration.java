package io.wizcamel.sink.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.wizcamel.config.ConfigValue;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.component.kafka.KafkaConfiguration;

/**
 * The Kafka sink's producer configuration: camel-kafka's, with the sink's delivery guarantees fixed and the
 * {@code wiz.sink.kafka.*} settings set on it in routes/sinks/kafka.yaml. It is given to the sink's own Kafka
 * component, so the JAAS configuration and the truststore password never become part of an endpoint URI that Camel
 * might print.
 *
 * <p>The producer is idempotent with {@code acks=all}, so its own retries never write a message twice, and its time
 * limits are bounded: a broker that cannot be reached makes a send fail after {@code max.block.ms}, one that does not
 * acknowledge after {@code delivery.timeout.ms}; the sink's retries and the dead-letter store take over from there.
 */
public class KafkaSinkConfiguration extends KafkaConfiguration implements CamelContextAware {

    public static final String SASL_JAAS_CONFIG = "wiz.sink.kafka.sasl-jaas-config";
    public static final String ADDITIONAL_PROPERTIES = "wiz.sink.kafka.additional-properties";
    public static final String SSL_TRUSTSTORE_PASSWORD = "wiz.sink.kafka.ssl-truststore-password";

    private CamelContext camelContext;

    public KafkaSinkConfiguration() {
        setEnableIdempotence(true);
        setRequestRequiredAcks("all");
        // the route waits for every acknowledgement of a page before it returns
        setSynchronous(true);
        // each message of a batch carries its own key and headers (see KafkaMessages)
        setBatchWithIndividualHeaders(true);
    }

    /**
     * Reads the secrets, the JAAS line, the truststore password and the additional producer settings (which may hold
     * credentials too), from the configuration exactly as configured:
     * as YAML bean properties they would be parsed as text on their way in, so a quote, a comma or {{ in them
     * would break start-up or change the value.
     */
    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        String jaas = ConfigValue.read(camelContext, SASL_JAAS_CONFIG);
        setSaslJaasConfig(jaas.isBlank() ? null : jaas);
        String password = ConfigValue.read(camelContext, SSL_TRUSTSTORE_PASSWORD);
        setSslTruststorePassword(password.isEmpty() ? null : password);
        setAdditionalSettings(ConfigValue.read(camelContext, ADDITIONAL_PROPERTIES));
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /**
     * {@code wiz.sink.kafka.additional-properties}, passed to the producer as given (see {@link #parse}). A malformed
     * entry is skipped here: ConfigCheck refuses it at start-up when the sink is on, and ignores it when it is off.
     */
    public void setAdditionalSettings(String text) {
        Map<String, Object> settings;
        try {
            settings = parse(text);
        } catch (IllegalArgumentException e) {
            settings = Map.of();
        }
        setAdditionalProperties(new LinkedHashMap<>(settings));
    }

    /**
     * Parses producer settings given as {@code key=value}, separated by commas or new lines.
     *
     * @throws IllegalArgumentException naming the entry (by position, never its value, which may be secret)
     */
    public static Map<String, Object> parse(String text) {
        Map<String, Object> out = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return out;
        }
        String[] entries = text.split("[,\\n]");
        for (int i = 0; i < entries.length; i++) {
            String entry = entries[i].trim();
            if (entry.isEmpty()) {
                continue;
            }
            int eq = entry.indexOf('=');
            String key = eq < 0 ? "" : entry.substring(0, eq).trim();
            if (eq < 0 || !key.matches("[a-zA-Z0-9._-]+")) {
                throw new IllegalArgumentException("wiz.sink.kafka.additional-properties"
                        + " (WIZ_SINK_KAFKA_ADDITIONAL_PROPERTIES): entry " + (i + 1) + (eq < 0 ? " has no '='"
                        : " has no valid producer setting name before '='")
                        + ": give Kafka producer settings as key=value, separated by commas, e.g."
                        + " compression.type=zstd,linger.ms=20");
            }
            out.put(key, entry.substring(eq + 1).trim());
        }
        return out;
    }
}
