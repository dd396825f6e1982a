package io.wizcamel.stream.identity;

import io.wizcamel.config.SettingsRoom;

/** The identity streams' room (settings/streams-identity.yaml); its schema says all there is to check. */
public final class IdentitySettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/streams-identity.yaml";
    }
}
