package io.wizcamel.stream;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.Settings;

/**
 * SAFE's rules for which records count, shared by the issues and findings filters: severity, status, the asset's
 * cloud platform, nothing on a deleted asset, the chosen projects. Each filter says where its record keeps these;
 * the checks and their order (which reason a record is counted under) are the same for all.
 */
public final class SafeRules {

    private static final Set<String> KNOWN_STATUSES = anyCase(ConfigCheck.STATUSES);

    private final Set<String> severities;
    private final Set<String> cloudPlatforms;
    private final boolean skipDeleted;
    private final Set<String> deletedStatuses;
    private final Set<String> statuses;
    private final Set<String> projectIds;

    public SafeRules(String severities, String cloudPlatforms, boolean skipDeleted, String deletedStatuses,
            String statuses, String projectIds) {
        this.severities = anyCase(Settings.list(severities));
        this.cloudPlatforms = anyCase(Settings.list(cloudPlatforms));
        this.skipDeleted = skipDeleted;
        this.deletedStatuses = anyCase(Settings.list(deletedStatuses));
        this.statuses = anyCase(Settings.list(statuses));
        this.projectIds = Set.copyOf(Settings.list(projectIds));
    }

    /**
     * null when the record is kept, else the reason it is dropped (the key in the run's history record).
     *
     * @param severity the record's severity, in the settings' vocabulary
     * @param asset    the node with the asset's {@code cloudPlatform} and {@code status}
     * @param deleted  the record itself says its asset is gone (e.g. resolution reason {@code OBJECT_DELETED})
     * @param projects the record's projects, each with an {@code id}
     */
    public String dropReason(String severity, String status, JsonNode asset, boolean deleted, JsonNode projects) {
        if (!severities.contains(severity)) {
            return "severity";
        }
        // a status Wiz added after this was written is kept (and mapped to the fallback), never silently dropped
        if (KNOWN_STATUSES.contains(status) && !statuses.contains(status)) {
            return "status";
        }
        if (!cloudPlatforms.contains(text(asset.path("cloudPlatform")))) {
            return "cloudPlatform";
        }
        if (skipDeleted && (deleted || deletedStatuses.contains(text(asset.path("status"))))) {
            return "deletedResource";
        }
        if (!projectIds.isEmpty() && !inProjects(projects)) {
            return "project";
        }
        return null;
    }

    /** the nodes {@code dropReason} keeps, each drop counted in the run by its reason */
    public static List<JsonNode> keep(JsonNode nodes, RunStats run, Function<JsonNode, String> dropReason) {
        List<JsonNode> kept = new ArrayList<>(nodes.size());
        for (JsonNode node : nodes) {
            String reason = dropReason.apply(node);
            if (reason == null) {
                kept.add(node);
            } else {
                run.drop(reason);
            }
        }
        return kept;
    }

    /** a text field's value, "" when absent or not text */
    public static String text(JsonNode value) {
        return value.isTextual() ? value.textValue() : "";
    }

    /** compared without regard to case, and without making an upper-case copy of every value of every record */
    public static Set<String> anyCase(Collection<String> values) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(values);
        return Collections.unmodifiableSet(set);
    }

    private boolean inProjects(JsonNode projects) {
        for (JsonNode p : projects) {
            if (projectIds.contains(p.path("id").asText())) {
                return true;
            }
        }
        return false;
    }
}
