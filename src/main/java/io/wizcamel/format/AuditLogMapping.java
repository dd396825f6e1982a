package io.wizcamel.format;

import static io.wizcamel.format.Fields.firstNonNull;
import static io.wizcamel.format.Fields.putIfNotNull;
import static io.wizcamel.format.Fields.text;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code audit-logs} stream: one API operation in the Wiz tenant is an ECS event of category {@code iam} (users,
 * roles, service accounts, sign-ins, tokens) or {@code configuration} (anything else) and an OCSF API Activity
 * (6003). The action's verb gives the type: Create creation, Delete/Remove deletion, other writes change, reads
 * access (configuration) or info (iam).
 * docs/formats.md has the field tables. The records' {@code actionParameters} arrive with secrets already redacted.
 */
final class AuditLogMapping implements StreamMapping {

    static final String[] TIME_FIELDS = {"timestamp"};
    private static final Pattern IAM = Pattern.compile(
            "(?i).*(user|role|serviceaccount|login|logout|signin|signout|password|token|secret|session|saml|sso"
                    + "|scim|permission|group|invite|mfa|identity|credential).*");
    private static final String[] API_ACTIVITY = {"Unknown", "Create", "Read", "Update", "Delete"};

    /** what the action does, from its leading verb */
    enum Verb {
        CREATE, READ, UPDATE, DELETE, OTHER;

        static Verb of(String action) {
            String a = action == null ? "" : action.toLowerCase(Locale.ROOT);
            if (startsWithAny(a, "create", "add", "invite", "register", "generate", "import")) {
                return CREATE;
            }
            if (startsWithAny(a, "delete", "remove", "revoke", "destroy")) {
                return DELETE;
            }
            if (startsWithAny(a, "update", "set", "rotate", "assign", "unassign", "enable", "disable", "edit",
                    "modify", "change", "reset", "suspend", "resolve", "reopen", "rename", "move", "patch")) {
                return UPDATE;
            }
            if (startsWithAny(a, "get", "list", "read", "view", "export", "download", "search", "login", "logout",
                    "signin", "signout")) {
                return READ;
            }
            return OTHER;
        }

        private static boolean startsWithAny(String s, String... prefixes) {
            for (String p : prefixes) {
                if (s.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    @Override
    public ObjectNode ecs(JsonNode record, RenderContext context) {
        String action = text(record, "action");
        boolean iam = action != null && IAM.matcher(action).matches();
        Verb verb = Verb.of(action);
        String type = switch (verb) {
            case CREATE -> "creation";
            case DELETE -> "deletion";
            case UPDATE -> "change";
            case READ -> iam ? "info" : "access";
            default -> "info";
        };
        ObjectNode doc = Ecs.document(record, "audit_log", Fields.time(record, context, TIME_FIELDS), "event",
                List.of(iam ? "iam" : "configuration"), List.of(type));
        ObjectNode event = Ecs.event(doc);
        putIfNotNull(event, "id", text(record, "id"));
        putIfNotNull(event, "action", action);
        putIfNotNull(event, "outcome", outcome(text(record, "status")));
        putIfNotNull(doc, "message", message(record));

        ObjectNode user = Ecs.object(doc, "user");
        putIfNotNull(user, "id", firstNonNull(text(record, "user", "id"), text(record, "serviceAccount", "id")));
        putIfNotNull(user, "name", firstNonNull(text(record, "user", "name"), text(record, "serviceAccount", "name")));
        putIfNotNull(user, "email", text(record, "user", "email"));
        String ip = text(record, "sourceIP");
        if (Fields.isIp(ip)) {
            Ecs.object(doc, "source").put("ip", ip);
        }
        putIfNotNull(Ecs.object(doc, "user_agent"), "original", text(record, "userAgent"));
        ObjectNode related = Ecs.object(doc, "related");
        ArrayNode users = related.arrayNode();
        for (String u : new String[] {text(record, "user", "email"), actor(record)}) {
            if (u != null && !contains(users, u)) {
                users.add(u);
            }
        }
        Ocsf.putNode(related, "user", users);
        if (Fields.isIp(ip)) {
            related.putArray("ip").add(ip);
        }
        return Ecs.pruned(doc);
    }

    private static boolean contains(ArrayNode array, String value) {
        for (JsonNode n : array) {
            if (n.asText().equals(value)) {
                return true;
            }
        }
        return false;
    }

    /** who acted: the user's email, else name, else the service account's name */
    static String actor(JsonNode record) {
        return firstNonNull(text(record, "user", "email"), text(record, "user", "name"),
                text(record, "serviceAccount", "name"), text(record, "serviceAccount", "id"));
    }

    static String message(JsonNode record) {
        String action = text(record, "action");
        String actor = actor(record);
        if (action == null) {
            return null;
        }
        String failed = "FAILED".equals(text(record, "status")) ? " (failed)" : "";
        return actor == null ? action + failed : action + " by " + actor + failed;
    }

    static String outcome(String status) {
        if (status == null) {
            return null;
        }
        return switch (status) {
            case "SUCCESS" -> "success";
            case "FAILED" -> "failure";
            default -> "unknown";
        };
    }

    @Override
    public ObjectNode ocsf(JsonNode record, RenderContext context) {
        String action = text(record, "action");
        Verb verb = Verb.of(action);
        int activityId = switch (verb) {
            case CREATE -> 1;
            case READ -> 2;
            case UPDATE -> 3;
            case DELETE -> 4;
            default -> action == null ? 0 : 99;
        };
        String activityName = activityId == 99 ? action : API_ACTIVITY[activityId];
        ObjectNode doc = Ocsf.event(Ocsf.API_ACTIVITY, activityId, activityName,
                Fields.time(record, context, TIME_FIELDS), Fields.originalTime(record, TIME_FIELDS),
                "INFORMATIONAL");
        putIfNotNull((ObjectNode) doc.get("metadata"), "uid", text(record, "id"));
        String status = text(record, "status");
        int statusId = status == null ? 0 : "SUCCESS".equals(status) ? 1 : "FAILED".equals(status) ? 2 : 99;
        doc.put("status_id", statusId);
        doc.put("status", statusId == 99 ? status : new String[] {"Unknown", "Success", "Failure"}[statusId]);
        putIfNotNull(doc, "message", message(record));

        ObjectNode api = doc.putObject("api");
        api.put("operation", firstNonNull(action, "unknown"));
        String requestId = text(record, "requestId");
        if (requestId != null) {
            api.putObject("request").put("uid", requestId);
        }
        api.putObject("service").put("name", "Wiz");

        ObjectNode actor = doc.putObject("actor");
        ObjectNode user = actor.putObject("user");
        if (record != null && record.hasNonNull("serviceAccount") && !record.hasNonNull("user")) {
            putIfNotNull(user, "uid", text(record, "serviceAccount", "id"));
            putIfNotNull(user, "name", text(record, "serviceAccount", "name"));
            user.put("type_id", 99);
            user.put("type", "Service Account");
        } else {
            putIfNotNull(user, "uid", text(record, "user", "id"));
            putIfNotNull(user, "name", text(record, "user", "name"));
            String email = text(record, "user", "email");
            if (email != null && email.matches("[^@\\s]+@[^@\\s]+\\.[^@\\s]+")) {
                user.put("email_addr", email);
            }
            user.put("type_id", 1);
            user.put("type", "User");
        }
        if (!user.has("uid") && !user.has("name")) {
            user.put("name", "unknown"); // OCSF wants the actor named; Wiz gave no user or service account
        }

        // src_endpoint is required and needs an address or a name: without a valid IP, the text Wiz gave or "unknown"
        ObjectNode src = doc.putObject("src_endpoint");
        String ip = text(record, "sourceIP");
        if (Fields.isIp(ip)) {
            src.put("ip", ip);
        } else {
            src.put("name", firstNonNull(ip, "unknown"));
        }
        String agent = text(record, "userAgent");
        if (agent != null) {
            doc.putObject("http_request").put("user_agent", agent);
        }
        ObjectNode unmapped = doc.objectNode();
        Ocsf.putNode(unmapped, "actionParameters", Ocsf.copy(record == null ? null : record.get("actionParameters")));
        putIfNotNull(unmapped, "actorType", text(record, "actorType"));
        Ocsf.putNode(doc, "unmapped", unmapped);
        return doc;
    }

    @Override
    public LineEvent line(JsonNode record, RenderContext context) {
        String action = firstNonNull(text(record, "action"), "unknown");
        String ip = text(record, "sourceIP");
        JsonNode parameters = record == null ? null : record.get("actionParameters");
        return new LineEvent(text(record, "id"), "audit-log", action, firstNonNull(message(record), action),
                "INFORMATIONAL", Fields.time(record, context, TIME_FIELDS), message(record))
                .field("act", "action", action)
                .field("outcome", "status", text(record, "status"))
                .field("suser", "user", actor(record))
                .field("suid", "userId", firstNonNull(text(record, "user", "id"), text(record, "serviceAccount", "id")))
                .custom(1, "actorType", text(record, "actorType"))
                .custom(2, "requestId", text(record, "requestId"))
                .field(Fields.isIp(ip) ? "src" : null, "sourceIP", ip)
                .field("requestClientApplication", "userAgent", text(record, "userAgent"))
                .field("msg", null, parameters == null || parameters.isNull() ? null : parameters.toString());
    }
}
