package io.wizcamel.sink.sentinel;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;

/** The Microsoft Sentinel sink's room (settings/sink-sentinel.yaml). */
public final class SentinelSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-sentinel.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        String dcr = c.value("wiz.sink.sentinel.dcr-immutable-id");
        if (!dcr.isEmpty() && !dcr.startsWith("dcr-")) {
            c.problem("wiz.sink.sentinel.dcr-immutable-id (WIZ_SINK_SENTINEL_DCR_IMMUTABLE_ID) is '" + dcr
                    + "': give the DCR's immutableId, which starts with dcr-, not its name or resource id");
        }
    }
}
