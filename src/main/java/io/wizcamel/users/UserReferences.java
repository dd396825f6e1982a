package io.wizcamel.users;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.wiz.WizApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * What a desired user's role and projects may name, read from Wiz: the roles ({@code userRolesV2}, by id or name) and
 * the projects (by id or name, every page). Read once per plan; a handful of roles, and projects as id and name only.
 */
public class UserReferences implements CamelContextAware {

    private CamelContext context;

    /** The roles and projects of the tenant, keyed for lookup. */
    public static final class Refs {
        /** role id and lower-cased role name -> role id */
        private final Map<String, String> roles = new HashMap<>();
        /** project id and lower-cased project name -> project id ("" when the name is shared by several) */
        private final Map<String, String> projects = new HashMap<>();
        private final Map<String, String> projectNames = new LinkedHashMap<>();

        public void role(String id, String name) {
            roles.put(id, id);
            if (name != null) {
                roles.putIfAbsent(name.toLowerCase(Locale.ROOT), id);
            }
        }

        public void project(String id, String name) {
            projects.put(id, id);
            projectNames.put(id, name);
            if (name != null) {
                projects.merge(name.toLowerCase(Locale.ROOT), id, (a, b) -> a.equals(b) ? a : "");
            }
        }

        /** the role id for an id or a name (case-insensitive), or null */
        public String roleId(String idOrName) {
            String id = roles.get(idOrName);
            return id != null ? id : roles.get(idOrName.toLowerCase(Locale.ROOT));
        }

        /** the project id for an id or a name, null when unknown, "" when the name is not unique */
        public String projectId(String idOrName) {
            String id = projects.get(idOrName);
            return id != null ? id : projects.get(idOrName.toLowerCase(Locale.ROOT));
        }
    }

    /** the roles and projects as Wiz has them now */
    public Refs load() {
        WizGraphql wiz = new WizGraphql(context);
        Refs refs = new Refs();
        try {
            for (JsonNode r : wiz.call("roles", "read:roles", Map.of(), true).path("userRolesV2")) {
                refs.role(r.path("id").asText(), r.path("name").asText(null));
            }
            String after = null;
            while (true) {
                Map<String, Object> vars = new HashMap<>();
                vars.put("first", 500);
                vars.put("after", after);
                JsonNode page = wiz.call("user-projects", "read:projects", vars, true).path("projects");
                for (JsonNode p : page.path("nodes")) {
                    refs.project(p.path("id").asText(), p.path("name").asText(null));
                }
                String next = page.path("pageInfo").path("endCursor").asText(null);
                if (!page.path("pageInfo").path("hasNextPage").asBoolean(false)) {
                    break;
                }
                if (next == null || next.isEmpty() || next.equals(after)) {
                    throw WizApiException.fatal("BAD_CURSOR", "Wiz answered projects with another page but no new"
                            + " cursor");
                }
                after = next;
            }
        } catch (RuntimeException e) {
            throw GraphqlUserDirectory.classify("read the roles and projects", e, false);
        } catch (Exception e) {
            throw GraphqlUserDirectory.classify("read the roles and projects", e, false);
        }
        return refs;
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
