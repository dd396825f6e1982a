package io.wizcamel.stream.auditlogs;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.Settings;

/**
 * Turns an {@code auditLogEntries} node into the audit-log record (docs/streams/audit-logs.md), redacting every
 * secret-looking value of {@code actionParameters} at any depth: a key whose name (lower-cased, without - _ .)
 * contains one of the configured words, and the value of a {key|name: <such a word>, value: ...} pair.
 */
public class AuditLogShaper {

    public static final String REDACTED = "***";
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> secretWords;

    public AuditLogShaper(String secretWords) {
        this.secretWords = Settings.list(secretWords).stream().map(AuditLogShaper::normal).toList();
    }

    public List<ObjectNode> shapeAll(JsonNode entries) {
        List<ObjectNode> records = new ArrayList<>(entries.size());
        for (JsonNode entry : entries) {
            records.add(shape(entry));
        }
        return records;
    }

    public ObjectNode shape(JsonNode entry) {
        ObjectNode r = F.objectNode();
        for (String field : new String[] {"id", "action", "status", "timestamp", "requestId"}) {
            r.put(field, text(entry, field));
        }
        JsonNode user = entry.path("user");
        JsonNode account = entry.path("serviceAccount");
        if (user.isObject()) {
            String id = text(user, "id");
            r.putObject("user").put("id", id).put("name", text(user, "name")).put("email", email(id));
        } else {
            r.putNull("user");
        }
        if (account.isObject()) {
            r.putObject("serviceAccount").put("id", text(account, "id")).put("name", text(account, "name"));
        } else {
            r.putNull("serviceAccount");
        }
        r.put("actorType", user.isObject() ? "user" : account.isObject() ? "serviceAccount" : null);
        r.put("sourceIP", text(entry, "sourceIP"));
        r.put("userAgent", text(entry, "userAgent"));
        r.set("actionParameters", redact(parameters(entry.path("actionParameters"))));
        return r;
    }

    /** the parameters as JSON: Wiz's JSON scalar may come as an object or as its text */
    private static JsonNode parameters(JsonNode value) {
        if (value.isMissingNode() || value.isNull()) {
            return F.nullNode();
        }
        if (value.isTextual()) {
            String text = value.asText().trim();
            if (text.startsWith("{") || text.startsWith("[")) {
                try {
                    return JSON.readTree(text);
                } catch (JsonProcessingException e) {
                    return value; // not JSON after all: kept as the text it is
                }
            }
        }
        return value;
    }

    /** a copy of the value with every secret-looking value replaced by *** */
    public JsonNode redact(JsonNode value) {
        if (value.isObject()) {
            ObjectNode out = F.objectNode();
            boolean secretPair = value.has("value") && (looksSecret(value.path("key").asText(""))
                    || looksSecret(value.path("name").asText("")));
            for (Map.Entry<String, JsonNode> field : value.properties()) {
                boolean secret = looksSecret(field.getKey()) || secretPair && field.getKey().equals("value");
                out.set(field.getKey(), secret ? F.textNode(REDACTED) : redact(field.getValue()));
            }
            return out;
        }
        if (value.isArray()) {
            ArrayNode out = F.arrayNode(value.size());
            value.forEach(item -> out.add(redact(item)));
            return out;
        }
        return value;
    }

    boolean looksSecret(String key) {
        String k = normal(key);
        for (String word : secretWords) {
            if (!word.isEmpty() && k.contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String normal(String key) {
        return key.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
    }

    /** Wiz's audit user id is <env>_<email>: the email, when the part after the first _ is one */
    static String email(String id) {
        if (id == null) {
            return null;
        }
        int cut = id.indexOf('_');
        String rest = cut < 0 ? id : id.substring(cut + 1);
        return rest.contains("@") ? rest.toLowerCase(Locale.ROOT) : null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
