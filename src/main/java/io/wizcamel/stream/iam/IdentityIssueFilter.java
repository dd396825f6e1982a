package io.wizcamel.stream.iam;

import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.Settings;
import io.wizcamel.stream.issues.IssueFilter;

/**
 * Which issues are IAM insights: those whose resource is an identity (a user or service account, an access key, a
 * role, a group: the types listed in routes/streams/iam-insights.yaml), and that pass SAFE's rules with this stream's
 * settings. An identity provider such as Okta or EntraID is a cloud platform here like any other: listed in
 * wiz.stream.iam-insights.cloud-platforms, its identities' issues are kept.
 */
public class IdentityIssueFilter extends IssueFilter {

    private final Set<String> types = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

    public IdentityIssueFilter(String types, String severities, String cloudPlatforms, boolean skipDeleted,
            String deletedStatuses, String statuses, String projectIds) {
        super(severities, cloudPlatforms, skipDeleted, deletedStatuses, statuses, projectIds);
        this.types.addAll(Settings.list(types));
    }

    @Override
    public String dropReason(JsonNode issue) {
        JsonNode type = issue.path("entitySnapshot").path("type");
        if (!type.isTextual() || !types.contains(type.textValue())) {
            return "notIdentity";
        }
        return super.dropReason(issue);
    }
}
