package io.wizcamel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import io.wizcamel.sink.fake.ElasticFake;
import io.wizcamel.sink.fake.FakeJira;
import io.wizcamel.sink.fake.FakeSentinel;
import io.wizcamel.sink.fake.FakeServiceNow;
import org.junit.jupiter.api.Test;

/** --test-connection's call of the HTTP sinks (route sink-<name>-probe) against their fakes. */
class SinkProbesTest extends ProbeTestBase {

    // ---- Jira: GET /rest/api/3/myself, then the project

    private FakeJira jira(String token) {
        FakeJira jira = new FakeJira("bot@acme.example", "jira-token-1", "SEC").start();
        part = jira;
        h.set("wiz.sinks", "jira").set("wiz.sink.jira.url", jira.url()).set("wiz.sink.jira.email", "bot@acme.example")
                .set("wiz.sink.jira.api-token", token).set("wiz.sink.jira.project-key", "SEC");
        return jira;
    }

    @Test
    void jiraPassesWithTheAccountAndProjectAndWritesNothing() {
        FakeJira jira = jira("jira-token-1");
        assertPasses("jira", "accepted the account; project SEC is there");
        assertTrue(jira.tickets.isEmpty());
        assertTrue(jira.requests.stream().allMatch(r -> r.method().equals("GET")), jira.requests.toString());
    }

    @Test
    void jiraFailsOnAWrongTokenNamingTheSetting() {
        jira("wrong-token-42");
        assertFails("jira", "WIZ_SINK_JIRA_API_TOKEN", "wrong-token-42");
        assertRow("jira", "FAIL", "wiz.sink.jira.api-token");
    }

    @Test
    void jiraFailsOnAMissingProjectNamingTheSetting() {
        jira("jira-token-1");
        h.set("wiz.sink.jira.project-key", "NOPE");
        assertFails("jira", "WIZ_SINK_JIRA_PROJECT_KEY", null);
    }

    // ---- ServiceNow: the credentials and GET <table>?sysparm_limit=1

    private FakeServiceNow servicenow(String password) {
        FakeServiceNow snow = new FakeServiceNow("wiz.integration", "snow-pass", "cid", "csecret").start();
        part = snow;
        h.set("wiz.sinks", "servicenow").set("wiz.sink.servicenow.url", snow.url())
                .set("wiz.sink.servicenow.username", "wiz.integration").set("wiz.sink.servicenow.password", password);
        return snow;
    }

    @Test
    void serviceNowPassesWithBasicAuth() {
        FakeServiceNow snow = servicenow("snow-pass");
        assertPasses("servicenow", "accepted the credentials; table incident is readable");
        assertTrue(snow.requests.stream().anyMatch(r -> r.query() != null && r.query().contains("sysparm_limit=1")));
    }

    @Test
    void serviceNowPassesWithOAuth() {
        servicenow("");
        h.set("wiz.sink.servicenow.auth", "oauth").set("wiz.sink.servicenow.username", "")
                .set("wiz.sink.servicenow.client-id", "cid").set("wiz.sink.servicenow.client-secret", "csecret");
        assertPasses("servicenow", "table incident is readable");
    }

    @Test
    void serviceNowFailsOnAWrongPassword() {
        servicenow("bad-pass-77");
        assertFails("servicenow", "WIZ_SINK_SERVICENOW_USERNAME/PASSWORD", "bad-pass-77");
        assertRow("servicenow", "FAIL", "wiz.sink.servicenow.username/password");
    }

    // ---- Elastic: GET /_security/_authenticate with the configured credentials

    static final String ES_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

    private ElasticFake elastic(String key) {
        ElasticFake es = ElasticFake.http().apiKey(ES_KEY);
        part = es;
        h.set("wiz.sinks", "elastic").set("wiz.sink.elastic.url", es.url()).set("wiz.sink.elastic.api-key", key);
        return es;
    }

    @Test
    void elasticPassesWithTheApiKeyAndIndexesNothing() {
        ElasticFake es = elastic(ES_KEY);
        assertPasses("elastic", "accepted the credentials of user wiz-api-key");
        assertTrue(es.requests().stream().allMatch(r -> r.path.equals("/_security/_authenticate")), "no _bulk");
    }

    @Test
    void elasticFailsOnAWrongKeyNamingTheSetting() {
        elastic("d3Jvbmcta2V5OndvbmctdmFsdWU=");
        assertFails("elastic", "WIZ_SINK_ELASTIC_API_KEY", "d3Jvbmcta2V5OndvbmctdmFsdWU=");
    }

    @Test
    void elasticFailsWhenTheClusterIsDown() {
        elastic(ES_KEY).stop();
        assertFails("elastic", "cannot be reached", null);
        assertRow("elastic", "FAIL", "WIZ_SINK_ELASTIC_URL");
    }

    // ---- Sentinel: the Entra ID token only

    private FakeSentinel sentinel(String secret) {
        FakeSentinel azure = new FakeSentinel("contoso-tenant", "app-1", "entra-secret-1", "dcr-0a1b2c",
                Set.of("Custom-WizIssues_CL")).start();
        part = azure;
        h.set("wiz.sinks", "sentinel").set("wiz.sink.sentinel.dce-url", azure.baseUrl())
                .set("wiz.sink.sentinel.dcr-immutable-id", "dcr-0a1b2c").set("wiz.sink.sentinel.tenant-id",
                        "contoso-tenant").set("wiz.sink.sentinel.client-id", "app-1")
                .set("wiz.sink.sentinel.client-secret", secret).set("wiz.sink.sentinel.authority-url", azure.baseUrl());
        return azure;
    }

    @Test
    void sentinelPassesWithATokenAndSendsNoRow() {
        FakeSentinel azure = sentinel("entra-secret-1");
        assertPasses("sentinel", "issued a token to client app-1; no data sent");
        assertEquals(1, azure.tokenRequests.get());
        assertEquals(0, azure.ingestRequests.get());
    }

    @Test
    void sentinelFailsOnAWrongSecretNamingTheSetting() {
        sentinel("not-the-secret-99");
        assertFails("sentinel", "WIZ_SINK_SENTINEL_CLIENT_SECRET", "not-the-secret-99");
    }
}
