package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** Every format copes with the connector's own records and with a record that has nothing at all. */
class AllFormatsTest {

    private final EcsFormat ecs = new EcsFormat();
    private final CefFormat cef = new CefFormat();
    private final Rfc5424Format syslog = new Rfc5424Format();
    private final CsvFormat csv = new CsvFormat();
    private final OcsfFormat ocsf = new OcsfFormat();

    @Test
    void theConnectorsRecordsRender() throws Exception {
        // the mapping test's expected records are the shaper's real output; read them, never change them
        Path shaped = Path.of("src/test/resources/mapping/expected.jsonl");
        assumeTrue(Files.isRegularFile(shaped));
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(shaped)) {
            if (!line.isBlank()) {
                records.add(Golden.JSON.readTree(line));
            }
        }
        assertEquals(records.size(), ecs.renderAll(records, Golden.ISSUES).size());
        assertEquals(records.size(), cef.renderAll(records, Golden.ISSUES).size());
        assertEquals(records.size(), syslog.renderAll(records, Golden.ISSUES).size());
        assertEquals(records.size(), csv.renderAll(records, Golden.ISSUES).size());
        assertEquals(records.size(), ocsf.renderAll(records, Golden.ISSUES).size());
        for (JsonNode r : records) {
            EcsFormatTest.assertClean(ecs.document(r, Golden.ISSUES), "", true);
            EcsFormatTest.assertClean(ocsf.document(r, Golden.ISSUES), "", false);
        }
    }

    @Test
    void anEmptyRecordStillRenders() {
        JsonNode empty = Golden.parse("{}");
        assertEquals("CEF:0|Wiz|Wiz|1.0|unknown|Wiz issue|Unknown|rt=1792562400000", cef.render(empty, Golden.ISSUES));
        assertEquals("<133>1 2026-10-21T06:00:00Z " + Rfc5424Format.localHostName() + " wiz-camel - issue [wiz@32473]",
                syslog.render(empty, Golden.ISSUES));
        // Commons CSV writes a null first field bare (only an empty string gets ""); 24 commas are 25 fields
        assertEquals(",".repeat(24) + "\r\n", csv.render(empty));
        assertFalse(ecs.render(empty, Golden.ISSUES).contains("null"));
        assertFalse(ocsf.render(empty, Golden.ISSUES).contains("null"));
    }
}
