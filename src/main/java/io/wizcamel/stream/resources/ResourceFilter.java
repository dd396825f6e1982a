package io.wizcamel.stream.resources;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.Settings;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;

/**
 * Which resources the stream delivers, as SAFE onboards assets: those on the configured cloud platforms; new assets
 * (an id no sink of the stream has received) only when onboarding is on, and never a deleted one; assets delivered
 * before only when updating is on, except their deletion, which is always delivered, once ({@link ReportedDeletions}).
 * Each drop is counted by reason.
 */
public class ResourceFilter {

    private final Set<String> platforms;
    private final boolean onboardNew;
    private final boolean updateExisting;
    private final List<String> sinks;
    private final DeliveryLedger ledger;
    private final ReportedDeletions deletions;

    public ResourceFilter(String platforms, boolean onboardNew, boolean updateExisting, String sinks,
            DeliveryLedger ledger, ReportedDeletions deletions) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Settings.list(platforms));
        this.platforms = Collections.unmodifiableSet(set);
        this.onboardNew = onboardNew;
        this.updateExisting = updateExisting;
        this.sinks = Settings.list(sinks);
        this.ledger = ledger;
        this.deletions = deletions;
    }

    public List<JsonNode> keep(JsonNode nodes, @ExchangeProperty(RunStats.PROPERTY) RunStats run) throws SQLException {
        List<JsonNode> onPlatform = new ArrayList<>(nodes.size());
        for (JsonNode resource : nodes) {
            if (platforms.contains(resource.path("cloudPlatform").asText(""))) {
                onPlatform.add(resource);
            } else {
                run.drop("cloudPlatform");
            }
        }
        List<String> ids = onPlatform.stream().map(r -> r.path("id").asText()).toList();
        Set<String> known = ledger.deliveredIds(run.stream, run.runId, sinks, ids);
        Set<String> reported = deletions.reported(run.runId, ids);
        List<JsonNode> kept = new ArrayList<>(onPlatform.size());
        List<String> deletedNow = new ArrayList<>();
        for (JsonNode resource : onPlatform) {
            String id = resource.path("id").asText();
            boolean deleted = isDeleted(resource);
            String reason = deleted && reported.contains(id) ? "alreadyDeleted" : dropReason(known.contains(id), deleted);
            if (reason == null) {
                kept.add(resource);
                if (deleted) {
                    deletedNow.add(id);
                }
            } else {
                run.drop(reason);
            }
        }
        deletions.note(run.runId, deletedNow);
        return kept;
    }

    /** null when delivered, else why not: the key in the run's history record */
    String dropReason(boolean known, boolean deleted) {
        if (!known) {
            return deleted ? "deleted" : onboardNew ? null : "notOnboarded";
        }
        return deleted || updateExisting ? null : "notUpdated";
    }

    static boolean isDeleted(JsonNode resource) {
        JsonNode deletedAt = resource.path("deletedAt");
        return deletedAt.isTextual() && !deletedAt.asText().isEmpty();
    }
}
