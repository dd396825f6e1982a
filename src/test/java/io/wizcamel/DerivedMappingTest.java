package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.controls.ControlRecords;
import io.wizcamel.stream.iam.IamInsightShaper;
import io.wizcamel.stream.iam.IdentityIssueFilter;
import io.wizcamel.stream.tickets.ServiceTicketLinks;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The derived streams' mappings as data: the issues answer page src/test/resources/mapping/page.json in, the exact
 * records of controls.jsonl, service-tickets.jsonl and iam-insights.jsonl out (the settings are the built-in defaults
 * and application.properties, as IssueMappingTest reads them).
 */
class DerivedMappingTest {

    static JsonNode nodes;

    @BeforeAll
    static void load() throws Exception {
        IssueMappingTest.load();
        nodes = SyncHarness.JSON.readTree(Path.of("src/test/resources/mapping/page.json").toFile())
                .at("/data/issues/nodes");
    }

    static List<String> expected(String file) throws Exception {
        return Files.readAllLines(Path.of("src/test/resources/mapping", file));
    }

    static List<String> lines(List<ObjectNode> records) {
        return records.stream().map(JsonNode::toString).toList();
    }

    @Test
    void controlsAreTheRulesOnceEachFromSourceRulesOrTheDeprecatedSourceRule() throws Exception {
        RunStats run = new RunStats("controls", "control", "test");
        String before = nodes.toString();
        assertEquals(expected("controls.jsonl"), lines(new ControlRecords().records(nodes, run)));
        assertEquals(Map.of(), run.dropped);
        assertEquals(before, nodes.toString(), "the crawl's nodes are read, never changed");
    }

    @Test
    void serviceTicketsCarryEveryIssueThatReferencesThemAndNullIsNoTicket(@TempDir Path state) throws Exception {
        Exchange exchange = exchange(new RunStats("service-tickets", "service-ticket", "test"));
        try (ServiceTicketLinks links = new ServiceTicketLinks(state.toString())) {
            assertEquals(List.of(), links.link(nodes, exchange));
            assertEquals(expected("service-tickets.jsonl"), lines(finish(links, exchange)));

            // a later (incremental) crawl sees only issue 2, which dropped SEC-12: the ticket keeps issues 1 and 9
            Exchange later = exchange(new RunStats("service-tickets", "service-ticket", "test"));
            later.setProperty("wizWatermarkField", "statusChangedAt");
            later.setProperty("wizFilterBy", Map.of("statusChangedAt", Map.of("after", "2026-10-01T00:00:00Z")));
            ObjectNode changed = (ObjectNode) nodes.get(1).deepCopy();
            ((ArrayNode) changed.get("serviceTickets")).remove(0);
            links.link(SyncHarness.JSON.createArrayNode().add(changed), later);
            List<ObjectNode> tickets = finish(links, later);
            assertEquals("[\"c0ffee00-0000-4000-8000-000000000001\",\"c0ffee00-0000-4000-8000-000000000009\"]",
                    tickets.get(1).get("issueIds").toString());
            assertEquals(expected("service-tickets.jsonl").get(0), tickets.get(0).toString());

            // a re-read of issue 2 by id (a webhook event) forgets nothing either
            Exchange byId = exchange(new RunStats("service-tickets", "service-ticket", "test"));
            byId.setProperty(RunStats.IDS, List.of(changed.get("id").asText()));
            byId.setProperty("wizFilterBy", Map.of("id", List.of(changed.get("id").asText())));
            links.link(SyncHarness.JSON.createArrayNode().add(changed), byId);
            assertEquals(tickets, finish(links, byId));

            // a full crawl that no longer sees issues 1 and 9 forgets their links
            Exchange full = exchange(new RunStats("service-tickets", "service-ticket", "test"));
            links.link(SyncHarness.JSON.createArrayNode().add(changed), full);
            tickets = finish(links, full);
            assertEquals("[]", tickets.get(1).get("issueIds").toString());
            assertEquals(0, tickets.get(1).get("issueCount").asInt());
        }
    }

    /** the finish loop of routes/streams/service-tickets.yaml */
    static List<ObjectNode> finish(ServiceTicketLinks links, Exchange exchange) throws Exception {
        List<ObjectNode> all = new ArrayList<>();
        links.finishing(exchange);
        while (exchange.getProperty(ServiceTicketLinks.MORE, Boolean.class)) {
            all.addAll(links.page(exchange));
        }
        return all;
    }

    static Exchange exchange(RunStats run) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(RunStats.PROPERTY, run);
        return exchange;
    }

    @Test
    void iamInsightsAreTheIssuesOnIdentitiesWithTheirCloudIdsAndEmails() throws Exception {
        RunStats run = new RunStats("iam-insights", "iam-insight", "test");
        assertEquals(expected("iam-insights.jsonl"), lines(iamInsights(cloudPlatforms(), run)));
        assertEquals(Map.of("notIdentity", 7L, "cloudPlatform", 1L), run.dropped, "the Okta user is not on AWS/Azure/GCP");
    }

    @Test
    void anIdentityProviderTheOperatorListsIsKept() throws Exception {
        RunStats run = new RunStats("iam-insights", "iam-insight", "test");
        assertEquals(expected("iam-insights-with-okta.jsonl"), lines(iamInsights(cloudPlatforms() + ",Okta", run)));
        assertEquals(Map.of("notIdentity", 7L), run.dropped);
    }

    /** one row a rule: the resource type, severity and platform, the platforms listed for the stream, the verdict */
    @ParameterizedTest(name = "{0} {1} {2} with {3} -> {4}")
    @CsvSource(nullValues = "-", delimiter = '|', value = {
        "USER_ACCOUNT    | HIGH          | AWS     | AWS,Azure,GCP      | kept",
        "ACCESS_KEY      | LOW           | GCP     | AWS,Azure,GCP      | kept",
        "GROUP           | CRITICAL      | Azure   | AWS,Azure,GCP      | kept",
        "access_role     | MEDIUM        | AWS     | AWS,Azure,GCP      | kept",
        "SERVICE_ACCOUNT | INFORMATIONAL | AWS     | AWS,Azure,GCP      | severity",
        "USER_ACCOUNT    | HIGH          | Okta    | AWS,Azure,GCP      | cloudPlatform",
        "USER_ACCOUNT    | HIGH          | Okta    | AWS,Azure,GCP,Okta | kept",
        "GROUP           | HIGH          | EntraID | EntraID            | kept",
        "VIRTUAL_MACHINE | HIGH          | AWS     | AWS,Azure,GCP      | notIdentity",
        "-               | HIGH          | AWS     | AWS,Azure,GCP      | notIdentity",
    })
    void identityAndSafeRules(String type, String severity, String platform, String platforms, String verdict) {
        ObjectNode issue = SyncHarness.JSON.createObjectNode().put("severity", severity).put("status", "OPEN");
        issue.putObject("entitySnapshot").put("type", type).put("cloudPlatform", platform).put("status", "Active");
        IdentityIssueFilter filter = new IdentityIssueFilter("USER_ACCOUNT,SERVICE_ACCOUNT,ACCESS_KEY,ACCESS_ROLE,GROUP",
                "CRITICAL,HIGH,MEDIUM,LOW", platforms, true, "Deleted", "OPEN", "");
        String dropped = filter.dropReason(issue);
        assertEquals(verdict, dropped == null ? "kept" : dropped);
    }

    @Test
    void theEmailIsThePrincipalsWhenTheIdentityNamesOne() {
        assertEquals("jane@example.com", email("arn:aws:iam::111122223333:user/Jane@Example.com"));
        assertEquals("ci@p.iam.gserviceaccount.com", email("serviceAccount:ci@p.iam.gserviceaccount.com"));
        assertNull(email("arn:aws:iam::111122223333:role/admin"));
        assertNull(email("0a1b2c3d-0000-4000-8000-000000000000"));
    }

    static String email(String externalId) {
        ObjectNode issue = SyncHarness.JSON.createObjectNode();
        issue.putObject("entitySnapshot").put("externalId", externalId).put("name", "x");
        return new IamInsightShaper().shape(issue).at("/identity/email").asText(null);
    }

    static String cloudPlatforms() {
        return IssueMappingTest.config.getProperty("wiz.cloud-platforms");
    }

    /** the mapping route of routes/streams/iam-insights.yaml, with its beans as configured there */
    static List<ObjectNode> iamInsights(String cloudPlatforms, RunStats run) {
        var c = IssueMappingTest.config;
        IdentityIssueFilter filter = new IdentityIssueFilter("USER_ACCOUNT,SERVICE_ACCOUNT,ACCESS_KEY,ACCESS_ROLE,GROUP",
                c.getProperty("wiz.severities"), cloudPlatforms, Boolean.parseBoolean(c.getProperty("wiz.skip-deleted")),
                c.getProperty("wiz.deleted-resource-statuses"), c.getProperty("wiz.statuses"),
                c.getProperty("wiz.project-ids"));
        return IssueMappingTest.mapper().apply(new IamInsightShaper().shapeAll(filter.keep(nodes, run)));
    }
}
