package io.wizcamel.format;

import static io.wizcamel.format.Fields.bool;
import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.text;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code resources} stream: a cloud resource with its technologies is an ECS {@code asset} document
 * ({@code cloud.*}, and {@code host.*} for a virtual machine) and an OCSF Device Inventory Info (5001), OCSF 1.3.0's
 * one inventory class for things in a cloud: a virtual machine is device type 6 Virtual, any other resource type 99
 * Other with Wiz's type as its name. docs/formats.md has the field tables.
 */
final class ResourceMapping implements StreamMapping {

    static final String[] TIME_FIELDS = {"deletedAt", "updatedAt", "createdAt"};
    private static final List<String> FLAGS = List.of("isAccessibleFromInternet", "hasAccessToSensitiveData",
            "hasAdminPrivileges", "hasHighPrivileges", "hasSensitiveData");

    @Override
    public ObjectNode ecs(JsonNode record, RenderContext context) {
        boolean vm = "VIRTUAL_MACHINE".equals(text(record, "type"));
        boolean deleted = Boolean.TRUE.equals(bool(record, "deleted")) || text(record, "deletedAt") != null;
        ObjectNode doc = Ecs.document(record, "resource", Fields.time(record, context, TIME_FIELDS), "asset",
                vm ? List.of("host") : List.of(), List.of(deleted ? "end" : "info"));
        putIfNotNull(doc, "message", firstNonNull(text(record, "name"), text(record, "externalId"),
                text(record, "id")));
        Ecs.labels(doc, Fields.tags(record, "tags"));
        ObjectNode event = Ecs.event(doc);
        putIfNotNull(event, "id", text(record, "id"));
        putIfNotNull(event, "created", Fields.isoTime(text(record, "createdAt")));
        Ecs.cloud(doc, firstNonNull(text(record, "cloudPlatform"), text(record, "cloudAccount", "cloudProvider")),
                text(record, "region"), text(record, "cloudAccount", "externalId"),
                text(record, "cloudAccount", "name"));
        if (vm) {
            Ecs.instance(doc, firstNonNull(text(record, "externalId"), text(record, "id")), text(record, "name"));
            ObjectNode host = Ecs.object(doc, "host");
            putIfNotNull(host, "name", text(record, "name"));
            putIfNotNull(host, "id", firstNonNull(text(record, "externalId"), text(record, "id")));
            putIfNotNull(host, "type", text(record, "type"));
        }
        return Ecs.pruned(doc);
    }

    @Override
    public ObjectNode ocsf(JsonNode record, RenderContext context) {
        ObjectNode doc = Ocsf.event(Ocsf.INVENTORY_INFO, 2, "Collect", Fields.time(record, context, TIME_FIELDS),
                Fields.originalTime(record, TIME_FIELDS), null);
        putIfNotNull(doc, "message", firstNonNull(text(record, "name"), text(record, "id")));
        ObjectNode device = doc.putObject("device");
        String type = text(record, "type");
        boolean vm = "VIRTUAL_MACHINE".equals(type);
        device.put("type_id", vm ? 6 : 99);
        device.put("type", vm ? "Virtual" : firstNonNull(type, "Other"));
        putIfNotNull(device, "uid", firstNonNull(text(record, "externalId"), text(record, "id")));
        putIfNotNull(device, "uid_alt", text(record, "externalId") == null ? null : text(record, "id"));
        putIfNotNull(device, "name", text(record, "name"));
        if (!device.has("uid") && !device.has("name")) {
            device.put("name", "unknown"); // a device is named or identified (OCSF's at_least_one)
        }
        putIfNotNull(device, "region", text(record, "region"));
        putIfNotNull(device, "created_time", Fields.epochMillis(text(record, "createdAt")));
        putIfNotNull(device, "modified_time", Fields.epochMillis(text(record, "updatedAt")));
        ArrayNode groups = device.arrayNode();
        JsonNode projects = record == null ? null : record.get("projects");
        if (projects != null && projects.isArray()) {
            for (JsonNode p : projects) {
                ObjectNode g = device.objectNode();
                putIfNotNull(g, "uid", text(p, "id"));
                putIfNotNull(g, "name", text(p, "name"));
                if (g.size() > 0) {
                    groups.add(g.put("type", "Wiz project"));
                }
            }
        }
        Ocsf.putNode(device, "groups", groups);
        Ocsf.cloud(doc, firstNonNull(text(record, "cloudPlatform"), text(record, "cloudAccount", "cloudProvider")),
                text(record, "region"), text(record, "cloudAccount", "externalId"),
                text(record, "cloudAccount", "name"));

        ObjectNode unmapped = doc.objectNode();
        for (String field : List.of("status", "deletedAt", "nativeType")) {
            putIfNotNull(unmapped, field, text(record, field));
        }
        Boolean deleted = bool(record, "deleted");
        if (deleted != null) {
            unmapped.put("deleted", deleted);
        }
        for (String flag : FLAGS) {
            Boolean b = bool(record, flag);
            if (b != null) {
                unmapped.put(flag, b);
            }
        }
        for (String field : List.of("tags", "technologies", "assetTypes", "cloudAccount")) {
            Ocsf.putNode(unmapped, field, Ocsf.copy(record == null ? null : record.get(field)));
        }
        Ocsf.putNode(doc, "unmapped", unmapped);
        return doc;
    }
}
