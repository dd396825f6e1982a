package io.wizcamel.stream;

import io.wizcamel.config.Settings;
import io.wizcamel.wiz.WizApiException;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.Exchange;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;

/**
 * The page loop's bookkeeping for {@code issuesV2}: what to ask for next (page size, cursor, the filters Wiz applies
 * itself) and whether the answer's cursor really moves on.
 */
public class IssuePages {

    public static final String AFTER = "wizAfter";
    public static final String HAS_NEXT_PAGE = "wizHasNextPage";

    private final int pageSize;
    private final List<String> statuses;
    private final List<String> severities;
    private final List<String> projectIds;

    public IssuePages(int pageSize, String statuses, String severities, String projectIds) {
        this.pageSize = pageSize;
        this.statuses = Settings.list(statuses);
        this.severities = Settings.list(severities);
        this.projectIds = Settings.list(projectIds);
    }

    /** The variables of the next page's query. */
    public JsonObject variables(Exchange exchange) {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        JsonObject filterBy = new JsonObject();
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
        JsonObject variables = new JsonObject();
        variables.put("first", pageSize);
        variables.put("after", exchange.getProperty(AFTER, String.class));
        variables.put("filterBy", filterBy);
        return variables;
    }

    /**
     * Takes a page's answer: counts it, remembers its cursor for the next request and returns its nodes. A page
     * that promises more with an empty or repeated cursor would loop for ever: it ends the run instead.
     */
    public JsonNode advance(JsonNode answer, Exchange exchange) {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        JsonNode connection = answer.path("data").path("issues");
        JsonNode nodes = connection.path("nodes");
        JsonNode pageInfo = connection.path("pageInfo");
        if (!nodes.isArray() || !pageInfo.isObject()) {
            throw WizApiException.fatal("BAD_PAGE", "Wiz answered the issues query without nodes or pageInfo: "
                    + "check that routes/graphql/issues.graphql selects issues { nodes pageInfo }");
        }
        boolean hasNextPage = pageInfo.path("hasNextPage").asBoolean(false);
        String endCursor = pageInfo.path("endCursor").asText("");
        String previous = exchange.getProperty(AFTER, String.class);
        if (hasNextPage && (endCursor.isEmpty() || endCursor.equals(previous))) {
            throw WizApiException.fatal("BAD_CURSOR", "Wiz answered page " + (run.pages + 1)
                    + " of the issues query with hasNextPage true and " + (endCursor.isEmpty() ? "an empty" : "a repeated")
                    + " cursor; stopping rather than looping; the watermark stays where it was.");
        }
        run.pages++;
        run.fetched += nodes.size();
        for (JsonNode node : nodes) {
            run.sawStatusChange(node.path("statusChangedAt").asText(null));
        }
        exchange.setProperty(AFTER, endCursor);
        exchange.setProperty(HAS_NEXT_PAGE, hasNextPage);
        return nodes;
    }
}
