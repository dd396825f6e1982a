package io.wizcamel.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code configurationFindings}: results of cloud configuration rules per resource, in every result (PASS, FAIL,
 * ERROR, NOT_ASSESSED), status and severity, across AWS, Azure, GCP and others, some deleted (served only with
 * {@code includeDeleted: true}) or on deleted resources.
 */
public final class ConfigurationFindingsRoot extends TimelineRoot {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String[] RESULT_CYCLE = {"FAIL", "PASS", "FAIL", "ERROR", "FAIL", "NOT_ASSESSED", "PASS"};
    static final String[] STATUS_CYCLE = {"OPEN", "RESOLVED", "IN_PROGRESS", "OPEN", "REJECTED"};
    static final String[] SEVERITY_CYCLE = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "HIGH", "MEDIUM",
        "LOW", "HIGH", "MEDIUM", "LOW"};
    private static final String[][] RULES = {
        {"S3-001", "S3 Bucket should block public access", "bucket", "s3#bucket", "publicAccessBlock.blockPublicAcls"},
        {"EC2-014", "Security group should not allow ingress from 0.0.0.0/0 to port 22", "firewall",
            "ec2#securitygroup", "ipPermissions[0].ipRanges"},
        {"RDS-003", "RDS instance should not be publicly accessible", "database", "rds#dbinstance",
            "publiclyAccessible"},
        {"AZ-STG-002", "Storage account should disallow public blob access", "bucket",
            "Microsoft.Storage/storageAccounts", "properties.allowBlobPublicAccess"},
        {"AZ-KV-005", "Key Vault should have purge protection enabled", "secret_container",
            "Microsoft.KeyVault/vaults", "properties.enablePurgeProtection"},
        {"GCP-IAM-007", "Service account keys should be rotated within 90 days", "service_account_key",
            "iam.googleapis.com/ServiceAccountKey", "validAfterTime"},
        {"GCP-GCS-001", "Cloud Storage bucket should not be anonymously readable", "bucket",
            "storage.googleapis.com/Bucket", "iamPolicy.bindings"}};
    private static final String[] FRAMEWORKS = {"CIS Amazon Web Services Foundations Benchmark", "NIST SP 800-53 Rev 5",
        "Wiz for Risk Assessment"};

    public ConfigurationFindingsRoot(long seed, int size) {
        super(seed, size);
    }

    @Override
    public String field() {
        return "configurationFindings";
    }

    @Override
    public String scope() {
        return "read:cloud_configuration";
    }

    @Override
    public String schemaFile() {
        return "configuration-findings.graphqls";
    }

    public String id(int index) {
        return uuid(11, index);
    }

    @Override
    protected ObjectNode generate(int i, Instant updatedAt) {
        String[] rule = RULES[i % RULES.length];
        int a = i / 3; // the resource, shared by three findings
        String platform = VulnerabilitiesRoot.PLATFORMS[a % VulnerabilitiesRoot.PLATFORMS.length];
        String status = STATUS_CYCLE[i % STATUS_CYCLE.length];
        String resourceName = rule[2] + "-" + a;
        String providerId = platform.toLowerCase() + "://" + rule[3] + "/" + resourceName;
        ObjectNode n = F.objectNode();
        n.put("id", id(i));
        n.put("name", resourceName);
        n.put("analyzedAt", updatedAt.toString());
        n.put("updatedAt", updatedAt.toString());
        n.put("firstSeenAt", updatedAt.minus(Duration.ofDays(1 + i % 30)).toString());
        n.put("severity", SEVERITY_CYCLE[i % SEVERITY_CYCLE.length]);
        n.put("result", RESULT_CYCLE[i % RESULT_CYCLE.length]);
        n.put("status", status);
        n.put("remediation", "Change " + rule[4] + " as the rule expects, then rescan.");
        n.put("resolutionReason", "RESOLVED".equals(status) ? "FIXED" : null);
        n.put("deleted", i % 23 == 7);
        n.put("targetExternalId", providerId);

        ObjectNode res = n.putObject("resource");
        res.put("id", uuid(12, a));
        res.put("providerId", providerId);
        res.put("name", resourceName);
        res.put("nativeType", rule[3]);
        res.put("type", rule[2].toUpperCase());
        res.put("region", a % 2 == 0 ? "us-east-1" : "westeurope");
        res.put("status", VulnerabilitiesRoot.ASSET_STATUS[a % VulnerabilitiesRoot.ASSET_STATUS.length]);
        res.put("cloudPlatform", platform);
        String account = "22220000000" + (a % 5);
        res.putObject("subscription").put("id", uuid(13, a % 5))
                .put("name", "landing-zone-" + (a % 5)).put("externalId", account).put("cloudProvider", platform);
        res.putArray("projects").add(IssueGenerator.PROJECT_NODES.get(a % 6).deepCopy());
        ArrayNode tags = res.putArray("tags");
        tags.addObject().put("key", "env").put("value", a % 3 == 0 ? "prod" : "dev");
        if (a % 2 == 1) {
            tags.addObject().put("key", "owner").put("value", "team-" + (a % 4));
        }

        ObjectNode r = n.putObject("rule");
        r.put("id", uuid(14, i % RULES.length));
        r.put("shortId", rule[0]);
        r.put("name", rule[1]);
        r.put("description", "Checks that " + rule[1].toLowerCase() + ".");
        r.put("remediationInstructions", "Set " + rule[4] + " to the compliant value in the console or IaC.");

        ObjectNode e = n.putObject("evidence");
        e.put("currentValue", "FAIL".equals(n.get("result").asText()) ? "true" : "false");
        e.put("expectedValue", "false");
        e.put("configurationPath", rule[4]);
        e.put("cloudConfigurationLink", "https://console.example/" + platform.toLowerCase() + "/" + resourceName);

        ArrayNode subs = n.putArray("securitySubCategories");
        for (int k = 0; k <= i % 2; k++) {
            ObjectNode s = subs.addObject();
            s.put("title", k == 0 ? "Data Protection / Public access" : "Network Security / Exposure");
            ObjectNode c = s.putObject("category");
            c.put("name", k == 0 ? "Data Protection" : "Network Security");
            c.putObject("framework").put("name", FRAMEWORKS[(i + k) % FRAMEWORKS.length]);
        }
        return n;
    }

    @Override
    protected Predicate<ObjectNode> filter(JsonNode f) throws BadInput {
        Predicate<ObjectNode> deleted = f.path("includeDeleted").asBoolean(false) ? n -> true
                : n -> !n.path("deleted").asBoolean();
        return deleted.and(oneOf(f, "result", "/result")).and(oneOf(f, "severity", "/severity"))
                .and(oneOf(f, "status", "/status")).and(oneOf(f, "id", "/id"))
                .and(oneOf(f.path("rule"), "id", "/rule/id"))
                .and(within(f, "updatedAt", "updatedAt")).and(within(f, "analyzedAt", "analyzedAt"));
    }
}
