package io.wizcamel.users;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * The desired state of Wiz's users: the operator's file ({@code wiz.users.desired-file}, CSV with a header or JSON
 * Lines) or one change event, each row checked (email, role, projects, duplicates) and resolved to ids. Refused rows
 * are kept with their line and reason; the rest go ahead. The file is the operator's and is held in memory, keyed by
 * lower-cased email.
 *
 * <p>Fields: {@code email} (the key), {@code name}, {@code role} (a role id or name), {@code projects} (ids or names,
 * separated by {@code ;} or {@code ,}; a JSON array in JSON), {@code active} (true/false, default true), {@code delete}
 * (true: delete, when allowed). A blank name or role leaves the user's as it is (a new user needs a role).
 */
public final class DesiredState {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** one @, a dot in the domain, no spaces: what Wiz would take as an address */
    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"]+@[^@\\s,;<>\"]+\\.[^@\\s,;<>\".]+");
    static final Set<String> FIELDS = Set.of("email", "name", "role", "projects", "active", "delete");

    /** a row not applied, and why */
    public record Refusal(String source, String email, String reason) { }

    private final Map<String, DesiredUser> users = new LinkedHashMap<>();
    private final List<Refusal> refused = new ArrayList<>();
    /** the data rows read (refused ones included) */
    private int rows;

    public Map<String, DesiredUser> users() {
        return users;
    }

    public List<Refusal> refused() {
        return refused;
    }

    public int rows() {
        return rows;
    }

    /** Reads the operator's file: JSON Lines when its first non-blank character is '{', else CSV with a header. */
    public static DesiredState read(Path file, UserReferences.Refs refs) throws IOException {
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("wiz.users.desired-file (WIZ_USERS_DESIRED_FILE) is '" + file
                    + "', which is not a readable file: give the CSV or JSON Lines file of the users Wiz should have");
        }
        DesiredState state = new DesiredState();
        String name = file.getFileName().toString();
        boolean jsonLines;
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int c;
            do {
                c = r.read();
            } while (c == '\uFEFF' || c != -1 && Character.isWhitespace(c));
            jsonLines = c == '{';
        }
        Map<String, String> firstLine = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (jsonLines) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (!line.isBlank()) {
                        state.add(name + " line " + n, line, refs, firstLine);
                    }
                }
            } else {
                state.readCsv(name, r, refs, firstLine);
            }
        }
        return state;
    }

    private void readCsv(String name, Reader r, UserReferences.Refs refs, Map<String, String> firstLine)
            throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true)
                .setIgnoreEmptyLines(true).setIgnoreSurroundingSpaces(true).build();
        try (CSVParser csv = CSVParser.parse(r, format)) {
            List<String> header = csv.getHeaderNames().stream().map(h -> h.replace("\uFEFF", "").trim()
                    .toLowerCase(Locale.ROOT)).toList();
            if (!header.contains("email")) {
                throw new IllegalArgumentException(name + ": the header has no 'email' column (it has " + header
                        + "); the first line must name the columns: email,name,role,projects,active[,delete]");
            }
            for (Iterator<CSVRecord> it = csv.iterator(); it.hasNext();) {
                CSVRecord rec = it.next();
                Map<String, String> fields = new HashMap<>();
                for (int i = 0; i < header.size() && i < rec.size(); i++) {
                    fields.put(header.get(i), rec.get(i));
                }
                // the parser's line count after the record: the record's line (a record on one line)
                add(name + " line " + csv.getCurrentLineNumber(), fields, refs, firstLine);
            }
        }
    }

    private void add(String source, String jsonLine, UserReferences.Refs refs, Map<String, String> firstLine) {
        JsonNode node;
        try {
            node = JSON.readTree(jsonLine);
        } catch (IOException e) {
            rows++;
            refused.add(new Refusal(source, null, "not a JSON object: " + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j ? j.getOriginalMessage() : e.getMessage())));
            return;
        }
        if (node == null || !node.isObject()) {
            rows++;
            refused.add(new Refusal(source, null, "not a JSON object"));
            return;
        }
        add(source, fields(node), refs, firstLine);
    }

    private void add(String source, Map<String, String> fields, UserReferences.Refs refs,
            Map<String, String> firstLine) {
        rows++;
        Object checked = check(source, fields, refs);
        if (checked instanceof Refusal r) {
            refused.add(r);
            return;
        }
        DesiredUser u = (DesiredUser) checked;
        String earlier = firstLine.putIfAbsent(u.email(), source);
        if (earlier != null) {
            // two rows for one person: neither is applied, as the file does not say which is meant
            if (users.remove(u.email()) != null) {
                refused.add(new Refusal(earlier, u.email(), "duplicate email: " + u.email() + " is also on "
                        + source));
            }
            refused.add(new Refusal(source, u.email(), "duplicate email: " + u.email() + " is also on " + earlier));
            return;
        }
        users.put(u.email(), u);
    }

    /** A JSON change event's fields as text (projects: an array or a text list). */
    public static Map<String, String> fields(JsonNode node) {
        Map<String, String> fields = new HashMap<>();
        node.fields().forEachRemaining(f -> {
            String key = f.getKey().toLowerCase(Locale.ROOT);
            JsonNode v = f.getValue();
            if (v.isArray()) {
                List<String> items = new ArrayList<>();
                v.forEach(i -> items.add(i.asText()));
                fields.put(key, String.join(";", items));
            } else if (!v.isNull()) {
                fields.put(key, v.asText());
            }
        });
        return fields;
    }

    /** One row checked and resolved: a {@link DesiredUser}, or a {@link Refusal} naming what is wrong. */
    public static Object check(String source, Map<String, String> fields, UserReferences.Refs refs) {
        String email = blankToNull(fields.get("email"));
        if (email == null) {
            return new Refusal(source, null, "no email: every row needs the user's email");
        }
        email = email.toLowerCase(Locale.ROOT);
        if (!EMAIL.matcher(email).matches()) {
            return new Refusal(source, email, "malformed email '" + email + "'");
        }
        String role = blankToNull(fields.get("role"));
        String roleId = null;
        if (role != null) {
            roleId = refs.roleId(role);
            if (roleId == null) {
                return new Refusal(source, email, "unknown role '" + role + "': not a role id or name of"
                        + " userRolesV2");
            }
        }
        Set<String> projects = new TreeSet<>();
        String list = blankToNull(fields.get("projects"));
        if (list != null) {
            for (String p : list.split("[;,|]")) {
                String key = p.trim();
                if (key.isEmpty()) {
                    continue;
                }
                String id = refs.projectId(key);
                if (id == null) {
                    return new Refusal(source, email, "unknown project '" + key + "': not a project id or name");
                }
                if (id.isEmpty()) {
                    return new Refusal(source, email, "project name '" + key + "' is shared by several projects:"
                            + " give its id");
                }
                projects.add(id);
            }
        }
        Boolean active = bool(fields.get("active"), true);
        Boolean delete = bool(fields.get("delete"), false);
        if (active == null || delete == null) {
            return new Refusal(source, email, "active and delete must be true or false, not '"
                    + (active == null ? fields.get("active") : fields.get("delete")) + "'");
        }
        return new DesiredUser(source, email, blankToNull(fields.get("name")), roleId, projects, active && !delete,
                delete);
    }

    private static Boolean bool(String v, boolean blank) {
        if (v == null || v.isBlank()) {
            return blank;
        }
        return switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "y" -> true;
            case "false", "no", "0", "n" -> false;
            default -> null;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
