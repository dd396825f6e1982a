package io.wizcamel.sink.jira;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;
import io.wizcamel.sink.ticket.IssueText;

/** The Jira sink's room (settings/sink-jira.yaml): the priority map's syntax. */
public final class JiraSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-jira.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        try {
            IssueText.map("wiz.sink.jira.priority-map", c.raw("wiz.sink.jira.priority-map"));
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
    }
}
