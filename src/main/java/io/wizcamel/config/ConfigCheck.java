package io.wizcamel.config;

import java.net.URI;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

import org.quartz.CronExpression;

/**
 * Checks the configuration before any route starts, so that a wrong value stops start-up with a message naming the
 * key, its environment variable and what to do, instead of failing later mid-sync. Every setting is checked against
 * its entry in the settings schema ({@link SettingsSchema}: type, range, URL, cron, values, required-when), then
 * each room's own Java check runs ({@link SettingsRoom#check}); a sink's room only when wiz.sinks names the sink.
 * All problems are reported together. Returns the values it derives.
 */
public final class ConfigCheck {

    public static final int MAX_PAGE_SIZE = 500;
    /** Wiz's gateway cuts requests off near 120 s; a client timeout above that only hides the cut */
    static final int MAX_TIMEOUT_SECONDS = 115;
    public static final Set<String> SEVERITIES = Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFORMATIONAL");
    public static final Set<String> STATUSES = Set.of("OPEN", "IN_PROGRESS", "RESOLVED", "REJECTED");
    /** the stream and record name per-stream values are checked with when no stream overrides them */
    public static final String SAMPLE_STREAM = "issues";

    private final SettingsSchema schema;
    private final Function<String, String> config;
    private final String stream;
    private final String item;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, String> derived;

    private ConfigCheck(SettingsSchema schema, Function<String, String> config, String stream,
            Map<String, String> derived) {
        this.schema = schema;
        this.config = config;
        this.stream = stream;
        this.item = sampleItem(stream);
        this.derived = derived;
    }

    /**
     * @param config looks a key up (application.properties, overridden by its environment variable); a key it
     *     does not know (null) has the schema's default
     * @return derived settings to add to the configuration (the normalised GraphQL URL)
     * @throws IllegalArgumentException naming every key that is wrong
     */
    public static Map<String, String> check(Function<String, String> config) {
        return check(config, Set.of(), Map.of());
    }

    /**
     * As {@link #check(Function)}, and also checks each per-stream override (wiz.stream.&lt;stream&gt;.&lt;key&gt;,
     * or its variable WIZ_STREAM_...) with its setting's type and its room's check.
     *
     * @param keys the configured keys (application.properties, the launcher's overrides), to find overrides in
     * @param env the environment, to find overrides given as variables
     */
    public static Map<String, String> check(Function<String, String> config, Collection<String> keys,
            Map<String, String> env) {
        SettingsSchema schema = SettingsSchema.load();
        Function<String, String> withDefaults = key -> {
            String v = config.apply(key);
            return v != null ? v : schema.find(key).map(Setting::defaultValue).orElse(null);
        };
        Map<String, String> derived = new LinkedHashMap<>();
        ConfigCheck c = new ConfigCheck(schema, withDefaults, SAMPLE_STREAM, derived);
        for (SettingsSchema.Room room : schema.rooms()) {
            if (c.applies(room)) {
                for (Setting s : room.settings()) {
                    c.checkSetting(s, s.key());
                }
                room.check().check(c);
            }
        }
        overrides(schema, config, keys, env).forEach((stream, given) -> c.checkStream(stream, given, withDefaults));
        if (!c.problems.isEmpty()) {
            throw new IllegalArgumentException("Configuration error: " + String.join("; ", c.problems));
        }
        return derived;
    }

    /** stream → (setting key → the stream's value), from the configured keys and the environment */
    static Map<String, Map<String, String>> overrides(SettingsSchema schema, Function<String, String> config,
            Collection<String> keys, Map<String, String> env) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String key : keys) {
            schema.perStreamBase(key).ifPresent(base -> out.computeIfAbsent(SettingsSchema.streamOf(key),
                    s -> new LinkedHashMap<>()).put(base.key(), config.apply(key)));
        }
        env.forEach((variable, value) -> schema.perStreamKeyOfEnv(variable).ifPresent(key -> {
            String v = config.apply(key); // the configuration's own precedence, when it reads this environment
            out.computeIfAbsent(SettingsSchema.streamOf(key), s -> new LinkedHashMap<>())
                    .putIfAbsent(schema.perStreamBase(key).orElseThrow().key(), v != null ? v : value);
        }));
        return out;
    }

    /** checks a stream's overrides with their settings' types, and the rooms' checks with the overrides in place */
    private void checkStream(String name, Map<String, String> given, Function<String, String> base) {
        if (!name.matches("[a-z0-9-]+")) {
            problems.add("wiz.stream." + name + ".* (" + env("wiz.stream." + name) + "_*): '" + name
                    + "' is not a stream name: a stream name is lower-case letters, digits and dashes");
            return;
        }
        ConfigCheck sc = new ConfigCheck(schema, key -> given.containsKey(key) ? given.get(key) : base.apply(key),
                name, new LinkedHashMap<>());
        for (SettingsSchema.Room room : schema.rooms()) {
            List<Setting> overridden = room.settings().stream().filter(s -> given.containsKey(s.key())).toList();
            if (overridden.isEmpty() || !sc.applies(room)) {
                continue;
            }
            for (Setting s : overridden) {
                sc.checkSetting(s, s.streamKey(name));
            }
            int from = sc.problems.size();
            room.check().check(sc);
            // the room names the setting's own key: name the override instead, and drop what the base check said
            List<String> own = new ArrayList<>(sc.problems.subList(from, sc.problems.size()));
            sc.problems.subList(from, sc.problems.size()).clear();
            for (String p : own) {
                String renamed = p;
                for (Setting s : overridden) {
                    String o = s.streamKey(name);
                    renamed = renamed.replace(s.key() + " (" + s.env() + ")", o + " (" + env(o) + ")")
                            .replace(s.key(), o).replace(s.env(), env(o));
                }
                if (!renamed.equals(p)) {
                    sc.problems.add(renamed);
                }
            }
        }
        problems.addAll(sc.problems);
    }

    /** the sample record name of a stream for checking its values: issues → issue, policies → policy */
    public static String sampleItem(String stream) {
        if (stream.endsWith("ies")) {
            return stream.substring(0, stream.length() - 3) + "y";
        }
        return stream.endsWith("s") ? stream.substring(0, stream.length() - 1) : stream;
    }

    private boolean applies(SettingsSchema.Room room) {
        return room.sink() == null || enabled(room.sink());
    }

    /** whether the setting is required with the configuration as it is */
    private boolean requiredNow(Setting s) {
        String r = s.required();
        if (r.equals("always")) {
            return true;
        }
        if (r.startsWith("sink:")) {
            return enabled(r.substring("sink:".length()));
        }
        int eq = r.indexOf('=');
        return eq > 0 && value(r.substring(0, eq)).equalsIgnoreCase(r.substring(eq + 1));
    }

    /** checks one setting against its schema entry; {@code name} is the key the operator set (a stream's override) */
    private void checkSetting(Setting s, String name) {
        String v = value(s.key());
        String named = name + " (" + env(name) + ")";
        String hint = s.hintOrDescription();
        String shown = s.shown(v);
        if (v.isEmpty()) {
            if (requiredNow(s)) {
                problems.add(named + " is not set: give " + hint);
                return;
            }
            if (s.type().equals("string") || s.type().equals("list") || !s.hasDefault()
                    || !s.key().startsWith("wiz.")) {
                return; // blank is allowed: the setting is optional
            }
            // a typed setting with a default cannot be blank: the type check below says why
        }
        if (s.roomChecked()) {
            return;
        }
        switch (s.type()) {
            case "integer" -> {
                try {
                    long n = Long.parseLong(v);
                    long min = s.min() == null ? Long.MIN_VALUE : s.min();
                    long max = s.max() == null ? Long.MAX_VALUE : s.max();
                    if (n < min || n > max) {
                        problems.add(named + " is " + (s.secret() ? shown : n) + ": it must be between " + min
                                + " and " + max + " (" + hint + ")");
                    }
                } catch (NumberFormatException e) {
                    problems.add(named + " is '" + shown + "', not a whole number (" + hint + ")");
                }
            }
            case "boolean" -> {
                if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                    problems.add(named + " is '" + s.shown(v.toLowerCase(Locale.ROOT)) + "': use true or false");
                }
            }
            case "url" -> {
                if (v.isEmpty()) {
                    problems.add(named + " is not set: give " + hint);
                } else if (uriOf(v) == null) {
                    problems.add(named + " is '" + shown + "', which is not an http(s) URL: give " + hint);
                }
            }
            case "cron" -> {
                try {
                    new CronExpression(v);
                } catch (ParseException e) {
                    problems.add(named + " is '" + shown + "', not a Quartz cron expression (" + e.getMessage() + ")"
                            + (s.example() == null ? "" : "; example: " + s.example()));
                }
            }
            case "enum" -> {
                if (s.values().stream().noneMatch(v::equalsIgnoreCase)) {
                    problems.add(named + " is '" + shown + "': use one of " + String.join(", ", s.values()));
                }
            }
            case "list" -> {
                for (String given : Settings.list(v)) {
                    String g = s.shown(given);
                    if (!s.values().isEmpty() && s.values().stream().noneMatch(given::equalsIgnoreCase)) {
                        problems.add(named + " has '" + g + "', which " + (s.valuesOf() == null ? "wiz-camel"
                                : s.valuesOf()) + " does not know: use " + s.values());
                    } else if (s.pattern() != null && !given.matches(s.pattern())) {
                        problems.add(named + " has '" + g + "': " + s.patternHint());
                    }
                }
            }
            default -> {
                // string: any text
            }
        }
    }

    /** a derived setting for the routes (e.g. wiz.graphql-url), added to the configuration at start */
    public void derive(String key, String value) {
        derived.put(key, value);
    }

    /** a problem found by a check of its own, with what to do (never a secret's value) */
    public void problem(String message) {
        problems.add(message);
    }

    /** a setting exactly as configured (untrimmed, tokens not substituted), or null */
    public String raw(String key) {
        return config.apply(key);
    }

    /** the stream being checked: its own overrides are in place ("issues" when checking the settings themselves) */
    public String stream() {
        return stream;
    }

    /** whether wiz.sinks names the sink: a sink that is off must not demand its settings */
    public boolean enabled(String sink) {
        return Settings.list(value("wiz.sinks")).contains(sink);
    }

    /** wiz.page-size → WIZ_PAGE_SIZE, the environment variable that overrides it */
    public static String env(String key) {
        return Setting.env(key);
    }

    /** a setting trimmed ("" when unset), with a per-stream setting's tokens substituted for the stream checked */
    public String value(String key) {
        String v = config.apply(key);
        v = v == null ? "" : v.trim();
        boolean perStream = schema.find(key).map(Setting::perStream).orElse(false);
        return perStream ? StreamValues.expand(v, stream, item) : v;
    }

    /** the setting as an http(s) URL with a host, or null (not reported: the schema's url type does that) */
    public URI uri(String key) {
        return uriOf(value(key));
    }

    private static URI uriOf(String v) {
        try {
            URI uri = new URI(v);
            if (("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (Exception ignored) {
            // not a URL
        }
        return null;
    }

    /** reports the setting when it is blank; true when it is set */
    public boolean required(String key, String hint) {
        if (value(key).isEmpty()) {
            problems.add(key + " (" + env(key) + ") is not set: give " + hint);
            return false;
        }
        return true;
    }
}
