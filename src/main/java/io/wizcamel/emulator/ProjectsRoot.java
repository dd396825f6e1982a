package io.wizcamel.emulator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code projects}: first the six projects issues belong to, then (with a larger {@code projects(n)}) more, among them
 * folders and archived ones. Each has owners and security champions from {@link #PEOPLE}, who carry project-owner ids
 * ({@link #ownerId}); the same people may appear elsewhere (users, audit logs) under other ids, with the same e-mail.
 * Archived projects are served only with {@code filterBy: {includeArchived: true}}, as Wiz does.
 */
public final class ProjectsRoot implements EmulatedRoot {

    /** the people who own and champion projects: "First Last", e-mail first.last@acme.example (lower case) */
    public static final List<String> PEOPLE = List.of("Dana Reyes", "Sam Okafor", "Priya Natarajan", "Lars Jensen",
            "Mei Chen", "Tomas Alvarez", "Aisha Karimi", "Noah Fischer");

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] UNITS = {"Finance", "Digital", "Data", "IT", "Platform"};
    private static final String[] IMPACT = {"HBI", "MBI", "LBI"};

    private final int size;
    private final Pages pages = new Pages();
    private final ConcurrentHashMap<Integer, ObjectNode> edited = new ConcurrentHashMap<>();
    private volatile long version;

    public ProjectsRoot(int size) {
        if (size < 0) {
            throw new IllegalArgumentException("projects must be >= 0");
        }
        this.size = size;
    }

    public static String email(String person) {
        return person.toLowerCase(Locale.ROOT).replace(' ', '.') + "@acme.example";
    }

    /** the id a person has as a project owner or champion (not the id of the same person in users) */
    public static String ownerId(String person) {
        return UUID.nameUUIDFromBytes(("wiz-emulator-project-owner-" + email(person)).getBytes()).toString();
    }

    @Override
    public String field() {
        return "projects";
    }

    @Override
    public String scope() {
        return "read:projects";
    }

    @Override
    public String schemaFile() {
        return "projects.graphqls";
    }

    public int size() {
        return size;
    }

    /** A copy of project #index as served (archived ones included). */
    public ObjectNode node(int index) {
        Objects.checkIndex(index, size);
        ObjectNode e = edited.get(index);
        return e != null ? e.deepCopy() : generate(index);
    }

    /** Changes project #index: the edit gets a copy of the current node, which then replaces it. */
    public synchronized void update(int index, Consumer<ObjectNode> edit) {
        ObjectNode n = node(index);
        edit.accept(n);
        edited.put(index, n);
        version++;
    }

    private static ObjectNode generate(int p) {
        ObjectNode n;
        if (p < IssueGenerator.PROJECT_NODES.size()) {
            n = IssueGenerator.PROJECT_NODES.get(p).deepCopy();
        } else {
            n = F.objectNode();
            boolean folder = p % 10 == 6;
            n.put("id", UUID.nameUUIDFromBytes(("wiz-emulator-project-" + p).getBytes()).toString());
            n.put("name", (folder ? "Folder " : "Project ") + p);
            n.put("slug", (folder ? "folder-" : "project-") + p);
            n.put("businessUnit", UNITS[p % UNITS.length]);
            n.putObject("riskProfile").put("businessImpact", IMPACT[p % IMPACT.length]);
        }
        n.put("isFolder", p % 10 == 6);
        n.put("archived", p % 10 == 7 || p % 10 == 9);
        n.put("description", "Emulated project " + n.get("name").asText());
        people(n.putArray("projectOwners"), p, 1 + p % 2);
        people(n.putArray("securityChampions"), p + 3, p % 3);
        return n;
    }

    private static void people(ArrayNode list, int from, int count) {
        for (int k = 0; k < count; k++) {
            String person = PEOPLE.get((from + k) % PEOPLE.size());
            list.addObject().put("id", ownerId(person)).put("name", person).put("email", email(person));
        }
    }

    @Override
    public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
        JsonNode f = call.filterBy();
        Predicate<ObjectNode> keep = f.path("includeArchived").asBoolean(false) ? n -> true
                : n -> !n.path("archived").asBoolean();
        if (f.path("impact").isArray()) {
            List<String> impacts = new ArrayList<>();
            f.get("impact").forEach(v -> impacts.add(v.asText()));
            keep = keep.and(n -> impacts.contains(n.path("riskProfile").path("businessImpact").asText()));
        }
        String search = f.path("search").asText("").toLowerCase(Locale.ROOT);
        if (!search.isEmpty()) {
            keep = keep.and(n -> n.path("name").asText().toLowerCase(Locale.ROOT).contains(search));
        }
        ObjectNode page = pages.page(call, size, this::node, keep, WizEmulator.MAX_PAGE_SIZE, version);
        g.writeTree(call.project(page));
    }
}
