package io.wizcamel.sink.servicenow;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;

/** The ServiceNow sink's room (settings/sink-servicenow.yaml): the table name and the maps' syntax. */
public final class ServiceNowSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-servicenow.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        String table = c.value("wiz.sink.servicenow.table");
        if (!table.isEmpty() && !table.matches("[a-z0-9_]+")) {
            c.problem("wiz.sink.servicenow.table (WIZ_SINK_SERVICENOW_TABLE) is '" + table
                    + "': give a table name such as incident or sn_si_incident");
        }
        try {
            ServiceNowTickets.validate(c.raw("wiz.sink.servicenow.state-map"), c.raw("wiz.sink.servicenow.urgency-map"),
                    c.raw("wiz.sink.servicenow.impact-map"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
    }
}
