package io.wizcamel.format.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OCSF core schema compiled from its source files (the way the OCSF server does: {@code extends} chains,
 * {@code $include}d files, profiles, the attribute dictionary and its types), and a check of an event against it.
 * An event passes when:
 * <ul>
 * <li>its {@code class_uid} is a class of the schema, {@code category_uid} that class's category, {@code type_uid}
 * {@code class_uid * 100 + activity_id}, and the {@code *_name} captions match;</li>
 * <li>every attribute, at any depth, is one its class or object defines; one that a profile brings (such as
 * {@code cloud}, or {@code region} of a resource) only when {@code metadata.profiles} names that profile, and only
 * profiles the class supports are named;</li>
 * <li>required attributes are there (a profile's only when the profile is declared), {@code at_least_one} and
 * {@code just_one} constraints hold, and no deprecated attribute is used;</li>
 * <li>values have their types (strings, integers, floats, booleans, epoch-millisecond timestamps, arrays exactly where
 * {@code is_array}, the regular expressions and lengths of derived types), enum attributes hold one of their values,
 * and the caption sibling ({@code severity} of {@code severity_id}) is the enum's caption, or the source's own text
 * for 99 Other;</li>
 * <li>nothing is null.</li>
 * </ul>
 */
public final class OcsfSchema {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** one attribute of a class or object, merged with its dictionary entry */
    record Attribute(String name, String type, boolean array, String requirement, String profile, boolean deprecated,
            Map<String, String> enumCaptions, String sibling) {
    }

    /** a compiled class or object */
    record Shape(String name, String caption, Map<String, Attribute> attributes, Set<String> profiles,
            List<String> atLeastOne, List<String> justOne) {
    }

    record Type(String base, Pattern regex, Integer maxLength) {
    }

    private final Path root;
    private final JsonNode dictionary;
    private final Map<String, Type> types = new HashMap<>();
    private final Map<String, JsonNode> objectSources = new HashMap<>();
    private final Map<String, JsonNode> eventSources = new HashMap<>();
    private final Map<String, Shape> objects = new HashMap<>();
    private final Map<Integer, Shape> classes = new HashMap<>();
    private final Map<Integer, Integer> categoryOf = new HashMap<>();
    private final Map<Integer, String> categoryCaptions = new HashMap<>();
    private final Set<String> profileNames = new LinkedHashSet<>();

    private OcsfSchema(Path root) throws IOException {
        this.root = root;
        this.dictionary = read(root.resolve("dictionary.json"));
        dictionary.get("types").get("attributes").properties().forEach(e -> {
            JsonNode t = e.getValue();
            types.put(e.getKey(), new Type(t.path("type").asText(e.getKey()),
                    t.has("regex") ? Pattern.compile(t.get("regex").asText()) : null,
                    t.has("max_len") ? t.get("max_len").asInt() : null));
        });
        for (Path p : files(root.resolve("objects"))) {
            JsonNode o = read(p);
            objectSources.put(o.get("name").asText(), o);
        }
        for (Path p : files(root.resolve("events"))) {
            JsonNode o = read(p);
            eventSources.put(o.get("name").asText(), o);
        }
        for (Path p : files(root.resolve("profiles"))) {
            profileNames.add(read(p).get("name").asText());
        }
        Map<String, Integer> categoryUids = new HashMap<>();
        read(root.resolve("categories.json")).get("attributes").properties().forEach(e -> {
            int uid = e.getValue().get("uid").asInt();
            categoryUids.put(e.getKey(), uid);
            categoryCaptions.put(uid, e.getValue().get("caption").asText());
        });
        categoryCaptions.put(0, "Uncategorized");
        for (Map.Entry<String, JsonNode> e : eventSources.entrySet()) {
            JsonNode source = e.getValue();
            if (!source.has("uid") && !"base_event".equals(e.getKey())) {
                continue; // a category's abstract parent (finding, discovery, ...)
            }
            String category = inherited(eventSources, e.getKey(), "category");
            int categoryUid = categoryUids.getOrDefault(category, 0);
            int classUid = "base_event".equals(e.getKey()) ? 0 : categoryUid * 1000 + source.get("uid").asInt();
            classes.put(classUid, compile(eventSources, e.getKey()));
            categoryOf.put(classUid, categoryUid);
        }
    }

    public static OcsfSchema load(Path root) {
        try {
            return new OcsfSchema(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Shape eventClass(int classUid) {
        return classes.get(classUid);
    }

    /** what is wrong with the event; empty when it conforms */
    public List<String> problems(JsonNode event) {
        List<String> problems = new ArrayList<>();
        if (!event.isObject()) {
            problems.add("an OCSF event is a JSON object");
            return problems;
        }
        Shape shape = event.path("class_uid").canConvertToInt() ? classes.get(event.get("class_uid").asInt()) : null;
        if (shape == null) {
            problems.add("class_uid " + event.get("class_uid") + " is not an OCSF 1.3.0 class");
            return problems;
        }
        int classUid = event.get("class_uid").asInt();
        int category = categoryOf.get(classUid);
        if (event.path("category_uid").asInt(-1) != category) {
            problems.add("category_uid " + event.get("category_uid") + ": class " + classUid + " is in category "
                    + category);
        }
        if (event.has("category_name") && !categoryCaptions.get(category).equals(event.get("category_name").asText())) {
            problems.add("category_name " + event.get("category_name") + ": the category is "
                    + categoryCaptions.get(category));
        }
        if (event.has("class_name") && !shape.caption().equals(event.get("class_name").asText())) {
            problems.add("class_name " + event.get("class_name") + ": the class is " + shape.caption());
        }
        JsonNode activity = event.get("activity_id");
        if (activity != null && activity.canConvertToInt()) {
            if (event.path("type_uid").asLong(-1) != classUid * 100L + activity.asInt()) {
                problems.add("type_uid " + event.get("type_uid") + ": must be class_uid * 100 + activity_id = "
                        + (classUid * 100L + activity.asInt()));
            }
            String activityName = shape.attributes().get("activity_id").enumCaptions().get(activity.asText());
            if (event.has("type_name") && activity.asInt() != 99 && activityName != null
                    && !(shape.caption() + ": " + activityName).equals(event.get("type_name").asText())) {
                problems.add("type_name " + event.get("type_name") + ": must be '" + shape.caption() + ": "
                        + activityName + "'");
            }
        }
        Set<String> declared = new LinkedHashSet<>();
        JsonNode listed = event.path("metadata").path("profiles");
        for (JsonNode p : listed) {
            declared.add(p.asText());
            if (!shape.profiles().contains(p.asText())) {
                problems.add("metadata.profiles names '" + p.asText() + "', which class " + shape.caption()
                        + " does not support (it supports " + shape.profiles() + ")");
            }
        }
        checkObject(event, shape, "", declared, problems);
        return problems;
    }

    private void checkObject(JsonNode node, Shape shape, String path, Set<String> declared, List<String> problems) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String where = path + e.getKey();
            Attribute a = shape.attributes().get(e.getKey());
            if (a == null) {
                problems.add(where + ": not an attribute of " + shape.name());
                continue;
            }
            if (a.profile() != null && !declared.contains(a.profile())) {
                problems.add(where + ": an attribute of the '" + a.profile() + "' profile, which metadata.profiles"
                        + " does not declare (validators drop it)");
            }
            if (a.deprecated()) {
                problems.add(where + ": deprecated in OCSF 1.3.0");
            }
            JsonNode value = e.getValue();
            if (value.isNull()) {
                problems.add(where + ": null (leave the attribute out)");
                continue;
            }
            if (a.array() != value.isArray()) {
                problems.add(where + (a.array() ? ": an array in OCSF" : ": a single value in OCSF, not an array"));
                continue;
            }
            if (value.isArray()) {
                int i = 0;
                for (JsonNode item : value) {
                    checkValue(item, a, where + "[" + i++ + "]", declared, problems);
                }
            } else {
                checkValue(value, a, where, declared, problems);
            }
            if (a.sibling() != null && a.enumCaptions() != null && value.canConvertToInt()) {
                String caption = a.enumCaptions().get(value.asText());
                JsonNode sibling = node.get(a.sibling());
                if (value.asInt() == 99 && sibling == null) {
                    problems.add(path + a.sibling() + ": required with " + where + " 99 (Other), to say what it is");
                } else if (value.asInt() != 99 && caption != null && sibling != null
                        && !caption.equals(sibling.asText())) {
                    problems.add(path + a.sibling() + " '" + sibling.asText() + "': must be the caption of " + where
                            + " " + value.asInt() + ", '" + caption + "'");
                }
            }
        }
        for (Attribute a : shape.attributes().values()) {
            boolean applies = a.profile() == null || declared.contains(a.profile());
            if ("required".equals(a.requirement()) && applies && !node.has(a.name())) {
                problems.add(path + a.name() + ": required in " + shape.name() + ", missing");
            }
        }
        if (!shape.atLeastOne().isEmpty() && shape.atLeastOne().stream().noneMatch(node::has)) {
            problems.add(path + "{}: " + shape.name() + " needs at least one of " + shape.atLeastOne());
        }
        if (!shape.justOne().isEmpty() && shape.justOne().stream().filter(node::has).count() != 1) {
            problems.add(path + "{}: " + shape.name() + " needs exactly one of " + shape.justOne());
        }
    }

    private void checkValue(JsonNode v, Attribute a, String where, Set<String> declared, List<String> problems) {
        if (v.isNull()) {
            problems.add(where + ": null");
            return;
        }
        if ("object".equals(a.type()) || "json_t".equals(a.type())) {
            return; // free form
        }
        Shape object = object(a.type());
        if (object != null) {
            if (!v.isObject()) {
                problems.add(where + ": an OCSF " + a.type() + " object, got " + v.getNodeType());
            } else {
                checkObject(v, object, where + ".", declared, problems);
            }
            return;
        }
        Type type = types.get(a.type());
        if (type == null) {
            problems.add(where + ": unknown type " + a.type() + " in the schema");
            return;
        }
        String base = base(a.type());
        boolean ok = switch (base) {
            case "string_t" -> v.isTextual();
            case "integer_t" -> v.isIntegralNumber() && v.canConvertToInt();
            case "long_t" -> v.isIntegralNumber() && v.canConvertToLong();
            case "float_t" -> v.isNumber();
            case "boolean_t" -> v.isBoolean();
            default -> true;
        };
        if (!ok) {
            problems.add(where + ": type " + a.type() + " (" + base + "), got " + v);
            return;
        }
        for (String t = a.type(); t != null && types.containsKey(t); t = t.equals(types.get(t).base()) ? null
                : types.get(t).base()) {
            Type step = types.get(t);
            if (step.regex() != null && !step.regex().matcher(v.asText()).find()) {
                problems.add(where + ": '" + v.asText() + "' does not match " + t);
            }
            if (step.maxLength() != null && v.asText().length() > step.maxLength()) {
                problems.add(where + ": longer than " + t + "'s " + step.maxLength() + " characters");
            }
        }
        if (a.enumCaptions() != null && a.name().endsWith("_id") && !a.enumCaptions().containsKey(v.asText())) {
            problems.add(where + ": " + v.asText() + " is not one of " + a.enumCaptions());
        }
    }

    private String base(String type) {
        String t = type;
        while (types.containsKey(t) && !types.get(t).base().equals(t)) {
            t = types.get(t).base();
        }
        return t;
    }

    private Shape object(String name) {
        if (!objectSources.containsKey(name)) {
            return null;
        }
        Shape shape = objects.get(name);
        if (shape == null) {
            shape = compile(objectSources, name);
            objects.put(name, shape);
        }
        return shape;
    }

    /** a class or object with what it extends and includes, its attributes merged with the dictionary */
    private Shape compile(Map<String, JsonNode> sources, String name) {
        Map<String, ObjectNode> specs = new LinkedHashMap<>();
        Set<String> profiles = new LinkedHashSet<>();
        List<String> atLeastOne = new ArrayList<>();
        List<String> justOne = new ArrayList<>();
        collect(sources, name, specs, profiles, atLeastOne, justOne);
        JsonNode dict = dictionary.get("attributes");
        Map<String, Attribute> attributes = new LinkedHashMap<>();
        specs.forEach((attr, spec) -> {
            ObjectNode merged = dict.has(attr) ? ((ObjectNode) dict.get(attr)).deepCopy() : JSON.createObjectNode();
            merge(merged, spec);
            Map<String, String> captions = null;
            if (merged.has("enum")) {
                captions = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> en : merged.get("enum").properties()) {
                    captions.put(en.getKey(), en.getValue().path("caption").asText());
                }
            }
            attributes.put(attr, new Attribute(attr, merged.path("type").asText("string_t"),
                    merged.path("is_array").asBoolean(false), merged.path("requirement").asText("optional"),
                    merged.hasNonNull("profile") ? merged.get("profile").asText() : null,
                    merged.has("@deprecated"), captions, merged.hasNonNull("sibling") ? merged.get("sibling").asText()
                    : null));
        });
        JsonNode source = sources.get(name);
        String caption = source.path("caption").asText(name);
        return new Shape(name, caption, attributes, profiles, atLeastOne, justOne);
    }

    private void collect(Map<String, JsonNode> sources, String name, Map<String, ObjectNode> specs,
            Set<String> profiles, List<String> atLeastOne, List<String> justOne) {
        JsonNode source = sources.get(name);
        if (source == null) {
            throw new IllegalStateException("OCSF source " + name + " not found");
        }
        if (source.has("extends") && sources.containsKey(source.get("extends").asText())) {
            collect(sources, source.get("extends").asText(), specs, profiles, atLeastOne, justOne);
        }
        source.path("profiles").forEach(p -> profiles.add(p.asText()));
        JsonNode constraints = source.path("constraints");
        if (constraints.has("at_least_one")) {
            atLeastOne.clear();
            constraints.get("at_least_one").forEach(n -> atLeastOne.add(n.asText()));
        }
        if (constraints.has("just_one")) {
            justOne.clear();
            constraints.get("just_one").forEach(n -> justOne.add(n.asText()));
        }
        JsonNode attributes = source.get("attributes");
        for (JsonNode include : attributes.path("$include")) {
            JsonNode included = readUnchecked(root.resolve(include.asText()));
            String profile = "profile".equals(included.path("meta").asText()) ? included.get("name").asText() : null;
            included.get("attributes").properties().forEach(e -> {
                ObjectNode spec = ((ObjectNode) e.getValue()).deepCopy();
                if (profile != null && !spec.has("profile")) {
                    spec.put("profile", profile);
                }
                mergeInto(specs, e.getKey(), spec);
            });
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("$include")) {
                continue;
            }
            ObjectNode spec = ((ObjectNode) e.getValue()).deepCopy();
            if (!spec.has("profile") && specs.containsKey(e.getKey())) {
                // a class or object that defines the attribute itself has it whatever the profiles
                specs.get(e.getKey()).putNull("profile");
            }
            mergeInto(specs, e.getKey(), spec);
        }
    }

    private static void mergeInto(Map<String, ObjectNode> specs, String name, ObjectNode spec) {
        ObjectNode current = specs.get(name);
        if (current == null) {
            specs.put(name, spec);
        } else {
            merge(current, spec);
        }
    }

    /** deep merge: objects (such as enums) are merged member by member, anything else replaced */
    private static void merge(ObjectNode target, JsonNode update) {
        update.properties().forEach(e -> {
            JsonNode old = target.get(e.getKey());
            if (old != null && old.isObject() && e.getValue().isObject()) {
                merge((ObjectNode) old, e.getValue());
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    private static String inherited(Map<String, JsonNode> sources, String name, String field) {
        for (JsonNode s = sources.get(name); s != null; s = sources.get(s.path("extends").asText(""))) {
            if (s.has(field)) {
                return s.get(field).asText();
            }
        }
        return null;
    }

    private static List<Path> files(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
    }

    private static JsonNode read(Path p) throws IOException {
        return JSON.readTree(p.toFile());
    }

    private static JsonNode readUnchecked(Path p) {
        try {
            return read(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
