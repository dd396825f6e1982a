package io.wizcamel.format;

import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SCIM 2.0 (RFC 7643) resources for identity records (docs/scim.md): a user record becomes a
 * {@code urn:ietf:params:scim:schemas:core:2.0:User}, a service account a User of {@code userType}
 * {@code ServiceAccount}, a role or a project a {@code urn:ietf:params:scim:schemas:core:2.0:Group}. Records of other
 * streams (issues, grants...) have no SCIM form: {@link #render} gives null for them.
 *
 * <p>A person's SCIM {@code id} is the lower-cased email (Wiz gives one person different ids in users, userAccounts
 * and as project owner, so the email is what Group members can point at), {@code externalId} the Wiz id.
 */
public class ScimFormat implements RecordRenderer {

    public static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    public static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    public static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    /** what SCIM's core schemas have no attribute for (role scopes, project owners...), as an extension */
    public static final String WIZ = "urn:wiz-camel:params:scim:schemas:extension:wiz:2.0";
    /** the streams whose records have a SCIM form */
    public static final Set<String> STREAMS = Set.of("users", "roles", "service-accounts", "projects");

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** whether records of {@code stream} have a SCIM form */
    @Override
    public boolean renders(String stream) {
        return STREAMS.contains(stream);
    }

    /** the record's SCIM resource as one line of JSON, or null when its stream has none */
    @Override
    public String render(JsonNode record, RenderContext context) {
        return render(record, context.stream());
    }

    /** the record's SCIM resource as one line of JSON, or null when it has none */
    public String render(JsonNode record, String stream) {
        ObjectNode resource = resource(record, stream);
        return resource == null ? null : resource.toString();
    }

    /** as {@link #render(JsonNode, String)}, the stream told by the record's shape (for callers without one) */
    @Override
    public String render(JsonNode record) {
        return render(record, streamOf(record));
    }

    /** the record's SCIM resource, or null */
    public ObjectNode resource(JsonNode record, String stream) {
        if (stream == null) {
            return null;
        }
        return switch (stream) {
            case "users" -> user(record);
            case "service-accounts" -> serviceAccount(record);
            case "roles" -> role(record);
            case "projects" -> project(record);
            default -> null;
        };
    }

    /** which identity stream a record comes from, by the fields only that stream's records have; null: none */
    static String streamOf(JsonNode r) {
        if (r.has("identityProvider") && r.has("email")) {
            return "users";
        }
        if (r.has("clientId") && r.has("type")) {
            return "service-accounts";
        }
        if (r.has("builtin") && r.has("scopes")) {
            return "roles";
        }
        if (r.has("slug") || r.has("projectOwners") || r.has("securityChampions")) {
            return "projects";
        }
        return null;
    }

    private static ObjectNode user(JsonNode r) {
        String wizId = text(r, "id");
        String email = text(r, "email");
        ObjectNode u = resource(USER, email != null ? email : wizId, wizId);
        u.put("userName", email != null ? email : wizId);
        String name = text(r, "name");
        if (name != null) {
            u.putObject("name").put("formatted", name);
            u.put("displayName", name);
        }
        if (email != null) {
            u.putArray("emails").addObject().put("value", email).put("type", "work").put("primary", true);
        }
        if (r.path("suspended").isBoolean()) {
            u.put("active", !r.get("suspended").asBoolean());
        }
        JsonNode role = r.path("role");
        ArrayNode groups = JSON.arrayNode();
        ArrayNode entitlements = JSON.arrayNode();
        if (role.isObject()) {
            u.putArray("roles").addObject().put("value", text(role, "id")).put("display", text(role, "name"))
                    .put("type", "wiz").put("primary", true);
            entitlements.addObject().put("value", text(role, "id")).put("display", text(role, "name"))
                    .put("type", "role");
            groups.addObject().put("value", text(role, "id")).put("display", text(role, "name")).put("type", "direct");
        }
        for (JsonNode p : r.path("projects")) {
            entitlements.addObject().put("value", text(p, "id")).put("display", text(p, "name"))
                    .put("type", "projectMember");
            groups.addObject().put("value", text(p, "id")).put("display", text(p, "name")).put("type", "direct");
        }
        if (!entitlements.isEmpty()) {
            u.set("entitlements", entitlements);
        }
        if (!groups.isEmpty()) {
            u.set("groups", groups);
        }
        ObjectNode wiz = JSON.objectNode();
        putIfText(wiz, "identityProvider", text(r, "identityProvider"));
        putIfText(wiz, "lastLoginAt", text(r, "lastLoginAt"));
        putIfText(wiz, "source", text(r, "source"));
        extension(u, wiz);
        // Wiz tells no update time for a user: lastModified is when the user was created
        meta(u, "User", text(r, "createdAt"), text(r, "createdAt"));
        return u;
    }

    private static ObjectNode serviceAccount(JsonNode r) {
        String id = text(r, "id");
        ObjectNode u = resource(USER, id, id);
        u.put("userName", text(r, "clientId") != null ? text(r, "clientId") : id);
        String name = text(r, "name");
        if (name != null) {
            u.putObject("name").put("formatted", name);
            u.put("displayName", name);
        }
        u.put("userType", "ServiceAccount");
        u.put("active", true);
        ArrayNode entitlements = JSON.arrayNode();
        for (JsonNode scope : r.path("scopes")) {
            entitlements.addObject().put("value", scope.asText()).put("display", scope.asText()).put("type", "scope");
        }
        for (JsonNode project : r.path("projects")) {
            entitlements.addObject().put("value", project.asText()).put("type", "project");
        }
        if (!entitlements.isEmpty()) {
            u.set("entitlements", entitlements);
        }
        ObjectNode wiz = JSON.objectNode();
        putIfText(wiz, "serviceAccountType", text(r, "type"));
        putIfText(wiz, "lastRotatedAt", text(r, "lastRotatedAt"));
        extension(u, wiz);
        String rotated = text(r, "lastRotatedAt");
        meta(u, "User", text(r, "createdAt"), rotated != null ? rotated : text(r, "createdAt"));
        return u;
    }

    private static ObjectNode role(JsonNode r) {
        String id = text(r, "id");
        ObjectNode g = resource(GROUP, id, id);
        g.put("displayName", text(r, "name") != null ? text(r, "name") : id);
        ObjectNode wiz = JSON.objectNode();
        wiz.put("kind", "role");
        putIfText(wiz, "description", text(r, "description"));
        if (r.path("scopes").isArray()) {
            wiz.set("scopes", r.get("scopes").deepCopy());
        }
        if (r.path("builtin").isBoolean()) {
            wiz.put("builtin", r.get("builtin").asBoolean());
        }
        if (r.path("projectScoped").isBoolean()) {
            wiz.put("projectScoped", r.get("projectScoped").asBoolean());
        }
        extension(g, wiz);
        meta(g, "Group", null, null);
        return g;
    }

    private static ObjectNode project(JsonNode r) {
        String id = text(r, "id");
        ObjectNode g = resource(GROUP, id, id);
        g.put("displayName", text(r, "name") != null ? text(r, "name") : id);
        ArrayNode members = JSON.arrayNode();
        ObjectNode wiz = JSON.objectNode();
        wiz.put("kind", "project");
        putIfText(wiz, "slug", text(r, "slug"));
        putIfText(wiz, "businessUnit", text(r, "businessUnit"));
        for (String field : new String[] {"projectOwners", "securityChampions"}) {
            ArrayNode emails = JSON.arrayNode();
            for (JsonNode person : r.path(field)) {
                String email = lower(text(person, "email"));
                if (email == null) {
                    continue; // a member SCIM could not point at: no User has its id
                }
                emails.add(email);
                if (members.findValues("value").stream().noneMatch(v -> v.asText().equals(email))) {
                    ObjectNode m = members.addObject().put("value", email).put("type", "User");
                    putIfText(m, "display", text(person, "name"));
                }
            }
            if (!emails.isEmpty()) {
                wiz.set(field, emails);
            }
        }
        g.set("members", members);
        extension(g, wiz);
        meta(g, "Group", null, null);
        return g;
    }

    private static ObjectNode resource(String schema, String id, String externalId) {
        ObjectNode r = JSON.objectNode();
        r.putArray("schemas").add(schema);
        r.put("id", id);
        if (externalId != null) {
            r.put("externalId", externalId);
        }
        return r;
    }

    private static void extension(ObjectNode resource, ObjectNode wiz) {
        if (!wiz.isEmpty()) {
            ((ArrayNode) resource.get("schemas")).add(WIZ);
            resource.set(WIZ, wiz);
        }
    }

    private static void meta(ObjectNode resource, String type, String created, String lastModified) {
        ObjectNode meta = resource.putObject("meta");
        meta.put("resourceType", type);
        putIfText(meta, "created", created);
        putIfText(meta, "lastModified", lastModified);
    }

    private static void putIfText(ObjectNode o, String field, String value) {
        if (value != null) {
            o.put(field, value);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static String lower(String email) {
        return email == null || email.isBlank() ? null : email.trim().toLowerCase(java.util.Locale.ROOT);
    }
}
