package io.wizcamel.config;

import java.util.Arrays;
import java.util.List;

/** Parsing shared by the beans that take comma-separated configuration values. */
public final class Settings {

    private Settings() {
    }

    /** "a, b,,c" → [a, b, c]; blank → [] */
    public static List<String> list(String value) {
        if (value == null || value.isBlank()) {
            return List.of();
        }
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** a list of Wiz enum values (statuses, severities), upper-cased as the API takes them: the settings take any case */
    public static List<String> enums(String value) {
        return list(value).stream().map(s -> s.toUpperCase(java.util.Locale.ROOT)).toList();
    }
}
