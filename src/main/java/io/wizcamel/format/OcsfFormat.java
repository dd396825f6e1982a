package io.wizcamel.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a record as an Open Cybersecurity Schema Framework 1.3.0 event, by its stream's mapping: the class's
 * required attributes always, {@code time} always (the record's own time when it is a real date-time, else the fetch
 * time; epoch milliseconds), {@code metadata.profiles} naming every profile whose attributes the event uses (such as
 * {@code cloud}), and no nulls or empty objects. The mapping of each stream: docs/formats.md.
 */
public class OcsfFormat implements RecordRenderer {

    public static final String OCSF_VERSION = Ocsf.VERSION;
    public static final int DETECTION_FINDING = Ocsf.DETECTION_FINDING.uid();
    public static final int COMPLIANCE_FINDING = Ocsf.COMPLIANCE_FINDING.uid();

    /** The event as compact JSON on one line. */
    @Override
    public String render(JsonNode record, RenderContext context) {
        return document(record, context).toString(); // Jackson writes a node as compact, valid JSON
    }

    /** an issue record's event, fetched now */
    public ObjectNode document(JsonNode record) {
        return document(record, RenderContext.now(RenderContext.ISSUES));
    }

    public ObjectNode document(JsonNode record, RenderContext context) {
        ObjectNode doc = StreamMappings.of(context.stream()).ocsf(record, context);
        // several tenants (docs/tenants.md): OCSF's own place for the tenant (none for one tenant)
        String tenant = record == null ? null : record.path(EcsFormat.TENANT).textValue();
        if (tenant != null) {
            Ecs.object(doc, "metadata").put("tenant_uid", tenant);
        }
        return doc;
    }

    /** 3 Close for a resolved or rejected issue, 1 Create when its status never changed, else 2 Update. */
    public static int activityId(JsonNode record) {
        return IssueMapping.activityId(record);
    }

    public static int severityId(String wizSeverity) {
        return Ocsf.severityId(wizSeverity);
    }

    public static int statusId(String wizStatus) {
        return IssueMapping.statusId(wizStatus);
    }
}
