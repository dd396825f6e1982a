package io.wizcamel.ops;

import io.wizcamel.config.SettingsRoom;

/** The operations room (settings/operations.yaml): its schema says everything. */
public final class OperationsSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/operations.yaml";
    }
}
