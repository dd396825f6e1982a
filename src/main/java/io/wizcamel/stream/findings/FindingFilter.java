package io.wizcamel.stream.findings;

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
 * SAFE's rules for findings (vulnerability and configuration findings), checked on every node and each drop counted
 * by reason: the result (configuration findings), severity, status, the asset's cloud platform, findings on deleted
 * assets, the projects. The asset is the node's {@code vulnerableAsset} or {@code resource}.
 */
public class FindingFilter {

    private static final Set<String> KNOWN_STATUSES = anyCase(ConfigCheck.STATUSES);

    private final Set<String> severities;
    private final Set<String> cloudPlatforms;
    private final boolean skipDeleted;
    private final Set<String> deletedStatuses;
    private final Set<String> statuses;
    private final Set<String> projectIds;
    private final Set<String> results;
    private final String assetField;

    /**
     * @param results the results kept (configuration findings); blank: the node has no result
     * @param assetField the node's asset: vulnerableAsset or resource
     */
    public FindingFilter(String severities, String cloudPlatforms, boolean skipDeleted, String deletedStatuses,
            String statuses, String projectIds, String results, String assetField) {
        this.severities = anyCase(Settings.list(severities));
        this.cloudPlatforms = anyCase(Settings.list(cloudPlatforms));
        this.skipDeleted = skipDeleted;
        this.deletedStatuses = anyCase(Settings.list(deletedStatuses));
        this.statuses = anyCase(Settings.list(statuses));
        this.projectIds = Set.copyOf(Settings.list(projectIds));
        this.results = anyCase(Settings.list(results));
        this.assetField = assetField;
    }

    public List<JsonNode> keep(JsonNode nodes, @ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        List<JsonNode> kept = new ArrayList<>(nodes.size());
        for (JsonNode finding : nodes) {
            String reason = dropReason(finding);
            if (reason == null) {
                kept.add(finding);
            } else {
                run.drop(reason);
            }
        }
        return kept;
    }

    /** null when the finding is kept, else the reason it is dropped (the key in the run's history record) */
    public String dropReason(JsonNode finding) {
        if (!results.isEmpty() && !results.contains(text(finding.path("result")))) {
            return "result";
        }
        String severity = text(finding.path("severity"));
        // vulnerabilities say NONE for what issues and configuration findings call INFORMATIONAL
        if (!severities.contains("NONE".equalsIgnoreCase(severity) ? "INFORMATIONAL" : severity)) {
            return "severity";
        }
        String status = text(finding.path("status"));
        if (KNOWN_STATUSES.contains(status) && !statuses.contains(status)) {
            return "status";
        }
        JsonNode asset = finding.path(assetField);
        if (!cloudPlatforms.contains(text(asset.path("cloudPlatform")))) {
            return "cloudPlatform";
        }
        if (skipDeleted && (finding.path("deleted").asBoolean(false)
                || "OBJECT_DELETED".equalsIgnoreCase(text(finding.path("resolutionReason")))
                || deletedStatuses.contains(text(asset.path("status"))))) {
            return "deletedResource";
        }
        if (!projectIds.isEmpty() && !inProjects(finding.has("projects") ? finding.path("projects")
                : asset.path("projects"))) {
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

    private static Set<String> anyCase(Collection<String> values) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(values);
        return Collections.unmodifiableSet(set);
    }
}
