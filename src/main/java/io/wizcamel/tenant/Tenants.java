package io.wizcamel.tenant;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.wizcamel.config.Setting;
import io.wizcamel.config.Settings;
import io.wizcamel.config.SettingsSchema;

/**
 * Several Wiz tenants in one process (docs/tenants.md): which tenants wiz.tenants names, and the settings one tenant
 * runs with. Each tenant gets its own Camel context with the bundle's routes, and so its own token cache, rate limit,
 * HTTP client, state and runs; this class says what that context's configuration is: {@code wiz.<key>} as for one
 * tenant, with {@code wiz.tenant.<tenant>.<key>} (or its variable) winning, the state and output folders a
 * sub-folder per tenant unless the tenant names its own, and {@value #PROPERTY} = the tenant's name.
 */
public final class Tenants {

    /** the tenant a context runs; set only when wiz.tenants is (one tenant keeps today's records and folders) */
    public static final String PROPERTY = "wiz.tenant";
    /** the one tenant of a process without wiz.tenants: its records, folders and history are today's */
    public static final String DEFAULT = "default";
    private static final String NAME = "[a-z0-9-]+";

    private Tenants() {
    }

    /**
     * The tenants of wiz.tenants (the launcher's overrides, else WIZ_TENANTS, else application.properties); empty
     * for one tenant with today's keys.
     *
     * @throws IllegalArgumentException naming the key when a name is not a tenant name or is given twice
     */
    public static List<String> names(Properties overrides, Map<String, String> env, Properties file) {
        String given = resolve("wiz.tenants", overrides, env, file);
        List<String> names = Settings.list(given == null ? "" : given);
        Set<String> seen = new LinkedHashSet<>();
        for (String n : names) {
            if (!n.matches(NAME)) {
                throw new IllegalArgumentException("Configuration error: wiz.tenants (WIZ_TENANTS) has '" + n
                        + "': a tenant name is lower-case letters, digits and dashes, e.g. a,b or eu-prod,us-prod");
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException("Configuration error: wiz.tenants (WIZ_TENANTS) names tenant " + n
                        + " twice: give each tenant once");
            }
        }
        return List.copyOf(seen);
    }

    /** a key as the launcher's configuration gives it: its overrides, else its variable, else the file; or null */
    public static String resolve(String key, Properties overrides, Map<String, String> env, Properties file) {
        if (overrides.getProperty(key) != null) {
            return overrides.getProperty(key);
        }
        if (env.get(Setting.env(key)) != null) {
            return env.get(Setting.env(key));
        }
        return file.getProperty(key);
    }

    /**
     * What tenant {@code tenant} runs with on top of the shared configuration, as {@code wiz.<key>} overrides:
     * its per-tenant keys (application.properties, then their variables, then the launcher's overrides, each winning
     * over the one before, as for any key), its state and output folders, and its name.
     *
     * @param tenants every tenant of wiz.tenants (a variable is read only for a tenant named there)
     */
    public static Properties overlay(String tenant, List<String> tenants, Properties overrides,
            Map<String, String> env, Properties file) {
        SettingsSchema schema = SettingsSchema.load();
        Properties own = given(tenant, tenants, overrides, env, file);
        // each tenant's checkpoints, history and files apart: a sub-folder named for it, unless it names its own
        for (String folder : List.of("wiz.state-dir", "wiz.output-dir")) {
            if (own.getProperty(folder) == null) {
                String shared = resolve(folder, overrides, env, file);
                if (shared == null || shared.isBlank()) {
                    shared = schema.find(folder).orElseThrow().defaultValue();
                }
                own.setProperty(folder, Path.of(shared.trim()).resolve(tenant).toString());
            }
        }
        // with PostgreSQL state, each tenant's tables apart: a schema named for it, unless it names its own
        String jdbcUrl = own.getProperty("wiz.state.jdbc-url", resolve("wiz.state.jdbc-url", overrides, env, file));
        if (jdbcUrl != null && !jdbcUrl.isBlank() && own.getProperty(SCHEMA) == null) {
            String shared = resolve(SCHEMA, overrides, env, file);
            String base = shared == null || shared.isBlank() || shared.trim().equals("public") ? "wiz" : shared.trim();
            own.setProperty(SCHEMA, base + "_" + tenant.replace('-', '_'));
        }
        own.setProperty(PROPERTY, tenant);
        return own;
    }

    private static final String SCHEMA = "wiz.state.jdbc-schema";

    /** the tenant's own settings, as wiz.&lt;key&gt; = value: what wiz.tenant.&lt;tenant&gt;.* and its variables give */
    public static Properties given(String tenant, List<String> tenants, Properties overrides,
            Map<String, String> env, Properties file) {
        SettingsSchema schema = SettingsSchema.load();
        Properties own = new Properties();
        String prefix = SettingsSchema.TENANT_PREFIX + tenant + ".";
        for (String key : file.stringPropertyNames()) {
            if (key.startsWith(prefix) && schema.perTenantBase(key).isPresent()) {
                own.setProperty(SettingsSchema.perTenantInner(key), file.getProperty(key));
            }
        }
        env.forEach((variable, value) -> schema.perTenantKeyOfEnv(variable, tenants)
                .filter(key -> key.startsWith(prefix))
                .ifPresent(key -> own.setProperty(SettingsSchema.perTenantInner(key), value)));
        for (String key : overrides.stringPropertyNames()) {
            if (key.startsWith(prefix) && schema.perTenantBase(key).isPresent()) {
                own.setProperty(SettingsSchema.perTenantInner(key), overrides.getProperty(key));
            }
        }
        return own;
    }

    /**
     * The shared settings the environment gives (WIZ_API_URL → wiz.api-url, a per-stream variable, a variable of a
     * key in application.properties), as properties. Camel lets a variable win over everything, its override
     * properties too; a tenant's context looks variables up only as a fallback, with these among its overrides below
     * the tenant's own keys, so that WIZ_TENANT_A_STATE_DIR (or a's folder under WIZ_STATE_DIR) beats WIZ_STATE_DIR.
     */
    public static Properties environment(Map<String, String> env, Properties file) {
        SettingsSchema schema = SettingsSchema.load();
        Properties out = new Properties();
        for (Setting s : schema.settings()) {
            if (env.get(s.env()) != null) {
                out.setProperty(s.key(), env.get(s.env()));
            }
        }
        for (String key : file.stringPropertyNames()) {
            if (env.get(Setting.env(key)) != null && !key.startsWith(SettingsSchema.TENANT_PREFIX)) {
                out.setProperty(key, env.get(Setting.env(key)));
            }
        }
        env.forEach((variable, value) -> schema.perStreamKeyOfEnv(variable).ifPresent(k -> out.setProperty(k, value)));
        return out;
    }

    /**
     * Each tenant that runs the webhook receiver needs a port of its own (its own Wiz tenant posts to it): two on one
     * port would fail at start with a bind error that names neither.
     *
     * @param settings each tenant's settings as its context gets them
     * @throws IllegalArgumentException naming the tenants, the port and what to give
     */
    public static void checkReceivers(Map<String, Properties> settings, Properties file) {
        SettingsSchema schema = SettingsSchema.load();
        Map<String, String> byPort = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Properties> e : settings.entrySet()) {
            String enabled = value("wiz.webhook.enabled", e.getValue(), file, schema);
            if (!Boolean.parseBoolean(enabled.trim())) {
                continue;
            }
            String port = value("wiz.http-port", e.getValue(), file, schema).trim();
            String other = byPort.putIfAbsent(port, e.getKey());
            if (other != null) {
                String t = e.getKey();
                throw new IllegalArgumentException("Configuration error: tenants " + other + " and " + t + " both run the"
                        + " webhook receiver on wiz.http-port " + port + ": give each its own port ("
                        + SettingsSchema.tenantKey(t, "wiz.http-port") + ", "
                        + Setting.env(SettingsSchema.tenantKey(t, "wiz.http-port")) + ") or turn it off for one ("
                        + SettingsSchema.tenantKey(t, "wiz.webhook.enabled") + " = false)");
            }
        }
    }

    private static String value(String key, Properties settings, Properties file, SettingsSchema schema) {
        String v = settings.getProperty(key, file.getProperty(key));
        return v != null ? v : schema.find(key).map(Setting::defaultValue).orElse("");
    }

    /** a configuration problem about a setting the tenant gave itself, naming the key as the tenant gave it */
    public static String rename(String message, String tenant, Properties given) {
        String out = message;
        for (String key : given.stringPropertyNames()) {
            String own = SettingsSchema.tenantKey(tenant, key);
            out = out.replace(key + " (" + Setting.env(key) + ")", own + " (" + Setting.env(own) + ")");
            // a message naming only the variable ("Check WIZ_CLIENT_SECRET") names the tenant's
            out = out.replaceAll("(?<![A-Z0-9_])" + Setting.env(key) + "(?![A-Z0-9_])", Setting.env(own));
        }
        return out;
    }
}
