package io.wizcamel.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Renders a record as an Elastic Common Schema 8.11.0 document, by its stream's mapping: nested objects (never dotted
 * keys), no null leaves, {@code @timestamp} always (the record's own time when it is a real date-time, else the fetch
 * time), ECS fields where ECS has them and the whole record under the project's namespace {@code wiz.<item>}. The
 * mapping of each stream: docs/formats.md.
 */
public class EcsFormat implements RecordRenderer {

    public static final String ECS_VERSION = Ecs.VERSION;

    /** The document as compact JSON, one line, ready for a bulk request or a JSON Lines file. */
    @Override
    public String render(JsonNode record, RenderContext context) {
        return document(record, context).toString(); // Jackson writes a node as compact, valid JSON
    }

    /** an issue record's document, fetched now */
    public ObjectNode document(JsonNode record) {
        return document(record, RenderContext.now(RenderContext.ISSUES));
    }

    public ObjectNode document(JsonNode record, RenderContext context) {
        ObjectNode doc = StreamMappings.of(context.stream()).ecs(record, context);
        // several tenants (docs/tenants.md): the tenant is the organization ECS names (none for one tenant)
        String tenant = record == null ? null : record.path(TENANT).textValue();
        if (tenant != null) {
            Ecs.object(doc, "organization").put("id", tenant);
        }
        return doc;
    }

    /** the record field the tenant it came from is in, when the process runs several tenants */
    static final String TENANT = "tenant";

    /** Elastic detection-rule risk score for a Wiz severity; {@code null} for an unknown or absent one. */
    public static Integer severity(String wizSeverity) {
        return Ecs.score(wizSeverity);
    }

    /** The ECS event.category for a Wiz issue type; {@code null} when the type is unknown. */
    public static String category(String type) {
        return IssueMapping.category(type);
    }
}
