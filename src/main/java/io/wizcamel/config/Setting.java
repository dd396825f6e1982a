package io.wizcamel.config;

import java.util.List;
import java.util.Locale;

/**
 * One configuration key as declared in a room's schema file (see src/main/resources/settings/core.yaml for the
 * fields).
 *
 * @param required "always", "sink:&lt;name&gt;", "&lt;key&gt;=&lt;value&gt;", or "" (never)
 * @param min lower bound of an integer, or null
 * @param max upper bound of an integer, or null
 * @param values the allowed values of an enum or a list (case-insensitive), or empty
 * @param roomChecked the room's Java check validates the value; the schema only documents it
 * @param perTenant a wiz.* key that may be given per tenant as wiz.tenant.&lt;tenant&gt;.&lt;key&gt; (every one but
 *     those whose entry says {@code perTenant: false}: what holds for the whole process); docs/tenants.md
 */
public record Setting(String room, String key, String type, String defaultValue, String required, boolean secret,
        boolean perStream, String description, String hint, String example, Long min, Long max, List<String> values,
        String valuesOf, String pattern, String patternHint, boolean roomChecked, boolean perTenant) {

    public static final String SECRET_SHOWN = "***";

    /** wiz.page-size → WIZ_PAGE_SIZE: the environment variable that overrides it */
    public String env() {
        return env(key);
    }

    public static String env(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public boolean hasDefault() {
        return defaultValue != null && !defaultValue.isEmpty();
    }

    /** the value as it may be shown: a secret only as *** */
    public String shown(String value) {
        return secret && value != null && !value.isEmpty() ? SECRET_SHOWN : value;
    }

    /** the key a per-stream override of this setting has for {@code stream}: wiz.stream.&lt;stream&gt;.&lt;rest&gt; */
    public String streamKey(String stream) {
        return StreamValues.streamKey(key, stream);
    }

    /** "what to give" in error messages */
    public String hintOrDescription() {
        return hint != null && !hint.isEmpty() ? hint : description;
    }

    /** the required-when rule in words, for the docs; "" when never */
    public String requiredText() {
        if (required.isEmpty()) {
            return "";
        }
        if (required.equals("always")) {
            return "yes";
        }
        if (required.startsWith("sink:")) {
            return "with sink `" + required.substring(5) + "`";
        }
        return "when `" + required + "`";
    }

    /** the type in words, for the docs */
    public String typeText() {
        StringBuilder t = new StringBuilder(type);
        if (min != null && max != null) {
            t.append(' ').append(min).append('–').append(max);
        } else if (min != null) {
            t.append(" ≥ ").append(min);
        }
        if (!values.isEmpty()) {
            t.append(type.equals("list") ? " of " : ": ").append(String.join(", ", values));
        }
        if (perStream) {
            t.append(", per stream");
        }
        if (key.startsWith("wiz.") && !perTenant) {
            t.append(", not per tenant");
        }
        return t.toString();
    }
}
