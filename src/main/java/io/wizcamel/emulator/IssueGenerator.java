package io.wizcamel.emulator;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Derives issue #i from (seed, i) alone, so nothing is materialised: filters read a cheap
 * {@link IssueCore}, and only the issues that are served get their full node written.
 */
final class IssueGenerator {

    static final Instant BASE = Instant.parse("2026-11-01T00:00:00Z");
    static final long BASE_MS = BASE.toEpochMilli();
    static final long BASE_NS = IssueCore.nanos(BASE);
    private static final long WINDOW_S = 90L * 24 * 3600;
    private static final long DAY_MS = 24L * 3600 * 1000;

    static final String[] TYPES = {"TOXIC_COMBINATION", "CLOUD_CONFIGURATION", "THREAT_DETECTION"};
    static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED"};
    static final String[] SEVERITIES = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"};
    /** cloud platforms, then identity providers (Okta, EntraID) whose users and groups have issues too */
    static final String[] PLATFORMS = {"AWS", "Azure", "GCP", "OCI", "Alibaba", "Kubernetes", "Okta", "EntraID"};
    static final String[] RESOLUTION_REASONS = {"ISSUE_FIXED", "OBJECT_DELETED", "FALSE_POSITIVE", "EXCEPTION", "WONT_FIX"};

    // Index-based cycles with pairwise co-prime lengths (4, 7, 11, 31): every value shows up in any
    // window of 31 consecutive issues, and the combinations still mix.
    private static final String[] TYPE_CYCLE = {
        "CLOUD_CONFIGURATION", "TOXIC_COMBINATION", "CLOUD_CONFIGURATION", "THREAT_DETECTION"};
    private static final String[] STATUS_CYCLE = {
        "OPEN", "IN_PROGRESS", "OPEN", "RESOLVED", "OPEN", "REJECTED", "RESOLVED"};
    private static final String[] SEVERITY_CYCLE = {
        "CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL", "HIGH", "MEDIUM", "LOW", "HIGH", "MEDIUM", "INFORMATIONAL"};
    // 10 AWS, 8 Azure, 8 GCP, 1 each OCI / Alibaba / Kubernetes (about 10% "other"), 1 each Okta / EntraID.
    private static final int[] PLATFORM_CYCLE = {
        0, 1, 2, 0, 1, 2, 3, 0, 1, 2, 0, 4, 1, 2, 6, 0, 1, 2, 0, 5, 1, 2, 0, 1, 2, 0, 0, 1, 2, 7, 0};

    // ---- projects -------------------------------------------------------------------------
    static final List<String> PROJECT_IDS;
    private static final String[] PROJECT_NAMES = {
        "Payments Platform", "Customer Portal", "Data Lake", "Corporate IT", "Mobile Backend", "Shared Kubernetes"};
    private static final String[] PROJECT_SLUGS = {
        "payments-platform", "customer-portal", "data-lake", "corporate-it", "mobile-backend", "shared-kubernetes"};
    private static final String[] PROJECT_UNITS = {"Finance", "Digital", "Data", "IT", "Digital", "Platform"};
    private static final String[] PROJECT_IMPACT = {"HBI", "HBI", "MBI", "LBI", "MBI", "MBI"};
    static final List<ObjectNode> PROJECT_NODES;
    private static final String[] PROJECT_JSON;
    /** Shared id arrays so a generated core never allocates one: [p1][p2 + 1], p2 = -1 for a single project. */
    private static final String[][][] PROJECT_SETS;

    // ---- source rules: ~50, so names repeat like in a real tenant ---------------------------
    private static final String[][] RULE_JSON = new String[3][];
    private static final String[] RULE_SEVERITIES = {"CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL"};
    private static final String[] RISKS = {
        "EXTERNAL_EXPOSURE", "VULNERABILITY", "IDENTITY", "DATA_EXPOSURE", "LATERAL_MOVEMENT", "MISCONFIGURATION"};
    private static final String[] TACTICS = {
        "TA0001 Initial Access", "TA0004 Privilege Escalation", "TA0005 Defense Evasion", "TA0006 Credential Access",
        "TA0010 Exfiltration", "TA0040 Impact"};

    static {
        JsonNodeFactory f = JsonNodeFactory.instance;
        List<String> ids = new ArrayList<>();
        List<ObjectNode> nodes = new ArrayList<>();
        PROJECT_JSON = new String[6];
        for (int p = 0; p < 6; p++) {
            String id = UUID.nameUUIDFromBytes(("wiz-emulator-project-" + p).getBytes()).toString();
            ids.add(id);
            ObjectNode n = f.objectNode();
            n.put("id", id).put("name", PROJECT_NAMES[p]).put("slug", PROJECT_SLUGS[p])
                .put("businessUnit", PROJECT_UNITS[p]);
            n.putObject("riskProfile").put("businessImpact", PROJECT_IMPACT[p]);
            nodes.add(n);
            PROJECT_JSON[p] = n.toString();
        }
        PROJECT_IDS = List.copyOf(ids);
        PROJECT_NODES = List.copyOf(nodes);
        PROJECT_SETS = new String[6][7][];
        for (int a = 0; a < 6; a++) {
            PROJECT_SETS[a][0] = new String[] {ids.get(a)};
            for (int b = 0; b < 6; b++) {
                PROJECT_SETS[a][b + 1] = new String[] {ids.get(a), ids.get(b)};
            }
        }
        RULE_JSON[0] = controls(f);
        RULE_JSON[1] = configurationRules(f);
        RULE_JSON[2] = eventRules(f);
    }

    private static String[] controls(JsonNodeFactory f) {
        String[] names = {
            "Publicly exposed VM instance with critical vulnerabilities",
            "Publicly exposed VM with high privileges and a high severity vulnerability",
            "Publicly exposed container with admin permissions",
            "Storage bucket with sensitive data is publicly readable",
            "Internet-facing Kubernetes API server with anonymous access",
            "User with admin privileges and no MFA",
            "Lateral movement path from exposed workload to crown jewel database",
            "Publicly exposed database with default credentials",
            "Exposed secret in container image grants cloud admin access",
            "Publicly exposed serverless function with excessive permissions",
            "Unencrypted database snapshot shared with external account",
            "VM with cleartext cloud keys allowing privilege escalation",
            "Exposed web application vulnerable to remote code execution",
            "Service account key older than 90 days with owner role",
            "Publicly exposed VM with a known exploited vulnerability (CISA KEV)",
            "Container running as root with host path mount, exposed to the internet",
            "Cross-account role trust to unknown external principal"};
        String[] frameworks = {"Wiz for Risk Assessment", "CIS Amazon Web Services Foundations Benchmark", "NIST SP 800-53 Rev 5"};
        String[] categories = {"High Profile Threats", "Identity and Access Management", "Network Security", "Data Protection"};
        String[] out = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            ObjectNode n = f.objectNode();
            n.put("__typename", "Control").put("id", String.format("wc-id-%04d", 1000 + i * 37))
                .put("name", names[i])
                .put("description", "Wiz detected the following combination: " + names[i].toLowerCase() + ".")
                .put("resolutionRecommendation", "Remove the exposure or the privileged access, then patch or rotate as needed.")
                .put("severity", RULE_SEVERITIES[i % 3]);
            risks(n, i);
            ArrayNode subs = n.putArray("securitySubCategories");
            for (int k = 0; k <= i % 2; k++) {
                ObjectNode s = subs.addObject();
                String cat = categories[(i + k) % categories.length];
                s.put("title", cat + " / " + (k == 0 ? "Exposure" : "Privileges"));
                ObjectNode c = s.putObject("category");
                c.put("name", cat);
                c.putObject("framework").put("name", frameworks[(i + k) % frameworks.length]);
            }
            out[i] = n.toString();
        }
        return out;
    }

    private static final String CIS_AWS = "CIS Amazon Web Services Foundations Benchmark v2.0.0";
    private static final String CIS_AZURE = "CIS Microsoft Azure Foundations Benchmark v2.1.0";
    private static final String CIS_GCP = "CIS Google Cloud Platform Foundation Benchmark v2.0.0";
    private static final String CIS_K8S = "CIS Kubernetes Benchmark v1.8.0";
    private static final String CIS_OCI = "CIS Oracle Cloud Infrastructure Foundations Benchmark v2.0.0";

    /** one or two risks, or none for every fourth rule (Wiz leaves risks empty on many) */
    private static void risks(ObjectNode rule, int i) {
        ArrayNode risks = rule.putArray("risks");
        if (i % 4 != 3) {
            risks.add(RISKS[i % RISKS.length]);
            if (i % 2 == 0) {
                risks.add(RISKS[(i + 3) % RISKS.length]);
            }
        }
    }

    private static void subCategory(ArrayNode subs, String title, String category, String framework) {
        ObjectNode c = subs.addObject().put("title", title).putObject("category");
        c.put("name", category);
        c.putObject("framework").put("name", framework);
    }

    private static String[] configurationRules(JsonNodeFactory f) {
        String[][] rules = {
            {"S3 Bucket should block public access", "S3", "Storage", CIS_AWS},
            {"S3 Bucket should have server-side encryption enabled", "S3", "Storage", CIS_AWS},
            {"EC2 instance should not have a public IP address", "EC2", "Networking", CIS_AWS},
            {"Security group should not allow ingress from 0.0.0.0/0 to port 22", "EC2", "Networking", CIS_AWS},
            {"RDS instance should not be publicly accessible", "RDS", "Storage", CIS_AWS},
            {"IAM root user should not have access keys", "IAM", "Identity and Access Management", CIS_AWS},
            {"CloudTrail should be enabled in all regions", "CloudTrail", "Logging", CIS_AWS},
            {"Storage account should disallow public blob access", "Storage", "Storage Accounts", CIS_AZURE},
            {"Azure SQL server should have auditing enabled", "SQL", "Database Services", CIS_AZURE},
            {"Key Vault should have purge protection enabled", "KeyVault", "Key Vault", CIS_AZURE},
            {"Network security group should restrict RDP from the internet", "Network", "Networking", CIS_AZURE},
            {"GCS bucket should not be publicly accessible", "Cloud Storage", "Cloud Storage", CIS_GCP},
            {"Compute instance should not use the default service account", "Compute Engine", "Virtual Machines", CIS_GCP},
            {"Cloud SQL instance should require SSL", "Cloud SQL", "Cloud SQL Database Services", CIS_GCP},
            {"Kubernetes cluster should have network policies enabled", "Kubernetes", "Policies", CIS_K8S},
            {"Pod should not run privileged containers", "Kubernetes", "Policies", CIS_K8S},
            {"Object Storage bucket should not be public", "Object Storage", "Storage", CIS_OCI}};
        String[] out = new String[rules.length];
        for (int i = 0; i < rules.length; i++) {
            ObjectNode n = f.objectNode();
            n.put("__typename", "CloudConfigurationRule")
                .put("id", UUID.nameUUIDFromBytes(("wiz-emulator-ccr-" + i).getBytes()).toString())
                .put("name", rules[i][0])
                .put("description", "This rule checks whether: " + rules[i][0].toLowerCase() + ".")
                .put("remediationInstructions", "Update the resource configuration so that: " + rules[i][0].toLowerCase() + ".")
                .put("serviceType", rules[i][1])
                .put("severity", RULE_SEVERITIES[1 + i % 4]);
            risks(n, i + 1);
            // the benchmark the rule checks, and NIST for every other one: OCSF compliance.standards come from these
            ArrayNode subs = n.putArray("securitySubCategories");
            subCategory(subs, (i + 1) + "." + (1 + i % 5) + " " + rules[i][0], rules[i][2], rules[i][3]);
            if (i % 2 == 0) {
                subCategory(subs, "CM-6 Configuration Settings", "CM Configuration Management", "NIST SP 800-53 Rev 5");
            }
            out[i] = n.toString();
        }
        return out;
    }

    private static String[] eventRules(JsonNodeFactory f) {
        String[][] rules = {
            {"Suspicious sign-in from an anonymizing proxy", "CLOUD_EVENTS"},
            {"Access key used from an unusual country", "CLOUD_EVENTS"},
            {"Crypto mining process detected on workload", "WIZ_SENSOR"},
            {"Reverse shell opened by web server process", "WIZ_SENSOR"},
            {"CloudTrail logging disabled", "CLOUD_EVENTS"},
            {"Mass deletion of storage objects", "CLOUD_EVENTS"},
            {"New admin user created outside change window", "CLOUD_EVENTS"},
            {"Connection to known malicious IP address", "WIZ_SENSOR"},
            {"Kubernetes secret read by unexpected service account", "KUBERNETES_AUDIT_LOGS"},
            {"Privileged pod created in kube-system namespace", "KUBERNETES_AUDIT_LOGS"},
            {"Security group opened to the internet", "CLOUD_EVENTS"},
            {"MFA device deactivated for privileged user", "CLOUD_EVENTS"},
            {"Unusual volume of secrets manager reads", "CLOUD_EVENTS"},
            {"Binary executed from /tmp", "WIZ_SENSOR"},
            {"Snapshot shared with an external account", "CLOUD_EVENTS"},
            {"Brute force of SSH service", "WIZ_SENSOR"}};
        String[] out = new String[rules.length];
        for (int i = 0; i < rules.length; i++) {
            ObjectNode n = f.objectNode();
            n.put("__typename", "CloudEventRule")
                .put("id", UUID.nameUUIDFromBytes(("wiz-emulator-cer-" + i).getBytes()).toString())
                .put("name", rules[i][0])
                .put("description", "Threat detection: " + rules[i][0].toLowerCase() + ".")
                .put("sourceType", rules[i][1])
                .put("type", i % 3 == 0 ? "DETECTION" : "THREAT")
                .put("severity", RULE_SEVERITIES[i % 4]);
            risks(n, i + 2);
            if (i % 3 != 2) { // some event rules map to no framework
                subCategory(n.putArray("securitySubCategories"), TACTICS[i % TACTICS.length], "Tactics", "MITRE ATT&CK Matrix");
            } else {
                n.putNull("securitySubCategories");
            }
            out[i] = n.toString();
        }
        return out;
    }

    // ---- entity pools, per platform --------------------------------------------------------
    private static final String[][] REGIONS = {
        {"us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"},
        {"eastus", "westeurope", "northeurope", "westus2"},
        {"us-central1", "europe-west1", "asia-east1", "us-east4"},
        {"us-ashburn-1", "eu-frankfurt-1"},
        {"cn-hangzhou", "ap-southeast-1"},
        {"us-east-1", "westeurope", "us-central1"},
        {null}, // identity providers have no region
        {null}};
    /**
     * {type, nativeType, name prefix} per platform. Identities (users, service accounts, access keys, roles,
     * groups) are over a third of the resources, on the clouds and on the identity providers Okta and EntraID.
     */
    private static final String[][][] KINDS = {
        {{"VIRTUAL_MACHINE", "ec2#instance", "web"}, {"BUCKET", "s3#bucket", "data"}, {"ACCESS_ROLE", "iam#role", "role"},
         {"DB_SERVER", "rds#dbinstance", "db"}, {"SERVERLESS", "lambda#function", "fn"},
         {"VIRTUAL_MACHINE", "ec2#instance", "app"}, {"BUCKET", "s3#bucket", "logs"},
         {"USER_ACCOUNT", "iam#user", "svc"}, {"ACCESS_KEY", "iam#accessKey", "svc"}, {"GROUP", "iam#group", "grp"}},
        {{"VIRTUAL_MACHINE", "Microsoft.Compute/virtualMachines", "vm"}, {"BUCKET", "Microsoft.Storage/storageAccounts", "st"},
         {"DB_SERVER", "Microsoft.Sql/servers", "sql"},
         {"SERVICE_ACCOUNT", "Microsoft.ManagedIdentity/userAssignedIdentities", "id"}},
        {{"VIRTUAL_MACHINE", "compute#instance", "gce"}, {"BUCKET", "storage#bucket", "gcs"},
         {"VIRTUAL_MACHINE", "compute#instance", "app"}, {"BUCKET", "storage#bucket", "logs"},
         {"SERVICE_ACCOUNT", "iam#serviceAccount", "sa"}, {"ACCESS_KEY", "iam#serviceAccountKey", "sa"},
         {"USER_ACCOUNT", "cloudidentity#user", "user"}, {"GROUP", "cloudidentity#group", "grp"}},
        {{"VIRTUAL_MACHINE", "Instance", "oci-vm"}, {"BUCKET", "Bucket", "oci-bucket"}},
        {{"VIRTUAL_MACHINE", "ecs#instance", "ecs"}, {"BUCKET", "oss#bucket", "oss"}},
        {{"POD", "Pod", "pod"}, {"DEPLOYMENT", "Deployment", "deploy"}, {"CONTAINER", "Container", "ctr"}},
        {{"USER_ACCOUNT", "okta#user", "user"}, {"GROUP", "okta#group", "grp"},
         {"SERVICE_ACCOUNT", "okta#application", "app"}},
        {{"USER_ACCOUNT", "Microsoft.Graph/users", "user"}, {"GROUP", "Microsoft.Graph/groups", "grp"},
         {"SERVICE_ACCOUNT", "Microsoft.Graph/servicePrincipals", "sp"}}};
    /** people whose accounts have issues; some emails come in mixed case, as identity providers keep them */
    private static final String[] PEOPLE = {
        "jane.doe", "john.smith", "Maria.Garcia", "wei.chen", "amit.patel", "sara.jones", "Li.Wang", "olga.ivanova"};
    private static final String DOMAIN = "acme.example";
    private static final String[] ENVS = {"prod", "staging", "dev", "test"};
    private static final String[] TEAMS = {"payments", "web", "data", "platform", "it-ops", "mobile"};
    private static final int SUBS = 4;
    private static final String[][] SUB_IDS = new String[PLATFORMS.length][SUBS];
    private static final String[][] SUB_NAMES = new String[PLATFORMS.length][SUBS];

    static {
        for (int p = 0; p < PLATFORMS.length; p++) {
            for (int s = 0; s < SUBS; s++) {
                SplittableRandom r = new SplittableRandom(p * 31L + s);
                String env = ENVS[s];
                switch (p) {
                    case 0: SUB_IDS[p][s] = String.format("%012d", r.nextLong(100_000_000_000L, 999_999_999_999L)); break;
                    case 1: SUB_IDS[p][s] = new UUID(r.nextLong(), r.nextLong()).toString(); break;
                    case 2: SUB_IDS[p][s] = "acme-" + env + "-" + (100000 + r.nextInt(900000)); break;
                    case 3: SUB_IDS[p][s] = "ocid1.tenancy.oc1..aaaa" + Long.toString(r.nextLong() & Long.MAX_VALUE, 36); break;
                    case 4: SUB_IDS[p][s] = String.format("%016d", r.nextLong(1_000_000_000_000_000L, 9_999_999_999_999_999L)); break;
                    case 5: SUB_IDS[p][s] = "k8s-" + env + "-cluster-" + (1 + s); break;
                    case 6: SUB_IDS[p][s] = "acme-" + env + ".okta.com"; break; // the Okta org
                    default: SUB_IDS[p][s] = new UUID(r.nextLong(), r.nextLong()).toString(); break; // the Entra tenant
                }
                SUB_NAMES[p][s] = p == 6 ? SUB_IDS[p][s] : p == 7 ? "acme-" + env + ".onmicrosoft.com"
                    : "acme-" + PLATFORMS[p].toLowerCase() + "-" + env;
            }
        }
    }

    private final long seed;
    private final int initialCount;
    private final int typeOffset;
    private final int statusOffset;
    private final int severityOffset;
    private final int platformOffset;
    /** First index of each batch added by addIssues -> its createdAt (epoch ms). */
    private final ConcurrentSkipListMap<Integer, Long> addedBatches = new ConcurrentSkipListMap<>();

    IssueGenerator(long seed, int initialCount) {
        this.seed = seed;
        this.initialCount = initialCount;
        this.typeOffset = (int) Math.floorMod(mix(seed + 1), TYPE_CYCLE.length);
        this.statusOffset = (int) Math.floorMod(mix(seed + 2), STATUS_CYCLE.length);
        this.severityOffset = (int) Math.floorMod(mix(seed + 3), SEVERITY_CYCLE.length);
        this.platformOffset = (int) Math.floorMod(mix(seed + 4), PLATFORM_CYCLE.length);
    }

    int initialCount() {
        return initialCount;
    }

    void addBatch(int firstIndex, Instant createdAt) {
        addedBatches.put(firstIndex, createdAt.toEpochMilli());
    }

    /** SplitMix64 finaliser: a good 64-bit mix, so neighbouring indexes get unrelated streams. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- ids ------------------------------------------------------------------------------

    /**
     * A random-looking version-4 UUID that still encodes its index (low 32 bits, masked by a value
     * derived from the rest of the UUID), so an id filter maps straight back to indexes.
     */
    UUID uuid(int index) {
        long msb = (mix(seed * 0x9E3779B97F4A7C15L + index + 0x632BE59BD9B4E019L) & ~0xF000L) | 0x4000L;
        long mask = mix(msb ^ seed) & 0xFFFFFFFFL;
        long hi = mix(msb + 1) & 0x3FFFFFFFL;
        long lsb = 0x8000000000000000L | (hi << 32) | ((index ^ mask) & 0xFFFFFFFFL);
        return new UUID(msb, lsb);
    }

    String id(int index) {
        return uuid(index).toString();
    }

    /** The index whose id this is, or -1. */
    int indexOf(String id, int count) {
        UUID u;
        try {
            u = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return -1;
        }
        long mask = mix(u.getMostSignificantBits() ^ seed) & 0xFFFFFFFFL;
        long index = (u.getLeastSignificantBits() & 0xFFFFFFFFL) ^ mask;
        if (index < 0 || index >= count || !uuid((int) index).equals(u)) {
            return -1;
        }
        return (int) index;
    }

    // ---- core attributes ------------------------------------------------------------------

    IssueCore core(int index) {
        IssueCore c = new IssueCore();
        c.index = index;
        c.type = TYPE_CYCLE[(index + typeOffset) % TYPE_CYCLE.length];
        c.severity = SEVERITY_CYCLE[(index + severityOffset) % SEVERITY_CYCLE.length];
        c.platform = PLATFORM_CYCLE[(index + platformOffset) % PLATFORM_CYCLE.length];
        SplittableRandom r = new SplittableRandom(mix(seed * 0xD1B54A32D192ED03L + index));
        c.project1 = r.nextInt(6);
        if (r.nextInt(3) == 0) {
            c.project2 = (c.project1 + 1 + r.nextInt(5)) % 6;
        }
        c.projectIds = PROJECT_SETS[c.project1][c.project2 + 1];
        if (index < initialCount) {
            c.status = STATUS_CYCLE[(index + statusOffset) % STATUS_CYCLE.length];
            // Whole seconds inside the 90 days before BASE; every timestamp stays strictly before BASE.
            long createdS = BASE_MS / 1000 - WINDOW_S + r.nextLong(WINDOW_S - 3600);
            long leftS = BASE_MS / 1000 - createdS;
            long changedS = "OPEN".equals(c.status) && r.nextInt(10) < 7 ? createdS : createdS + r.nextLong(leftS / 2);
            long updatedS = r.nextInt(10) < 4 ? changedS : changedS + r.nextLong(BASE_MS / 1000 - changedS);
            c.createdMs = createdS * 1000;
            c.statusChangedMs = changedS * 1000;
            c.updatedMs = updatedS * 1000;
            if ("RESOLVED".equals(c.status)) {
                c.resolvedMs = c.statusChangedMs;
                c.resolutionReason = r.nextInt(5) == 0 ? "OBJECT_DELETED" : "ISSUE_FIXED";
            } else if ("REJECTED".equals(c.status)) {
                c.resolutionReason = RESOLUTION_REASONS[2 + r.nextInt(3)];
            }
        } else {
            // Added after start: brand new and open.
            Map.Entry<Integer, Long> batch = addedBatches.floorEntry(index);
            long t = batch == null ? BASE_MS : batch.getValue();
            c.status = "OPEN";
            c.createdMs = t;
            c.statusChangedMs = t;
            c.updatedMs = t;
        }
        c.createdNs = c.createdMs * 1_000_000L;
        c.statusChangedNs = c.statusChangedMs * 1_000_000L;
        c.updatedNs = c.updatedMs * 1_000_000L;
        return c;
    }

    // ---- full node ------------------------------------------------------------------------

    private static String iso(long ms) {
        return Instant.ofEpochMilli(ms).toString();
    }

    /** the rule fields a node carries: the list sourceRules, the deprecated single sourceRule, or both */
    static final int SOURCE_RULES = 1;
    static final int SOURCE_RULE = 2;

    /** Streams the full node of a generated (never edited) issue, with sourceRules and sourceRule. */
    void write(JsonGenerator g, IssueCore c) throws IOException {
        write(g, c, SOURCE_RULES | SOURCE_RULE);
    }

    /** Streams the full node of a generated (never edited) issue with the rule fields asked for. */
    void write(JsonGenerator g, IssueCore c, int ruleFields) throws IOException {
        int index = c.index;
        SplittableRandom r = new SplittableRandom(mix(seed * 0x2545F4914F6CDD1DL + index + 0x5851F42D4C957F2DL));
        // draws added later come from their own stream, so the values drawn from r stay as they were
        SplittableRandom x = new SplittableRandom(mix(seed * 0x9FB21C651E98DF25L + index + 0x3C6EF372FE94F82BL));
        int typeIdx = "TOXIC_COMBINATION".equals(c.type) ? 0 : "CLOUD_CONFIGURATION".equals(c.type) ? 1 : 2;

        g.writeStartObject();
        g.writeStringField("id", id(index));
        g.writeStringField("type", c.type);
        g.writeStringField("status", c.status);
        g.writeStringField("severity", c.severity);
        g.writeStringField("createdAt", iso(c.createdMs));
        g.writeStringField("updatedAt", iso(c.updatedMs));
        g.writeStringField("statusChangedAt", iso(c.statusChangedMs));
        long dueMs = -1;
        int dueRoll = r.nextInt(10);
        if (c.resolvedMs < 0 && !"REJECTED".equals(c.status)) {
            if ("CRITICAL".equals(c.severity)) {
                dueMs = c.createdMs + 7 * DAY_MS;
            } else if ("HIGH".equals(c.severity)) {
                dueMs = c.createdMs + 30 * DAY_MS;
            } else if (dueRoll < 3) {
                dueMs = c.createdMs + 90 * DAY_MS;
            }
        }
        writeTime(g, "dueAt", dueMs);
        writeTime(g, "resolvedAt", c.resolvedMs);
        if (c.resolutionReason == null) {
            g.writeNullField("resolutionReason");
        } else {
            g.writeStringField("resolutionReason", c.resolutionReason);
        }

        g.writeArrayFieldStart("projects");
        g.writeRawValue(PROJECT_JSON[c.project1]);
        if (c.project2 >= 0) {
            g.writeRawValue(PROJECT_JSON[c.project2]);
        }
        g.writeEndArray();

        // the rule of the issue's type, and for one issue in four a second rule of another kind; ~50 rules in all,
        // so each is shared by many issues
        String first = RULE_JSON[typeIdx][r.nextInt(RULE_JSON[typeIdx].length)];
        String second = null;
        if (x.nextInt(4) == 0) {
            String[] other = RULE_JSON[(typeIdx + 1 + x.nextInt(2)) % 3];
            second = other[x.nextInt(other.length)];
        }
        if ((ruleFields & SOURCE_RULE) != 0) {
            g.writeFieldName("sourceRule");
            g.writeRawValue(first);
        }
        if ((ruleFields & SOURCE_RULES) != 0) {
            g.writeArrayFieldStart("sourceRules");
            g.writeRawValue(first);
            if (second != null) {
                g.writeRawValue(second);
            }
            g.writeEndArray();
        }

        writeEntity(g, c, r);

        // One issue in eight has a ticket (one in forty two), from a pool of a fortieth as many tickets as issues,
        // so a ticket is shared by about five issues. Wiz answers null, not [], for some issues without one.
        int roll = x.nextInt(40);
        if (roll < 5) {
            int pool = Math.max(4, initialCount / 40);
            int ticket = x.nextInt(pool);
            g.writeArrayFieldStart("serviceTickets");
            writeTicket(g, ticket);
            if (roll == 0) {
                writeTicket(g, (ticket + 1 + x.nextInt(pool - 1)) % pool);
            }
            g.writeEndArray();
        } else if (roll < 9) {
            g.writeNullField("serviceTickets");
        } else {
            g.writeArrayFieldStart("serviceTickets");
            g.writeEndArray();
        }

        g.writeArrayFieldStart("notes");
        if (r.nextInt(20) == 0) {
            long noteMs = c.createdMs + (c.updatedMs - c.createdMs) / 2;
            g.writeStartObject();
            g.writeStringField("createdAt", iso(noteMs));
            g.writeStringField("updatedAt", iso(noteMs));
            g.writeStringField("text", "Owner notified; fix scheduled for the next release.");
            g.writeObjectFieldStart("user");
            String team = TEAMS[r.nextInt(TEAMS.length)];
            g.writeStringField("name", "Security " + team);
            g.writeStringField("email", "security-" + team + "@acme.example");
            g.writeEndObject();
            g.writeNullField("serviceAccount");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** ticket k of the pool: three in four in Jira, the rest ServiceNow incidents */
    private void writeTicket(JsonGenerator g, int k) throws IOException {
        g.writeStartObject();
        if (k % 4 == 3) {
            String sysId = String.format("%016x%016x", mix(seed ^ k), mix(seed + k));
            g.writeStringField("externalId", sysId);
            g.writeStringField("name", String.format("INC%07d", 10000 + k));
            g.writeStringField("url", "https://acme.service-now.com/nav_to.do?uri=incident.do?sys_id=" + sysId);
        } else {
            g.writeStringField("externalId", Integer.toString(100000 + k));
            g.writeStringField("name", "SEC-" + (1000 + k));
            g.writeStringField("url", "https://acme.atlassian.net/browse/SEC-" + (1000 + k));
        }
        g.writeEndObject();
    }

    private static void writeTime(JsonGenerator g, String field, long ms) throws IOException {
        if (ms < 0) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, iso(ms));
        }
    }

    private void writeEntity(JsonGenerator g, IssueCore c, SplittableRandom r) throws IOException {
        int p = c.platform;
        String[] kind = KINDS[p][r.nextInt(KINDS[p].length)];
        String region = REGIONS[p][r.nextInt(REGIONS[p].length)];
        int sub = r.nextInt(SUBS);
        String env = ENVS[sub];
        String team = TEAMS[r.nextInt(TEAMS.length)];
        String name = kind[2] + "-" + env + "-" + team + "-" + (10000 + r.nextInt(90000));
        String subId = SUB_IDS[p][sub];
        long entityCreatedMs = c.createdMs - (1 + r.nextLong(365)) * DAY_MS;
        int statusRoll = r.nextInt(10);
        String status = "OBJECT_DELETED".equals(c.resolutionReason) && statusRoll < 5 ? "Deleted"
            : statusRoll == 9 ? "Inactive" : "Active";
        String hex = Long.toHexString(r.nextLong() | 0x1000000000000000L).substring(0, 15);

        String providerId;
        String externalId = null;
        String url;
        String resourceGroup = null;
        switch (p) {
            case 0: // AWS
                if (kind[1].startsWith("s3")) {
                    providerId = "arn:aws:s3:::" + name;
                } else if (kind[1].startsWith("iam")) {
                    String[] identity = awsIdentity(kind, subId, name, r);
                    name = identity[0];
                    providerId = identity[1];
                } else if (kind[1].startsWith("rds")) {
                    providerId = "arn:aws:rds:" + region + ":" + subId + ":db:" + name;
                } else if (kind[1].startsWith("lambda")) {
                    providerId = "arn:aws:lambda:" + region + ":" + subId + ":function:" + name;
                } else {
                    providerId = "arn:aws:ec2:" + region + ":" + subId + ":instance/i-0" + hex;
                }
                url = "https://console.aws.amazon.com/go/view?arn=" + providerId;
                break;
            case 1: // Azure; a managed identity is known to Entra ID by its object id
                resourceGroup = "/subscriptions/" + subId + "/resourceGroups/rg-" + team + "-" + env;
                providerId = resourceGroup + "/providers/" + kind[1] + "/" + name;
                url = "https://portal.azure.com/#@acme.onmicrosoft.com/resource" + providerId;
                if ("SERVICE_ACCOUNT".equals(kind[0])) {
                    externalId = new UUID(r.nextLong(), r.nextLong()).toString();
                }
                break;
            case 2: // GCP; identities by their IAM member (user:, serviceAccount:, group:)
                if (kind[1].startsWith("iam") || kind[1].startsWith("cloudidentity")) {
                    String[] identity = gcpIdentity(kind, subId, name, r);
                    name = identity[0];
                    providerId = identity[1];
                    externalId = identity[2];
                } else {
                    providerId = "//compute.googleapis.com/projects/" + subId + "/" + kind[1].replace('#', '/') + "/" + name;
                }
                url = "https://console.cloud.google.com/home/dashboard?project=" + subId;
                break;
            case 3: // OCI
                providerId = "ocid1." + kind[1].toLowerCase() + ".oc1." + region + "." + hex;
                url = "https://cloud.oracle.com/?region=" + region;
                break;
            case 4: // Alibaba
                providerId = "acs:" + kind[1].replace('#', ':') + ":" + region + ":" + subId + ":" + name;
                url = "https://home.console.aliyun.com/";
                break;
            case 5: // Kubernetes: no cloud console link
                providerId = subId + "/" + team + "/" + kind[1].toLowerCase() + "/" + name;
                url = null;
                break;
            case 6: // Okta: 20-character object ids, 00u users, 00g groups, 0oa applications
                name = "USER_ACCOUNT".equals(kind[0]) ? email(r) : "GROUP".equals(kind[0]) ? team + "-admins" : team + "-api";
                providerId = ("USER_ACCOUNT".equals(kind[0]) ? "00u" : "GROUP".equals(kind[0]) ? "00g" : "0oa")
                    + Long.toString(r.nextLong() & Long.MAX_VALUE, 36);
                url = "https://" + subId.replace(".okta.com", "-admin.okta.com") + "/admin/"
                    + ("USER_ACCOUNT".equals(kind[0]) ? "user/profile/view/" : "GROUP".equals(kind[0]) ? "group/" : "app/")
                    + providerId;
                break;
            default: // EntraID: object ids; users by their user principal name
                name = "USER_ACCOUNT".equals(kind[0]) ? email(r) : "GROUP".equals(kind[0]) ? team + "-admins" : "sp-" + team + "-" + env;
                providerId = new UUID(r.nextLong(), r.nextLong()).toString();
                url = "https://entra.microsoft.com/#view/Microsoft_AAD_IAM/ManagedAppMenuBlade/~/Overview/objectId/" + providerId;
                break;
        }

        g.writeObjectFieldStart("entitySnapshot");
        g.writeStringField("id", new UUID(r.nextLong(), r.nextLong()).toString());
        g.writeStringField("type", kind[0]);
        g.writeStringField("nativeType", kind[1]);
        g.writeStringField("name", name);
        g.writeStringField("status", status);
        g.writeStringField("cloudPlatform", PLATFORMS[p]);
        writeText(g, "cloudProviderURL", url);
        g.writeStringField("providerId", providerId);
        writeText(g, "region", region);
        writeText(g, "resourceGroupExternalId", resourceGroup);
        g.writeStringField("subscriptionExternalId", subId);
        g.writeStringField("subscriptionName", SUB_NAMES[p][sub]);
        g.writeObjectFieldStart("subscriptionTags");
        g.writeStringField("environment", env);
        g.writeEndObject();
        g.writeObjectFieldStart("tags");
        g.writeStringField("env", env);
        g.writeStringField("owner", team);
        if (r.nextInt(4) == 0) {
            g.writeStringField("costCenter", "cc-" + (100 + sub * 7));
        }
        g.writeEndObject();
        g.writeStringField("createdAt", iso(entityCreatedMs));
        g.writeStringField("externalId", externalId != null ? externalId : providerId);
        g.writeEndObject();
    }

    private static void writeText(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    /** a person's sign-in name, as the identity providers keep it (case and all) */
    private static String email(SplittableRandom r) {
        return PEOPLE[r.nextInt(PEOPLE.length)] + "@" + DOMAIN;
    }

    /** {name, ARN} of an IAM user (a person, named by email, or a service user), access key, group or role */
    private static String[] awsIdentity(String[] kind, String account, String name, SplittableRandom r) {
        String user = r.nextInt(2) == 0 ? email(r) : name;
        switch (kind[0]) {
            case "USER_ACCOUNT":
                return new String[] {user, "arn:aws:iam::" + account + ":user/" + user};
            case "ACCESS_KEY":
                String key = "AKIA" + Long.toString(r.nextLong() & Long.MAX_VALUE, 32).toUpperCase(java.util.Locale.ROOT);
                return new String[] {key, "arn:aws:iam::" + account + ":user/" + user + "/accesskey/" + key};
            case "GROUP":
                return new String[] {name, "arn:aws:iam::" + account + ":group/" + name};
            default:
                return new String[] {name, "arn:aws:iam::" + account + ":role/" + name};
        }
    }

    /** {name, resource path, IAM member} of a GCP service account, its key, a Cloud Identity user or group */
    private static String[] gcpIdentity(String[] kind, String project, String name, SplittableRandom r) {
        String account = name + "@" + project + ".iam.gserviceaccount.com";
        String accounts = "//iam.googleapis.com/projects/" + project + "/serviceAccounts/";
        switch (kind[0]) {
            case "ACCESS_KEY":
                String key = Long.toHexString(r.nextLong()) + Long.toHexString(r.nextLong());
                return new String[] {key, accounts + account + "/keys/" + key, "serviceAccount:" + account};
            case "USER_ACCOUNT":
                String person = email(r);
                return new String[] {person, "//cloudidentity.googleapis.com/users/" + person, "user:" + person};
            case "GROUP":
                String group = name + "@" + DOMAIN;
                return new String[] {group, "//cloudidentity.googleapis.com/groups/" + group, "group:" + group};
            default:
                return new String[] {account, accounts + account, "serviceAccount:" + account};
        }
    }
}
