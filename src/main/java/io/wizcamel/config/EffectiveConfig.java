package io.wizcamel.config;

import java.io.PrintStream;
import java.util.ArrayList;
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

    /** one setting in effect: {@code shown} is its value, "(not set)", or for a secret only "******** (set)" */
    public record Entry(String room, String key, String env, String shown, boolean secret, boolean isDefault) {
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
        out.println("wiz-camel configuration" + (tenant == null ? "" : " of tenant " + tenant)
                + ": checked, no problem found. In effect (secrets masked):");
        String room = null;
        for (Entry e : entries(pc, tenant, given)) {
            if (!e.room().equals(room)) {
                room = e.room();
                out.println();
                out.println("# " + room);
            }
            out.println(e.key() + " = " + e.shown() + (e.isDefault() ? "   (default)" : "") + "   [" + e.env() + "]");
        }
    }

    /** every setting of the rooms that apply, in room order, secrets masked: what --check-config and the console show */
    public static List<Entry> entries(PropertiesComponent pc) {
        return entries(pc, null, Set.of());
    }

    /** as {@link #entries(PropertiesComponent)}, a setting the tenant gives itself under its own key and variable */
    public static List<Entry> entries(PropertiesComponent pc, String tenant, Set<String> given) {
        SettingsSchema schema = SettingsSchema.load();
        List<String> sinks = Settings.list(pc.resolveProperty("wiz.sinks").orElse(""));
        List<Entry> entries = new ArrayList<>();
        for (SettingsSchema.Room room : schema.rooms()) {
            if (room.sink() != null && !sinks.contains(room.sink())) {
                continue;
            }
            for (Setting s : room.settings()) {
                String value = ConfigValue.find(pc, s.key()).orElse(null);
                boolean set = value != null && !value.isEmpty();
                // a URL may carry a password of its own (jdbc:postgresql://...?password=...)
                String shown = !set ? "(not set)" : s.secret() ? "******** (set)"
                        : io.wizcamel.state.JdbcUrls.mask(value);
                String key = tenant != null && given.contains(s.key()) ? SettingsSchema.tenantKey(tenant, s.key())
                        : s.key();
                entries.add(new Entry(room.title(), key, Setting.env(key), shown, s.secret(),
                        set && !s.secret() && Objects.equals(value, s.defaultValue())));
            }
        }
        return entries;
    }
}
