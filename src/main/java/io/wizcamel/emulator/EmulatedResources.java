package io.wizcamel.emulator;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Cloud resources ({@code cloudResourcesV2}) and the technologies found on them ({@code hostedTechnologies}), made
 * on demand from (seed, index): resource #i is updated at a time that grows with i (so an {@code updatedAt {after}}
 * filter skips the old ones cheaply), about 1 in 6 is on a platform other than AWS, Azure and GCP, 1 in 25 is
 * deleted, and each has 0 to 3 of 14 technologies. Hosted-technology row #j is slot j % 3 of resource j / 3 (a slot
 * beyond the resource's count is no row). Only edits are stored.
 */
public final class EmulatedResources {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final long WINDOW_MS = 90L * 24 * 3600 * 1000;
    private static final long BASE_MS = IssueGenerator.BASE.toEpochMilli();
    private static final int SLOTS = 3;

    /** The technology catalogue: id, name, category. */
    static final String[][] TECHNOLOGIES = {
        {"tech-ubuntu", "Ubuntu", "Operating System"}, {"tech-amazon-linux", "Amazon Linux", "Operating System"},
        {"tech-windows-server", "Windows Server", "Operating System"}, {"tech-nginx", "nginx", "Web Server"},
        {"tech-apache-httpd", "Apache HTTP Server", "Web Server"}, {"tech-postgresql", "PostgreSQL", "Database"},
        {"tech-mysql", "MySQL", "Database"}, {"tech-redis", "Redis", "Database"},
        {"tech-openssh", "OpenSSH", "Remote Access"}, {"tech-docker", "Docker", "Container Runtime"},
        {"tech-kubernetes", "Kubernetes", "Container Orchestration"}, {"tech-nodejs", "Node.js", "Runtime"},
        {"tech-java", "Java", "Runtime"}, {"tech-python", "Python", "Runtime"},
    };
    // 8 AWS, 5 Azure, 4 GCP, 1 each OCI / Kubernetes / Alibaba
    private static final String[] PLATFORMS = {"AWS", "AWS", "AWS", "AWS", "AWS", "AWS", "AWS", "AWS", "Azure",
        "Azure", "Azure", "Azure", "Azure", "GCP", "GCP", "GCP", "GCP", "OCI", "Kubernetes", "Alibaba"};
    private static final String[] TYPES = {"VIRTUAL_MACHINE", "BUCKET", "DATABASE", "SERVERLESS", "CONTAINER_IMAGE",
        "KUBERNETES_CLUSTER"};
    private static final String[] ENVS = {"prod", "staging", "dev"};
    /** a resource filtered out before its node is made (see {@link #connection}) */
    private static final ObjectNode SKIP = JSON.objectNode();

    private final long seed;
    private final int count;
    private final long stepMs;
    private final Map<Integer, ObjectNode> edited = new ConcurrentHashMap<>();
    private final List<ObjectNode> addedTechnologies = new CopyOnWriteArrayList<>();
    private final AtomicLong version = new AtomicLong();
    private final Pages resourcePages = new Pages();
    private final Pages technologyPages = new Pages();

    EmulatedResources(long seed, int count) {
        this.seed = seed;
        this.count = count;
        this.stepMs = Math.max(1000, WINDOW_MS / (count + 1L)) / 1000 * 1000;
    }

    public int count() {
        return count;
    }

    public String id(int i) {
        return UUID.nameUUIDFromBytes(("resource:" + seed + ":" + i).getBytes()).toString();
    }

    /** Resource #i as cloudResourcesV2 serves it (every field). */
    public ObjectNode resource(int i) {
        check(i);
        ObjectNode e = edited.get(i);
        return e != null ? e.deepCopy() : generated(i);
    }

    /** The technologies of resource #i, as hosted-technology rows, generated and added. */
    public List<ObjectNode> technologies(int i) {
        check(i);
        List<ObjectNode> rows = new java.util.ArrayList<>();
        for (int s = 0; s < SLOTS; s++) {
            ObjectNode row = technologyRow(i * SLOTS + s);
            if (row != SKIP) {
                rows.add(row);
            }
        }
        String id = id(i);
        for (ObjectNode row : addedTechnologies) {
            if (row.path("resource").path("id").asText().equals(id)) {
                rows.add(row.deepCopy());
            }
        }
        return rows;
    }

    /** An edit that keeps the resource: its updatedAt moves to {@code at} and its env tag changes. */
    public void touch(int i, Instant at) {
        edit(i, n -> {
            n.put("updatedAt", at.toString());
            ArrayNode tags = n.putArray("tags");
            tags.addObject().put("key", "env").put("value", "touched-" + at.getEpochSecond());
        });
    }

    /** The resource is deleted at {@code at}: deletedAt and updatedAt move there, its status becomes Inactive. */
    public void delete(int i, Instant at) {
        edit(i, n -> n.put("updatedAt", at.toString()).put("deletedAt", at.toString()).put("status", "Inactive"));
    }

    /** Wiz finds technology #t of the catalogue on resource #i at {@code at}; the resource's updatedAt moves too. */
    public void addTechnology(int i, int t, Instant at) {
        check(i);
        String[] tech = TECHNOLOGIES[t];
        ObjectNode r = resource(i);
        ObjectNode row = row(r, tech, "added-" + addedTechnologies.size(), at.toString(), at.toString());
        addedTechnologies.add(row);
        edit(i, n -> n.put("updatedAt", at.toString()));
    }

    private void edit(int i, java.util.function.Consumer<ObjectNode> change) {
        check(i);
        synchronized (edited) {
            ObjectNode n = resource(i);
            change.accept(n);
            edited.put(i, n);
            version.incrementAndGet();
        }
    }

    private void check(int i) {
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("resource index " + i + " outside 0.." + (count - 1));
        }
    }

    private SplittableRandom random(int i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i * 0xBF58476D1CE4E5B9L + 17);
    }

    private long updatedMs(int i) {
        return BASE_MS - WINDOW_MS + (i + 1L) * stepMs;
    }

    private ObjectNode generated(int i) {
        SplittableRandom r = random(i);
        r.nextInt(4); // the technology count (see technologyRow)
        String platform = PLATFORMS[r.nextInt(PLATFORMS.length)];
        String type = TYPES[r.nextInt(TYPES.length)];
        boolean deleted = r.nextInt(25) == 0;
        int account = r.nextInt(3);
        String env = ENVS[r.nextInt(ENVS.length)];
        long updated = updatedMs(i);
        long created = updated - r.nextLong(60L * 24 * 3600) * 1000;
        String name = type.toLowerCase().replace('_', '-') + "-" + i;
        String accountExternal = switch (platform) {
            case "AWS" -> "1234567890" + (10 + account);
            case "Azure" -> UUID.nameUUIDFromBytes(("sub" + account).getBytes()).toString();
            default -> platform.toLowerCase() + "-project-" + account;
        };
        ObjectNode n = JSON.objectNode();
        n.put("id", id(i));
        n.put("name", name);
        n.put("externalId", switch (platform) {
            case "AWS" -> "arn:aws:" + type.toLowerCase() + ":us-east-1:" + accountExternal + ":" + name;
            case "Azure" -> "/subscriptions/" + accountExternal + "/resourceGroups/rg-" + env + "/providers/" + name;
            default -> "//" + platform.toLowerCase() + "/" + accountExternal + "/" + name;
        });
        n.put("type", type);
        n.put("cloudPlatform", platform);
        n.put("status", deleted ? "Inactive" : "Active");
        ArrayNode tags = n.putArray("tags");
        tags.addObject().put("key", "env").put("value", env);
        tags.addObject().put("key", "owner").put("value", "team-" + (i % 7));
        n.putArray("projects").add(IssueGenerator.PROJECT_NODES.get(r.nextInt(IssueGenerator.PROJECT_NODES.size())));
        n.put("createdAt", Instant.ofEpochMilli(created).toString());
        n.put("updatedAt", Instant.ofEpochMilli(updated).toString());
        if (deleted) {
            n.put("deletedAt", Instant.ofEpochMilli(updated).toString());
        } else {
            n.putNull("deletedAt");
        }
        n.put("isAccessibleFromInternet", r.nextInt(4) == 0);
        n.put("hasAccessToSensitiveData", r.nextInt(5) == 0);
        n.put("hasAdminPrivileges", r.nextInt(8) == 0);
        n.put("hasHighPrivileges", r.nextInt(4) == 0);
        n.put("hasSensitiveData", r.nextInt(6) == 0);
        n.putObject("cloudAccount").put("id", "account-" + platform.toLowerCase() + "-" + account)
                .put("name", env + "-" + platform.toLowerCase() + "-" + account).put("cloudProvider", platform)
                .put("externalId", accountExternal);
        return n;
    }

    /** hosted-technology row #j, or SKIP when resource j / 3 has fewer than j % 3 + 1 technologies */
    private ObjectNode technologyRow(int j) {
        int i = j / SLOTS;
        int slot = j % SLOTS;
        SplittableRandom r = random(i);
        if (slot >= r.nextInt(4)) {
            return SKIP;
        }
        String[] tech = TECHNOLOGIES[(int) Math.floorMod(seed + i * 3L + slot * 5L, TECHNOLOGIES.length)];
        ObjectNode resource = edited.containsKey(i) ? edited.get(i) : generated(i);
        String at = Instant.ofEpochMilli(updatedMs(i)).toString();
        return row(resource, tech, Integer.toString(slot), at, resource.path("createdAt").asText());
    }

    private ObjectNode row(ObjectNode resource, String[] tech, String slot, String updatedAt, String firstSeen) {
        ObjectNode row = JSON.objectNode();
        row.put("id", resource.path("id").asText() + ":" + tech[0] + ":" + slot);
        row.put("name", tech[1]);
        ObjectNode t = row.putObject("technology").put("id", tech[0]).put("name", tech[1])
                .put("description", tech[1] + " (" + tech[2] + ")").put("usage", "COMMON").put("status", "APPROVED")
                .put("risk", "NONE");
        t.putArray("categories").addObject().put("id", tech[2].toLowerCase().replace(' ', '-')).put("name", tech[2]);
        row.putObject("resource").put("id", resource.path("id").asText()).put("name", resource.path("name").asText())
                .put("type", resource.path("type").asText());
        row.putArray("detectionMethods").add("PACKAGE").add("CONFIGURATION");
        row.put("firstSeen", firstSeen);
        row.put("updatedAt", updatedAt);
        row.put("cpe", "cpe:2.3:a:" + tech[0].substring(5) + ":" + tech[0].substring(5) + ":*:*:*:*:*:*:*:*");
        return row;
    }

    // ---- the two roots --------------------------------------------------------------------

    EmulatedRoot resourcesRoot() {
        return new Root("cloudResourcesV2", this::writeResources);
    }

    EmulatedRoot technologiesRoot() {
        return new Root("hostedTechnologies", this::writeTechnologies);
    }

    private interface Writer {
        void write(RootCall call, JsonGenerator g) throws IOException, BadInput;
    }

    private record Root(String field, Writer writer) implements EmulatedRoot {
        @Override
        public String scope() {
            return "read:resources";
        }

        @Override
        public String schemaFile() {
            return "resources.graphqls";
        }

        @Override
        public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
            writer.write(call, g);
        }
    }

    private void writeResources(RootCall call, JsonGenerator g) throws IOException, BadInput {
        JsonNode filter = call.filterBy();
        long after = after(filter.path("updatedAt"));
        Set<String> ids = strings(filter.path("id"));
        Set<String> platforms = strings(filter.path("cloudPlatform"));
        IntFunction<ObjectNode> at = i -> {
            ObjectNode e = edited.get(i);
            // untouched resources are updated in index order: skip the old ones without making their node
            if (e == null && updatedMs(i) <= after) {
                return SKIP;
            }
            return e != null ? e : generated(i);
        };
        ObjectNode page = resourcePages.page(call, count, at, n -> n != SKIP
                && Instant.parse(n.path("updatedAt").asText()).toEpochMilli() > after
                && (ids == null || ids.contains(n.path("id").asText()))
                && (platforms == null || platforms.contains(n.path("cloudPlatform").asText())),
                WizEmulator.MAX_PAGE_SIZE, version.get());
        g.writeTree(call.project(page));
    }

    private void writeTechnologies(RootCall call, JsonGenerator g) throws IOException, BadInput {
        JsonNode filter = call.filterBy();
        long after = after(filter.path("updatedAt"));
        Set<String> resources = strings(filter.path("resourceId"));
        Set<String> technologies = strings(filter.path("technologyId"));
        int generatedRows = count * SLOTS;
        List<ObjectNode> added = List.copyOf(addedTechnologies);
        IntFunction<ObjectNode> at = j -> {
            if (j >= generatedRows) {
                return added.get(j - generatedRows);
            }
            return updatedMs(j / SLOTS) <= after ? SKIP : technologyRow(j);
        };
        ObjectNode page = technologyPages.page(call, generatedRows + added.size(), at, n -> n != SKIP
                && Instant.parse(n.path("updatedAt").asText()).toEpochMilli() > after
                && (resources == null || resources.contains(n.path("resource").path("id").asText()))
                && (technologies == null || technologies.contains(n.path("technology").path("id").asText())),
                WizEmulator.MAX_PAGE_SIZE, version.get());
        g.writeTree(call.project(page));
    }

    static long after(JsonNode window) throws BadInput {
        JsonNode after = window.path("after");
        if (after.isMissingNode() || after.isNull()) {
            return Long.MIN_VALUE;
        }
        try {
            return Instant.parse(after.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new BadInput("Invalid DateTime: " + after.asText());
        }
    }

    static Set<String> strings(JsonNode list) {
        if (!list.isArray()) {
            return null;
        }
        Set<String> out = new HashSet<>();
        list.forEach(v -> out.add(v.asText()));
        return out;
    }
}
