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
 * before only when updating is on, except their deletion, which is always delivered (once: the ledger delivers an
 * unchanged record again to no sink). Each drop is counted by reason.
 */
public class ResourceFilter {

    private final Set<String> platforms;
    private final boolean onboardNew;
    private final boolean updateExisting;
    private final List<String> sinks;
    private final DeliveryLedger ledger;

    public ResourceFilter(String platforms, boolean onboardNew, boolean updateExisting, String sinks,
            DeliveryLedger ledger) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(Settings.list(platforms));
        this.platforms = Collections.unmodifiableSet(set);
        this.onboardNew = onboardNew;
        this.updateExisting = updateExisting;
        this.sinks = Settings.list(sinks);
        this.ledger = ledger;
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
        Set<String> known = ledger.deliveredIds(run.stream, run.runId, sinks,
                onPlatform.stream().map(r -> r.path("id").asText()).toList());
        List<JsonNode> kept = new ArrayList<>(onPlatform.size());
        for (JsonNode resource : onPlatform) {
            String reason = dropReason(known.contains(resource.path("id").asText()), isDeleted(resource));
            if (reason == null) {
                kept.add(resource);
            } else {
                run.drop(reason);
            }
        }
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
