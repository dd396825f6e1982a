package io.wizcamel.sink.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.format.EcsFormat;
import io.wizcamel.format.OcsfFormat;
import io.wizcamel.format.RenderContext;
import io.wizcamel.stream.RunStats;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.support.DefaultMessage;

/**
 * Turns a page of issue records into Kafka messages: key = the issue id (so a compacted topic keeps each issue's
 * latest state), value = the record in the configured format, headers {@code severity}, {@code wizStatus} and
 * {@code wizRunId}. camel-kafka sends a list of messages as one batch and, with individual headers on, takes each
 * message's key and headers from the message itself.
 */
public class KafkaMessages {

    /** the exchange property holding the page's messages between the two sends */
    public static final String PROPERTY = "wizKafkaMessages";
    public static final List<String> FORMATS = List.of("json", "ecs", "ocsf");

    private final String format;
    private final EcsFormat ecs = new EcsFormat();
    private final OcsfFormat ocsf = new OcsfFormat();

    /** takes any value, so that a sink that is off does not stop start-up; ConfigCheck calls {@link #check} */
    public KafkaMessages(String format) {
        this.format = normal(format);
    }

    /** @throws IllegalArgumentException saying which formats there are */
    public static void check(String format) {
        if (!FORMATS.contains(normal(format))) {
            throw new IllegalArgumentException("wiz.sink.kafka.format (WIZ_SINK_KAFKA_FORMAT) is '" + format
                    + "': use one of " + FORMATS + " (json is the issue record itself)");
        }
    }

    private static String normal(String format) {
        return format == null ? "" : format.trim().toLowerCase(Locale.ROOT);
    }

    public List<Message> messages(List<ObjectNode> records, Exchange exchange) {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        List<Message> out = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            Message m = new DefaultMessage(exchange.getContext());
            m.setBody(render(record, RenderContext.of(run)));
            m.setHeader(KafkaConstants.KEY, record.path("id").asText());
            header(m, "severity", record.path("severity"));
            header(m, "wizStatus", record.path("wizStatus"));
            if (run != null) {
                m.setHeader("wizRunId", run.runId);
            }
            out.add(m);
        }
        return out;
    }

    /** the first message alone: sent first, it finds out whether the broker is there before the rest queue up */
    public List<Message> first(@ExchangeProperty(PROPERTY) List<Message> messages) {
        return messages.subList(0, Math.min(1, messages.size()));
    }

    public List<Message> rest(@ExchangeProperty(PROPERTY) List<Message> messages) {
        return messages.subList(Math.min(1, messages.size()), messages.size());
    }

    String render(JsonNode record) {
        return render(record, RenderContext.now(RenderContext.ISSUES));
    }

    String render(JsonNode record, RenderContext context) {
        if (context.mapped()) {
            return record.toString(); // the operator's JQ mapping made it: ECS and OCSF read the built-in record
        }
        return switch (format) {
            case "ecs" -> ecs.render(record, context);
            case "ocsf" -> ocsf.render(record, context);
            case "json" -> record.toString();
            default -> throw new IllegalStateException("unknown wiz.sink.kafka.format " + format);
        };
    }

    /** a field Wiz left null gets no header, rather than an empty one */
    private static void header(Message m, String name, JsonNode value) {
        if (value.isTextual()) {
            m.setHeader(name, value.asText());
        }
    }
}
