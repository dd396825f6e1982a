package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class Rfc5424FormatTest {

    private final Rfc5424Format syslog = new Rfc5424Format("collector.example.com", "wiz-camel", "local0",
            Rfc5424Format.DEFAULT_SD_ID);

    @ParameterizedTest(name = "record{0}.json -> rfc5424{0}.txt")
    @ValueSource(strings = {"", "-minimal", "-tricky"})
    void goldenMessage(String variant) {
        Golden.assertText("rfc5424" + variant + ".txt", syslog.render(Golden.record(variant), Golden.ISSUES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-", " "})
    void noConfiguredHostNameMeansThisMachinesName(String configured) {
        String host = Rfc5424Format.localHostName();
        assertFalse(host.isEmpty() || host.equals("-"), "this machine has a name: " + host);
        for (Rfc5424Format format : List.of(new Rfc5424Format(), new Rfc5424Format(configured, "app", "local0",
                "wiz@32473"))) {
            String msg = format.render(Golden.record(""), Golden.ISSUES);
            assertTrue(msg.startsWith("<130>1 2026-10-01T08:00:00Z " + host + " "), msg);
        }
    }

    @Test
    void aNonAsciiMsgStartsWithTheBomAndAnAsciiOneWithout() {
        String tricky = syslog.render(Golden.record("-tricky"), Golden.ISSUES);
        assertTrue(tricky.contains("] \uFEFF=HYPERLINK"), tricky);
        assertEquals(1, tricky.chars().filter(c -> c == 0xFEFF).count());
        assertFalse(syslog.render(Golden.record(""), Golden.ISSUES).contains("\uFEFF"));
    }

    @ParameterizedTest(name = "{0} -> severity {1}, PRI {2} at local0")
    @CsvSource(nullValues = "null", value = {
        "CRITICAL, 2, 130", "HIGH, 3, 131", "MEDIUM, 4, 132", "LOW, 5, 133", "INFORMATIONAL, 6, 134",
        "SEVERE, 5, 133", "null, 5, 133"})
    void severityAndPri(String wiz, int severity, int pri) {
        assertEquals(severity, Rfc5424Format.severityCode(wiz));
        ObjectNode r = Golden.record("");
        r.put("severity", wiz);
        assertTrue(syslog.render(r, Golden.ISSUES).startsWith("<" + pri + ">1 "));
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({
        "kern, 0", "user, 1", "mail, 2", "daemon, 3", "auth, 4", "syslog, 5", "lpr, 6", "news, 7", "uucp, 8",
        "cron, 9", "authpriv, 10", "ftp, 11", "ntp, 12", "audit, 13", "alert, 14", "clock, 15", "local0, 16",
        "local1, 17", "local2, 18", "local3, 19", "local4, 20", "local5, 21", "local6, 22", "local7, 23",
        "LOCAL4, 20"})
    void facilityCodes(String name, int code) {
        assertEquals(code, Rfc5424Format.facilityCode(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"local8", "bogus", "", "16"})
    void unknownFacilityIsRefusedByName(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Rfc5424Format("-", "wiz-camel", name, "wiz@32473"));
        assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
    }

    @Test
    void nullFacilityIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Rfc5424Format("-", "app", null, "wiz@32473"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"wiz", "wiz@", "wiz@abc", "w iz@32473", "w=z@32473", "w]z@32473", "w\"z@32473",
        "averyveryveryverylongname@32473000"})
    void malformedSdIdIsRefused(String sdId) {
        assertThrows(IllegalArgumentException.class, () -> new Rfc5424Format("-", "app", "local0", sdId));
    }

    @Test
    void configuredHeaderAndSdId() {
        Rfc5424Format custom = new Rfc5424Format("siem-fwd.example.com", "wiz camel", "auth", "wiz@99999");
        String msg = custom.render(Golden.record(""), Golden.ISSUES);
        assertTrue(msg.startsWith("<34>1 2026-10-01T08:00:00Z siem-fwd.example.com wiz_camel - issue [wiz@99999 id="),
                msg);
    }

    @Test
    void headerFieldsArePrintableAsciiWithinLimits() {
        assertEquals("h_st_z", Rfc5424Format.headerField("h st\u00e9z", 255));
        assertEquals("a".repeat(48), Rfc5424Format.headerField("a".repeat(60), 48));
        assertEquals(255, Rfc5424Format.headerField("h".repeat(300), 255).length());
        assertEquals("-", Rfc5424Format.headerField("  ", 48));
        assertEquals("-", Rfc5424Format.headerField(null, 48));
        String msg = new Rfc5424Format("h".repeat(300), "a".repeat(60), "local0", "wiz@32473")
                .render(Golden.record(""), Golden.ISSUES);
        assertTrue(msg.startsWith("<130>1 2026-10-01T08:00:00Z " + "h".repeat(255) + " " + "a".repeat(48)
                + " - issue ["), msg);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
        "2026-10-01T08:00:00Z, 2026-10-01T08:00:00Z",
        "2026-10-01T08:00:00.123456789Z, 2026-10-01T08:00:00.123Z",
        "2026-10-01T08:00:00.5Z, 2026-10-01T08:00:00.500Z",
        "2026-10-01T10:00:00+02:00, 2026-10-01T08:00:00Z",
        "2026-13-01T08:00:00Z, 2026-10-21T06:00:00Z",
        "yesterday, 2026-10-21T06:00:00Z",
        "2026-10-01 08:00:00, 2026-10-21T06:00:00Z",
        "null, 2026-10-21T06:00:00Z"})
    void timestampIsTheRecordsTimeInUtcElseTheFetchTime(String given, String expected) {
        ObjectNode r = Golden.record("-minimal");
        r.put("createdAt", given);
        assertTrue(syslog.render(r, Golden.ISSUES).startsWith("<133>1 " + expected + " collector.example.com "),
                syslog.render(r, Golden.ISSUES));
    }

    @Test
    void noTimeAtAllIsTheFetchTime() {
        ObjectNode r = Golden.record("-minimal");
        r.putNull("createdAt");
        assertTrue(syslog.render(r, Golden.ISSUES).startsWith("<133>1 2026-10-21T06:00:00Z collector.example.com "
                + "wiz-camel - issue ["), syslog.render(r, Golden.ISSUES));
        r.put("createdAt", "2026-10-20T12:00:00.123456789+02:00");
        assertTrue(syslog.render(r, Golden.ISSUES).startsWith("<133>1 2026-10-20T10:00:00.123Z "),
                "UTC, within the RFC's 6 digits (the record's time is kept to the millisecond)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "plain|plain",
        "a\"b|a\\\"b",
        "a\\b|a\\\\b",
        "a]b|a\\]b",
        "[x=y]|[x=y\\]"})
    void paramValueEscaping(String raw, String escaped) {
        assertEquals(escaped, Rfc5424Format.escapeParamValue(raw));
    }

    @Test
    void controlCharactersBecomeSpaces() {
        assertEquals("a b c", Rfc5424Format.escapeParamValue("a\nb\tc"));
        String msg = syslog.render(Golden.record("-tricky"), Golden.ISSUES);
        assertFalse(msg.contains("\n") || msg.contains("\r"), msg);
    }

    @Test
    void renderAllIsRenderPerRecord() {
        List<ObjectNode> page = List.of(Golden.record(""), Golden.record("-minimal"), Golden.record("-tricky"));
        assertEquals(page.stream().map(r -> syslog.render(r, Golden.ISSUES)).toList(),
                syslog.renderAll(page, Golden.ISSUES));
    }
}
