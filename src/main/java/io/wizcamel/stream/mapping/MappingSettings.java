package io.wizcamel.stream.mapping;

import io.wizcamel.config.SettingsRoom;

/** The room of the JQ mapping and schema-check settings (settings/mappings.yaml). */
public final class MappingSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/mappings.yaml";
    }
}
