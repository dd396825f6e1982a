package io.wizcamel.stream.findings;

import io.wizcamel.config.SettingsRoom;

/** The room of the projects and findings streams' own settings (settings/streams-findings.yaml). */
public final class FindingStreamSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/streams-findings.yaml";
    }
}
