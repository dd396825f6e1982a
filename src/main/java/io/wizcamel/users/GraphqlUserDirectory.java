package io.wizcamel.users;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.WizCamel;
import io.wizcamel.wiz.RetryPolicy;
import io.wizcamel.wiz.WizApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * The {@code graphql} channel (bean {@code graphqlUserDirectory}): Wiz's own API through {@code direct:wiz-graphql},
 * with the mutations of routes/graphql/create-user, update-user and delete-user.graphql (production's input shapes:
 * {@code updateUser(input: {id, patch})}, {@code isSuspended}, role ids). Reads need read:users; writes admin:users.
 */
public class GraphqlUserDirectory implements UserDirectory, CamelContextAware {

    /** the scope of the user writes, as the Terraform provider names it (Wiz's seed guide says write:users) */
    static final String WRITE_SCOPE = "admin:users (Wiz's seed guide calls it write:users)";
    private static final int PAGE = 100; // Wiz serves users at most 100 a page

    private CamelContext context;
    private WizGraphql wiz;

    @Override
    public String channel() {
        return "graphql";
    }

    @Override
    public void forEachUser(Consumer<DirectoryUser> each) {
        String after = null;
        while (true) {
            JsonNode page = users(after, null);
            for (JsonNode n : page.path("nodes")) {
                each.accept(user(n));
            }
            String next = page.path("pageInfo").path("endCursor").asText(null);
            if (!page.path("pageInfo").path("hasNextPage").asBoolean(false)) {
                return;
            }
            if (next == null || next.isEmpty() || next.equals(after)) {
                throw new UserDirectoryException(UserDirectoryException.Kind.UNAVAILABLE, "Wiz answered users with"
                        + " another page but no new cursor (" + next + "): stopped rather than read the same page"
                        + " again");
            }
            after = next;
        }
    }

    @Override
    public Optional<DirectoryUser> findByEmail(String email) {
        // search matches name or email by substring: keep the exact email, on every page of the search
        String after = null;
        while (true) {
            JsonNode page = users(after, email);
            for (JsonNode n : page.path("nodes")) {
                if (email.equalsIgnoreCase(n.path("email").asText(""))) {
                    return Optional.of(user(n));
                }
            }
            String next = page.path("pageInfo").path("endCursor").asText(null);
            if (!page.path("pageInfo").path("hasNextPage").asBoolean(false) || next == null || next.equals(after)) {
                return Optional.empty();
            }
            after = next;
        }
    }

    @Override
    public DirectoryUser create(DesiredUser user) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("email", user.email());
        input.put("name", user.name() != null && !user.name().isBlank() ? user.name() : user.email());
        input.put("role", user.role());
        input.put("assignedProjectIds", List.copyOf(new TreeSet<>(user.projects())));
        input.put("sendEmailInvite", false);
        JsonNode data = mutate("create-user", input, false, "create " + user.email());
        DirectoryUser made = user(data.path("createUser").path("user"));
        if (!user.active()) { // Wiz creates users active: suspend at once when the desired state says so
            return update(made, user);
        }
        return made;
    }

    @Override
    public DirectoryUser update(DirectoryUser current, DesiredUser desired) {
        Map<String, Object> patch = patch(current, desired);
        if (patch.isEmpty()) {
            return current;
        }
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("id", current.id());
        input.put("patch", patch);
        JsonNode data = mutate("update-user", input, true, "update " + current.email());
        return user(data.path("updateUser").path("user"));
    }

    /** only what differs: name, role, assignedProjectIds, isSuspended */
    static Map<String, Object> patch(DirectoryUser current, DesiredUser desired) {
        Map<String, Object> patch = new LinkedHashMap<>();
        if (desired.name() != null && !desired.name().isBlank() && !desired.name().equals(current.name())) {
            patch.put("name", desired.name());
        }
        if (desired.role() != null && !desired.role().equals(current.role())) {
            patch.put("role", desired.role());
        }
        if (!desired.projects().equals(current.projects())) {
            patch.put("assignedProjectIds", List.copyOf(new TreeSet<>(desired.projects())));
        }
        if (desired.active() != current.active()) {
            patch.put("isSuspended", !desired.active());
        }
        return patch;
    }

    @Override
    public void delete(DirectoryUser current) {
        mutate("delete-user", Map.of("id", current.id()), true, "delete " + current.email());
    }

    private JsonNode users(String after, String search) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("first", PAGE);
        vars.put("after", after);
        if (search != null) {
            vars.put("filterBy", Map.of("search", search));
        }
        try {
            return wiz().call("user-directory", "read:users", vars, true).path("users");
        } catch (Exception e) {
            throw classify("read the users", e, false);
        }
    }

    private JsonNode mutate(String name, Map<String, Object> input, boolean repeatable, String what) {
        Map<String, Object> vars = new HashMap<>();
        vars.put("input", input);
        try {
            return wiz().call(name, WRITE_SCOPE, vars, repeatable);
        } catch (Exception e) {
            throw classify(what, e, !repeatable);
        }
    }

    /**
     * A failure of the API route as the lifecycle needs it: refused (the row is rejected), forbidden (the scope),
     * uncertain (a non-repeatable request may have been applied) or unavailable.
     */
    static UserDirectoryException classify(String what, Throwable e, boolean mayHaveApplied) {
        WizApiException api = find(e, WizApiException.class);
        String why = WizCamel.oneLine(e);
        if (api != null && "UNAUTHORIZED".equals(api.code())) {
            return new UserDirectoryException(UserDirectoryException.Kind.FORBIDDEN, "Wiz refused to " + what
                    + ": " + why + (why.contains("admin:users") ? "" : " (user writes need the admin:users scope;"
                    + " Wiz's seed guide calls it write:users)"), e);
        }
        if (mayHaveApplied && RetryPolicy.mayHaveArrived(e)) {
            return new UserDirectoryException(UserDirectoryException.Kind.UNCERTAIN, "no answer from Wiz to "
                    + what + " (" + why + "): it may have been made", e);
        }
        if (api != null && api.kind() == WizApiException.Kind.FATAL && api.code() != null
                && !api.code().startsWith("HTTP_") && !"UNREACHABLE".equals(api.code())
                && !"NO_DATA".equals(api.code()) && !"BAD_CURSOR".equals(api.code())) {
            return new UserDirectoryException(UserDirectoryException.Kind.REJECTED, "Wiz refused to " + what + ": "
                    + why, e);
        }
        return new UserDirectoryException(UserDirectoryException.Kind.UNAVAILABLE, "could not " + what + ": " + why,
                e);
    }

    static DirectoryUser user(JsonNode n) {
        Set<String> projects = new TreeSet<>();
        for (JsonNode p : n.path("effectiveAssignedProjects")) {
            projects.add(p.path("id").asText());
        }
        String email = n.path("email").isTextual() ? n.path("email").asText() : null;
        return new DirectoryUser(n.path("id").asText(), email == null ? null : email.toLowerCase(Locale.ROOT),
                n.path("name").asText(null), n.path("effectiveRole").path("id").asText(null), projects,
                !n.path("isSuspended").asBoolean(false));
    }

    private static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private synchronized WizGraphql wiz() {
        if (wiz == null) {
            wiz = new WizGraphql(context);
        }
        return wiz;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.context = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
