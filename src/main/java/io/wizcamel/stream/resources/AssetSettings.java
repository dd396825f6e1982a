package io.wizcamel.stream.resources;

import io.wizcamel.config.SettingsRoom;

/** The room of the resources and audit-logs streams' settings (settings/streams-assets.yaml). */
public final class AssetSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/streams-assets.yaml";
    }
}
