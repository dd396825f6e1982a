package io.wizcamel.config;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

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
        SettingsSchema schema = SettingsSchema.load();
        List<String> sinks = Settings.list(pc.resolveProperty("wiz.sinks").orElse(""));
        out.println("wiz-camel configuration: checked, no problem found. In effect (secrets masked):");
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
                    // a URL may carry a password of its own (jdbc:postgresql://...?password=...)
                    shown = io.wizcamel.state.JdbcUrls.mask(value)
                            + (Objects.equals(value, s.defaultValue()) ? "   (default)" : "");
                }
                out.println(s.key() + " = " + shown + "   [" + s.env() + "]");
            }
        }
    }
}
