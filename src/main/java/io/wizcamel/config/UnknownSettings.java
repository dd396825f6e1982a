package io.wizcamel.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Finds settings the schema does not know, most likely misspelt: environment variables starting with WIZ_ and
 * wiz.* keys in application.properties. Each gets a warning naming the closest known one. Values are never shown.
 */
public final class UnknownSettings {

    /** keys the launcher derives itself */
    private static final List<String> DERIVED = List.of("wiz.graphql-url");

    private UnknownSettings() {
    }

    /**
     * @param env the environment variables
     * @param propertyKeys the keys of application.properties
     * @param sinks the sinks wiz.sinks names: a sink without a bundled room (one added by a route file) may have
     *     settings of its own, wiz.sink.&lt;name&gt;.*
     * @return one warning per unknown setting, e.g. "unknown setting WIZ_SEVERITY: did you mean WIZ_SEVERITIES?"
     */
    public static List<String> warnings(SettingsSchema schema, Map<String, String> env, Collection<String> propertyKeys,
            List<String> sinks) {
        return warnings(schema, env, propertyKeys, sinks, List.of());
    }

    /**
     * As {@link #warnings(SettingsSchema, Map, Collection, List)}, with the tenants of wiz.tenants: their per-tenant
     * keys (wiz.tenant.&lt;tenant&gt;.&lt;key&gt;, WIZ_TENANT_&lt;TENANT&gt;_&lt;KEY&gt;) are known settings.
     */
    public static List<String> warnings(SettingsSchema schema, Map<String, String> env, Collection<String> propertyKeys,
            List<String> sinks, List<String> tenants) {
        List<String> custom = sinks.stream().filter(s -> !schema.sinks().contains(s)).toList();
        List<String> warnings = new ArrayList<>();
        List<String> knownVariables = schema.settings().stream().map(Setting::env).toList();
        for (String variable : new TreeSet<>(env.keySet())) {
            if (!variable.startsWith("WIZ_") || knownVariables.contains(variable)
                    || DERIVED.stream().map(Setting::env).anyMatch(variable::equals)
                    || schema.perStreamKeyOfEnv(variable).isPresent()
                    || schema.perTenantKeyOfEnv(variable, tenants).isPresent()
                    || custom.stream().anyMatch(s -> variable.startsWith(Setting.env("wiz.sink." + s) + "_"))) {
                continue;
            }
            if (variable.startsWith("WIZ_TENANT_") && !variable.equals("WIZ_TENANTS")) {
                warnings.add("unknown setting " + variable + ": a tenant's setting is WIZ_TENANT_<TENANT>_<KEY> for a"
                        + " tenant named in wiz.tenants (WIZ_TENANTS" + (tenants.isEmpty() ? " is not set"
                        : ": " + String.join(",", tenants)) + ") and a known WIZ_<KEY> (not one that holds for the"
                        + " whole process, such as WIZ_LOG_LEVEL)");
                continue;
            }
            warnings.add("unknown setting " + variable + ": did you mean "
                    + closest(variable, knownVariables, Function.identity()) + "?");
        }
        List<String> knownKeys = schema.settings().stream().map(Setting::key).toList();
        for (String key : new TreeSet<>(propertyKeys)) {
            if (!key.startsWith("wiz.") || knownKeys.contains(key) || DERIVED.contains(key)
                    || schema.perStreamBase(key).isPresent()
                    || (schema.perTenantBase(key).isPresent() && tenants.contains(SettingsSchema.tenantOf(key)))
                    || custom.stream().anyMatch(s -> key.startsWith("wiz.sink." + s + "."))) {
                continue;
            }
            if (key.startsWith(SettingsSchema.TENANT_PREFIX)) {
                String inner = SettingsSchema.perTenantInner(key);
                if (inner != null && schema.find(inner).filter(st -> !st.perTenant()).isPresent()) {
                    warnings.add("setting " + key + " in application.properties is ignored: " + inner + " ("
                            + Setting.env(inner) + ") holds for the whole process and cannot be given per tenant");
                    continue;
                }
                warnings.add("unknown setting " + key + " in application.properties: " + (inner == null
                        || schema.perTenantBase(key).isEmpty()
                        ? "a tenant's setting is wiz.tenant.<tenant>.<key without \"wiz.\"> of a known setting"
                                + (inner == null ? "" : " (did you mean " + SettingsSchema.tenantKey(
                                        SettingsSchema.tenantOf(key), closest(inner, knownKeys, Function.identity()))
                                        + "?)")
                        : "tenant " + SettingsSchema.tenantOf(key) + " is not named in wiz.tenants (WIZ_TENANTS"
                                + (tenants.isEmpty() ? " is not set" : ": " + String.join(",", tenants)) + ")"));
                continue;
            }
            warnings.add("unknown setting " + key + " in application.properties: did you mean "
                    + closest(key, knownKeys, Function.identity()) + "?");
        }
        return warnings;
    }

    /**
     * Per-stream settings (WIZ_STREAM_&lt;STREAM&gt;_&lt;KEY&gt;, wiz.stream.&lt;stream&gt;.&lt;key&gt;) of a stream no route
     * defines, most likely a misspelt stream: each gets a warning naming the setting of the closest stream.
     *
     * @param streams the streams the route files define
     */
    public static List<String> unknownStreams(SettingsSchema schema, Map<String, String> env,
            Collection<String> propertyKeys, Collection<String> streams) {
        List<String> warnings = new ArrayList<>();
        if (streams.isEmpty()) {
            return warnings;
        }
        Map<String, String> given = new java.util.LinkedHashMap<>(); // as given (variable or key) -> its key
        new TreeSet<>(env.keySet()).forEach(v -> schema.perStreamKeyOfEnv(v).ifPresent(key -> given.put(v, key)));
        new TreeSet<>(propertyKeys).stream().filter(k -> k.startsWith("wiz.stream.") && schema.perStreamBase(k)
                .isPresent()).forEach(k -> given.put(k, k));
        List<String> known = List.copyOf(streams);
        given.forEach((name, key) -> {
            String stream = SettingsSchema.streamOf(key);
            if (!streams.contains(stream)) {
                String nearest = schema.perStreamBase(key).orElseThrow()
                        .streamKey(closest(stream, known, Function.identity()));
                warnings.add("setting " + name + " is for stream '" + stream + "', which no route defines: did you"
                        + " mean " + (name.equals(key) ? nearest : Setting.env(nearest)) + "? (streams: "
                        + String.join(", ", known) + ")");
            }
        });
        return warnings;
    }

    /** the candidate nearest to {@code given} by edit distance (case-insensitive); also the schema check's */
    public static String closest(String given, List<String> candidates, Function<String, String> name) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(given.toLowerCase(Locale.ROOT), name.apply(c).toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return best;
    }

    /** Levenshtein distance */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
