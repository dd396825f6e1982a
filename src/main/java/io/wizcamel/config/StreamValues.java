package io.wizcamel.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The tokens a per-stream setting's value may hold: {@code {stream}} (the stream's name, e.g. service-tickets),
 * {@code {Stream}} (its CamelCase, ServiceTickets) and {@code {item}} (the singular name of its records, e.g.
 * issue). For example wiz.sink.kafka.topic = wiz.{stream} is wiz.issues for the issues stream.
 */
public final class StreamValues {

    private StreamValues() {
    }

    /** the key that overrides a per-stream setting for one stream: wiz.stream.&lt;stream&gt;.&lt;key without "wiz."&gt; */
    public static String streamKey(String key, String stream) {
        return "wiz.stream." + stream + "." + key.substring("wiz.".length());
    }

    /** the value with its tokens replaced; null stays null */
    public static String expand(String value, String stream, String item) {
        if (value == null) {
            return null;
        }
        return value.replace("{stream}", stream).replace("{Stream}", camelCase(stream)).replace("{item}", item);
    }

    /** service-tickets → ServiceTickets: each dash-separated part capitalised, joined */
    public static String camelCase(String stream) {
        return Arrays.stream(stream.split("-")).filter(p -> !p.isEmpty())
                .map(p -> p.substring(0, 1).toUpperCase(Locale.ROOT) + p.substring(1)).collect(Collectors.joining());
    }

    /** whether the value holds a token */
    public static boolean hasTokens(String value) {
        return value != null && (value.contains("{stream}") || value.contains("{Stream}") || value.contains("{item}"));
    }
}
