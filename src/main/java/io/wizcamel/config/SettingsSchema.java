package io.wizcamel.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.ServiceLoader;

import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Every configuration key, declared once as data: the rooms' schema files (src/main/resources/settings/*.yaml),
 * found through the {@link SettingsRoom}s on the class path. Start-up validation ({@link ConfigCheck}), the defaults
 * Camel starts from, {@code --help} and docs/configuration.md ({@link SettingsDocs}) all come from here.
 */
public final class SettingsSchema {

    /** a room: its schema file's content and its Java check */
    public record Room(String name, String title, String sink, List<Setting> settings, SettingsRoom check) {
    }

    private static volatile SettingsSchema loaded;

    private final List<Room> rooms;
    private final Map<String, Setting> byKey = new LinkedHashMap<>();

    SettingsSchema(List<Room> rooms) {
        this.rooms = List.copyOf(rooms);
        for (Room room : rooms) {
            for (Setting s : room.settings()) {
                if (byKey.put(s.key(), s) != null) {
                    throw new IllegalStateException("setting " + s.key() + " is declared twice");
                }
            }
        }
    }

    /** the schema of every room on the class path (core first, then by name); loaded once */
    public static SettingsSchema load() {
        SettingsSchema s = loaded;
        if (s != null) {
            return s;
        }
        synchronized (SettingsSchema.class) { // a caller while it is read (WizCamel.main reads it ahead) waits
            if (loaded == null) {
                List<SettingsRoom> found = new ArrayList<>();
                ServiceLoader.load(SettingsRoom.class, SettingsSchema.class.getClassLoader()).forEach(found::add);
                loaded = of(found);
            }
            return loaded;
        }
    }

    /** the schema of the given rooms */
    public static SettingsSchema of(Collection<? extends SettingsRoom> found) {
        List<Room> rooms = new ArrayList<>();
        for (SettingsRoom r : found) {
            rooms.add(read(r));
        }
        rooms.sort(Comparator.comparing((Room r) -> !r.name().equals("core")).thenComparing(Room::name));
        return new SettingsSchema(rooms);
    }

    public List<Room> rooms() {
        return rooms;
    }

    public Collection<Setting> settings() {
        return byKey.values();
    }

    public Optional<Setting> find(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** the sinks that have a room (the bundled ones) */
    public List<String> sinks() {
        return rooms.stream().map(Room::sink).filter(s -> s != null).toList();
    }

    /**
     * The default of every wiz.* key, blank for a key without one (so that a route's placeholder for an optional
     * setting resolves). camel.* defaults are documentation: application.properties holds their values.
     */
    public Properties defaults() {
        Properties p = new Properties();
        for (Setting s : byKey.values()) {
            if (s.key().startsWith("wiz.")) {
                p.setProperty(s.key(), s.defaultValue() == null ? "" : s.defaultValue());
            }
        }
        return p;
    }

    /**
     * The per-stream setting a key overrides: wiz.stream.projects.sink.kafka.topic → wiz.sink.kafka.topic, if that
     * key is marked perStream.
     */
    public Optional<Setting> perStreamBase(String key) {
        if (!key.startsWith("wiz.stream.")) {
            return Optional.empty();
        }
        String rest = key.substring("wiz.stream.".length());
        int dot = rest.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        return find("wiz." + rest.substring(dot + 1)).filter(Setting::perStream);
    }

    /** the stream named by a per-stream key: wiz.stream.projects.sink.kafka.topic → projects */
    public static String streamOf(String key) {
        String rest = key.substring("wiz.stream.".length());
        return rest.substring(0, rest.indexOf('.'));
    }

    /**
     * The per-stream key an environment variable sets, e.g. WIZ_STREAM_SERVICE_TICKETS_SINK_KAFKA_TOPIC →
     * wiz.stream.service-tickets.sink.kafka.topic (the longest matching setting wins), or empty.
     */
    public Optional<String> perStreamKeyOfEnv(String variable) {
        if (!variable.startsWith("WIZ_STREAM_")) {
            return Optional.empty();
        }
        Setting best = null;
        for (Setting s : byKey.values()) {
            String suffix = "_" + s.env().substring("WIZ_".length());
            if (s.perStream() && variable.endsWith(suffix)
                    && variable.length() > "WIZ_STREAM_".length() + suffix.length()
                    && (best == null || s.key().length() > best.key().length())) {
                best = s;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String middle = variable.substring("WIZ_STREAM_".length(),
                variable.length() - best.env().length() + "WIZ".length());
        return Optional.of(best.streamKey(middle.toLowerCase(java.util.Locale.ROOT).replace('_', '-')));
    }

    /**
     * The setting a per-tenant key gives for one tenant: wiz.tenant.a.client-secret → wiz.client-secret,
     * wiz.tenant.a.stream.issues.page-size → wiz.page-size (a per-stream key inside a tenant); empty for anything
     * else. Any wiz.* setting may be given per tenant but those whose entry says {@code perTenant: false}
     * (wiz.tenants, wiz.home, the log settings: what holds for the whole process); docs/tenants.md.
     */
    public Optional<Setting> perTenantBase(String key) {
        String inner = perTenantInner(key);
        if (inner == null) {
            return Optional.empty();
        }
        Optional<Setting> own = find(inner);
        return own.isPresent() ? own.filter(Setting::perTenant) : perStreamBase(inner).filter(Setting::perTenant);
    }

    /** the key a per-tenant key stands for: wiz.tenant.a.client-secret → wiz.client-secret, or null */
    public static String perTenantInner(String key) {
        if (!key.startsWith(TENANT_PREFIX)) {
            return null;
        }
        String rest = key.substring(TENANT_PREFIX.length());
        int dot = rest.indexOf('.');
        return dot <= 0 || dot == rest.length() - 1 ? null : "wiz." + rest.substring(dot + 1);
    }

    /** the tenant a per-tenant key names: wiz.tenant.a.client-secret → a */
    public static String tenantOf(String key) {
        String rest = key.substring(TENANT_PREFIX.length());
        return rest.substring(0, rest.indexOf('.'));
    }

    /** wiz.client-secret for tenant a → wiz.tenant.a.client-secret */
    public static String tenantKey(String tenant, String key) {
        return TENANT_PREFIX + tenant + "." + key.substring("wiz.".length());
    }

    public static final String TENANT_PREFIX = "wiz.tenant.";

    /**
     * The per-tenant key an environment variable sets for one of the given tenants, e.g. WIZ_TENANT_A_CLIENT_SECRET →
     * wiz.tenant.a.client-secret, WIZ_TENANT_A_STREAM_ISSUES_PAGE_SIZE → wiz.tenant.a.stream.issues.page-size; empty
     * when it names no such tenant or no setting. The tenants must be known: a dash and an underscore look alike.
     */
    public Optional<String> perTenantKeyOfEnv(String variable, List<String> tenants) {
        String best = null;
        for (String t : tenants) {
            String prefix = Setting.env(TENANT_PREFIX + t) + "_";
            if (variable.startsWith(prefix) && (best == null || t.length() > best.length())) {
                best = t;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        String tenant = best;
        String inner = "WIZ_" + variable.substring((Setting.env(TENANT_PREFIX + tenant) + "_").length());
        for (Setting s : byKey.values()) {
            if (s.env().equals(inner) && s.perTenant()) {
                return Optional.of(tenantKey(tenant, s.key()));
            }
        }
        return perStreamKeyOfEnv(inner).map(k -> tenantKey(tenant, k));
    }

    @SuppressWarnings("unchecked")
    private static Room read(SettingsRoom room) {
        Map<String, Object> doc;
        try (InputStream in = room.getClass().getClassLoader().getResourceAsStream(room.schema())) {
            if (in == null) {
                throw new IllegalStateException("settings schema " + room.schema() + " of " + room.getClass().getName()
                        + " is not on the class path");
            }
            doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = text(doc.get("room"));
        List<Setting> settings = new ArrayList<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) doc.get("settings")) {
            try {
                settings.add(setting(name, e));
            } catch (RuntimeException ex) {
                throw new IllegalStateException(room.schema() + ": entry " + e.get("key") + ": " + ex.getMessage(), ex);
            }
        }
        return new Room(name, text(doc.get("title")), (String) doc.get("sink"), List.copyOf(settings), room);
    }

    private static final List<String> TYPES = List.of("string", "integer", "boolean", "url", "cron", "enum", "list");
    private static final List<String> FIELDS = List.of("key", "type", "default", "required", "secret", "perStream",
            "description", "hint", "example", "min", "max", "values", "valuesOf", "pattern", "patternHint", "check",
            "perTenant");

    @SuppressWarnings("unchecked")
    private static Setting setting(String room, Map<String, Object> e) {
        for (String field : e.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field " + field);
            }
        }
        String key = text(e.get("key"));
        String type = text(e.get("type"));
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("type " + type + " is not one of " + TYPES);
        }
        Object req = e.get("required");
        String required;
        if (req == null) {
            required = "";
        } else if ("always".equals(req)) {
            required = "always";
        } else if (req instanceof Map<?, ?> m && m.containsKey("sink")) {
            required = "sink:" + m.get("sink");
        } else if (req instanceof Map<?, ?> m && m.containsKey("key") && m.containsKey("equals")) {
            required = m.get("key") + "=" + m.get("equals");
        } else {
            throw new IllegalArgumentException("required is always, {sink: name} or {key: k, equals: v}, not " + req);
        }
        List<String> values = e.get("values") == null ? List.of()
                : ((List<Object>) e.get("values")).stream().map(String::valueOf).toList();
        if (type.equals("enum") && values.isEmpty()) {
            throw new IllegalArgumentException("an enum needs values");
        }
        boolean perStream = Boolean.TRUE.equals(e.get("perStream"));
        if (perStream && !key.startsWith("wiz.")) {
            throw new IllegalArgumentException("only wiz.* keys can be per stream");
        }
        return new Setting(room, key, type, e.containsKey("default") ? text(e.get("default")) : null, required,
                Boolean.TRUE.equals(e.get("secret")), perStream, text(e.get("description")), text(e.get("hint")),
                text(e.get("example")), number(e.get("min")), number(e.get("max")), values, text(e.get("valuesOf")),
                text(e.get("pattern")), text(e.get("patternHint")), "room".equals(e.get("check")),
                key.startsWith("wiz.") && !Boolean.FALSE.equals(e.get("perTenant")));
    }

    private static String text(Object o) {
        return o == null ? null : String.valueOf(o).strip();
    }

    private static Long number(Object o) {
        return o == null ? null : ((Number) o).longValue();
    }
}
