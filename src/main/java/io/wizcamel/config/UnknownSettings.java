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
        List<String> custom = sinks.stream().filter(s -> !schema.sinks().contains(s)).toList();
        List<String> warnings = new ArrayList<>();
        List<String> knownVariables = schema.settings().stream().map(Setting::env).toList();
        for (String variable : new TreeSet<>(env.keySet())) {
            if (!variable.startsWith("WIZ_") || knownVariables.contains(variable)
                    || DERIVED.stream().map(Setting::env).anyMatch(variable::equals)
                    || schema.perStreamKeyOfEnv(variable).isPresent()
                    || custom.stream().anyMatch(s -> variable.startsWith(Setting.env("wiz.sink." + s) + "_"))) {
                continue;
            }
            warnings.add("unknown setting " + variable + ": did you mean "
                    + closest(variable, knownVariables, Function.identity()) + "?");
        }
        List<String> knownKeys = schema.settings().stream().map(Setting::key).toList();
        for (String key : new TreeSet<>(propertyKeys)) {
            if (!key.startsWith("wiz.") || knownKeys.contains(key) || DERIVED.contains(key)
                    || schema.perStreamBase(key).isPresent()
                    || custom.stream().anyMatch(s -> key.startsWith("wiz.sink." + s + "."))) {
                continue;
            }
            warnings.add("unknown setting " + key + " in application.properties: did you mean "
                    + closest(key, knownKeys, Function.identity()) + "?");
        }
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
