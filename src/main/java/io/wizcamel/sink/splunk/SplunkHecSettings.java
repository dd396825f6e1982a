package io.wizcamel.sink.splunk;

import io.wizcamel.config.SettingsRoom;

/** The Splunk HEC sink's room (settings/sink-splunk-hec.yaml): its schema says everything. */
public final class SplunkHecSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-splunk-hec.yaml";
    }
}
