package io.wizcamel.config;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import org.apache.camel.spi.PropertiesComponent;

/**
 * {@code --check-config}'s listing: every setting of the rooms that apply (the core, the operations room and the
 * sinks of wiz.sinks) with the value in effect after defaults, application.properties and the environment, secrets
 * masked.
 */
public final class EffectiveConfig {

    private EffectiveConfig() {
    }

    public static void print(PropertiesComponent pc, PrintStream out) {
        print(pc, out, null, Set.of());
    }

    /**
     * As {@link #print(PropertiesComponent, PrintStream)} for one of several tenants (docs/tenants.md): the settings
     * in effect for it, a setting it gives itself under its own key and variable
     * ({@code wiz.tenant.<tenant>.<key>}, {@code WIZ_TENANT_<TENANT>_<KEY>}), secrets masked as any.
     *
     * @param tenant the tenant, or null for a process without wiz.tenants
     * @param given the wiz.* keys the tenant gives itself
     */
    public static void print(PropertiesComponent pc, PrintStream out, String tenant, Set<String> given) {
        SettingsSchema schema = SettingsSchema.load();
        List<String> sinks = Settings.list(pc.resolveProperty("wiz.sinks").orElse(""));
        out.println("wiz-camel configuration" + (tenant == null ? "" : " of tenant " + tenant)
                + ": checked, no problem found. In effect (secrets masked):");
        for (SettingsSchema.Room room : schema.rooms()) {
            if (room.sink() != null && !sinks.contains(room.sink())) {
                continue;
            }
            out.println();
            out.println("# " + room.title());
            for (Setting s : room.settings()) {
                String value = pc.resolveProperty(s.key()).orElse(null);
                String shown;
                if (value == null || value.isEmpty()) {
                    shown = "(not set)";
                } else if (s.secret()) {
                    shown = "******** (set)";
                } else {
                    shown = value + (Objects.equals(value, s.defaultValue()) ? "   (default)" : "");
                }
                String key = tenant != null && given.contains(s.key()) ? SettingsSchema.tenantKey(tenant, s.key())
                        : s.key();
                out.println(key + " = " + shown + "   [" + Setting.env(key) + "]");
            }
        }
    }
}
