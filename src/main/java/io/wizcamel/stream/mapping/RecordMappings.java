package io.wizcamel.stream.mapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.Settings;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.config.StreamSettingsAware;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.stream.RunStats;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The operator's JQ selectors and mappings (Port's shape, docs/mappings.md): per stream, the resources of its
 * mapping file (wiz.mapping-file, by default routes/mappings/{stream}.yaml) whose kind names the stream or its
 * record. Each selected record becomes one record per resource that selects it; a record no resource selects is
 * dropped (history: dropped.selector); a record an expression fails on is dead-lettered with the expression and the
 * error (history: dropped.mapping) and the rest of the page goes on. A stream without a mapping file is not touched.
 *
 * <p>The files of the streams in wiz.streams are read and compiled when the Camel context starts, so a syntax error
 * stops start-up naming the file, the resource and the expression.
 */
public class RecordMappings extends StreamSettingsAware {

    private static final Logger LOG = LoggerFactory.getLogger(RecordMappings.class);
    public static final String FILE_KEY = "wiz.mapping-file";
    public static final String DEFAULT_FILE = "routes/mappings/{stream}.yaml";

    /** stream → its resources (empty: the stream has no mapping) */
    private final Map<String, Optional<List<JqResource>>> streams = new ConcurrentHashMap<>();
    private DeliveryLedger deliveryLedger;
    /** (stream, item) → the mapping file's path; from streamSettings unless a test gives one */
    private BiFunction<String, String, String> fileOf;

    public RecordMappings() {
    }

    /** for tests: the file of each stream, and the ledger dead letters go to */
    public RecordMappings(BiFunction<String, String, String> fileOf, DeliveryLedger ledger) {
        this.fileOf = fileOf;
        this.deliveryLedger = ledger;
    }

    public void setDeliveryLedger(DeliveryLedger deliveryLedger) {
        this.deliveryLedger = deliveryLedger;
    }

    /** whether the stream has a mapping (its records are then made by JQ, not by the built-in shaper) */
    public boolean has(String stream) {
        return resources(stream, ConfigCheck.sampleItem(stream)) != null;
    }

    /** {@link #has} for the run's stream */
    public boolean hasFor(@ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        return resources(run.stream, run.item) != null;
    }

    /**
     * At the start of a run, before dead letters are replayed: whether its records are mapped (the sinks then send
     * them as JSON, replayed ones too), and how many wait under jq-mapping, for a run that maps no page.
     */
    public void begin(@ExchangeProperty(RunStats.PROPERTY) RunStats run) throws Exception {
        run.mapped = resources(run.stream, run.item) != null;
        if (run.mapped && deliveryLedger != null) {
            run.mappingDeadLetters = deliveryLedger.deadLetterCount(run.stream, DeliveryLedger.MAPPING);
        }
    }

    /** The page's records through the stream's mapping; the records themselves when it has none. */
    public List<ObjectNode> apply(List<ObjectNode> records, @ExchangeProperty(RunStats.PROPERTY) RunStats run)
            throws Exception {
        List<JqResource> resources = resources(run.stream, run.item);
        if (resources == null) {
            return records;
        }
        run.mapped = true;
        List<ObjectNode> out = new ArrayList<>(records.size());
        List<String> mappedIds = new ArrayList<>(records.size());
        List<ObjectNode> made = new ArrayList<>(resources.size());
        for (ObjectNode record : records) {
            made.clear();
            try {
                for (int i = 0; i < resources.size(); i++) {
                    JqResource r = resources.get(i);
                    if (r.selects(record)) {
                        made.add(withId(r.map(record), record, i));
                    }
                }
            } catch (JqResource.Failure f) {
                String id = record.path("id").asText();
                run.drop("mapping");
                if (deliveryLedger != null) {
                    deliveryLedger.mappingFailed(run, id, record, f.getMessage());
                }
                LOG.warn("{} {}: record {} dead-lettered: {}", run.stream, DeliveryLedger.MAPPING, id, f.getMessage());
                continue;
            }
            mappedIds.add(record.path("id").asText());
            if (made.isEmpty()) {
                run.drop("selector");
            }
            out.addAll(made);
        }
        if (deliveryLedger != null) {
            // a record the mapping failed on before and maps now (fixed expression or changed record) is no longer
            // waiting: its dead letter goes, and the history shows how many are still waiting
            run.mappingDeadLetters = deliveryLedger.mappingSucceeded(run.stream, mappedIds);
        }
        return out;
    }

    /**
     * The ledger knows a record by its id: a mapping that gives none gets its identifier (Port's key) or the Wiz
     * record's id, with #2, #3... for the second and later resources of the kind so that they do not overwrite
     * each other.
     */
    private static ObjectNode withId(ObjectNode mapped, JsonNode source, int resource) {
        if (!mapped.hasNonNull("id")) {
            JsonNode identifier = mapped.path("identifier");
            String id = identifier.isValueNode() && !identifier.isNull() ? identifier.asText() : source.path("id").asText();
            mapped.put("id", resource == 0 ? id : id + "#" + (resource + 1));
        }
        return mapped;
    }

    /** the stream's compiled resources, or null when it has no mapping */
    List<JqResource> resources(String stream, String item) {
        return streams.computeIfAbsent(stream, s -> Optional.ofNullable(load(s, item))).orElse(null);
    }

    private List<JqResource> load(String stream, String item) {
        String configured = fileOf != null ? fileOf.apply(stream, item)
                : streamSettings() != null ? streamSettings().get(FILE_KEY, stream, item) : "";
        if (configured == null || configured.isBlank()) {
            return null;
        }
        Path file = Path.of(configured.trim());
        if (!Files.isRegularFile(file)) {
            if (configured.trim().equals(DEFAULT_FILE.replace("{stream}", stream))) {
                return null; // the default place, empty: the built-in record
            }
            throw new IllegalArgumentException(FILE_KEY + " (" + ConfigCheck.env(FILE_KEY) + ") for stream " + stream
                    + " is " + file + ", which is not a readable file: give a mapping file (docs/mappings.md) or"
                    + " leave the setting blank");
        }
        List<JqResource> mine = new ArrayList<>();
        for (JqResource r : read(file)) {
            if (kindMatches(r.kind, stream, item)) {
                mine.add(r);
            }
        }
        if (mine.isEmpty()) {
            LOG.warn("{} has no resource of kind {} or {}: stream {} keeps its built-in record", file, stream, item,
                    stream);
            return null;
        }
        LOG.info("Stream {}: records made by {} JQ resource(s) of {}", stream, mine.size(), file);
        return List.copyOf(mine);
    }

    /** Every resource of a mapping file, compiled; a problem names the file, the resource and the expression. */
    public static List<JqResource> read(Path file) {
        Object root;
        try {
            root = new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read mapping file " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        if (root instanceof Map<?, ?> map && map.containsKey("resources")) {
            root = map.get("resources"); // Port's whole configuration: resources plus its own options
        }
        if (!(root instanceof List<?> list)) {
            throw new IllegalArgumentException(file + ": a mapping file is a list of resources (or Port's"
                    + " configuration with resources:), each with kind, selector.query and port.entity.mappings");
        }
        List<JqResource> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof Map<?, ?> resource)) {
                throw new IllegalArgumentException(file + " resource " + (i + 1) + " is not an object with kind,"
                        + " selector.query and port.entity.mappings");
            }
            out.add(JqResource.compile(file.toString(), i, resource));
        }
        return out;
    }

    /** Port's kinds are singular and camelCase (serviceTicket): they name the stream or its record */
    static boolean kindMatches(String kind, String stream, String item) {
        String k = squash(kind);
        return k.equals(squash(stream)) || k.equals(squash(item));
    }

    private static String squash(String name) {
        return name == null ? "" : name.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    /** reads and compiles the mapping files of the streams in wiz.streams now, so that a mistake stops start-up */
    public void compileEnabled() {
        var properties = getCamelContext().getPropertiesComponent();
        String enabled = properties.resolveProperty("wiz.streams").orElse("");
        List<String> sinks = Settings.list(properties.resolveProperty("wiz.sinks").orElse(""));
        for (String stream : Settings.list(enabled)) {
            String item = ConfigCheck.sampleItem(stream);
            if (resources(stream, item) != null && streamSettings() != null) {
                warnFormats(stream, item, sinks);
            }
        }
    }

    /**
     * The record formats (ECS, OCSF, CEF, CSV, RFC 5424, SCIM) read the built-in record's fields, which a mapping
     * replaces: the sinks send a mapped stream's records as their own JSON instead, and start-up says so.
     */
    private void warnFormats(String stream, String item, List<String> sinks) {
        StreamSettings streamSettings = streamSettings();
        List<String> formats = new ArrayList<>();
        if (sinks.contains("file")) {
            List<String> file = Settings.list(streamSettings.get("wiz.sink.file.formats", stream, item));
            if (!file.equals(List.of("jsonl"))) {
                formats.add("file " + String.join(",", file) + " (one .jsonl file instead)");
            }
        }
        if (sinks.contains("kafka") && !streamSettings.get("wiz.sink.kafka.format", stream, item).equalsIgnoreCase("json")) {
            formats.add("kafka " + streamSettings.get("wiz.sink.kafka.format", stream, item));
        }
        if (sinks.contains("elastic")) {
            formats.add("elastic ECS");
        }
        if (sinks.contains("syslog")) {
            formats.add("syslog " + streamSettings.get("wiz.sink.syslog.format", stream, item) + " (JSON as MSG)");
        }
        if (sinks.contains("sentinel")) {
            formats.add("sentinel columns (the record's own fields)");
        }
        if (!formats.isEmpty()) {
            LOG.warn("Stream {} has a JQ mapping: its records are sent as their own JSON, not as {}: ECS, OCSF, CEF,"
                    + " CSV and RFC 5424 apply to built-in records only (docs/mappings.md)", stream,
                    String.join(", ", formats));
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        super.setCamelContext(camelContext);
        try {
            camelContext.addStartupListener((ctx, alreadyStarted) -> compileEnabled());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
