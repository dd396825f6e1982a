package io.wizcamel.format;

import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.putIfNotEmpty;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.text;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What the OCSF findings of the finding streams (vulnerabilities, configuration findings) share with issues. */
final class Findings {

    static final String[] ACTIVITY = {"Unknown", "Create", "Update", "Close"};
    private static final String[] STATUS = {"Unknown", "New", "In Progress", "Suppressed", "Resolved"};

    private Findings() {
    }

    /** 3 Close for a resolved or rejected finding, 1 Create when first seen at its last update, else 2 Update */
    static int activityId(String wizStatus, String firstSeen, String updated) {
        if ("RESOLVED".equals(wizStatus) || "REJECTED".equals(wizStatus)) {
            return 3;
        }
        Long first = Fields.epochMillis(firstSeen);
        return first != null && first.equals(Fields.epochMillis(updated)) ? 1 : 2;
    }

    /** {@code status_id}/{@code status}: OPEN 1 New, IN_PROGRESS 2, REJECTED 3 Suppressed, RESOLVED 4 Resolved */
    static void status(ObjectNode doc, String wizStatus) {
        int id = IssueMapping.statusId(wizStatus);
        doc.put("status_id", id);
        doc.put("status", id == 99 ? wizStatus : STATUS[id]);
    }

    /**
     * {@code resources[0]} from a record's {@code resource}: uid the cloud's id (else Wiz's), name, type, labels from
     * its tags, and region only when the cloud profile is declared (it is that profile's attribute).
     */
    static void resource(ObjectNode doc, JsonNode resource, boolean cloudProfile) {
        if (resource == null || !resource.isObject()) {
            return;
        }
        ObjectNode r = doc.objectNode();
        putIfNotNull(r, "uid", firstNonNull(text(resource, "providerId"), text(resource, "id")));
        putIfNotNull(r, "name", text(resource, "name"));
        putIfNotNull(r, "type", text(resource, "type"));
        if (cloudProfile) {
            putIfNotNull(r, "region", text(resource, "region"));
        }
        ArrayNode labels = r.arrayNode();
        JsonNode tags = resource.get("tags");
        if (tags != null && tags.isObject()) {
            for (Map.Entry<String, JsonNode> tag : tags.properties()) {
                if (!tag.getValue().isNull()) {
                    labels.add(tag.getKey() + ":" + tag.getValue().asText());
                }
            }
        }
        putIfNotEmpty(r, "labels", labels);
        if (r.size() > 0) {
            doc.putArray("resources").add(r);
        }
    }
}
