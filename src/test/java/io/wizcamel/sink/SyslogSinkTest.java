package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.Services;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.format.CefFormat;
import io.wizcamel.format.Rfc5424Format;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The syslog sink against a real rsyslogd: what rsyslog wrote down is checked against the documented formats, field
 * by field as rsyslog parsed them.
 */
@Services
class SyslogSinkTest {

    static final Pattern CEF_HEADER = Pattern.compile("<(\\d+)>[A-Z][a-z]{2} [ 1-3]\\d \\d{2}:\\d{2}:\\d{2} wiz-host ");
    static final Pattern SD_ID = Pattern.compile("\\[wiz@32473 id=\"([^\"]+)\"");

    @TempDir
    Path dir;

    WizEmulator emulator;
    RsyslogServer rsyslog;

    @AfterEach
    void stop() throws Exception {
        if (rsyslog != null) {
            rsyslog.close();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    SyncHarness harness(int issues, String protocol, int port) throws Exception {
        rsyslog = new RsyslogServer(dir.resolve("rsyslog")).start();
        emulator = WizEmulator.builder().issues(issues).build().start();
        return new SyncHarness(emulator, dir.resolve("run"))
                .set("wiz.sinks", "file,syslog")
                .set("wiz.page-size", "100")
                .set("wiz.sink-retries", "1")
                .set("wiz.sink-retry-delay-ms", "10")
                .set("wiz.sink.syslog.host", "127.0.0.1")
                .set("wiz.sink.syslog.port", Integer.toString(port))
                .set("wiz.sink.syslog.protocol", protocol)
                .set("wiz.sink.syslog.hostname", "wiz-host")
                .set("wiz.sink.syslog.app-name", "wiz-test")
                .set("wiz.sink.syslog.facility", "local3");
    }

    @Test
    void rfc5424OverTcpWithOctetCountingArrivesAsDocumented() throws Exception {
        SyncHarness h = harness(400, "tcp", 0);
        h.set("wiz.sink.syslog.port", Integer.toString(rsyslog.tcpPort));
        assertEquals(0, h.run());
        List<JsonNode> records = h.allRecords();
        assertEquals(h.expectedIds(400).size(), records.size());
        assertEquals(records.size(), h.lastRun().path("sinks").path("syslog").path("delivered").asLong());

        List<JsonNode> got = rsyslog.awaitMessages(records.size());
        assertEquals(records.size(), got.size(), "one message per record, none twice");
        Rfc5424Format format = new Rfc5424Format("wiz-host", "wiz-test", "local3", "wiz@32473");
        Map<String, JsonNode> byId = byId(got, m -> sdId(m.path("sd").asText()));
        assertEquals(records.size(), byId.size(), "every id once");
        for (JsonNode record : records) {
            JsonNode m = byId.get(record.path("id").asText());
            String expected = format.render(record);
            String title = record.path("title").asText();
            int severity = Rfc5424Format.severityCode(record.path("severity").asText());
            assertEquals(expected, m.path("raw").asText(), "the message exactly as Rfc5424Format renders it");
            assertEquals("imtcp", m.path("input").asText());
            assertEquals(19 * 8 + severity, m.path("pri").asInt(), "PRI = local3 * 8 + severity");
            assertEquals(19, m.path("facility").asInt());
            assertEquals(severity, m.path("severity").asInt());
            assertEquals("1", m.path("version").asText(), "parsed as RFC 5424");
            assertEquals("wiz-host", m.path("hostname").asText());
            assertEquals("wiz-test", m.path("app").asText());
            assertEquals("issue", m.path("msgid").asText());
            assertEquals(expected.substring(expected.indexOf(" [") + 1, expected.length() - title.length() - 1),
                    m.path("sd").asText(), "rsyslog parsed the structured data");
            assertTrue(m.path("sd").asText().contains(" severity=\"" + record.path("severity").asText() + "\""));
            assertEquals(title, m.path("msg").asText());
        }

        assertEquals(0, h.run(), "a second run");
        assertEquals(0, h.lastRun().path("sinks").path("syslog").path("delivered").asLong(), "nothing changed");
        assertEquals(records.size(), rsyslog.awaitMessages(records.size()).size());
    }

    @Test
    void cefOverTlsWithAVerifiedCertificate() throws Exception {
        SyncHarness h = harness(400, "tls", 0);
        // the CA in a PKCS12 trust store whose password has characters a YAML bean argument would mangle
        String password = "s3cr\"t, #x ";
        Path store = dir.resolve("trust.p12");
        Process keytool = new ProcessBuilder("keytool", "-importcert", "-noprompt", "-alias", "ca", "-file",
                rsyslog.caFile.toString(), "-keystore", store.toString(), "-storetype", "PKCS12", "-storepass",
                password).redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, keytool.waitFor(), out);
        h.set("wiz.sink.syslog.port", Integer.toString(rsyslog.tlsPort))
                .set("wiz.sink.syslog.format", "cef")
                .set("wiz.sink.syslog.tls-trust-file", store.toString())
                .set("wiz.sink.syslog.tls-trust-password", password);
        assertEquals(0, h.run(), h.stderr);
        List<JsonNode> records = h.allRecords();
        assertEquals(records.size(), h.lastRun().path("sinks").path("syslog").path("delivered").asLong(),
                h.lastRun().toString());
        assertCef(records, rsyslog.awaitMessages(records.size()), "imtcp");
    }

    @Test
    void cefOverTcpWithNewlineFraming() throws Exception {
        SyncHarness h = harness(300, "tcp", 0);
        h.set("wiz.sink.syslog.port", Integer.toString(rsyslog.tcpPort))
                .set("wiz.sink.syslog.format", "cef")
                .set("wiz.sink.syslog.framing", "newline");
        assertEquals(0, h.run());
        List<JsonNode> records = h.allRecords();
        assertCef(records, rsyslog.awaitMessages(records.size()), "imtcp");
    }

    @Test
    void tlsRefusesAnUntrustedCertificateAndAHostTheCertificateDoesNotName() throws Exception {
        SyncHarness h = harness(300, "tls", 0);
        h.set("wiz.sink.syslog.port", Integer.toString(rsyslog.tlsPort)).set("wiz.sink-retries", "2");
        int expected = h.expectedIds(300).size();

        // no trust file: the JDK's CAs do not know the test CA
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("syslog");
        assertEquals(expected, sink.path("deadLettered").asLong());
        assertTrue(sink.path("error").asText().contains("TLS handshake with 127.0.0.1:" + rsyslog.tlsPort)
                && sink.path("error").asText().contains("WIZ_SINK_SYSLOG_TLS_TRUST_FILE"), sink.toString());
        assertFalse(h.logs.contains("; retry 1 of "), "a refused certificate is not retried");

        // trusted CA, but the certificate names 127.0.0.1 only
        h.set("wiz.sink.syslog.tls-trust-file", rsyslog.caFile.toString()).set("wiz.sink.syslog.host", "localhost");
        assertEquals(3, h.run());
        sink = h.lastRun().path("sinks").path("syslog");
        // the replayed dead letters, plus what the incremental run's overlap window fetched again
        assertTrue(sink.path("deadLettered").asLong() >= expected, sink.toString());
        assertEquals(0, sink.path("redelivered").asLong() + sink.path("delivered").asLong(), sink.toString());
        assertTrue(sink.path("error").asText().contains("localhost"), sink.toString());
        assertEquals(0, rsyslog.messages().size(), "nothing got through");

        // the documented opt-out: no verification at all
        h.set("wiz.sink.syslog.tls-trust-file", "").set("wiz.sink.syslog.tls-verify", "false");
        assertEquals(0, h.run());
        sink = h.lastRun().path("sinks").path("syslog");
        assertEquals(expected, sink.path("redelivered").asLong(), sink.toString());
        assertTrue(h.logs.contains("NOT verified"), "the opt-out is logged");
        assertEquals(expected, byId(rsyslog.awaitMessages(expected), m -> sdId(m.path("sd").asText())).size());
    }

    @Test
    void udpStaysUnderTheMaximumSizeAndCutsOnlyTheMsgText() throws Exception {
        // a few hundred datagrams at most: a burst must not overflow rsyslog's socket buffer on a busy machine
        SyncHarness h = harness(150, "udp", 0);
        h.set("wiz.sink.syslog.port", Integer.toString(rsyslog.udpPort))
                .set("wiz.sink.syslog.format", "cef")
                .set("wiz.sink.syslog.udp-max-bytes", "480");
        assertEquals(0, h.run());
        List<JsonNode> records = h.allRecords();
        List<JsonNode> got = rsyslog.awaitMessages(records.size());
        Map<String, JsonNode> byId = byId(got, m -> cefExternalId(m.path("raw").asText()));
        assertEquals(records.size(), got.size(), "one datagram per record");
        assertEquals(records.size(), byId.size(), "every id once");
        CefFormat cef = new CefFormat();
        int cut = 0;
        for (JsonNode record : records) {
            String raw = byId.get(record.path("id").asText()).path("raw").asText();
            assertEquals("imudp", byId.get(record.path("id").asText()).path("input").asText());
            assertTrue(raw.getBytes(StandardCharsets.UTF_8).length <= 480, raw);
            Matcher header = CEF_HEADER.matcher(raw);
            assertTrue(header.lookingAt(), raw);
            String full = cef.render(record);
            String sent = raw.substring(header.end());
            if (!sent.equals(full)) {
                cut++;
                String extension = full.substring(0, full.indexOf("|externalId=") + 1);
                assertTrue(sent.startsWith(extension + "externalId=" + record.path("id").asText() + " "),
                        "the CEF header and the id are whole: " + sent);
                Map<String, String> fullPairs = pairs(full.substring(extension.length()));
                Map<String, String> sentPairs = pairs(sent.substring(extension.length()));
                sentPairs.forEach((key, value) -> assertTrue(key.equals("msg") ? fullPairs.get(key).startsWith(value)
                        : fullPairs.get(key).equals(value), "only msg is shortened, other fields sent whole or not"
                        + " at all: " + key + "=" + value + " in " + sent));
                assertEquals(List.copyOf(fullPairs.keySet()).subList(0, sentPairs.size()), List.copyOf(sentPairs.keySet()),
                        "fields are dropped from the end only");
            }
        }
        assertTrue(cut > 0, "the limit was low enough to cut some messages");
    }

    @Test
    void aTcpOutageDeadLettersThePageAndTheNextRunDeliversEverythingOnce() throws Exception {
        SyncHarness h = harness(600, "tcp", 0);
        h.set("wiz.sink.syslog.port", Integer.toString(rsyslog.tcpPort));
        int expected = h.expectedIds(600).size();
        rsyslog.stop();

        assertEquals(3, h.run(), "a sink outage does not fail the run");
        JsonNode run = h.lastRun();
        assertEquals(expected, run.path("sinks").path("file").path("delivered").asLong(), "the file sink unaffected");
        JsonNode sink = run.path("sinks").path("syslog");
        assertEquals(0, sink.path("delivered").asLong());
        assertEquals(expected, sink.path("deadLettered").asLong());
        assertTrue(sink.path("error").asText().contains("Connection refused"), sink.toString());

        rsyslog.start();
        assertEquals(0, h.run());
        sink = h.lastRun().path("sinks").path("syslog");
        assertEquals(expected, sink.path("redelivered").asLong(), sink.toString());
        assertEquals(0, sink.path("deadLettered").asLong());
        List<JsonNode> got = rsyslog.awaitMessages(expected);
        assertEquals(expected, got.size(), "none twice");
        assertEquals(h.allRecords().stream().map(r -> r.path("id").asText()).sorted().toList(),
                byId(got, m -> sdId(m.path("sd").asText())).keySet().stream().sorted().toList());
    }

    private static void assertCef(List<JsonNode> records, List<JsonNode> got, String input) {
        assertEquals(records.size(), got.size(), "one message per record, none twice");
        Map<String, JsonNode> byId = byId(got, m -> cefExternalId(m.path("raw").asText()));
        assertEquals(records.size(), byId.size(), "every id once");
        CefFormat cef = new CefFormat();
        for (JsonNode record : records) {
            JsonNode m = byId.get(record.path("id").asText());
            String raw = m.path("raw").asText();
            Matcher header = CEF_HEADER.matcher(raw);
            assertTrue(header.lookingAt(), "RFC 3164-style header: " + raw);
            int severity = Rfc5424Format.severityCode(record.path("severity").asText());
            assertEquals(19 * 8 + severity, Integer.parseInt(header.group(1)));
            assertEquals(cef.render(record), raw.substring(header.end()), "the CEF line exactly as CefFormat renders it");
            assertEquals(input, m.path("input").asText());
            assertEquals(19 * 8 + severity, m.path("pri").asInt());
            assertEquals("wiz-host", m.path("hostname").asText(), "rsyslog parsed the RFC 3164 header");
            assertEquals("CEF:", m.path("tag").asText());
        }
    }

    private static Map<String, JsonNode> byId(List<JsonNode> messages, java.util.function.Function<JsonNode, String> id) {
        Map<String, JsonNode> out = new HashMap<>();
        List<String> twice = new ArrayList<>();
        for (JsonNode m : messages) {
            if (out.put(id.apply(m), m) != null) {
                twice.add(id.apply(m));
            }
        }
        assertEquals(List.of(), twice, "ids that arrived twice");
        return out;
    }

    /** CEF extension pairs in order; a pair starts where a key and an unescaped '=' follow a space. */
    private static Map<String, String> pairs(String extension) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : extension.split(" (?=[A-Za-z0-9_]+=)")) {
            out.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
        }
        return out;
    }

    private static String sdId(String sd) {
        Matcher m = SD_ID.matcher(sd);
        assertTrue(m.lookingAt(), sd);
        return m.group(1);
    }

    private static String cefExternalId(String raw) {
        Matcher m = Pattern.compile("\\|externalId=(\\S+) ").matcher(raw);
        assertTrue(m.find(), raw);
        return m.group(1);
    }
}
