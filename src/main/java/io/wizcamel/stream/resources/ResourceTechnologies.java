package io.wizcamel.stream.resources;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.state.StateArea;
import io.wizcamel.state.StateBacked;
import io.wizcamel.state.StateRef;
import io.wizcamel.state.StateStore;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.StreamPages;
import io.wizcamel.wiz.WizApiException;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.util.json.JsonObject;

/**
 * The technologies found on each resource ({@code hostedTechnologies}: one row per resource and technology), kept
 * in SQLite ({@code resource-technologies.db} under the state directory) so that the resources stream joins them
 * page by page without holding the tenant in memory. A run refreshes the table once, before its first page is
 * mapped: a full run reads every row anew (replacing the table in one transaction, so technologies Wiz no longer
 * reports go too), an incremental run only the rows updated since the last refresh. Requests go through
 * direct:wiz-graphql with the run's token, rate limit, retries and request count; a refusal fails the run.
 */
public class ResourceTechnologies extends StateBacked {

    static final String REFRESHED = "wizTechnologiesRefreshed";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String CONNECTION = "hostedTechnologies";
    private static final String UPSERT = "INSERT INTO hosted (resource_id, technology_id, name, category)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (resource_id, technology_id) DO UPDATE SET name = excluded.name,"
            + " category = excluded.category";

    private final String queryFile;
    private final Duration overlap;
    private ProducerTemplate template;

    public ResourceTechnologies(String stateDir, String queryFile, long overlapSeconds) {
        this(StateRef.of(stateDir), queryFile, overlapSeconds);
    }

    /** in the given state store (a tenant's, a test's); the YAML beans take the context's ({@link StateStore#of}) */
    public static ResourceTechnologies in(StateStore store, String queryFile, long overlapSeconds) {
        return new ResourceTechnologies(StateRef.of(store), queryFile, overlapSeconds);
    }

    private ResourceTechnologies(StateRef store, String queryFile, long overlapSeconds) {
        super(store, StateArea.RESOURCE_TECHNOLOGIES, "the resource technologies table");
        this.queryFile = queryFile;
        this.overlap = Duration.ofSeconds(overlapSeconds);
    }

    /** Brings the table up to date, once per run (the mapping route calls it for every page). */
    public synchronized void refresh(Exchange exchange) throws Exception {
        RunStats run = exchange.getProperty(RunStats.PROPERTY, RunStats.class);
        if (run.runId.equals(exchange.getProperty(REFRESHED))) {
            return;
        }
        String since = run.full ? null : watermark();
        db().setAutoCommit(false);
        try {
            if (since == null) {
                try (Statement s = db().createStatement()) {
                    s.execute("DELETE FROM hosted");
                }
            }
            String newest = crawl(exchange, since);
            if (newest != null) {
                String next = Instant.parse(newest).minus(overlap).toString();
                if (since == null || next.compareTo(since) > 0) {
                    try (PreparedStatement u = db().prepareStatement(
                            "INSERT INTO refreshed (id, watermark) VALUES (1, ?)"
                                    + " ON CONFLICT (id) DO UPDATE SET watermark = excluded.watermark")) {
                        u.setString(1, next);
                        u.executeUpdate();
                    }
                }
            }
            db().commit();
        } catch (Exception e) {
            db().rollback();
            throw e;
        } finally {
            db().setAutoCommit(true);
        }
        exchange.setProperty(REFRESHED, run.runId);
    }

    /** pages through hostedTechnologies (updated after {@code since}, or all), upserting each row; the newest updatedAt */
    private String crawl(Exchange run, String since) throws Exception {
        String after = null;
        String newest = null;
        try (PreparedStatement upsert = db().prepareStatement(UPSERT)) {
            while (true) {
                JsonNode connection = page(run, after, since).path("data").path(CONNECTION);
                JsonNode nodes = connection.path("nodes");
                if (!nodes.isArray()) {
                    throw WizApiException.fatal("BAD_PAGE", "Wiz answered the hostedTechnologies query without nodes:"
                            + " check that " + queryFile + " selects hostedTechnologies { nodes pageInfo }");
                }
                String pageNewest = store(upsert, nodes);
                if (pageNewest != null && (newest == null || pageNewest.compareTo(newest) > 0)) {
                    newest = pageNewest;
                }
                JsonNode info = connection.path("pageInfo");
                String cursor = info.path("endCursor").asText("");
                if (!info.path("hasNextPage").asBoolean(false)) {
                    return newest;
                }
                if (cursor.isEmpty() || cursor.equals(after)) {
                    throw WizApiException.fatal("BAD_CURSOR", "Wiz answered the hostedTechnologies query with"
                            + " hasNextPage true and an empty or repeated cursor; stopping rather than looping");
                }
                after = cursor;
            }
        }
    }

    /** upserts a page's rows (one without a resource or technology id is skipped); the newest updatedAt among them */
    private static String store(PreparedStatement upsert, JsonNode nodes) throws SQLException {
        String newest = null;
        for (JsonNode row : nodes) {
            JsonNode tech = row.path("technology");
            String resource = row.path("resource").path("id").asText(null);
            String id = tech.path("id").asText(null);
            if (resource == null || id == null) {
                continue;
            }
            upsert.setString(1, resource);
            upsert.setString(2, id);
            upsert.setString(3, tech.path("name").asText(null));
            upsert.setString(4, tech.path("categories").path(0).path("name").asText(null));
            upsert.addBatch();
            String updated = row.path("updatedAt").asText(null);
            if (updated != null && (newest == null || updated.compareTo(newest) > 0)) {
                newest = updated;
            }
        }
        upsert.executeBatch();
        return newest;
    }

    /** stores the rows of a hostedTechnologies page as a refresh would (for tests of the join) */
    synchronized void load(JsonNode nodes) throws SQLException {
        try (PreparedStatement upsert = db().prepareStatement(UPSERT)) {
            store(upsert, nodes);
        }
    }

    private JsonNode page(Exchange run, String after, String since) throws Exception {
        Exchange request = new DefaultExchange(getCamelContext());
        request.setProperty(RunStats.PROPERTY, run.getProperty(RunStats.PROPERTY));
        request.setProperty("wizQuery", CONNECTION);
        request.setProperty("wizQueryFile", queryFile);
        request.setProperty("wizScope", run.getProperty("wizScope"));
        JsonObject variables = new JsonObject();
        variables.put("first", run.getProperty(StreamPages.PAGE_SIZE, 500, Integer.class));
        variables.put("after", after);
        if (since != null) {
            JsonObject window = new JsonObject();
            window.put("after", since);
            JsonObject filterBy = new JsonObject();
            filterBy.put("updatedAt", window);
            variables.put("filterBy", filterBy);
        }
        request.setProperty("wizVariables", variables);
        Exchange answered = template().send("direct:wiz-graphql", request);
        if (answered.getException() != null) {
            throw answered.getException();
        }
        return answered.getMessage().getMandatoryBody(JsonNode.class);
    }

    private String watermark() throws SQLException {
        try (Statement s = db().createStatement();
                ResultSet rs = s.executeQuery("SELECT watermark FROM refreshed WHERE id = 1")) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    /** The technologies of these resources, {id, name, category} sorted by name then id, by resource id. */
    public synchronized Map<String, List<ObjectNode>> of(List<String> resourceIds) throws SQLException {
        Map<String, List<ObjectNode>> out = new HashMap<>();
        if (resourceIds.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = db().prepareStatement("SELECT resource_id, technology_id, name, category FROM hosted"
                + " WHERE resource_id IN (?" + ",?".repeat(resourceIds.size() - 1) + ")"
                + " ORDER BY resource_id, lower(name), technology_id")) {
            for (int i = 0; i < resourceIds.size(); i++) {
                q.setString(i + 1, resourceIds.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    ObjectNode t = JSON.objectNode().put("id", rs.getString(2)).put("name", rs.getString(3))
                            .put("category", rs.getString(4));
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(t);
                }
            }
        }
        return out;
    }

    private ProducerTemplate template() {
        if (template == null) {
            template = getCamelContext().createProducerTemplate();
        }
        return template;
    }

}
