package io.wizcamel.stream.issues;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.Settings;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;

/**
 * SAFE's rules for which Wiz issues count: severity Critical/High/Medium/Low, resources on AWS/Azure/GCP, nothing
 * linked to a deleted resource, the chosen statuses and projects. Wiz already applies the status, severity and
 * project filters it can; this checks every record again and counts each drop by its reason.
 */
public class IssueFilter {

    private static final Set<String> KNOWN_STATUSES = anyCase(ConfigCheck.STATUSES);

    private final Set<String> severities;
    private final Set<String> cloudPlatforms;
    private final boolean skipDeleted;
    private final Set<String> deletedStatuses;
    private final Set<String> statuses;
    private final Set<String> projectIds;

    public IssueFilter(String severities, String cloudPlatforms, boolean skipDeleted, String deletedStatuses,
            String statuses, String projectIds) {
        this.severities = anyCase(severities);
        this.cloudPlatforms = anyCase(cloudPlatforms);
        this.skipDeleted = skipDeleted;
        this.deletedStatuses = anyCase(deletedStatuses);
        this.statuses = anyCase(statuses);
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
        if (!severities.contains(text(issue.path("severity")))) {
            return "severity";
        }
        String status = text(issue.path("status"));
        // a status Wiz added after this was written is kept (and mapped to the fallback), never silently dropped
        if (KNOWN_STATUSES.contains(status) && !statuses.contains(status)) {
            return "status";
        }
        JsonNode entity = issue.path("entitySnapshot");
        if (!cloudPlatforms.contains(text(entity.path("cloudPlatform")))) {
            return "cloudPlatform";
        }
        if (skipDeleted && ("OBJECT_DELETED".equalsIgnoreCase(text(issue.path("resolutionReason")))
                || deletedStatuses.contains(text(entity.path("status"))))) {
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

    private static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : "";
    }

    /** compared without regard to case, and without making an upper-case copy of every value of every record */
    private static Set<String> anyCase(Collection<String> values) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(values);
        return Collections.unmodifiableSet(set);
    }

    private static Set<String> anyCase(String list) {
        return anyCase(Settings.list(list));
    }
}
