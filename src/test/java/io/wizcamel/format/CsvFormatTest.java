package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvFormatTest {

    private final CsvFormat csv = new CsvFormat();

    @ParameterizedTest(name = "record{0}.json -> csv{0}.txt")
    @ValueSource(strings = {"", "-minimal", "-tricky"})
    void goldenFile(String variant) {
        assertEquals(Golden.text("csv" + variant + ".txt"), csv.header() + csv.render(Golden.record(variant)));
    }

    @Test
    void headerIsTheColumnsWithCrlf() {
        assertEquals(String.join(",", CsvFormat.COLUMNS) + "\r\n", csv.header());
        assertEquals(25, CsvFormat.COLUMNS.size());
    }

    static Stream<Arguments> guardCases() {
        return Stream.of(
                Arguments.of("=1+1", "'=1+1"),
                Arguments.of("=-1", "'=-1"),
                Arguments.of("+Ops", "'+Ops"),
                Arguments.of("-corp", "'-corp"),
                Arguments.of("-1+1", "'-1+1"),
                Arguments.of("@SUM(A1)", "'@SUM(A1)"),
                Arguments.of("\tcmd", "'\tcmd"),
                Arguments.of("\rcmd", "'\rcmd"),
                Arguments.of("-12", "-12"),
                Arguments.of("+3.5", "+3.5"),
                Arguments.of("-1e5", "-1e5"),
                Arguments.of("-0001-01-01T00:00:00Z", "-0001-01-01T00:00:00Z"),
                Arguments.of("+10000-01-01", "+10000-01-01"),
                Arguments.of("2026-10-01T08:00:00Z", "2026-10-01T08:00:00Z"),
                Arguments.of("plain", "plain"),
                Arguments.of("a=b", "a=b"),
                Arguments.of("'=already", "'=already"),
                Arguments.of("", ""),
                Arguments.of(null, null));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("guardCases")
    void formulaInjectionGuard(String raw, String guarded) {
        assertEquals(guarded, CsvFormat.guard(raw));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "-minimal", "-tricky"})
    void lineParsesBackToTheGuardedValues(String variant) throws Exception {
        ObjectNode record = Golden.record(variant);
        List<String> expected = new ArrayList<>();
        for (String v : CsvFormat.values(record)) {
            String g = CsvFormat.guard(v);
            expected.add(g == null ? "" : g);
        }
        try (CSVParser parser = CSVParser.parse(new StringReader(csv.header() + csv.render(record)),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = parser.getRecords();
            assertEquals(1, rows.size());
            assertEquals(CsvFormat.COLUMNS, parser.getHeaderNames());
            assertEquals(expected, rows.get(0).toList());
        }
    }

    @Test
    void renderAllHasNoHeaderAndEveryLineEndsInCrlf() {
        List<ObjectNode> page = List.of(Golden.record(""), Golden.record("-minimal"), Golden.record("-tricky"));
        List<String> lines = csv.renderAll(page);
        assertEquals(page.stream().map(csv::render).toList(), lines);
        for (String line : lines) {
            assertTrue(line.endsWith("\r\n"));
            assertTrue(!line.startsWith("id,"));
        }
    }
}
