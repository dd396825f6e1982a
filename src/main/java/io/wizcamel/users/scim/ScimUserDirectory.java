package io.wizcamel.users.scim;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.http.SecretHeader;
import io.wizcamel.users.DesiredUser;
import io.wizcamel.users.DirectoryUser;
import io.wizcamel.users.UserDirectory;
import io.wizcamel.users.UserDirectoryException;
import io.wizcamel.users.UserDirectoryException.Kind;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code scim} channel of the user plan (bean {@code scimUserDirectory}, routes/users/scim.yaml): users read
 * and changed through a SCIM 2.0 service provider (RFC 7644), e.g. Wiz's {@code /scim/v2}.
 *
 * <p>Mapping: email = {@code userName} (and the primary {@code emails} value); name = {@code displayName} and
 * {@code name.formatted} (given name all words but the last, family name the last); active = {@code active}. The
 * role and the projects are memberships of groups found by {@code displayName}: {@code <role prefix><role id>}
 * (default {@code wiz-role-GLOBAL_ADMIN}) and {@code <project prefix><project id>}; groups with neither prefix are
 * left alone. Groups must exist (they are mapped to Wiz roles and projects in the provider): a missing one refuses
 * the change before anything is written. A user's groups are read from its {@code groups} attribute (RFC 7643
 * 4.1.2).
 */
public class ScimUserDirectory implements UserDirectory, CamelContextAware, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ScimUserDirectory.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    private final ScimClient scim;
    private final SecretHeader authorization;
    private final int pageSize;
    private final String rolePrefix;
    private final String projectPrefix;
    /** group displayName → id; the groups are few (roles and projects), not the users */
    private final Map<String, String> groupIds = new ConcurrentHashMap<>();
    /** group id → displayName, for providers whose user resources name groups by id only */
    private final Map<String, String> groupNames = new ConcurrentHashMap<>();
    private CamelContext camelContext;

    /**
     * @param url             the SCIM base URL ({@code wiz.scim.url}); blank: every call fails naming the key
     * @param authorization   "Bearer &lt;wiz.scim.token&gt;", read by the header bean itself
     * @param pageSize        users per list request ({@code wiz.scim.page-size})
     * @param timeoutSeconds  per request ({@code wiz.scim.timeout-seconds})
     * @param rolePrefix      the role groups' displayName prefix ({@code wiz.scim.role-group-prefix})
     * @param projectPrefix   the project groups' prefix ({@code wiz.scim.project-group-prefix})
     * @param maxRetries      {@code wiz.retry.max-retries}, as for the Wiz API
     */
    public ScimUserDirectory(String url, SecretHeader authorization, int pageSize, int timeoutSeconds,
            String rolePrefix, String projectPrefix, int maxRetries, long initialDelayMillis, long maxDelayMillis,
            long maxTotalSeconds) {
        this.authorization = authorization;
        this.scim = new ScimClient(url, authorization, timeoutSeconds, maxRetries, initialDelayMillis,
                maxDelayMillis, maxTotalSeconds);
        this.pageSize = pageSize;
        this.rolePrefix = rolePrefix == null ? "" : rolePrefix;
        this.projectPrefix = projectPrefix == null ? "" : projectPrefix;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (authorization.getCamelContext() == null) {
            authorization.setCamelContext(camelContext); // reads wiz.scim.token when the header was made fromSetting
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    public String channel() {
        return "scim";
    }

    @Override
    public void forEachUser(Consumer<DirectoryUser> each) {
        int startIndex = 1;
        while (true) {
            String path = ScimClient.path("/Users", Map.of("startIndex", Integer.toString(startIndex),
                    "count", Integer.toString(pageSize)));
            ScimClient.Reply reply = scim.call("list users from " + startIndex, "GET", path, null);
            if (!reply.ok()) {
                throw scim.failure("list users from " + startIndex, "GET", path, reply);
            }
            JsonNode resources = reply.body().path("Resources");
            for (JsonNode u : resources) {
                each.accept(user(u));
            }
            int total = reply.body().path("totalResults").asInt(0);
            startIndex += resources.size();
            // an empty page ends the walk even if totalResults says more (users deleted meanwhile)
            if (resources.isEmpty() || startIndex > total) {
                return;
            }
        }
    }

    @Override
    public Optional<DirectoryUser> findByEmail(String email) {
        return findNode(email, "find user " + email).map(this::user);
    }

    private Optional<JsonNode> findNode(String email, String what) {
        String path = ScimClient.path("/Users", Map.of("filter", "userName eq " + quoted(email)));
        ScimClient.Reply reply = scim.call(what, "GET", path, null);
        if (!reply.ok()) {
            throw scim.failure(what, "GET", path, reply);
        }
        for (JsonNode u : reply.body().path("Resources")) {
            if (u.path("userName").asText().equalsIgnoreCase(email)) {
                return Optional.of(u);
            }
        }
        return Optional.empty();
    }

    @Override
    public DirectoryUser create(DesiredUser user) {
        String who = who(user);
        Set<String> groups = wantedGroups(user);
        Map<String, String> ids = resolveGroups(groups, "create user " + who); // refused before anything is written
        ObjectNode body = JSON.createObjectNode();
        body.putArray("schemas").add(USER_SCHEMA);
        body.put("userName", user.email());
        if (user.name() != null && !user.name().isBlank()) {
            body.set("name", name(user.name()));
            body.put("displayName", user.name());
        }
        body.putArray("emails").addObject().put("value", user.email()).put("type", "work").put("primary", true);
        body.put("active", user.active());
        ScimClient.Reply reply = scim.call("create user " + who, "POST", "/Users", body);
        if (reply.status() == 409) {
            // uniqueness: the user exists (made by someone else, or by our own create whose answer was lost)
            Optional<DirectoryUser> existing = findByEmail(user.email());
            if (existing.isEmpty()) {
                throw scim.failure("create user " + who + " (409 uniqueness, but no user with userName "
                        + user.email() + " is listed)", "POST", "/Users", reply);
            }
            LOG.info("SCIM user {} already exists ({}): updating it instead", who, existing.get().id());
            return update(existing.get(), user);
        }
        if (!reply.ok()) {
            throw scim.failure("create user " + who, "POST", "/Users", reply);
        }
        String id = reply.body() == null ? null : reply.body().path("id").asText(null);
        if (id == null) {
            id = findNode(user.email(), "re-read user " + who).map(n -> n.path("id").asText())
                    .orElseThrow(() -> new UserDirectoryException(Kind.UNCERTAIN, "SCIM create user " + who
                            + ": the answer named no id and the user cannot be found by userName"));
        }
        try {
            for (String group : groups) {
                member("add", ids.get(group), group, id, "add user " + who + " to group " + group);
            }
        } catch (UserDirectoryException e) {
            // the user exists now: say so, so that nobody looks for a create that failed
            throw new UserDirectoryException(e.kind(), "SCIM user " + who + " was created (id " + id + "), but "
                    + e.getMessage(), e);
        }
        return reread(id, who);
    }

    @Override
    public DirectoryUser update(DirectoryUser current, DesiredUser desired) {
        String who = who(desired);
        Set<String> wanted = wantedGroups(desired);
        Map<String, String> ids = resolveGroups(wanted, "update user " + who);
        JsonNode now = get(current.id(), who);
        DirectoryUser fresh = user(now);
        ArrayNode ops = JSON.createArrayNode();
        if (desired.name() != null && !desired.name().isBlank() && !desired.name().equals(fresh.name())) {
            ops.addObject().put("op", "replace").put("path", "displayName").put("value", desired.name());
            ops.addObject().put("op", "replace").put("path", "name").set("value", name(desired.name()));
        }
        if (desired.active() != fresh.active()) {
            ops.addObject().put("op", "replace").put("path", "active").put("value", desired.active());
        }
        boolean wrote = false;
        if (!ops.isEmpty()) {
            ObjectNode patch = JSON.createObjectNode();
            patch.putArray("schemas").add(PATCH_OP);
            patch.set("Operations", ops);
            String path = "/Users/" + current.id();
            ScimClient.Reply reply = scim.call("update user " + who, "PATCH", path, patch);
            if (!reply.ok()) {
                throw scim.failure("update user " + who, "PATCH", path, reply);
            }
            wrote = true;
        }
        Map<String, String> memberOf = managedGroups(now);
        for (Map.Entry<String, String> g : memberOf.entrySet()) {
            // a null role leaves the role groups alone; the projects are always as desired
            boolean keep = wanted.contains(g.getKey()) || kindOf(g.getKey()) == GroupKind.ROLE && desired.role() == null;
            if (!keep) {
                member("remove", g.getValue(), g.getKey(), current.id(), "remove user " + who + " from group "
                        + g.getKey());
                wrote = true;
            }
        }
        for (String group : wanted) {
            if (!memberOf.containsKey(group)) {
                member("add", ids.get(group), group, current.id(), "add user " + who + " to group " + group);
                wrote = true;
            }
        }
        return wrote ? reread(current.id(), who) : fresh;
    }

    @Override
    public void delete(DirectoryUser current) {
        String path = "/Users/" + current.id();
        String what = "delete user " + current.email();
        ScimClient.Reply reply = scim.call(what, "DELETE", path, null);
        if (reply.status() == 404) {
            LOG.info("SCIM user {} ({}) was already gone", current.email(), current.id());
            return;
        }
        if (!reply.ok()) {
            throw scim.failure(what, "DELETE", path, reply);
        }
    }

    // ---- groups ----------------------------------------------------------------------------------------------

    /** the displayNames of the groups the desired role and projects mean (a null role: the role is left alone) */
    private Set<String> wantedGroups(DesiredUser user) {
        Set<String> out = new LinkedHashSet<>();
        if (user.role() != null && !user.role().isBlank()) {
            out.add(rolePrefix + user.role());
        }
        for (String p : new TreeSet<>(user.projects())) {
            out.add(projectPrefix + p);
        }
        return out;
    }

    private Map<String, String> resolveGroups(Set<String> names, String what) {
        Map<String, String> ids = new LinkedHashMap<>();
        for (String name : names) {
            ids.put(name, groupId(name, what));
        }
        return ids;
    }

    private String groupId(String displayName, String what) {
        String cached = groupIds.get(displayName);
        if (cached != null) {
            return cached;
        }
        String path = ScimClient.path("/Groups", Map.of("filter", "displayName eq " + quoted(displayName),
                "excludedAttributes", "members"));
        ScimClient.Reply reply = scim.call("find group " + displayName + " to " + what, "GET", path, null);
        if (!reply.ok()) {
            throw scim.failure("find group " + displayName + " to " + what, "GET", path, reply);
        }
        List<String> found = new ArrayList<>();
        for (JsonNode g : reply.body().path("Resources")) {
            if (g.path("displayName").asText().equals(displayName)) {
                found.add(g.path("id").asText());
            }
        }
        if (found.size() != 1) {
            throw new UserDirectoryException(Kind.REJECTED, "SCIM " + what + ": " + (found.isEmpty()
                    ? "no group has the displayName \"" + displayName + "\"; create it in the service provider"
                            + " (mapped to that Wiz role or project), or check wiz.scim.role-group-prefix and"
                            + " wiz.scim.project-group-prefix"
                    : found.size() + " groups have the displayName \"" + displayName + "\" (ids " + found
                            + "); give the role or project one group"));
        }
        groupIds.put(displayName, found.get(0));
        return found.get(0);
    }

    private void member(String op, String groupId, String group, String userId, String what) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putArray("schemas").add(PATCH_OP);
        ObjectNode o = patch.putArray("Operations").addObject().put("op", op);
        if (op.equals("add")) {
            o.put("path", "members").putArray("value").addObject().put("value", userId);
        } else {
            o.put("path", "members[value eq " + quoted(userId) + "]");
        }
        String path = "/Groups/" + groupId;
        ScimClient.Reply reply = scim.call(what, "PATCH", path, patch);
        if (reply.status() == 404) {
            groupIds.remove(group); // the group went away since it was looked up
        }
        if (!reply.ok()) {
            throw scim.failure(what, "PATCH", path, reply);
        }
    }

    /** the role and project groups a user resource says it is in: displayName → id */
    private Map<String, String> managedGroups(JsonNode user) {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode g : user.path("groups")) {
            String name = display(g);
            if (kindOf(name) != GroupKind.OTHER) {
                out.put(name, g.path("value").asText());
                groupIds.putIfAbsent(name, g.path("value").asText());
            }
        }
        return out;
    }

    private enum GroupKind { ROLE, PROJECT, OTHER }

    /** the longer prefix is tried first: with wiz- and wiz-project-, wiz-project-x is a project */
    private GroupKind kindOf(String displayName) {
        boolean role = displayName.startsWith(rolePrefix);
        boolean project = displayName.startsWith(projectPrefix);
        if (role && project) {
            return projectPrefix.length() >= rolePrefix.length() ? GroupKind.PROJECT : GroupKind.ROLE;
        }
        return role ? GroupKind.ROLE : project ? GroupKind.PROJECT : GroupKind.OTHER;
    }

    /** a user's group's displayName: its display, or (a provider that leaves it out) the group's own */
    private String display(JsonNode group) {
        String display = group.path("display").asText("");
        if (!display.isEmpty()) {
            return display;
        }
        String id = group.path("value").asText("");
        return groupNames.computeIfAbsent(id, k -> {
            String path = ScimClient.path("/Groups/" + k, Map.of("attributes", "displayName"));
            ScimClient.Reply reply = scim.call("read group " + k, "GET", path, null);
            if (!reply.ok()) {
                throw scim.failure("read group " + k, "GET", path, reply);
            }
            return reply.body().path("displayName").asText("");
        });
    }

    // ---- users -----------------------------------------------------------------------------------------------

    private JsonNode get(String id, String who) {
        String path = "/Users/" + id;
        ScimClient.Reply reply = scim.call("read user " + who, "GET", path, null);
        if (!reply.ok()) {
            throw scim.failure("read user " + who + (reply.status() == 404 ? " (no longer there)" : ""), "GET",
                    path, reply);
        }
        return reply.body();
    }

    private DirectoryUser reread(String id, String who) {
        return user(get(id, who));
    }

    /** a SCIM User resource as the plan sees a user */
    DirectoryUser user(JsonNode u) {
        String email = null;
        for (JsonNode e : u.path("emails")) {
            if (email == null || e.path("primary").asBoolean(false)) {
                email = e.path("value").asText(null);
            }
        }
        if (email == null || email.isBlank()) {
            email = u.path("userName").asText(null);
        }
        String name = u.path("displayName").asText(null);
        if (name == null || name.isBlank()) {
            name = u.path("name").path("formatted").asText(null);
        }
        if (name == null || name.isBlank()) {
            String joined = (u.path("name").path("givenName").asText("") + " "
                    + u.path("name").path("familyName").asText("")).trim();
            name = joined.isEmpty() ? null : joined;
        }
        String role = null;
        Set<String> projects = new LinkedHashSet<>();
        for (JsonNode g : u.path("groups")) {
            String display = display(g);
            switch (kindOf(display)) {
                case ROLE -> {
                    String r = display.substring(rolePrefix.length());
                    role = role == null || r.compareTo(role) < 0 ? r : role; // several: one, the same every run
                }
                case PROJECT -> projects.add(display.substring(projectPrefix.length()));
                default -> { }
            }
        }
        boolean active = !u.has("active") || u.path("active").asBoolean(true);
        return new DirectoryUser(u.path("id").asText(), email == null ? null : email.toLowerCase(Locale.ROOT), name,
                role, projects, active);
    }

    /** name.formatted, and a split of it: the given name all words but the last, the family name the last */
    private static ObjectNode name(String full) {
        ObjectNode n = JSON.createObjectNode();
        String trimmed = full.trim();
        n.put("formatted", trimmed);
        int last = trimmed.lastIndexOf(' ');
        if (last < 0) {
            n.put("givenName", trimmed);
        } else {
            n.put("givenName", trimmed.substring(0, last).trim());
            n.put("familyName", trimmed.substring(last + 1));
        }
        return n;
    }

    private static String who(DesiredUser u) {
        return u.email() + (u.source() == null || u.source().isBlank() ? "" : " (" + u.source() + ")");
    }

    /** a SCIM filter string literal (a JSON string: quotes and backslashes escaped) */
    private static String quoted(String s) {
        try {
            return JSON.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws IOException {
        scim.close();
    }

    @Override
    public String toString() {
        return "ScimUserDirectory"; // never the header
    }
}
