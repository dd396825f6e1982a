package io.wizcamel.emulator;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code auditLogEntries} (scope admin:audit): entry #i made on demand from (seed, i), its timestamp growing with i
 * across the 30 days before the emulator's base instant; entries added later are stamped when added. Users have
 * Wiz's audit id form {@code <env>_<email>}; about a third of the entries are a service account's. The action
 * parameters carry secret-looking keys at several depths (an integration's API token, a webhook's Authorization
 * header given as a key/value pair, a connector's private key, a rotated client secret).
 */
public final class EmulatedAuditLog implements EmulatedRoot {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long WINDOW_MS = 30L * 24 * 3600 * 1000;
    private static final long BASE_MS = IssueGenerator.BASE.toEpochMilli();
    private static final String[][] PEOPLE = {{"alice@acme.example", "Alice Martin"},
        {"bob@acme.example", "Bob Chen"}, {"carol@acme.example", "Carol Diaz"}, {"dave@acme.example", "Dave Okafor"}};
    private static final String[][] SERVICE_ACCOUNTS = {{"sa-ci-pipeline", "ci-pipeline"},
        {"sa-siem-export", "siem-export"}, {"sa-terraform", "terraform"}};
    private static final String[] AGENTS = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
        "python-requests/2.31.0", "Terraform/1.9.5 terraform-provider-wiz/1.1.0"};
    static final String[] ACTIONS = {"CreateUser", "UpdateUser", "CreateIntegration", "CreateServiceAccount",
        "RotateServiceAccountSecret", "UpdateIssue", "CreateAutomationRule", "Login", "CreateConnector",
        "UpdateSAMLIdentityProvider"};

    private final long seed;
    private final int count;
    private final long stepMs;
    private final List<Long> added = new CopyOnWriteArrayList<>();
    private final Pages pages = new Pages();

    EmulatedAuditLog(long seed, int count) {
        this.seed = seed;
        this.count = count;
        this.stepMs = Math.max(1000, WINDOW_MS / (count + 1L)) / 1000 * 1000;
    }

    /** entries served now: the seeded ones and those added */
    public int count() {
        return count + added.size();
    }

    /** Appends n entries stamped now (each a millisecond after the one before); returns the index of the first. */
    public synchronized int add(int n) {
        int first = count();
        long now = Instant.now().toEpochMilli();
        for (int k = 0; k < n; k++) {
            added.add(now + k);
        }
        return first;
    }

    /** Entry #i as auditLogEntries serves it. */
    public ObjectNode entry(int i) {
        if (i < 0 || i >= count()) {
            throw new IndexOutOfBoundsException("audit entry " + i + " outside 0.." + (count() - 1));
        }
        return generated(i);
    }

    @Override
    public String field() {
        return "auditLogEntries";
    }

    @Override
    public String scope() {
        return "admin:audit";
    }

    @Override
    public String schemaFile() {
        return "audit-logs.graphqls";
    }

    @Override
    public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
        JsonNode filter = call.filterBy();
        long after = EmulatedResources.after(filter.path("timestamp"));
        Set<String> actions = EmulatedResources.strings(filter.path("action"));
        Set<String> statuses = EmulatedResources.strings(filter.path("status"));
        int size = count();
        IntFunction<ObjectNode> at = i -> timestampMs(i) <= after ? null : generated(i);
        ObjectNode page = pages.page(call, size, at, n -> n != null
                && (actions == null || actions.contains(n.path("action").asText()))
                && (statuses == null || statuses.contains(n.path("status").asText())),
                WizEmulator.MAX_PAGE_SIZE, added.size());
        g.writeTree(call.project(page));
    }

    private long timestampMs(int i) {
        return i < count ? BASE_MS - WINDOW_MS + (i + 1L) * stepMs : added.get(i - count);
    }

    private ObjectNode generated(int i) {
        SplittableRandom r = new SplittableRandom(seed * 0x94D049BB133111EBL + i * 0x9E3779B97F4A7C15L + 3);
        String action = ACTIONS[i % ACTIONS.length];
        ObjectNode n = JSON.objectNode();
        n.put("id", UUID.nameUUIDFromBytes(("audit:" + seed + ":" + i).getBytes()).toString());
        n.put("action", action);
        n.put("requestId", UUID.nameUUIDFromBytes(("request:" + seed + ":" + i).getBytes()).toString());
        n.put("status", i % 11 == 0 ? "FAILED" : "SUCCESS");
        n.put("timestamp", Instant.ofEpochMilli(timestampMs(i)).toString());
        n.set("actionParameters", parameters(action, i, r));
        n.put("userAgent", AGENTS[r.nextInt(AGENTS.length)]);
        n.put("sourceIP", (r.nextBoolean() ? "203.0.113." : "198.51.100.") + (1 + r.nextInt(254)));
        if (r.nextInt(3) == 0 && !"Login".equals(action)) {
            String[] sa = SERVICE_ACCOUNTS[r.nextInt(SERVICE_ACCOUNTS.length)];
            n.putObject("serviceAccount").put("id", sa[0]).put("name", sa[1]);
            n.putNull("user");
        } else {
            String[] person = PEOPLE[r.nextInt(PEOPLE.length)];
            n.putNull("serviceAccount");
            n.putObject("user").put("id", "prod_" + person[0]).put("name", person[1]);
        }
        return n;
    }

    private static JsonNode parameters(String action, int i, SplittableRandom r) {
        String secret = Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
        ObjectNode p = JSON.objectNode();
        switch (action) {
            case "CreateUser" -> p.putObject("input").put("email", "new" + i + "@acme.example").put("name", "New " + i)
                    .put("role", "GLOBAL_READER").put("sendEmailInvite", true);
            case "UpdateUser" -> p.putObject("input").put("id", "user-" + i).putObject("patch")
                    .put("role", "PROJECT_ADMIN").put("isSuspended", false);
            case "CreateIntegration" -> p.putObject("input").put("name", "Jira Cloud").put("type", "JIRA")
                    .putObject("params").put("url", "https://acme.atlassian.net").put("username", "svc-wiz")
                    .put("apiToken", "ATATT3x" + secret);
            case "CreateServiceAccount" -> p.putObject("input").put("name", "export-" + i).putArray("scopes")
                    .add("read:issues").add("read:resources");
            case "RotateServiceAccountSecret" -> p.put("id", "sa-ci-pipeline").put("clientSecret", secret);
            case "UpdateIssue" -> p.putObject("input").put("id", "issue-" + i).putObject("patch")
                    .put("status", "RESOLVED").put("note", "fixed in release " + i);
            case "CreateAutomationRule" -> {
                ObjectNode webhook = p.putObject("input").put("name", "SOC webhook")
                        .putObject("actionTemplateParams").putObject("webhook")
                        .put("url", "https://hooks.acme.example/wiz").put("authUsername", "wiz")
                        .put("authPassword", secret);
                webhook.putArray("headers").add(JSON.objectNode().put("key", "Authorization")
                        .put("value", "Bearer " + secret)).add(JSON.objectNode().put("key", "X-Team").put("value", "soc"));
            }
            case "Login" -> {
                return JSON.nullNode();
            }
            case "CreateConnector" -> {
                ObjectNode input = p.putObject("input").put("name", "aws-prod-" + i).put("type", "AWS");
                input.putObject("authParams").put("roleArn", "arn:aws:iam::123456789012:role/WizAccess")
                        .put("externalId", "wiz-ext-" + i);
                input.putObject("extraConfig").put("private_key", "-----BEGIN PRIVATE KEY-----" + secret);
            }
            default -> p.putObject("input").put("issuerUrl", "https://idp.acme.example")
                    .putObject("credentials").put("client_id", "wiz-sso").put("client_secret", secret);
        }
        return p;
    }
}
