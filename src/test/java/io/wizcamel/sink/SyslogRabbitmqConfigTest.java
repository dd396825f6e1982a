package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import io.wizcamel.SyncHarness;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Start-up checks of the syslog and rabbitmq settings: only for a sink that is switched on, naming key and fix. */
class SyslogRabbitmqConfigTest {

    @TempDir
    Path dir;

    static Properties valid(String sinks) throws Exception {
        Properties p = new Properties();
        try (FileReader r = new FileReader("application.properties")) {
            p.load(r);
        }
        p.setProperty("wiz.api-url", "https://api.us17.app.wiz.io/graphql");
        p.setProperty("wiz.client-id", "id");
        p.setProperty("wiz.client-secret", "secret");
        p.setProperty("wiz.sinks", sinks);
        p.setProperty("wiz.sink.syslog.host", "syslog.example.com");
        p.setProperty("wiz.sink.rabbitmq.host", "mq.example.com");
        p.setProperty("wiz.sink.rabbitmq.username", "wiz");
        p.setProperty("wiz.sink.rabbitmq.password", "pw-not-in-messages");
        return p;
    }

    @Test
    void sinksThatAreOffDemandNothing() throws Exception {
        Properties p = valid("file");
        p.setProperty("wiz.sink.syslog.host", "");
        p.setProperty("wiz.sink.syslog.protocol", "carrier-pigeon");
        p.setProperty("wiz.sink.rabbitmq.password", "");
        ConfigCheck.check(p::getProperty);
        ConfigCheck.check(valid("file,syslog,rabbitmq")::getProperty);
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "wiz.sink.syslog.host|                   | WIZ_SINK_SYSLOG_HOST) is not set",
        "wiz.sink.syslog.port|70000              | WIZ_SINK_SYSLOG_PORT) is 70000",
        "wiz.sink.syslog.protocol|relp           | use one of udp, tcp, tls",
        "wiz.sink.syslog.format|leef             | use one of rfc5424, cef",
        "wiz.sink.syslog.framing|nul             | use one of octet-counting, newline",
        "wiz.sink.syslog.udp-max-bytes|100       | between 480 and 65507",
        "wiz.sink.syslog.facility|local9         | WIZ_SINK_SYSLOG_FACILITY",
        "wiz.sink.syslog.sd-id|wiz               | WIZ_SINK_SYSLOG_SD_ID",
        "wiz.sink.syslog.tls-verify|maybe        | use true or false",
        "wiz.sink.rabbitmq.host|                 | WIZ_SINK_RABBITMQ_HOST) is not set",
        "wiz.sink.rabbitmq.password|             | WIZ_SINK_RABBITMQ_PASSWORD) is not set",
        "wiz.sink.rabbitmq.username|             | WIZ_SINK_RABBITMQ_USERNAME) is not set",
        "wiz.sink.rabbitmq.exchange-type|queue   | use one of [topic, direct, fanout, headers]",
        "wiz.sink.rabbitmq.mandatory|yes         | use true or false",
        "wiz.sink.rabbitmq.confirm-timeout-ms|0  | WIZ_SINK_RABBITMQ_CONFIRM_TIMEOUT_MS) is 0",
    })
    void aWrongValueIsNamedWithWhatToDo(String key, String value, String expected) throws Exception {
        Properties p = valid("file,syslog,rabbitmq");
        p.setProperty(key, value == null ? "" : value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.check(p::getProperty));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains("pw-not-in-messages"), "no password in the message");
    }

    @Test
    void anUnreadableTrustFileIsRefusedWhenTlsIsOn() throws Exception {
        Properties p = valid("file,syslog,rabbitmq");
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate");
        p.setProperty("wiz.sink.syslog.protocol", "tls");
        p.setProperty("wiz.sink.syslog.tls-trust-file", dir.resolve("missing.pem").toString());
        p.setProperty("wiz.sink.rabbitmq.tls", "true");
        p.setProperty("wiz.sink.rabbitmq.tls-trust-file", junk.toString());
        p.setProperty("wiz.sink.rabbitmq.tls-trust-password", "store-pw-not-in-messages");
        String m = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.check(p::getProperty)).getMessage();
        assertTrue(m.contains("WIZ_SINK_SYSLOG_TLS_TRUST_FILE") && m.contains("missing.pem"), m);
        assertTrue(m.contains("WIZ_SINK_RABBITMQ_TLS_TRUST_FILE") && m.contains("neither PEM/DER"), m);
        assertFalse(m.contains("store-pw-not-in-messages"), m);
    }

    @Test
    void theLauncherRefusesToStartAndNamesTheKeys() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.sinks", "file,syslog,rabbitmq");
            assertEquals(1, h.run());
            assertTrue(h.stderr.contains("WIZ_SINK_SYSLOG_HOST") && h.stderr.contains("WIZ_SINK_RABBITMQ_PASSWORD"),
                    h.stderr);
        }
    }
}
