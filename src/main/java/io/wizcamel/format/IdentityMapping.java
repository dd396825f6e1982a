package io.wizcamel.format;

import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.text;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code users} and {@code service-accounts} streams: a Wiz principal is an ECS {@code asset} document of
 * category {@code iam} with {@code user.*}, and an OCSF User Inventory Info (5003). A user is OCSF user type 1 User
 * (2 Admin when its role is an admin role), with its role as a group whose privileges are the role's scopes; a service
 * account is type 99 "Service Account", its OAuth client id as {@code credential_uid}. The event's time is the fetch
 * time: an inventory reports what was there when it was collected. docs/formats.md has the field tables.
 */
final class IdentityMapping implements StreamMapping {

    // OCSF's email_t pattern, so that an address it would refuse stays in unmapped only
    private static final Pattern EMAIL =
            Pattern.compile("^[a-zA-Z0-9!#$%&'*+-/=?^_`{|}~.]+@[a-zA-Z0-9-]+\\.[a-zA-Z0-9-.]+$");

    private final boolean serviceAccount;

    IdentityMapping(boolean serviceAccount) {
        this.serviceAccount = serviceAccount;
    }

    private String item() {
        return serviceAccount ? "service_account" : "user";
    }

    @Override
    public ObjectNode ecs(JsonNode record, RenderContext context) {
        ObjectNode doc = Ecs.document(record, item(), context.fetchedAt(), "asset", List.of("iam"),
                List.of("user", "info"));
        putIfNotNull(doc, "message", firstNonNull(text(record, "name"), text(record, "email"), text(record, "id")));
        putIfNotNull(Ecs.event(doc), "id", text(record, "id"));
        putIfNotNull(Ecs.event(doc), "created", Fields.isoTime(text(record, "createdAt")));
        ObjectNode user = Ecs.object(doc, "user");
        putIfNotNull(user, "id", text(record, "id"));
        putIfNotNull(user, "name", text(record, "name"));
        putIfNotNull(user, "email", text(record, "email"));
        String role = firstNonNull(text(record, "role", "name"), text(record, "role", "id"));
        if (role != null) {
            user.putArray("roles").add(role);
        }
        return Ecs.pruned(doc);
    }

    @Override
    public ObjectNode ocsf(JsonNode record, RenderContext context) {
        ObjectNode doc = Ocsf.event(Ocsf.USER_INVENTORY_INFO, 2, "Collect", context.fetchedAt(), null, null);
        putIfNotNull(doc, "message", firstNonNull(text(record, "name"), text(record, "email"), text(record, "id")));
        ObjectNode user = doc.putObject("user");
        putIfNotNull(user, "uid", text(record, "id"));
        putIfNotNull(user, "name", text(record, "name"));
        ObjectNode unmapped = doc.objectNode();
        if (serviceAccount) {
            user.put("type_id", 99);
            user.put("type", "Service Account");
            putIfNotNull(user, "credential_uid", text(record, "clientId"));
            putIfNotNull(unmapped, "serviceAccountType", text(record, "type"));
            Ocsf.putNode(unmapped, "scopes", Ocsf.copy(record == null ? null : record.get("scopes")));
            Ocsf.putNode(unmapped, "projects", Ocsf.copy(record == null ? null : record.get("projects")));
            putIfNotNull(unmapped, "createdAt", text(record, "createdAt"));
            putIfNotNull(unmapped, "lastRotatedAt", text(record, "lastRotatedAt"));
        } else {
            String email = text(record, "email");
            if (email != null && EMAIL.matcher(email).matches()) {
                user.put("email_addr", email);
            }
            String roleId = text(record, "role", "id");
            boolean admin = roleId != null && roleId.toUpperCase(java.util.Locale.ROOT).contains("ADMIN");
            user.put("type_id", admin ? 2 : 1);
            user.put("type", admin ? "Admin" : "User");
            JsonNode role = record == null ? null : record.get("role");
            if (role != null && role.isObject() && (role.hasNonNull("id") || role.hasNonNull("name"))) {
                ObjectNode group = user.putArray("groups").addObject();
                putIfNotNull(group, "uid", text(role, "id"));
                putIfNotNull(group, "name", text(role, "name"));
                group.put("type", "Wiz role");
                ArrayNode privileges = group.arrayNode();
                Fields.texts(role.get("scopes"), null).forEach(privileges::add);
                Ocsf.putNode(group, "privileges", privileges);
            }
            for (String field : List.of("identityProvider", "createdAt", "lastLoginAt", "source")) {
                putIfNotNull(unmapped, field, text(record, field));
            }
            if (record != null && record.path("suspended").isBoolean()) {
                unmapped.put("suspended", record.get("suspended").booleanValue());
            }
            Ocsf.putNode(unmapped, "projects", Ocsf.copy(record == null ? null : record.get("projects")));
        }
        if (!user.has("uid") && !user.has("name")) {
            user.put("name", firstNonNull(text(record, "email"), "unknown")); // OCSF: a user has a uid or name
        }
        Ocsf.putNode(doc, "unmapped", unmapped);
        return doc;
    }
}
