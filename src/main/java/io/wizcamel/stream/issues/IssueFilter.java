package io.wizcamel.stream.issues;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.Settings;
import io.wizcamel.stream.RunStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ExchangeProperty;

/**
 * SAFE's rules for which Wiz issues count: severity Critical/High/Medium/Low, resources on AWS/Azure/GCP, nothing
 * linked to a deleted resource, the chosen statuses and projects. Wiz already applies the status, severity and
 * project filters it can; this checks every record again and counts each drop by its reason.
 */
public class IssueFilter {

    private final Set<String> severities;
    private final Set<String> cloudPlatforms;
    private final boolean skipDeleted;
    private final Set<String> deletedStatuses;
    private final Set<String> statuses;
    private final Set<String> projectIds;

    public IssueFilter(String severities, String cloudPlatforms, boolean skipDeleted, String deletedStatuses,
            String statuses, String projectIds) {
        this.severities = upper(severities);
        this.cloudPlatforms = upper(cloudPlatforms);
        this.skipDeleted = skipDeleted;
        this.deletedStatuses = upper(deletedStatuses);
        this.statuses = upper(statuses);
        this.projectIds = Set.copyOf(Settings.list(projectIds));
    }

    public List<JsonNode> keep(JsonNode nodes, @ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        List<JsonNode> kept = new ArrayList<>(nodes.size());
        for (JsonNode issue : nodes) {
            String reason = dropReason(issue);
            if (reason == null) {
                kept.add(issue);
            } else {
                run.drop(reason);
            }
        }
        return kept;
    }

    /** null when the issue is kept, else the reason it is dropped (the key in the run's history record) */
    public String dropReason(JsonNode issue) {
        if (!severities.contains(upper(issue.path("severity")))) {
            return "severity";
        }
        String status = upper(issue.path("status"));
        // a status Wiz added after this was written is kept (and mapped to the fallback), never silently dropped
        if (ConfigCheck.STATUSES.contains(status) && !statuses.contains(status)) {
            return "status";
        }
        JsonNode entity = issue.path("entitySnapshot");
        if (!cloudPlatforms.contains(upper(entity.path("cloudPlatform")))) {
            return "cloudPlatform";
        }
        if (skipDeleted && ("OBJECT_DELETED".equals(upper(issue.path("resolutionReason")))
                || deletedStatuses.contains(upper(entity.path("status"))))) {
            return "deletedResource";
        }
        if (!projectIds.isEmpty() && !inProjects(issue.path("projects"))) {
            return "project";
        }
        return null;
    }

    private boolean inProjects(JsonNode projects) {
        for (JsonNode p : projects) {
            if (projectIds.contains(p.path("id").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String upper(JsonNode value) {
        return value.isTextual() ? value.asText().toUpperCase(Locale.ROOT) : "";
    }

    private static Set<String> upper(String list) {
        return Settings.list(list).stream().map(s -> s.toUpperCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }
}
