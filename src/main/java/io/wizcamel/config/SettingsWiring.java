package io.wizcamel.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.PropertiesComponent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the launcher gives Camel its settings. Precedence, lowest first: the schema's defaults (Camel's initial
 * properties), the properties file, environment variables, the launcher's overrides (e.g. --once, --emulator).
 * Before the routes are configured it warns about unknown WIZ_* variables and wiz.* keys, checks the configuration
 * ({@link ConfigCheck}) and adds the derived settings.
 */
public final class SettingsWiring {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsWiring.class);
    /** an override the launcher sets for every tenant's context but the first: the warnings are said once */
    public static final String QUIET = "wiz.internal.quiet-settings-warnings";

    private SettingsWiring() {
    }

    /**
     * @param location the properties file, e.g. file:application.properties
     * @param overrides settings that win over everything
     * @param env the environment, for the unknown-variable warnings and the per-stream overrides given as variables
     */
    public static void wire(Main main, String location, Properties given, Map<String, String> env) {
        // a camel.* setting's variable (CAMEL_MANAGEMENT_PORT...) wins over application.properties, as a wiz.* one's
        // does (Camel's own variable mapping does not reach every camel.* group); the launcher's overrides win
        Properties overrides = new Properties();
        for (Setting s : SettingsSchema.load().settings()) {
            if (s.key().startsWith("camel.") && env.get(s.env()) != null) {
                overrides.setProperty(s.key(), env.get(s.env()));
            }
        }
        overrides.putAll(given);
        main.setPropertyPlaceholderLocations(location);
        main.setInitialProperties(SettingsSchema.load().defaults());
        main.setOverrideProperties(overrides);
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport m) {
                configure(m.getCamelContext().getPropertiesComponent(), location, overrides, env);
            }
        });
    }

    static void configure(PropertiesComponent pc, String location, Properties overrides, Map<String, String> env) {
        SettingsSchema schema = SettingsSchema.load();
        Function<String, String> config = key -> ConfigValue.find(pc, key).orElse(null);
        Set<String> fileKeys = read(location).stringPropertyNames();
        if (!Boolean.parseBoolean(overrides.getProperty(QUIET, "false"))) {
            for (String warning : UnknownSettings.warnings(schema, env, fileKeys, Settings.list(config.apply("wiz.sinks")),
                    Settings.list(config.apply("wiz.tenants")))) {
                LOG.warn(warning);
            }
        }
        Set<String> keys = new TreeSet<>(fileKeys);
        keys.addAll(overrides.stringPropertyNames());
        ConfigCheck.check(config, keys, env).forEach(pc::addOverrideProperty);
    }

    /** the properties at the location(s): file:PATH, or classpath:NAME (the jar's own) */
    public static Properties read(String location) {
        Properties p = new Properties();
        for (String one : location.split(",")) {
            String where = one.trim();
            Path file = Path.of(where.replaceFirst("^file:", ""));
            try {
                if (where.startsWith("file:") && Files.isRegularFile(file)) {
                    try (Reader r = Files.newBufferedReader(file)) {
                        p.load(r);
                    }
                } else if (where.startsWith("classpath:")) {
                    try (InputStream in = SettingsWiring.class.getClassLoader()
                            .getResourceAsStream(where.substring("classpath:".length()))) {
                        if (in != null) {
                            p.load(new InputStreamReader(in, StandardCharsets.ISO_8859_1));
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return p;
    }
}
