package io.wizcamel.stream.findings;

import java.util.ArrayList;
import java.util.List;

import io.wizcamel.config.Settings;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * What Wiz filters itself in {@code vulnerabilityFindings} and {@code configurationFindings}: the statuses, always
 * named (without them Wiz serves OPEN findings only, and a fixed finding would never be seen fixed), the
 * severities, the results (configuration findings), {@code includeDeleted}, and on an incremental run
 * {@code updatedAt {after: watermark}}.
 */
public class FindingQueryFilter {

    private final List<String> statuses;
    private final List<String> severities;
    private final List<String> results;
    private final Boolean includeDeleted;

    /** @param informational what the root's severity enum calls INFORMATIONAL (vulnerabilities: NONE) */
    public FindingQueryFilter(String statuses, String severities, String informational) {
        this(statuses, severities, informational, "", null);
    }

    /**
     * @param results the results to ask for (configuration findings)
     * @param includeDeleted sent as includeDeleted
     */
    public FindingQueryFilter(String statuses, String severities, String informational, String results,
            boolean includeDeleted) {
        this(statuses, severities, informational, results, Boolean.valueOf(includeDeleted));
    }

    private FindingQueryFilter(String statuses, String severities, String informational, String results,
            Boolean includeDeleted) {
        this.statuses = Settings.enums(statuses);
        this.severities = new ArrayList<>();
        for (String s : Settings.enums(severities)) {
            this.severities.add("INFORMATIONAL".equals(s) ? informational : s);
        }
        this.results = Settings.enums(results);
        this.includeDeleted = includeDeleted;
    }

    public JsonObject filterBy(@ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        JsonObject filterBy = new JsonObject();
        filterBy.put("status", new JsonArray(statuses));
        filterBy.put("severity", new JsonArray(severities));
        if (!results.isEmpty()) {
            filterBy.put("result", new JsonArray(results));
        }
        if (includeDeleted != null) {
            filterBy.put("includeDeleted", includeDeleted);
        }
        if (!run.full && run.watermarkFrom != null) {
            JsonObject window = new JsonObject();
            window.put("after", run.watermarkFrom);
            filterBy.put("updatedAt", window);
        }
        return filterBy;
    }
}
