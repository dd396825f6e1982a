package io.wizcamel.format;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The security frameworks a record's rules belong to (CIS, NIST, ...), distinct, in order of appearance: OCSF's
 * {@code compliance.standards}. They are read wherever a stream's record carries them: a {@code frameworks} list (of
 * names, or of objects with a {@code name}), and {@code securitySubCategories[].framework} or, as Wiz has it,
 * {@code securitySubCategories[].category.framework.name}, on the
 * record itself, on its {@code control} and {@code rule}, and on each of its {@code rules}. None found: an empty list.
 */
final class Frameworks {

    private Frameworks() {
    }

    static List<String> of(JsonNode record) {
        List<String> names = new ArrayList<>();
        if (record == null) {
            return names;
        }
        collect(record, names);
        collect(record.get("control"), names);
        collect(record.get("rule"), names);
        JsonNode rules = record.get("rules");
        if (rules != null && rules.isArray()) {
            rules.forEach(rule -> collect(rule, names));
        }
        return names;
    }

    private static void collect(JsonNode holder, List<String> names) {
        if (holder == null || !holder.isObject()) {
            return;
        }
        JsonNode frameworks = holder.get("frameworks");
        if (frameworks != null && frameworks.isArray()) {
            for (JsonNode f : frameworks) {
                add(names, f.isTextual() ? f.asText() : Fields.text(f, "name"));
            }
        }
        JsonNode subCategories = holder.get("securitySubCategories");
        if (subCategories != null && subCategories.isArray()) {
            for (JsonNode sub : subCategories) {
                // Wiz's shape, or the records' flattened one ({title, category, framework})
                add(names, Fields.firstNonNull(Fields.text(sub, "category", "framework", "name"),
                        Fields.text(sub, "framework")));
            }
        }
    }

    private static void add(List<String> names, String name) {
        if (name != null && !name.isBlank() && !names.contains(name)) {
            names.add(name);
        }
    }
}
