package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.ServerSocket;
import java.nio.file.Path;

import io.wizcamel.Services;
import io.wizcamel.ops.ProbeTestBase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --test-connection's call of the syslog sink against a real rsyslogd: TCP, TLS and UDP. */
@Services
class SyslogProbeTest extends ProbeTestBase {

    @TempDir
    static Path rsyslogDir;

    static RsyslogServer rsyslog;

    @BeforeAll
    static void rsyslog() throws Exception {
        rsyslog = new RsyslogServer(rsyslogDir.resolve("rsyslog")).start();
    }

    @AfterAll
    static void stopRsyslog() throws Exception {
        rsyslog.close();
    }

    @BeforeEach
    void syslog() {
        h.set("wiz.sinks", "syslog").set("wiz.sink.syslog.host", "127.0.0.1");
    }

    @Test
    void tcpPassesWithTheConnectionAndFailsWhenNothingListens() throws Exception {
        h.set("wiz.sink.syslog.protocol", "tcp").set("wiz.sink.syslog.port", Integer.toString(rsyslog.tcpPort));
        assertPasses("syslog", "accepted a TCP connection; nothing sent");
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        h.set("wiz.sink.syslog.port", Integer.toString(closed));
        assertFails("syslog", "cannot be reached over TCP", null);
        assertRow("syslog", "FAIL", "WIZ_SINK_SYSLOG_PORT");
    }

    @Test
    void tlsPassesWithTheCaAndFailsWithoutIt() {
        h.set("wiz.sink.syslog.protocol", "tls").set("wiz.sink.syslog.port", Integer.toString(rsyslog.tlsPort))
                .set("wiz.sink.syslog.tls-trust-file", rsyslog.caFile.toString());
        assertPasses("syslog", "accepted a TLS connection");
        h.set("wiz.sink.syslog.tls-trust-file", "");
        assertFails("syslog", "failed the TLS handshake", null);
        assertRow("syslog", "FAIL", "WIZ_SINK_SYSLOG_TLS_TRUST_FILE");
    }

    @Test
    void udpIsNotCheckableAndDoesNotFailTheRun() {
        h.set("wiz.sink.syslog.protocol", "udp").set("wiz.sink.syslog.port", Integer.toString(rsyslog.udpPort));
        assertEquals(0, testConnection(), out);
        assertRow("syslog", "--", "not checkable, UDP");
    }
}
