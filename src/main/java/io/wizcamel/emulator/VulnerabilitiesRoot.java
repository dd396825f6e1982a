package io.wizcamel.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code vulnerabilityFindings}: findings in every status and severity (NONE included), on virtual machines,
 * container images, containers and serverless functions across AWS, Azure, GCP and a few other platforms, some of
 * them deleted. Each asset carries about four findings. Without a status filter only OPEN findings are served, as
 * Wiz does.
 */
public final class VulnerabilitiesRoot extends TimelineRoot {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    static final String[] STATUS_CYCLE = {"OPEN", "IN_PROGRESS", "OPEN", "RESOLVED", "OPEN", "REJECTED", "RESOLVED"};
    static final String[] SEVERITY_CYCLE = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "NONE", "HIGH", "MEDIUM", "LOW",
        "HIGH", "MEDIUM", "LOW"};
    /** as the issues: 10 AWS, 8 Azure, 8 GCP, one each OCI, Alibaba, Kubernetes */
    static final String[] PLATFORMS = {"AWS", "Azure", "GCP", "AWS", "Azure", "GCP", "OCI", "AWS", "Azure", "GCP",
        "AWS", "Alibaba", "Azure", "GCP", "AWS", "Azure", "GCP", "AWS", "Kubernetes", "Azure", "GCP", "AWS", "Azure",
        "GCP", "AWS", "AWS", "Azure", "GCP", "AWS"};
    /** one asset in 13 is deleted, one inactive */
    static final String[] ASSET_STATUS = {"Active", "Active", "Active", "Active", "Active", "Inactive", "Active",
        "Active", "Active", "Active", "Active", "Deleted", "Active"};
    private static final String[][] PACKAGES = {
        {"openssl", "3.0.7", "3.0.13"}, {"xz-utils", "5.6.0", "5.6.1"}, {"log4j-core", "2.14.1", "2.17.1"},
        {"glibc", "2.35", "2.39"}, {"curl", "7.88.1", "8.4.0"}, {"libwebp", "1.2.4", "1.3.2"},
        {"nghttp2", "1.51.0", "1.57.0"}, {"zlib", "1.2.11", null}, {"sudo", "1.9.12", "1.9.15"},
        {"spring-web", "5.3.20", "6.0.0"}, {"lodash", "4.17.15", "4.17.21"}, {"python3.11", "3.11.2", null}};
    private static final String[] KINDS = {"VulnerableAssetVirtualMachine", "VulnerableAssetContainerImage",
        "VulnerableAssetContainer", "VulnerableAssetServerless"};
    private static final String[] TYPES = {"VIRTUAL_MACHINE", "CONTAINER_IMAGE", "CONTAINER", "SERVERLESS"};
    private static final String[] REGIONS = {"us-east-1", "westeurope", "europe-west1", "eu-central-1"};

    public VulnerabilitiesRoot(long seed, int size) {
        super(seed, size);
    }

    @Override
    public String field() {
        return "vulnerabilityFindings";
    }

    @Override
    public String scope() {
        return "read:vulnerabilities";
    }

    @Override
    public String schemaFile() {
        return "vulnerabilities.graphqls";
    }

    public String id(int index) {
        return uuid(1, index);
    }

    @Override
    protected ObjectNode generate(int i, Instant updatedAt) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + i);
        String[] pkg = PACKAGES[i % PACKAGES.length];
        String status = STATUS_CYCLE[i % STATUS_CYCLE.length];
        String severity = SEVERITY_CYCLE[i % SEVERITY_CYCLE.length];
        String id = id(i);
        String cve = "CVE-" + (2019 + i % 6) + "-" + (10000 + (int) ((i * 7919L) % 90000));
        ObjectNode n = F.objectNode();
        n.put("id", id);
        n.put("portalUrl", "https://app.wiz.io/explorer/vulnerability-findings#~(entity~(~'" + id
                + "*2cSECURITY_TOOL_FINDING))");
        n.put("name", cve);
        n.put("detailedName", pkg[0]);
        n.put("vulnerabilityExternalId", cve);
        n.put("link", "https://nvd.nist.gov/vuln/detail/" + cve);
        n.put("description", "A flaw in " + pkg[0] + " " + pkg[1] + " lets an attacker run code or read memory.");
        n.put("severity", severity);
        n.put("vendorSeverity", SEVERITY_CYCLE[(i + 1) % SEVERITY_CYCLE.length]);
        n.put("CVSSSeverity", severity);
        double score = Math.round((severity.equals("NONE") ? 0 : 2 + r.nextDouble() * 8) * 10) / 10.0;
        n.put("score", score);
        n.put("exploitabilityScore", Math.round(r.nextDouble() * 39) / 10.0);
        n.put("impactScore", Math.round(r.nextDouble() * 59) / 10.0);
        double epss = Math.round(r.nextDouble() * 10000) / 10000.0;
        n.put("epssSeverity", epss > 0.5 ? "HIGH" : epss > 0.1 ? "MEDIUM" : "LOW");
        n.put("epssPercentile", Math.round(epss * 1000) / 10.0);
        n.put("epssProbability", epss);
        n.put("version", pkg[1]);
        if (pkg[2] == null) {
            n.putNull("fixedVersion");
        } else {
            n.put("fixedVersion", pkg[2]);
        }
        n.put("hasFix", pkg[2] != null);
        n.put("hasExploit", i % 3 == 0);
        n.put("hasCisaKevExploit", i % 17 == 0);
        n.put("remediation", pkg[2] == null ? null : "Upgrade " + pkg[0] + " to " + pkg[2] + " or later.");
        n.put("status", status);
        n.put("firstDetectedAt", updatedAt.minus(Duration.ofDays(3 + i % 40)).toString());
        n.put("lastDetectedAt", updatedAt.toString());
        n.put("updatedAt", updatedAt.toString());
        boolean resolved = "RESOLVED".equals(status);
        n.put("resolvedAt", resolved ? updatedAt.toString() : null);
        n.put("resolutionReason", resolved ? "PATCHED" : "REJECTED".equals(status) ? "RISK_ACCEPTED" : null);
        ArrayNode projects = n.putArray("projects");
        projects.add(IssueGenerator.PROJECT_NODES.get(i % 6).deepCopy());
        if (i % 5 == 0) {
            projects.add(IssueGenerator.PROJECT_NODES.get((i + 2) % 6).deepCopy());
        }
        n.set("vulnerableAsset", asset(i / 4));
        return n;
    }

    /** asset #a, shared by findings 4a..4a+3 */
    private ObjectNode asset(int a) {
        int kind = a % 4;
        String platform = PLATFORMS[a % PLATFORMS.length];
        String region = REGIONS[a % REGIONS.length];
        String account = platform.equals("AWS") ? "11110000000" + (a % 7) : "sub-" + (a % 7);
        ObjectNode x = F.objectNode();
        x.put("__typename", KINDS[kind]);
        x.put("id", uuid(2, a));
        x.put("type", TYPES[kind]);
        String name = switch (kind) {
            case 0 -> "vm-" + a;
            case 1 -> "registry.acme.example/app-" + (a % 50) + ":1." + (a % 9);
            case 2 -> "app-" + (a % 50) + "-" + Integer.toHexString(a);
            default -> "fn-" + a;
        };
        x.put("name", name);
        x.put("region", region);
        x.put("providerUniqueId", kind == 1 ? null : "arn:" + platform.toLowerCase() + ":" + region + ":" + account
                + ":" + TYPES[kind].toLowerCase() + "/" + name);
        x.put("cloudProviderURL", "https://console.example/" + platform.toLowerCase() + "/" + a);
        x.put("cloudPlatform", platform);
        x.put("status", ASSET_STATUS[a % ASSET_STATUS.length]);
        x.put("subscriptionName", "acct-" + (a % 7));
        x.put("subscriptionExternalId", account);
        x.put("subscriptionId", uuid(3, a % 7));
        ObjectNode tags = x.putObject("tags");
        tags.put("env", a % 3 == 0 ? "prod" : "dev");
        if (a % 2 == 0) {
            tags.put("team", "team-" + (a % 5));
        }
        switch (kind) {
            case 0 -> {
                x.put("operatingSystem", a % 2 == 0 ? "Linux" : "Windows");
                x.putArray("ipAddresses").add("10.0." + (a % 250) + "." + (a % 200 + 1));
                x.put("imageName", a % 2 == 0 ? "ubuntu-22.04" : "windows-2022");
                x.put("nativeType", platform.equals("Azure") ? "virtualMachine" : "ec2#instance");
            }
            case 1 -> {
                x.put("imageId", "sha256:" + Long.toHexString(new SplittableRandom(a).nextLong()));
                x.putObject("registry").put("name", "registry.acme.example");
                x.putObject("repository").put("name", "app-" + (a % 50));
            }
            case 2 -> {
                x.put("ImageExternalId", "sha256:" + Long.toHexString(new SplittableRandom(a).nextLong()));
                x.put("VmExternalId", "i-" + Integer.toHexString(a * 31));
                x.put("PodNamespace", a % 2 == 0 ? "payments" : "default");
                x.put("PodName", name);
                x.put("NodeName", "node-" + (a % 9));
            }
            default -> x.put("runtime", a % 2 == 0 ? "python3.11" : "nodejs18.x");
        }
        return x;
    }

    @Override
    protected Predicate<ObjectNode> filter(JsonNode f) throws BadInput {
        // without a status filter Wiz serves OPEN findings only
        Predicate<ObjectNode> status = f.path("status").isArray() ? oneOf(f, "status", "/status")
                : n -> "OPEN".equals(n.path("status").asText());
        return status.and(oneOf(f, "severity", "/severity")).and(oneOf(f, "vendorSeverity", "/vendorSeverity"))
                .and(oneOf(f, "id", "/id")).and(oneOf(f, "vulnerabilityExternalId", "/vulnerabilityExternalId"))
                .and(is(f, "hasFix")).and(is(f, "hasExploit")).and(is(f, "hasCisaKevExploit"))
                .and(within(f, "updatedAt", "updatedAt")).and(within(f, "firstSeenAt", "firstDetectedAt"));
    }
}
