package io.wizcamel.stream.identity;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;

/**
 * Grants (docs/streams/grants.md), one record per (principal, entitlement), from the raw pages of the users,
 * service-accounts and projects crawls. People are keyed by lower-cased email (those without one are dropped and
 * counted); each grant names every Wiz id its principal was seen under ({@link PrincipalIds}).
 */
public class GrantMapper {

    private final PrincipalIds principalIds;

    public GrantMapper(PrincipalIds principalIds) {
        this.principalIds = principalIds;
    }

    /** users nodes: role and assigned projects; userAccounts nodes (the fallback) only tell ids */
    public List<ObjectNode> fromUsers(JsonNode nodes, @ExchangeProperty(RunStats.PROPERTY) RunStats run)
            throws SQLException {
        List<PrincipalIds.Sighting> seen = new ArrayList<>();
        for (JsonNode user : nodes) {
            String email = Nodes.email(user);
            if (email == null) {
                run.drop("noEmail");
            } else {
                seen.add(new PrincipalIds.Sighting(email, Nodes.text(user, "id"),
                        user.has("effectiveRole") ? "users" : UserSource.ACCOUNTS));
            }
        }
        Map<String, List<String>> ids = principalIds.see(seen);
        List<ObjectNode> grants = new ArrayList<>();
        for (JsonNode user : nodes) {
            String email = Nodes.email(user);
            if (email == null) {
                continue;
            }
            Principal p = new Principal(email, "user", Nodes.text(user, "name"), ids.get(email));
            JsonNode role = user.get("effectiveRole");
            if (role != null && role.isObject()) {
                grants.add(p.grant("role", Nodes.text(role, "id"), Nodes.text(role, "name"), "users"));
            }
            for (JsonNode project : Nodes.items(user, "effectiveAssignedProjects")) {
                grants.add(p.grant("projectMember", Nodes.text(project, "id"), Nodes.text(project, "name"), "users"));
            }
        }
        return grants;
    }

    /** the project fields that name people, in order, and the entitlement each gives */
    private static final List<String> PROJECT_PEOPLE = List.of("projectOwners", "securityChampions");
    private static final Map<String, String> ENTITLEMENT = Map.of("projectOwners", "projectOwner",
            "securityChampions", "securityChampion");

    /** projects nodes: their owners and security champions */
    public List<ObjectNode> fromProjects(JsonNode nodes, @ExchangeProperty(RunStats.PROPERTY) RunStats run)
            throws SQLException {
        List<PrincipalIds.Sighting> seen = new ArrayList<>();
        for (JsonNode project : nodes) {
            for (String field : PROJECT_PEOPLE) {
                for (JsonNode person : Nodes.items(project, field)) {
                    String email = Nodes.email(person);
                    if (email == null) {
                        run.drop("ownerNoEmail");
                    } else {
                        seen.add(new PrincipalIds.Sighting(email, Nodes.text(person, "id"), "projects"));
                    }
                }
            }
        }
        Map<String, List<String>> ids = principalIds.see(seen);
        List<ObjectNode> grants = new ArrayList<>();
        for (JsonNode project : nodes) {
            for (String field : PROJECT_PEOPLE) {
                for (JsonNode person : Nodes.items(project, field)) {
                    String email = Nodes.email(person);
                    if (email != null) {
                        grants.add(new Principal(email, "user", Nodes.text(person, "name"), ids.get(email)).grant(
                                ENTITLEMENT.get(field), Nodes.text(project, "id"), Nodes.text(project, "name"),
                                "projects"));
                    }
                }
            }
        }
        return grants;
    }

    /** serviceAccounts nodes: their scopes and assigned projects, keyed by the account's id */
    public List<ObjectNode> fromServiceAccounts(JsonNode nodes) {
        List<ObjectNode> grants = new ArrayList<>();
        for (JsonNode account : nodes) {
            String id = Nodes.text(account, "id");
            Principal p = new Principal(id, "serviceAccount", Nodes.text(account, "name"), List.of(id));
            for (JsonNode scope : Nodes.items(account, "scopes")) {
                grants.add(p.grant("scope", scope.asText(), scope.asText(), "service-accounts"));
            }
            for (JsonNode project : Nodes.items(account, "assignedProjects")) {
                grants.add(p.grant("project", Nodes.text(project, "id"), Nodes.text(project, "name"),
                        "service-accounts"));
            }
        }
        return grants;
    }

    private record Principal(String key, String type, String name, List<String> wizIds) {

        ObjectNode grant(String entitlementType, String entitlementId, String entitlementName, String source) {
            ObjectNode g = Nodes.object();
            g.put("id", key + "|" + entitlementType + "|" + entitlementId);
            g.put("principal", key);
            g.put("principalType", type);
            g.put("principalName", name);
            g.put("entitlementType", entitlementType);
            g.put("entitlementId", entitlementId);
            g.put("entitlementName", entitlementName);
            ArrayNode ids = g.putArray("wizIds");
            (wizIds == null ? List.<String>of() : wizIds).forEach(ids::add);
            g.put("source", source);
            return g;
        }
    }
}
