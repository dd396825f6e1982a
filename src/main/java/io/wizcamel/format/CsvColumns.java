package io.wizcamel.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * One stream's CSV columns: each a name and the path into the record its value comes from, declared as data in
 * {@value #RESOURCE} (the path syntax is described there and in docs/formats.md). A stream not declared there gets
 * {@link #FALLBACK}: {@code id} and the whole record as JSON, the same two columns for every record of the stream, so a
 * file's header never depends on which record came first.
 */
public final class CsvColumns {

    public static final String RESOURCE = "format/csv-columns.yaml";
    /** the separator of a list's items and an object's members in one cell */
    static final String JOIN = "; ";
    /** the columns of a stream without its own: its id and the record as compact JSON */
    public static final CsvColumns FALLBACK = new CsvColumns(List.of(
            new Column("id", List.of(new Path(List.of("id"), Path.Kind.VALUE, List.of()))),
            new Column("record", List.of(new Path(List.of(), Path.Kind.VALUE, List.of())))));

    private static final Pattern FIELD = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$-]*");
    private static final Map<String, CsvColumns> DECLARED = load();

    private final List<Column> columns;
    private final List<String> names;

    private CsvColumns(List<Column> columns) {
        this.columns = List.copyOf(columns);
        this.names = columns.stream().map(Column::name).toList();
    }

    /** the stream's declared columns, else {@link #FALLBACK} */
    public static CsvColumns of(String stream) {
        return DECLARED.getOrDefault(stream, FALLBACK);
    }

    /** the streams that declare their columns, in file order */
    public static List<String> declaredStreams() {
        return List.copyOf(DECLARED.keySet());
    }

    /** the column names, in order */
    public List<String> names() {
        return names;
    }

    /** each column's raw value (before the formula guard), {@code null} for an empty cell */
    public List<String> values(JsonNode record) {
        List<String> out = new ArrayList<>(columns.size());
        for (Column c : columns) {
            out.add(c.value(record));
        }
        return out;
    }

    /** the top-level record fields the columns read: for checks against the streams' documentation */
    List<String> topFields() {
        return columns.stream().flatMap(c -> c.paths().stream()).filter(p -> !p.fields().isEmpty())
                .map(p -> p.fields().get(0)).distinct().toList();
    }

    private record Column(String name, List<Path> paths) {
        String value(JsonNode record) {
            for (Path p : paths) {
                String v = p.value(record);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }
    }

    /** one path: the fields to the value, and what to do with it */
    private record Path(List<String> fields, Kind kind, List<String> itemFields) {
        enum Kind { VALUE, LIST, MEMBERS }

        String value(JsonNode record) {
            JsonNode n = at(record, fields);
            if (n == null) {
                return null;
            }
            return switch (kind) {
                case VALUE -> n.isValueNode() ? n.asText() : n.toString();
                case LIST -> n.isArray() ? joinItems(n) : null;
                case MEMBERS -> n.isObject() ? joinMembers(n) : null;
            };
        }

        private String joinItems(JsonNode list) {
            List<String> items = new ArrayList<>(list.size());
            for (JsonNode item : list) {
                JsonNode v = at(item, itemFields);
                if (v != null) {
                    items.add(v.isValueNode() ? v.asText() : v.toString());
                }
            }
            return items.isEmpty() ? null : String.join(JOIN, items);
        }

        private static String joinMembers(JsonNode object) {
            List<String> members = new ArrayList<>(object.size());
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> m = it.next();
                if (!m.getValue().isNull()) {
                    JsonNode v = m.getValue();
                    members.add(m.getKey() + "=" + (v.isValueNode() ? v.asText() : v.toString()));
                }
            }
            return members.isEmpty() ? null : String.join(JOIN, members);
        }

        /** the node at {@code fields} under {@code node}; {@code null} when missing or JSON null on the way */
        private static JsonNode at(JsonNode node, List<String> fields) {
            JsonNode n = node;
            for (String f : fields) {
                if (n == null || !n.isObject()) {
                    return null;
                }
                n = n.get(f);
            }
            return n == null || n.isNull() || n.isMissingNode() ? null : n;
        }
    }

    /** every stream's columns from {@value #RESOURCE} on the class path */
    private static Map<String, CsvColumns> load() {
        try (InputStream in = CsvColumns.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return parse(new Load(LoadSettings.builder().build()).loadFromInputStream(in), RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** the declarations of a loaded YAML document; {@code source} names it in errors */
    static Map<String, CsvColumns> parse(Object doc, String source) {
        if (!(doc instanceof Map<?, ?> streams)) {
            throw new IllegalStateException(source + ": expected a map of stream name to its columns");
        }
        Map<String, CsvColumns> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> s : streams.entrySet()) {
            String stream = String.valueOf(s.getKey());
            if (!(s.getValue() instanceof Map<?, ?> cols) || cols.isEmpty()) {
                throw new IllegalStateException(source + ": stream " + stream
                        + ": expected its columns as `column: path` lines");
            }
            List<Column> columns = new ArrayList<>(cols.size());
            for (Map.Entry<?, ?> c : cols.entrySet()) {
                String name = String.valueOf(c.getKey());
                if (!(c.getValue() instanceof String path) || path.isBlank()) {
                    throw new IllegalStateException(source + ": stream " + stream + ", column " + name
                            + ": expected a path such as `resource.id`, got " + c.getValue());
                }
                List<Path> alternatives = new ArrayList<>();
                for (String alternative : path.split("\\|", -1)) {
                    alternatives.add(path(alternative.trim(), source + ": stream " + stream + ", column " + name));
                }
                columns.add(new Column(name, List.copyOf(alternatives)));
            }
            out.put(stream, new CsvColumns(columns));
        }
        return out;
    }

    private static Path path(String text, String where) {
        Path.Kind kind = Path.Kind.VALUE;
        String head = text;
        String tail = "";
        int list = text.indexOf("[]");
        if (list >= 0) {
            kind = Path.Kind.LIST;
            head = text.substring(0, list);
            tail = text.substring(list + 2);
            if (!tail.isEmpty() && !tail.startsWith(".")) {
                throw bad(text, where);
            }
            tail = tail.isEmpty() ? "" : tail.substring(1);
            if (tail.isEmpty() && text.length() > list + 2) {
                throw bad(text, where);
            }
        } else if (text.endsWith("{}")) {
            kind = Path.Kind.MEMBERS;
            head = text.substring(0, text.length() - 2);
        }
        List<String> fields = fields(head, text, where);
        List<String> itemFields = tail.isEmpty() ? List.of() : fields(tail, text, where);
        if (fields.isEmpty()) {
            throw bad(text, where);
        }
        return new Path(fields, kind, itemFields);
    }

    private static List<String> fields(String dotted, String text, String where) {
        List<String> out = new ArrayList<>();
        for (String f : dotted.split("\\.", -1)) {
            if (!FIELD.matcher(f).matches()) {
                throw bad(text, where);
            }
            out.add(f);
        }
        return List.copyOf(out);
    }

    private static IllegalStateException bad(String text, String where) {
        return new IllegalStateException(where + ": '" + text + "' is not a path: write field names joined by `.`,"
                + " with `[]` after a list (then `.field` of its items) or `{}` after an object, alternatives"
                + " joined by `|`");
    }
}
