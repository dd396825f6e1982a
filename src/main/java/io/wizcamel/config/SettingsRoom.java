package io.wizcamel.config;

/**
 * One "room" of settings: a schema file (src/main/resources/settings/*.yaml) plus, optionally, the checks its
 * schema cannot say. Each sink implements one in its own package, registered in
 * META-INF/services/io.wizcamel.config.SettingsRoom and found with {@link java.util.ServiceLoader}, so the core
 * check knows no sink.
 *
 * <p>{@link ConfigCheck} first checks every setting of the room against its schema entry (type, range, URL, cron,
 * values, required-when), then calls {@link #check}; both only when the room applies (its schema's {@code sink} is
 * named in wiz.sinks, or it has none). A room with per-stream settings is checked again for each stream that
 * overrides one of them, with the overrides in place.
 */
public interface SettingsRoom {

    /** the class-path resource of the room's schema, e.g. {@code settings/sink-kafka.yaml} */
    String schema();

    /**
     * What the schema cannot say (syntax of a map, settings that go together, files that must be readable...).
     * Report with {@link ConfigCheck#problem}; read with {@link ConfigCheck#value} ({@code {stream}} tokens already
     * substituted) or {@link ConfigCheck#raw}.
     */
    default void check(ConfigCheck c) {
    }
}
