package io.wizcamel.format;

import static io.wizcamel.format.Fields.putIfNotEmpty;
import static io.wizcamel.format.Fields.putIfNotNull;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The parts every stream's OCSF event shares. */
final class Ocsf {

    static final String VERSION = "1.3.0";
    static final String CLOUD_PROFILE = "cloud";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] SEVERITY = {"Unknown", "Informational", "Low", "Medium", "High", "Critical"};

    /** an OCSF class: its uid, caption, category uid and caption */
    record EventClass(int uid, String caption, int categoryUid, String category) {
    }

    static final EventClass BASE_EVENT = new EventClass(0, "Base Event", 0, "Uncategorized");
    static final EventClass VULNERABILITY_FINDING = new EventClass(2002, "Vulnerability Finding", 2, "Findings");
    static final EventClass COMPLIANCE_FINDING = new EventClass(2003, "Compliance Finding", 2, "Findings");
    static final EventClass DETECTION_FINDING = new EventClass(2004, "Detection Finding", 2, "Findings");
    static final EventClass INVENTORY_INFO = new EventClass(5001, "Device Inventory Info", 5, "Discovery");
    static final EventClass USER_INVENTORY_INFO = new EventClass(5003, "User Inventory Info", 5, "Discovery");
    static final EventClass API_ACTIVITY = new EventClass(6003, "API Activity", 6, "Application Activity");

    private Ocsf() {
    }

    /**
     * The classification ({@code category_*}, {@code class_*}, {@code activity_*}, {@code type_*}), {@code time}
     * (epoch milliseconds), {@code severity_id}/{@code severity}, and {@code metadata} (version, product Wiz, the
     * time as the source wrote it).
     */
    static ObjectNode event(EventClass c, int activityId, String activityName, Instant time, String originalTime,
            String wizSeverity) {
        ObjectNode doc = F.objectNode();
        doc.put("category_uid", c.categoryUid());
        doc.put("category_name", c.category());
        doc.put("class_uid", c.uid());
        doc.put("class_name", c.caption());
        doc.put("activity_id", activityId);
        doc.put("activity_name", activityName);
        doc.put("type_uid", c.uid() * 100 + activityId);
        doc.put("type_name", c.caption() + ": " + activityName);
        doc.put("time", time.toEpochMilli());
        int severityId = severityId(wizSeverity);
        doc.put("severity_id", severityId);
        doc.put("severity", severityId == 99 ? wizSeverity : SEVERITY[severityId]);
        ObjectNode metadata = doc.putObject("metadata");
        metadata.put("version", VERSION);
        metadata.putObject("product").put("name", "Wiz").put("vendor_name", "Wiz");
        putIfNotNull(metadata, "original_time", originalTime);
        return doc;
    }

    /** INFORMATIONAL 1 .. CRITICAL 5; absent 0 Unknown; anything else 99 Other (with Wiz's word as caption) */
    static int severityId(String wizSeverity) {
        if (wizSeverity == null) {
            return 0;
        }
        return switch (wizSeverity) {
            case "INFORMATIONAL", "NONE" -> 1;
            case "LOW" -> 2;
            case "MEDIUM" -> 3;
            case "HIGH" -> 4;
            case "CRITICAL" -> 5;
            default -> 99;
        };
    }

    /**
     * The {@code cloud} object, which belongs to OCSF's cloud profile: set (and the profile declared in
     * {@code metadata.profiles}) only when the provider, which the object requires, is known.
     *
     * @return whether the cloud profile is now declared, so that the caller may use its other attributes
     */
    static boolean cloud(ObjectNode doc, String provider, String region, String accountUid, String accountName) {
        if (provider == null) {
            return false;
        }
        ObjectNode cloud = doc.putObject("cloud");
        cloud.put("provider", provider);
        putIfNotNull(cloud, "region", region);
        ObjectNode account = F.objectNode();
        putIfNotNull(account, "uid", accountUid);
        putIfNotNull(account, "name", accountName);
        putIfNotEmpty(cloud, "account", account);
        profile(doc, CLOUD_PROFILE);
        return true;
    }

    static boolean declares(ObjectNode doc, String profile) {
        for (JsonNode p : doc.path("metadata").path("profiles")) {
            if (p.asText().equals(profile)) {
                return true;
            }
        }
        return false;
    }

    static void profile(ObjectNode doc, String profile) {
        if (!declares(doc, profile)) {
            ObjectNode metadata = (ObjectNode) doc.get("metadata");
            ArrayNode profiles = metadata.has("profiles") ? (ArrayNode) metadata.get("profiles")
                    : metadata.putArray("profiles");
            profiles.add(profile);
        }
    }

    /** a copy of a record part without nulls, for {@code unmapped}; null when absent or empty */
    static JsonNode copy(JsonNode node) {
        return node == null || node.isNull() || node.isContainerNode() && node.isEmpty() ? null
                : Fields.withoutNulls(node);
    }

    static void putNode(ObjectNode target, String field, JsonNode value) {
        if (value != null && !value.isNull() && !(value.isContainerNode() && value.isEmpty())) {
            target.set(field, value);
        }
    }
}
