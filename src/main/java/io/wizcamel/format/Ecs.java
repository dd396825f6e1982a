package io.wizcamel.format;

import static io.wizcamel.format.Fields.putIfNotEmpty;
import static io.wizcamel.format.Fields.putIfNotNull;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The parts every stream's ECS document shares. */
final class Ecs {

    static final String VERSION = "8.11.0";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Ecs() {
    }

    /**
     * {@code @timestamp}, {@code ecs.version}, {@code tags ["wiz", <severity>]}, and {@code event} with its kind,
     * categories, types and {@code dataset wiz.<item>}, {@code provider wiz}; the record itself under
     * {@code wiz.<item>}, null members removed (the project's own namespace: what ECS has no field for stays there).
     */
    static ObjectNode document(JsonNode record, String item, Instant time, String kind, List<String> categories,
            List<String> types) {
        ObjectNode doc = F.objectNode();
        doc.put("@timestamp", time.toString());
        doc.putObject("ecs").put("version", VERSION);
        doc.putArray("tags").add("wiz");
        ObjectNode event = doc.putObject("event");
        event.put("kind", kind);
        if (!categories.isEmpty()) {
            ArrayNode c = event.putArray("category");
            categories.forEach(c::add);
            ArrayNode t = event.putArray("type");
            types.forEach(t::add);
        }
        event.put("dataset", "wiz." + item);
        event.put("provider", "wiz");
        doc.putObject("wiz").set(item, record == null ? F.objectNode() : Fields.withoutNulls(record));
        return doc;
    }

    static ObjectNode event(ObjectNode doc) {
        return (ObjectNode) doc.get("event");
    }

    /** {@code event.severity} (Elastic's risk-score scale) and the severity as a tag */
    static void severity(ObjectNode doc, String wizSeverity) {
        Integer score = score(wizSeverity);
        if (score != null) {
            event(doc).put("severity", score);
        }
        if (wizSeverity != null) {
            ((ArrayNode) doc.get("tags")).add(wizSeverity.toLowerCase(Locale.ROOT));
        }
    }

    /** Elastic detection-rule risk score for a Wiz severity; {@code null} for an unknown or absent one. */
    static Integer score(String wizSeverity) {
        if (wizSeverity == null) {
            return null;
        }
        return switch (wizSeverity) {
            case "CRITICAL" -> 99;
            case "HIGH" -> 73;
            case "MEDIUM" -> 47;
            case "LOW" -> 21;
            case "INFORMATIONAL", "NONE" -> 0;
            default -> null;
        };
    }

    /** {@code cloud.provider} (lower case: aws, azure, gcp), region and account, each when known */
    static void cloud(ObjectNode doc, String platform, String region, String accountId, String accountName) {
        ObjectNode cloud = F.objectNode();
        putIfNotNull(cloud, "provider", platform == null ? null : platform.toLowerCase(Locale.ROOT));
        putIfNotNull(cloud, "region", region);
        ObjectNode account = F.objectNode();
        putIfNotNull(account, "id", accountId);
        putIfNotNull(account, "name", accountName);
        putIfNotEmpty(cloud, "account", account);
        putIfNotEmpty(doc, "cloud", cloud);
    }

    /** {@code cloud.instance.{id,name}}: ECS's only field set for one cloud resource, meant for virtual machines */
    static void instance(ObjectNode doc, String id, String name) {
        ObjectNode instance = F.objectNode();
        putIfNotNull(instance, "id", id);
        putIfNotNull(instance, "name", name);
        if (instance.size() > 0) {
            ObjectNode cloud = doc.has("cloud") ? (ObjectNode) doc.get("cloud") : doc.putObject("cloud");
            cloud.set("instance", instance);
        }
    }

    /** {@code labels.*} from tags; a dot in a key becomes {@code _} (Elasticsearch would read it as nesting) */
    static void labels(ObjectNode doc, List<Map.Entry<String, String>> tags) {
        ObjectNode labels = F.objectNode();
        for (Map.Entry<String, String> tag : tags) {
            labels.put(tag.getKey().replace('.', '_'), tag.getValue());
        }
        putIfNotEmpty(doc, "labels", labels);
    }

    /** a child object of {@code parent}, made when missing */
    static ObjectNode object(ObjectNode parent, String name) {
        JsonNode existing = parent.get(name);
        return existing instanceof ObjectNode o ? o : parent.putObject(name);
    }

    /** removes objects left empty outside {@code wiz}, so that a document never carries {@code "x": {}} */
    static ObjectNode pruned(ObjectNode doc) {
        doc.properties().removeIf(e -> !e.getKey().equals("wiz") && e.getValue().isObject()
                && pruned((ObjectNode) e.getValue()).isEmpty());
        return doc;
    }
}
