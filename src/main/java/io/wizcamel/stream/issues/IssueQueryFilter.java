package io.wizcamel.stream.issues;

import java.util.List;

import io.wizcamel.config.Settings;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * What Wiz filters itself in {@code issuesV2}: the configured statuses, severities and projects, and, on an
 * incremental run, the issues whose status changed after the watermark.
 */
public class IssueQueryFilter {

    private final List<String> statuses;
    private final List<String> severities;
    private final List<String> projectIds;

    public IssueQueryFilter(String statuses, String severities, String projectIds) {
        this.statuses = Settings.enums(statuses);
        this.severities = Settings.enums(severities);
        this.projectIds = Settings.list(projectIds);
    }

    public JsonObject filterBy(@ExchangeProperty(RunStats.PROPERTY) RunStats run,
            @ExchangeProperty(RunStats.IDS) List<String> ids) {
        JsonObject filterBy = new JsonObject();
        if (ids != null) {
            // a re-read of issues Wiz told us about (webhook): in every status, so that a resolved issue is seen
            // resolved; the SAFE rules are applied to what comes back, each drop counted
            filterBy.put("id", new JsonArray(ids));
            filterBy.put("status", new JsonArray(List.of("OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED")));
            return filterBy;
        }
        filterBy.put("status", new JsonArray(statuses));
        filterBy.put("severity", new JsonArray(severities));
        if (!projectIds.isEmpty()) {
            filterBy.put("project", new JsonArray(projectIds));
        }
        if (!run.full && run.watermarkFrom != null) {
            JsonObject window = new JsonObject();
            window.put("after", run.watermarkFrom);
            filterBy.put("statusChangedAt", window);
        }
        return filterBy;
    }
}
