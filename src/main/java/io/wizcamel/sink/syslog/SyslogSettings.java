package io.wizcamel.sink.syslog;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;
import io.wizcamel.sink.TrustFileSetting;

/** The syslog sink's room (settings/sink-syslog.yaml): the message settings, checked by building the messages. */
public final class SyslogSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-syslog.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        try {
            new SyslogMessages(c.value("wiz.sink.syslog.format"), c.value("wiz.sink.syslog.protocol"),
                    c.value("wiz.sink.syslog.framing"), Integer.parseInt(c.value("wiz.sink.syslog.udp-max-bytes")),
                    c.value("wiz.sink.syslog.hostname"), c.value("wiz.sink.syslog.app-name"),
                    c.value("wiz.sink.syslog.facility"), c.value("wiz.sink.syslog.sd-id"));
        } catch (NumberFormatException e) {
            // reported by the schema's integer check
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
        if ("tls".equalsIgnoreCase(c.value("wiz.sink.syslog.protocol"))) {
            TrustFileSetting.check(c, "wiz.sink.syslog.tls-trust-file", "wiz.sink.syslog.tls-trust-password");
        }
    }
}
