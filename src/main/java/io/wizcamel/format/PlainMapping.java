package io.wizcamel.format;

import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.text;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A stream ECS and OCSF have no event for (projects, controls, service tickets, roles, grants, and any stream an
 * operator adds): the record as plain JSON inside the smallest valid envelope. ECS: a {@code state} event
 * (an inventory snapshot) with the record under {@code wiz.<item>}; OCSF: a Base Event (class 0) with the record as
 * {@code unmapped}. No CEF or RFC 5424 form.
 */
final class PlainMapping implements StreamMapping {

    /** the fields that may hold a record's time, most specific first */
    static final String[] TIME_FIELDS = {"updatedAt", "lastSeenAt", "createdAt"};

    private final String item;

    PlainMapping(String item) {
        this.item = item;
    }

    @Override
    public ObjectNode ecs(JsonNode record, RenderContext context) {
        ObjectNode doc = Ecs.document(record, item, Fields.time(record, context, TIME_FIELDS), "state", List.of(),
                List.of());
        putIfNotNull(doc, "message", name(record));
        putIfNotNull(Ecs.event(doc), "id", id(record));
        return doc;
    }

    @Override
    public ObjectNode ocsf(JsonNode record, RenderContext context) {
        ObjectNode doc = Ocsf.event(Ocsf.BASE_EVENT, 0, "Unknown", Fields.time(record, context, TIME_FIELDS),
                Fields.originalTime(record, TIME_FIELDS), text(record, "severity"));
        putIfNotNull(doc, "message", name(record));
        Ocsf.putNode(doc, "unmapped", Ocsf.copy(record));
        return doc;
    }

    static String id(JsonNode record) {
        return firstNonNull(text(record, "id"), text(record, "externalId"), text(record, "email"));
    }

    static String name(JsonNode record) {
        return firstNonNull(text(record, "name"), text(record, "title"), id(record));
    }
}
