package io.wizcamel.format;

import java.util.Map;
import java.util.Set;

/**
 * Each stream's mapping by the stream's name. A stream without its own (projects, controls, service tickets, roles,
 * grants, or one an operator adds) is rendered as plain JSON ({@link PlainMapping}).
 */
final class StreamMappings {

    private static final Map<String, StreamMapping> MAPPINGS = Map.of(
            "issues", new IssueMapping(),
            "vulnerabilities", new VulnerabilityMapping(),
            "configuration-findings", new ConfigurationFindingMapping(),
            "audit-logs", new AuditLogMapping(),
            "resources", new ResourceMapping(),
            "users", new IdentityMapping(false),
            "service-accounts", new IdentityMapping(true),
            "iam-insights", new IamInsightMapping());

    /** the singular ECS field-set name of a stream's records under {@code wiz.*}: issues → issue */
    private static final Map<String, String> ITEMS = Map.ofEntries(
            Map.entry("issues", "issue"),
            Map.entry("vulnerabilities", "vulnerability"),
            Map.entry("configuration-findings", "configuration_finding"),
            Map.entry("audit-logs", "audit_log"),
            Map.entry("resources", "resource"),
            Map.entry("projects", "project"),
            Map.entry("controls", "control"),
            Map.entry("service-tickets", "service_ticket"),
            Map.entry("users", "user"),
            Map.entry("roles", "role"),
            Map.entry("service-accounts", "service_account"),
            Map.entry("grants", "grant"),
            Map.entry("iam-insights", "iam_insight"));

    private static final Set<String> LINES = Set.of("issues", "vulnerabilities",
            "configuration-findings", "audit-logs", "iam-insights");

    private StreamMappings() {
    }

    static StreamMapping of(String stream) {
        StreamMapping mapping = MAPPINGS.get(stream);
        return mapping != null ? mapping : new PlainMapping(item(stream));
    }

    /** whether the stream's records have a CEF and RFC 5424 form (findings, IAM insights and audit logs do) */
    static boolean hasLines(String stream) {
        return MAPPINGS.containsKey(stream) && LINES.contains(stream);
    }

    /** the name under {@code wiz.*}: the known streams' singular, else the stream's name with {@code _} for - */
    static String item(String stream) {
        return ITEMS.getOrDefault(stream, stream.replace('-', '_').replace('.', '_'));
    }
}
