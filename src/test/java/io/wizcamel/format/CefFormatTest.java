package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CefFormatTest {

    private final CefFormat cef = new CefFormat();

    @ParameterizedTest(name = "record{0}.json -> cef{0}.txt")
    @ValueSource(strings = {"", "-minimal", "-tricky"})
    void goldenLine(String variant) {
        Golden.assertText("cef" + variant + ".txt", cef.render(Golden.record(variant), Golden.ISSUES));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(nullValues = "null", value = {
        "CRITICAL, 10", "HIGH, 8", "MEDIUM, 5", "LOW, 3", "INFORMATIONAL, 1", "SEVERE, Unknown", "null, Unknown"})
    void severityTable(String wiz, String expected) {
        assertEquals(expected, CefFormat.severity(wiz));
    }

    static Stream<Arguments> headerEscapes() {
        return Stream.of(
                Arguments.of("plain", "plain"),
                Arguments.of("a|b", "a\\|b"),
                Arguments.of("a\\b", "a\\\\b"),
                Arguments.of("a=b", "a=b"),
                Arguments.of("two\nlines\r\nhere", "two lines  here"));
    }

    @ParameterizedTest
    @MethodSource("headerEscapes")
    void headerEscaping(String raw, String escaped) {
        assertEquals(escaped, CefFormat.escapeHeader(raw));
    }

    static Stream<Arguments> extensionEscapes() {
        return Stream.of(
                Arguments.of("plain text", "plain text"),
                Arguments.of("a=b", "a\\=b"),
                Arguments.of("a\\b", "a\\\\b"),
                Arguments.of("a|b", "a|b"),
                Arguments.of("one\ntwo", "one\\ntwo"),
                Arguments.of("one\r\ntwo", "one\\r\\ntwo"),
                Arguments.of("\\=", "\\\\\\="));
    }

    @ParameterizedTest
    @MethodSource("extensionEscapes")
    void extensionEscaping(String raw, String escaped) {
        assertEquals(escaped, CefFormat.escapeExtension(raw));
    }

    @Test
    void msgIsCutTo1023Characters() {
        ObjectNode r = Golden.record("");
        ((ObjectNode) r.get("control")).put("remediation", "x".repeat(2000));
        String line = cef.render(r, Golden.ISSUES);
        String msg = line.substring(line.indexOf(" msg=") + 5, line.indexOf(" dhost="));
        assertEquals("x".repeat(1023), msg);
    }

    @Test
    void truncationDoesNotSplitASurrogatePair() {
        String text = "x".repeat(1022) + "\uD83D\uDD12" + "tail"; // a lock emoji straddles the limit
        assertEquals("x".repeat(1022), CefFormat.truncate(text, 1023));
        assertEquals("short", CefFormat.truncate("short", 1023));
    }

    @Test
    void msgFallsBackToDescriptionAndSignatureToType() {
        ObjectNode r = Golden.record("");
        ObjectNode control = (ObjectNode) r.get("control");
        control.putNull("remediation");
        control.putNull("id");
        String line = cef.render(r, Golden.ISSUES);
        assertTrue(line.startsWith("CEF:0|Wiz|Wiz|1.0|TOXIC_COMBINATION|"), line);
        assertTrue(line.contains(" msg=The VM is reachable from the internet and runs a vulnerable package. dhost="),
                line);
    }

    @Test
    void nullValuesLeaveNoKeyAndNoLabel() {
        ObjectNode r = Golden.record("");
        ((ObjectNode) r.get("resource")).putNull("region");
        r.putNull("status");
        String line = cef.render(r, Golden.ISSUES);
        assertFalse(line.contains("cs4"), line);
        assertFalse(line.contains("act="), line);
        assertTrue(line.contains("cat=TOXIC_COMBINATION cs1Label=wizStatus"), line);
    }

    @Test
    void rtFallsBackToUpdatedAt() {
        ObjectNode r = Golden.record("");
        r.putNull("statusChangedAt");
        assertTrue(cef.render(r, Golden.ISSUES).contains(" rt=1790933400000 "));
    }

    @Test
    void renderAllIsRenderPerRecord() {
        List<ObjectNode> page = List.of(Golden.record(""), Golden.record("-minimal"), Golden.record("-tricky"));
        assertEquals(page.stream().map(r -> cef.render(r, Golden.ISSUES)).toList(), cef.renderAll(page, Golden.ISSUES));
    }
}
