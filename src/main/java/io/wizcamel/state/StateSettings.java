package io.wizcamel.state;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;

/** The state room (settings/state.yaml): SQLite files or PostgreSQL. */
public final class StateSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/state.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        String url = c.value("wiz.state.jdbc-url");
        if (!url.isEmpty() && !url.startsWith("jdbc:postgresql:")) {
            c.problem("wiz.state.jdbc-url (WIZ_STATE_JDBC_URL) is " + JdbcUrls.mask(url) + ", not a PostgreSQL JDBC URL: give"
                    + " jdbc:postgresql://host:5432/database, or leave it blank for the SQLite files under wiz.state-dir");
        }
        String schema = c.value("wiz.state.jdbc-schema");
        if (!schema.isEmpty() && !schema.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
            c.problem("wiz.state.jdbc-schema (WIZ_STATE_JDBC_SCHEMA) is '" + schema + "', not a plain schema name: use letters, digits"
                    + " and underscores, starting with a letter");
        }
    }
}
