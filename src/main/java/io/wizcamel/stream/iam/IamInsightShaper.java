package io.wizcamel.stream.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.issues.SourceRules;

/**
 * An issue on an identity as the {@code iam-insights} record (docs/streams/iam-insights.md): the identity's cloud
 * external id (an AWS ARN, an Azure or Entra object id, a GCP IAM member such as serviceAccount:x@p.iam...), its
 * platform and account, the issue's severity and status, and the email of the principal when the identity names one
 * (a user signing in by email, a GCP service account, an IAM user or key named after a person), lower-cased so it
 * joins the identity streams, which key people by email. {@code status} is left for the status mapper.
 */
public class IamInsightShaper {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String ISSUE_URL = "https://app.wiz.io/issues#~(issue~'%s')";
    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");

    public List<ObjectNode> shapeAll(List<JsonNode> issues) {
        List<ObjectNode> records = new ArrayList<>(issues.size());
        for (JsonNode issue : issues) {
            records.add(shape(issue));
        }
        return records;
    }

    public ObjectNode shape(JsonNode issue) {
        JsonNode entity = issue.path("entitySnapshot");
        List<JsonNode> rules = SourceRules.of(issue);
        JsonNode rule = rules.isEmpty() ? F.objectNode() : rules.get(0);
        ObjectNode r = F.objectNode();
        r.put("id", text(issue, "id"));
        r.put("issueType", text(issue, "type"));
        String name = text(rule, "name");
        r.put("title", name != null ? name : text(issue, "type") + " on " + text(entity, "name"));
        r.put("severity", text(issue, "severity"));
        r.put("wizStatus", text(issue, "status"));
        r.putNull("status");
        r.put("resolutionReason", text(issue, "resolutionReason"));
        r.put("createdAt", text(issue, "createdAt"));
        r.put("updatedAt", text(issue, "updatedAt"));
        r.put("statusChangedAt", text(issue, "statusChangedAt"));
        r.put("resolvedAt", text(issue, "resolvedAt"));
        r.put("url", String.format(ISSUE_URL, text(issue, "id")));
        r.put("cloudPlatform", text(entity, "cloudPlatform"));

        ObjectNode identity = r.putObject("identity");
        String externalId = text(entity, "externalId");
        String providerId = text(entity, "providerId");
        identity.put("cloudExternalId", externalId != null ? externalId : providerId);
        identity.put("providerId", providerId);
        identity.put("wizId", text(entity, "id"));
        identity.put("type", text(entity, "type"));
        identity.put("nativeType", text(entity, "nativeType"));
        identity.put("name", text(entity, "name"));
        identity.put("status", text(entity, "status"));
        identity.put("email", email(text(entity, "name"), externalId, providerId));
        identity.put("region", text(entity, "region"));

        r.putObject("account").put("id", text(entity, "subscriptionExternalId"))
                .put("name", text(entity, "subscriptionName"));
        r.putObject("control").put("id", text(rule, "id")).put("name", name);
        ArrayNode projects = r.putArray("projects");
        for (JsonNode p : issue.path("projects")) {
            projects.addObject().put("id", text(p, "id")).put("name", text(p, "name"));
        }
        return r;
    }

    /** the first email in the identity's name, external id or provider id, lower-cased; null when none names one */
    static String email(String... candidates) {
        for (String c : candidates) {
            if (c != null && c.indexOf('@') > 0) {
                Matcher m = EMAIL.matcher(c);
                if (m.find()) {
                    return m.group().toLowerCase(Locale.ROOT);
                }
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.path(field);
        return v.isNull() || v.isMissingNode() ? null : v.asText();
    }
}
