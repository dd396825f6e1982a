package io.wizcamel.users.scim;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;

/**
 * The room settings/users-scim.yaml: the channel and its SCIM service provider. The schema requires the URL and
 * token when the channel is scim; this check adds that the group prefixes tell roles from projects.
 */
public final class ScimSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/users-scim.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        if (!"scim".equals(c.value("wiz.users.channel"))) {
            return;
        }
        String role = c.value("wiz.scim.role-group-prefix");
        String project = c.value("wiz.scim.project-group-prefix");
        if (role.isEmpty() || project.isEmpty()) {
            String key = role.isEmpty() ? "wiz.scim.role-group-prefix" : "wiz.scim.project-group-prefix";
            c.problem(key + " (" + ConfigCheck.env(key) + ") is empty: with wiz.users.channel=scim every group would"
                    + " count as a role or project group and be changed; give a prefix such as "
                    + (role.isEmpty() ? "wiz-role-" : "wiz-project-"));
        } else if (role.equals(project)) {
            c.problem("wiz.scim.role-group-prefix and wiz.scim.project-group-prefix are both \"" + role
                    + "\": a group could not be told to be a role or a project; give them different prefixes");
        }
    }
}
