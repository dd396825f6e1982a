package io.wizcamel.stream.issues;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.SafeRules;
import org.apache.camel.ExchangeProperty;

import static io.wizcamel.stream.SafeRules.text;

/**
 * SAFE's rules for which Wiz issues count ({@link SafeRules}), the asset being the issue's {@code entitySnapshot}.
 * Wiz already applies the status, severity and project filters it can; this checks every record again and counts
 * each drop by its reason.
 */
public class IssueFilter {

    private final SafeRules rules;

    public IssueFilter(String severities, String cloudPlatforms, boolean skipDeleted, String deletedStatuses,
            String statuses, String projectIds) {
        this.rules = new SafeRules(severities, cloudPlatforms, skipDeleted, deletedStatuses, statuses, projectIds);
    }

    public List<JsonNode> keep(JsonNode nodes, @ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        return SafeRules.keep(nodes, run, this::dropReason);
    }

    /** null when the issue is kept, else the reason it is dropped (the key in the run's history record) */
    public String dropReason(JsonNode issue) {
        return rules.dropReason(text(issue.path("severity")), text(issue.path("status")),
                issue.path("entitySnapshot"), "OBJECT_DELETED".equalsIgnoreCase(text(issue.path("resolutionReason"))),
                issue.path("projects"));
    }
}
