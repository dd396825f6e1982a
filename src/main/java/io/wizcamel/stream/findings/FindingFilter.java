package io.wizcamel.stream.findings;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.Settings;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.SafeRules;
import org.apache.camel.ExchangeProperty;

import static io.wizcamel.stream.SafeRules.text;

/**
 * SAFE's rules for findings (vulnerability and configuration findings), checked on every node and each drop counted
 * by reason: the result (configuration findings), then {@link SafeRules} with the node's {@code vulnerableAsset} or
 * {@code resource} as the asset.
 */
public class FindingFilter {

    private final SafeRules rules;
    private final Set<String> results;
    private final String assetField;

    /**
     * @param results the results kept (configuration findings); blank: the node has no result
     * @param assetField the node's asset: vulnerableAsset or resource
     */
    public FindingFilter(String severities, String cloudPlatforms, boolean skipDeleted, String deletedStatuses,
            String statuses, String projectIds, String results, String assetField) {
        this.rules = new SafeRules(severities, cloudPlatforms, skipDeleted, deletedStatuses, statuses, projectIds);
        this.results = SafeRules.anyCase(Settings.list(results));
        this.assetField = assetField;
    }

    public List<JsonNode> keep(JsonNode nodes, @ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        return SafeRules.keep(nodes, run, this::dropReason);
    }

    /** null when the finding is kept, else the reason it is dropped (the key in the run's history record) */
    public String dropReason(JsonNode finding) {
        if (!results.isEmpty() && !results.contains(text(finding.path("result")))) {
            return "result";
        }
        String severity = text(finding.path("severity"));
        // vulnerabilities say NONE for what issues and configuration findings call INFORMATIONAL
        JsonNode asset = finding.path(assetField);
        return rules.dropReason("NONE".equalsIgnoreCase(severity) ? "INFORMATIONAL" : severity,
                text(finding.path("status")), asset,
                finding.path("deleted").asBoolean(false)
                        || "OBJECT_DELETED".equalsIgnoreCase(text(finding.path("resolutionReason"))),
                finding.has("projects") ? finding.path("projects") : asset.path("projects"));
    }
}
