package io.wizcamel.users;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;

/** The user lifecycle's room (settings/users.yaml). */
public final class UsersSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/users.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        if (Boolean.parseBoolean(c.value("wiz.users.schedule-enabled")) && c.value("wiz.users.desired-file").isEmpty()) {
            c.problem("wiz.users.schedule-enabled (WIZ_USERS_SCHEDULE_ENABLED) is true but wiz.users.desired-file"
                    + " (WIZ_USERS_DESIRED_FILE) is not set: give the CSV or JSON Lines file of the users Wiz should"
                    + " have");
        }
    }
}
