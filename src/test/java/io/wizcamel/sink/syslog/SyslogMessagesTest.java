package io.wizcamel.sink.syslog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.format.CefFormat;
import io.wizcamel.format.Rfc5424Format;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;

/** Framing and the UDP size limit, byte by byte, without a server. */
class SyslogMessagesTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-03T04:05:06Z"), ZoneOffset.UTC);

    static ObjectNode record(String id, String severity, String title, String remediation) throws Exception {
        ObjectNode r = (ObjectNode) JSON.readTree("{\"id\":\"" + id + "\",\"type\":\"CLOUD_CONFIGURATION\","
                + "\"severity\":\"" + severity + "\",\"wizStatus\":\"OPEN\",\"status\":\"Failed\","
                + "\"cloudPlatform\":\"AWS\",\"statusChangedAt\":\"2026-10-01T08:00:00Z\","
                + "\"url\":\"https://app.wiz.io/issues#~(issue~'" + id + "')\","
                + "\"resource\":{\"id\":\"ent-1\",\"name\":\"web-1\",\"region\":\"us-east-1\"},"
                + "\"control\":{\"id\":\"wc-1\",\"name\":\"n\",\"description\":\"d\"}}");
        r.put("title", title);
        ((ObjectNode) r.get("control")).put("remediation", remediation);
        return r;
    }

    static SyslogMessages messages(String format, String protocol, String framing, int max) {
        return new SyslogMessages(format, protocol, framing, max, "host-1", "wiz-camel", "local0", "wiz@32473", CLOCK);
    }

    @Test
    void octetCountingPrefixesEachMessageWithItsLengthInBytes() throws Exception {
        List<ObjectNode> page = List.of(record("a", "HIGH", "Ünïcode title ✓ 🔒", "fix"),
                record("b", "LOW", "plain", "fix"));
        List<byte[]> frames = messages("rfc5424", "tcp", "octet-counting", 2048).frames(page);
        assertEquals(1, frames.size(), "TCP: the page in one write");
        List<String> parsed = new ArrayList<>();
        byte[] all = frames.get(0);
        int at = 0;
        while (at < all.length) {
            int space = at;
            while (all[space] != ' ') {
                space++;
            }
            int len = Integer.parseInt(new String(all, at, space - at, StandardCharsets.US_ASCII));
            parsed.add(new String(all, space + 1, len, StandardCharsets.UTF_8));
            at = space + 1 + len;
        }
        Rfc5424Format f = new Rfc5424Format("host-1", "wiz-camel", "local0", "wiz@32473");
        assertEquals(List.of(f.render(page.get(0)), f.render(page.get(1))), parsed);
        assertTrue(parsed.get(0).startsWith("<131>1 2026-10-01T08:00:00Z host-1 wiz-camel - issue [wiz@32473 id=\"a\""),
                parsed.get(0));
    }

    @Test
    void newlineFramingEndsEachMessageWithLf() throws Exception {
        List<ObjectNode> page = List.of(record("a", "HIGH", "line one\nline two", "fix"), record("b", "LOW", "t", "x"));
        String wire = new String(messages("rfc5424", "tls", "newline", 2048).frames(page).get(0), StandardCharsets.UTF_8);
        String[] lines = wire.split("\n", -1);
        assertEquals(3, lines.length, "two messages, each ended by LF; a line break in a title does not split one");
        assertEquals("", lines[2]);
        assertTrue(lines[0].endsWith("] line one line two"), lines[0]);
    }

    @Test
    void cefGoesAfterAnRfc3164Header() throws Exception {
        ObjectNode r = record("a", "CRITICAL", "Bucket | public", "fix = now");
        String msg = messages("cef", "udp", "octet-counting", 2048).message(r);
        assertEquals("<130>Nov  3 04:05:06 host-1 " + new CefFormat().render(r), msg);
        assertTrue(msg.contains("CEF:0|Wiz|Wiz|1.0|wc-1|Bucket \\| public|10|externalId=a "), msg);
    }

    @Test
    void udpSendsOneDatagramPerRecordAndCutsOnlyTheTitleOfRfc5424() throws Exception {
        String title = "🔒".repeat(400); // 4 bytes each: a cut in the middle would leave invalid UTF-8
        ObjectNode big = record("big", "MEDIUM", title, "fix");
        ObjectNode small = record("small", "LOW", "short", "fix");
        List<byte[]> datagrams = messages("rfc5424", "udp", "octet-counting", 480).frames(List.of(big, small));
        assertEquals(2, datagrams.size());
        Rfc5424Format f = new Rfc5424Format("host-1", "wiz-camel", "local0", "wiz@32473");
        assertEquals(f.render(small), new String(datagrams.get(1), StandardCharsets.UTF_8), "unframed, uncut");
        byte[] cut = datagrams.get(0);
        assertTrue(cut.length <= 480 && cut.length > 470, "cut to the limit, at a character: " + cut.length);
        String text = strictUtf8(cut);
        ObjectNode noTitle = big.deepCopy();
        noTitle.remove("title");
        // the BOM starts the non-ASCII MSG (RFC 5424 6.4)
        assertTrue(text.startsWith(f.render(noTitle) + " \uFEFF🔒"), "header and structured data whole: " + text);
        assertTrue(f.render(big).startsWith(text), "a prefix of the full message");
    }

    @Test
    void udpCutsTheCefMsgValueFirstAndKeepsTheFieldsAfterIt() throws Exception {
        String remediation = "Set a=b and c\\d. ".repeat(60) + "é".repeat(100);
        ObjectNode r = record("id-1", "HIGH", "title", remediation);
        SyslogMessages m = messages("cef", "udp", "octet-counting", 600);
        String full = m.message(r);
        assertTrue(full.getBytes(StandardCharsets.UTF_8).length > 600);
        String cut = strictUtf8(m.frames(List.of(r)).get(0));
        assertTrue(cut.getBytes(StandardCharsets.UTF_8).length <= 600, cut);
        assertTrue(cut.endsWith(" dhost=web-1"), "the fields after msg stay: " + cut);
        assertTrue(cut.contains("|8|externalId=id-1 "), cut);
        String fullMsg = full.substring(full.indexOf(" msg=") + 5, full.indexOf(" dhost="));
        String cutMsg = cut.substring(cut.indexOf(" msg=") + 5, cut.indexOf(" dhost="));
        assertTrue(fullMsg.startsWith(cutMsg) && cutMsg.length() > 100, "a prefix of the escaped msg: " + cutMsg);
        assertFalse(cutMsg.endsWith("\\") && !cutMsg.endsWith("\\\\"), "no dangling escape");
        assertEquals(full.substring(0, full.indexOf(" msg=")), cut.substring(0, cut.indexOf(" msg=")));
    }

    @Test
    void aRecordWhoseFieldsAloneExceedTheUdpLimitIsRefusedWithWhatToDo() throws Exception {
        ObjectNode r = record("x", "LOW", "t", "fix");
        ((ObjectNode) r.get("resource")).put("id", "arn:" + "x".repeat(600));
        SinkRejectedException e = assertThrows(SinkRejectedException.class,
                () -> messages("rfc5424", "udp", "octet-counting", 480).frames(List.of(r)));
        assertTrue(e.getMessage().contains("WIZ_SINK_SYSLOG_UDP_MAX_BYTES") && e.getMessage().contains("issue x"),
                e.getMessage());
    }

    @Test
    void badSettingsAreNamed() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> messages("leef", "udp", "newline", 2048))
                .getMessage().contains("WIZ_SINK_SYSLOG_FORMAT"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> messages("cef", "relp", "newline", 2048))
                .getMessage().contains("WIZ_SINK_SYSLOG_PROTOCOL"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> messages("cef", "tcp", "nul", 2048))
                .getMessage().contains("octet-counting, newline"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> messages("cef", "udp", "newline", 100))
                .getMessage().contains("480"));
    }

    @Test
    void cuttingNeverSplitsACharacter() {
        assertEquals("ab", SyslogMessages.cutUtf8("ab🔒c", 5));
        assertEquals("ab🔒", SyslogMessages.cutUtf8("ab🔒c", 6));
        assertEquals("", SyslogMessages.cutUtf8("é", 1));
    }

    private static String strictUtf8(byte[] bytes) throws CharacterCodingException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    }

    @Test
    void eachStreamInItsOwnFormAndNothingForAStreamWithout() throws Exception {
        ObjectNode finding = JSON.createObjectNode().put("id", "v1").put("name", "CVE-2024-3094")
                .put("severity", "HIGH").put("updatedAt", "2026-10-20T08:00:00Z");
        SyslogMessages m = messages("rfc5424", "tcp", "newline", 2048);
        String wire = new String(m.frames(List.of(finding), new RunStats("vulnerabilities", "vulnerability", "test"))
                .get(0), StandardCharsets.UTF_8);
        assertTrue(wire.startsWith("<131>1 2026-10-20T08:00:00Z host-1 wiz-camel - vulnerability [wiz@32473 id=\"v1\" "
                + "cve=\"CVE-2024-3094\""), wire);
        assertEquals(List.of(), m.frames(List.of(finding), new RunStats("projects", "project", "test")));
        assertEquals(List.of(), messages("cef", "udp", "octet-counting", 2048).frames(List.of(finding),
                new RunStats("users", "user", "test")));
    }
}
