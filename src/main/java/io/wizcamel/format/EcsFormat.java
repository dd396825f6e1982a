package io.wizcamel.format;

import static io.wizcamel.format.Fields.control;
import static io.wizcamel.format.Fields.putIfNotEmpty;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.resource;
import static io.wizcamel.format.Fields.text;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders an issue record as an Elastic Common Schema 8.x document (ECS 8.11.0), with nested objects (never dotted
 * keys) and without null leaves: an absent source field means an absent ECS field.
 *
 * <table>
 * <caption>Issue record to ECS</caption>
 * <tr><th>ECS field</th><th>Source / value</th></tr>
 * <tr><td>{@code @timestamp}</td><td>statusChangedAt, else updatedAt, else createdAt (as given); omitted if all
 * are null</td></tr>
 * <tr><td>{@code message}</td><td>title</td></tr>
 * <tr><td>{@code tags}</td><td>{@code ["wiz", <severity lower-case>]}</td></tr>
 * <tr><td>{@code labels.*}</td><td>resource.tags, values as strings; dots in keys become {@code _}</td></tr>
 * <tr><td>{@code ecs.version}</td><td>{@code 8.11.0}</td></tr>
 * <tr><td>{@code event.kind}</td><td>{@code alert}</td></tr>
 * <tr><td>{@code event.category}</td><td>CLOUD_CONFIGURATION, TOXIC_COMBINATION: {@code ["configuration"]};
 * THREAT_DETECTION: {@code ["intrusion_detection"]}; other types: omitted</td></tr>
 * <tr><td>{@code event.type}</td><td>{@code ["info"]}</td></tr>
 * <tr><td>{@code event.id}</td><td>id</td></tr>
 * <tr><td>{@code event.severity}</td><td>CRITICAL 99, HIGH 73, MEDIUM 47, LOW 21, INFORMATIONAL 0; other:
 * omitted</td></tr>
 * <tr><td>{@code event.created}</td><td>createdAt</td></tr>
 * <tr><td>{@code event.dataset}</td><td>{@code wiz.issue}</td></tr>
 * <tr><td>{@code event.provider}</td><td>{@code wiz}</td></tr>
 * <tr><td>{@code cloud.provider}</td><td>cloudPlatform (else resource.cloudPlatform), lower-case: aws, azure,
 * gcp, ...</td></tr>
 * <tr><td>{@code cloud.region}</td><td>resource.region</td></tr>
 * <tr><td>{@code cloud.account.id}</td><td>resource.subscriptionId</td></tr>
 * <tr><td>{@code cloud.account.name}</td><td>resource.subscriptionName</td></tr>
 * <tr><td>{@code resource.id} *</td><td>resource.id</td></tr>
 * <tr><td>{@code resource.name} *</td><td>resource.name</td></tr>
 * <tr><td>{@code resource.type} *</td><td>resource.type</td></tr>
 * <tr><td>{@code rule.id}</td><td>control.id</td></tr>
 * <tr><td>{@code rule.name}</td><td>control.name</td></tr>
 * <tr><td>{@code rule.description}</td><td>control.description</td></tr>
 * <tr><td>{@code rule.category}</td><td>control.kind</td></tr>
 * <tr><td>{@code rule.remediation} *</td><td>control.remediation</td></tr>
 * <tr><td>{@code url.full}</td><td>url</td></tr>
 * <tr><td>{@code wiz.issue} *</td><td>the whole record, null members removed</td></tr>
 * </table>
 *
 * <p>* Not ECS 8.11 fields: ECS has no top-level {@code resource} field set (only {@code orchestrator.resource},
 * which is for Kubernetes-like orchestrators), so {@code resource.*} follows the shape Elastic's own cloud security
 * posture findings use; {@code rule.remediation} and {@code wiz.*} are custom. Index templates should map them.
 *
 * <p>Why {@code intrusion_detection} for threat detections: ECS's {@code threat} category is for threat
 * intelligence and expects only {@code event.type: indicator}; {@code intrusion_detection} expects {@code info},
 * which fits a detection alert. Severity numbers follow Elastic detection rules' risk-score convention.
 */
public class EcsFormat implements RecordRenderer {

    public static final String ECS_VERSION = "8.11.0";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** The document as compact JSON, one line, ready for a bulk request or a JSON Lines file. */
    @Override
    public String render(JsonNode record) {
        return document(record).toString(); // Jackson writes a node as compact, valid JSON
    }

    public ObjectNode document(JsonNode record) {
        ObjectNode doc = F.objectNode();
        putIfNotNull(doc, "@timestamp", Fields.eventTime(record));
        putIfNotNull(doc, "message", text(record, "title"));

        ArrayNode tags = doc.putArray("tags").add("wiz");
        String severity = text(record, "severity");
        if (severity != null) {
            tags.add(severity.toLowerCase(Locale.ROOT));
        }

        ObjectNode labels = F.objectNode();
        for (Map.Entry<String, String> tag : Fields.tags(record)) {
            // Elasticsearch reads a dot in a field name as nesting, which would break the flat keyword map
            labels.put(tag.getKey().replace('.', '_'), tag.getValue());
        }
        putIfNotEmpty(doc, "labels", labels);

        doc.putObject("ecs").put("version", ECS_VERSION);

        ObjectNode event = doc.putObject("event");
        event.put("kind", "alert");
        String category = category(text(record, "type"));
        if (category != null) {
            event.putArray("category").add(category);
        }
        event.putArray("type").add("info");
        putIfNotNull(event, "id", text(record, "id"));
        Integer score = severity(severity);
        if (score != null) {
            event.put("severity", score);
        }
        putIfNotNull(event, "created", text(record, "createdAt"));
        event.put("dataset", "wiz.issue");
        event.put("provider", "wiz");

        ObjectNode cloud = F.objectNode();
        String platform = Fields.cloudPlatform(record);
        putIfNotNull(cloud, "provider", platform == null ? null : platform.toLowerCase(Locale.ROOT));
        putIfNotNull(cloud, "region", resource(record, "region"));
        ObjectNode account = F.objectNode();
        putIfNotNull(account, "id", resource(record, "subscriptionId"));
        putIfNotNull(account, "name", resource(record, "subscriptionName"));
        putIfNotEmpty(cloud, "account", account);
        putIfNotEmpty(doc, "cloud", cloud);

        ObjectNode resource = F.objectNode();
        putIfNotNull(resource, "id", resource(record, "id"));
        putIfNotNull(resource, "name", resource(record, "name"));
        putIfNotNull(resource, "type", resource(record, "type"));
        putIfNotEmpty(doc, "resource", resource);

        ObjectNode rule = F.objectNode();
        putIfNotNull(rule, "id", control(record, "id"));
        putIfNotNull(rule, "name", control(record, "name"));
        putIfNotNull(rule, "description", control(record, "description"));
        putIfNotNull(rule, "category", control(record, "kind"));
        putIfNotNull(rule, "remediation", control(record, "remediation"));
        putIfNotEmpty(doc, "rule", rule);

        String url = text(record, "url");
        if (url != null) {
            doc.putObject("url").put("full", url);
        }

        doc.putObject("wiz").set("issue", record == null ? F.objectNode() : Fields.withoutNulls(record));
        return doc;
    }

    /** Elastic detection-rule risk score for a Wiz severity; {@code null} for an unknown or absent one. */
    public static Integer severity(String wizSeverity) {
        if (wizSeverity == null) {
            return null;
        }
        switch (wizSeverity) {
            case "CRITICAL": return 99;
            case "HIGH": return 73;
            case "MEDIUM": return 47;
            case "LOW": return 21;
            case "INFORMATIONAL": return 0;
            default: return null;
        }
    }

    /** The ECS event.category for a Wiz issue type; {@code null} when the type is unknown. */
    public static String category(String type) {
        if (type == null) {
            return null;
        }
        switch (type) {
            case "CLOUD_CONFIGURATION":
            case "TOXIC_COMBINATION":
                return "configuration";
            case "THREAT_DETECTION":
                return "intrusion_detection";
            default:
                return null;
        }
    }
}
