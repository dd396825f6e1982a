package io.wizcamel.format;

import static io.wizcamel.format.Fields.control;
import static io.wizcamel.format.Fields.putIfNotEmpty;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.resource;
import static io.wizcamel.format.Fields.text;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders an issue record as an Open Cybersecurity Schema Framework 1.3.0 finding event. Null sources are left out,
 * and so are objects that would come out empty. Times are epoch milliseconds (OCSF {@code timestamp_t}).
 *
 * <table>
 * <caption>Issue record to OCSF</caption>
 * <tr><th>OCSF attribute</th><th>Source / value</th></tr>
 * <tr><td>{@code category_uid}, {@code category_name}</td><td>{@code 2}, {@code Findings}</td></tr>
 * <tr><td>{@code class_uid}, {@code class_name}</td><td>THREAT_DETECTION: 2004 Detection Finding;
 * CLOUD_CONFIGURATION, TOXIC_COMBINATION: 2003 Compliance Finding; other or absent type: 2004</td></tr>
 * <tr><td>{@code activity_id}, {@code activity_name}</td><td>wizStatus RESOLVED or REJECTED: 3 Close; else
 * statusChangedAt equal to createdAt (same instant): 1 Create; else 2 Update</td></tr>
 * <tr><td>{@code type_uid}, {@code type_name}</td><td>class_uid * 100 + activity_id, "class_name: activity_name"</td></tr>
 * <tr><td>{@code time}</td><td>statusChangedAt, else updatedAt, else createdAt</td></tr>
 * <tr><td>{@code severity_id}, {@code severity}</td><td>INFORMATIONAL 1, LOW 2, MEDIUM 3, HIGH 4, CRITICAL 5 (with
 * their captions); absent 0 Unknown; other 99 with the Wiz value</td></tr>
 * <tr><td>{@code status_id}, {@code status}</td><td>wizStatus OPEN 1 New, IN_PROGRESS 2 In Progress, REJECTED 3
 * Suppressed, RESOLVED 4 Resolved; absent 0 Unknown; other 99 with the Wiz value</td></tr>
 * <tr><td>{@code message}</td><td>title</td></tr>
 * <tr><td>{@code finding_info}</td><td>uid id, title title, desc control.description, types [type],
 * created_time createdAt, modified_time updatedAt, src_url url, analytic {uid control.id, name control.name,
 * type_id 1, type Rule} (analytic only when the control has an id or name)</td></tr>
 * <tr><td>{@code metadata}</td><td>version 1.3.0, product {name Wiz, vendor_name Wiz}, original_time: the string
 * {@code time} came from</td></tr>
 * <tr><td>{@code cloud}</td><td>provider cloudPlatform (else resource.cloudPlatform) as given, region
 * resource.region, account {uid resource.subscriptionId, name resource.subscriptionName}</td></tr>
 * <tr><td>{@code resources}</td><td>one entry: uid resource.providerId (else resource.id), name, type, region,
 * labels ["key:value" per tag]</td></tr>
 * <tr><td>{@code remediation}</td><td>desc control.remediation</td></tr>
 * <tr><td>{@code compliance} (2003 only)</td><td>control control.name; status_id/status: RESOLVED 1 Pass, else 3
 * Fail</td></tr>
 * <tr><td>{@code unmapped}</td><td>wizStatus, mappedStatus (status), resolutionReason, projects, serviceTickets
 * (left out when empty), dueAt</td></tr>
 * </table>
 *
 * <p>Left out on purpose: {@code metadata.uid} (each state change is its own event, so the issue id would repeat;
 * it is {@code finding_info.uid}) and {@code compliance.standards} (required by OCSF, but a Wiz issue does not
 * say which framework its control belongs to, and an invented value would mislead).
 */
public class OcsfFormat implements RecordRenderer {

    public static final String OCSF_VERSION = "1.3.0";
    public static final int DETECTION_FINDING = 2004;
    public static final int COMPLIANCE_FINDING = 2003;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] ACTIVITY = {"Unknown", "Create", "Update", "Close"};
    private static final String[] SEVERITY = {"Unknown", "Informational", "Low", "Medium", "High", "Critical"};
    private static final String[] STATUS = {"Unknown", "New", "In Progress", "Suppressed", "Resolved"};

    /** The event as compact JSON on one line. */
    @Override
    public String render(JsonNode record) {
        return document(record).toString(); // Jackson writes a node as compact, valid JSON
    }

    public ObjectNode document(JsonNode record) {
        String type = text(record, "type");
        String wizStatus = text(record, "wizStatus");
        int classUid = classUid(type);
        String className = className(classUid);
        int activityId = activityId(record);

        ObjectNode doc = F.objectNode();
        doc.put("category_uid", 2);
        doc.put("category_name", "Findings");
        doc.put("class_uid", classUid);
        doc.put("class_name", className);
        doc.put("activity_id", activityId);
        doc.put("activity_name", ACTIVITY[activityId]);
        doc.put("type_uid", classUid * 100 + activityId);
        doc.put("type_name", className + ": " + ACTIVITY[activityId]);
        String time = Fields.eventTime(record);
        putIfNotNull(doc, "time", Fields.epochMillis(time));

        String severity = text(record, "severity");
        int severityId = severityId(severity);
        doc.put("severity_id", severityId);
        doc.put("severity", severityId == 99 ? severity : SEVERITY[severityId]);
        int statusId = statusId(wizStatus);
        doc.put("status_id", statusId);
        doc.put("status", statusId == 99 ? wizStatus : STATUS[statusId]);
        putIfNotNull(doc, "message", text(record, "title"));

        ObjectNode info = doc.putObject("finding_info");
        putIfNotNull(info, "uid", text(record, "id"));
        putIfNotNull(info, "title", text(record, "title"));
        putIfNotNull(info, "desc", control(record, "description"));
        if (type != null) {
            info.putArray("types").add(type);
        }
        putIfNotNull(info, "created_time", Fields.epochMillis(text(record, "createdAt")));
        putIfNotNull(info, "modified_time", Fields.epochMillis(text(record, "updatedAt")));
        putIfNotNull(info, "src_url", text(record, "url"));
        if (control(record, "id") != null || control(record, "name") != null) {
            ObjectNode analytic = info.putObject("analytic");
            putIfNotNull(analytic, "uid", control(record, "id"));
            putIfNotNull(analytic, "name", control(record, "name"));
            analytic.put("type_id", 1);
            analytic.put("type", "Rule");
        }

        ObjectNode metadata = doc.putObject("metadata");
        metadata.put("version", OCSF_VERSION);
        metadata.putObject("product").put("name", "Wiz").put("vendor_name", "Wiz");
        putIfNotNull(metadata, "original_time", time);

        ObjectNode cloud = F.objectNode();
        putIfNotNull(cloud, "provider", Fields.cloudPlatform(record));
        putIfNotNull(cloud, "region", resource(record, "region"));
        ObjectNode account = F.objectNode();
        putIfNotNull(account, "uid", resource(record, "subscriptionId"));
        putIfNotNull(account, "name", resource(record, "subscriptionName"));
        putIfNotEmpty(cloud, "account", account);
        putIfNotEmpty(doc, "cloud", cloud);

        ObjectNode resource = F.objectNode();
        putIfNotNull(resource, "uid", Fields.firstNonNull(resource(record, "providerId"), resource(record, "id")));
        putIfNotNull(resource, "name", resource(record, "name"));
        putIfNotNull(resource, "type", resource(record, "type"));
        putIfNotNull(resource, "region", resource(record, "region"));
        ArrayNode labels = F.arrayNode();
        for (Map.Entry<String, String> tag : Fields.tags(record)) {
            labels.add(tag.getKey() + ":" + tag.getValue());
        }
        putIfNotEmpty(resource, "labels", labels);
        if (resource.size() > 0) {
            doc.putArray("resources").add(resource);
        }

        String remediation = control(record, "remediation");
        if (remediation != null) {
            doc.putObject("remediation").put("desc", remediation);
        }

        if (classUid == COMPLIANCE_FINDING) {
            ObjectNode compliance = doc.putObject("compliance");
            putIfNotNull(compliance, "control", control(record, "name"));
            boolean pass = "RESOLVED".equals(wizStatus);
            compliance.put("status_id", pass ? 1 : 3);
            compliance.put("status", pass ? "Pass" : "Fail");
        }

        ObjectNode unmapped = F.objectNode();
        putIfNotNull(unmapped, "wizStatus", wizStatus);
        putIfNotNull(unmapped, "mappedStatus", text(record, "status"));
        putIfNotNull(unmapped, "resolutionReason", text(record, "resolutionReason"));
        putList(unmapped, "projects", record == null ? null : record.get("projects"));
        putList(unmapped, "serviceTickets", record == null ? null : record.get("serviceTickets"));
        putIfNotNull(unmapped, "dueAt", text(record, "dueAt"));
        putIfNotEmpty(doc, "unmapped", unmapped);
        return doc;
    }

    /** Detection Finding for threats and anything unrecognised; Compliance Finding for posture issues. */
    public static int classUid(String type) {
        return "CLOUD_CONFIGURATION".equals(type) || "TOXIC_COMBINATION".equals(type)
                ? COMPLIANCE_FINDING : DETECTION_FINDING;
    }

    /** 3 Close for a resolved or rejected issue, 1 Create when its status never changed, else 2 Update. */
    public static int activityId(JsonNode record) {
        String wizStatus = text(record, "wizStatus");
        if ("RESOLVED".equals(wizStatus) || "REJECTED".equals(wizStatus)) {
            return 3;
        }
        String changed = text(record, "statusChangedAt");
        String created = text(record, "createdAt");
        Long changedMs = Fields.epochMillis(changed);
        // compare instants so "…Z" and "…+00:00" agree; fall back to the strings when either is unparseable
        boolean same = changed != null && created != null
                && (changedMs != null ? changedMs.equals(Fields.epochMillis(created)) : changed.equals(created));
        return same ? 1 : 2;
    }

    public static int severityId(String wizSeverity) {
        if (wizSeverity == null) {
            return 0;
        }
        switch (wizSeverity) {
            case "INFORMATIONAL": return 1;
            case "LOW": return 2;
            case "MEDIUM": return 3;
            case "HIGH": return 4;
            case "CRITICAL": return 5;
            default: return 99;
        }
    }

    public static int statusId(String wizStatus) {
        if (wizStatus == null) {
            return 0;
        }
        switch (wizStatus) {
            case "OPEN": return 1;
            case "IN_PROGRESS": return 2;
            case "REJECTED": return 3;
            case "RESOLVED": return 4;
            default: return 99;
        }
    }

    private static String className(int classUid) {
        return classUid == COMPLIANCE_FINDING ? "Compliance Finding" : "Detection Finding";
    }

    private static void putList(ObjectNode target, String field, JsonNode list) {
        if (list != null && list.isArray() && list.size() > 0) {
            target.set(field, Fields.withoutNulls(list));
        }
    }
}
