package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.format.CsvColumns;
import io.wizcamel.format.CsvFormat;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file sink in several formats at once, rolling over by size; CSV in each stream's own columns. */
class FileSinkTest {

    @TempDir
    Path dir;

    @Test
    void everyFormatGetsEveryRecordInFilesThatRollBySize() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(1200).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.sink.file.formats", "jsonl,csv,ecs,ocsf,cef,rfc5424")
                    .set("wiz.sink.file.roll-bytes", "200000").set("wiz.page-size", "50");
            assertEquals(0, h.run());
            int expected = h.expectedIds(1200).size();
            for (String ext : List.of(".jsonl", ".csv", ".ecs.jsonl", ".ocsf.jsonl", ".cef", ".syslog")) {
                List<Path> files = files(h.issuesDir(), ext);
                assertTrue(files.size() > 1, ext + " rolled over: " + files);
                long lines = 0;
                for (Path f : files) {
                    List<String> content = Files.readAllLines(f);
                    if (ext.equals(".csv")) {
                        assertTrue(content.get(0).startsWith("id,type,title,"), "a header in every CSV file");
                        content = content.subList(1, content.size());
                    }
                    assertTrue(Files.size(f) <= 200000 + 60000, f + " stays near the roll size");
                    lines += content.size();
                }
                assertEquals(expected, lines, ext);
            }
            assertTrue(Files.readString(files(h.issuesDir(), ".cef").get(0)).startsWith("CEF:0|Wiz|Wiz|"));
            assertTrue(h.allOutputFiles().stream().noneMatch(f -> f.toString().endsWith(".part")));
        }
    }

    @Test
    void eachStreamsCsvFilesStartWithThatStreamsColumns() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).projects(7).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.streams", "issues,projects")
                    .set("wiz.sink.file.formats", "jsonl,csv").set("wiz.stream.projects.page-size", "3");
            assertEquals(0, h.run(), h.stderr);
            for (String stream : List.of("issues", "projects")) {
                Path folder = dir.resolve("out").resolve(stream);
                List<Path> csv = files(folder, ".csv");
                assertEquals(1, csv.size(), stream + ": " + csv);
                List<JsonNode> records = new ArrayList<>();
                for (Path f : files(folder, ".jsonl")) {
                    records.addAll(SyncHarness.records(f));
                }
                assertTrue(records.size() > 0, stream);
                List<String> columns = CsvColumns.of(stream).names();
                try (CSVParser parser = CSVParser.parse(csv.get(0), StandardCharsets.UTF_8,
                        CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
                    assertEquals(columns, parser.getHeaderNames(), stream + ": its own header, written once");
                    List<CSVRecord> rows = parser.getRecords();
                    assertEquals(records.size(), rows.size(), stream + ": a row per delivered record");
                    for (int i = 0; i < rows.size(); i++) {
                        // the same record as the JSON Lines file, in the stream's columns (guarded, nulls empty)
                        List<String> expected = CsvColumns.of(stream).values(records.get(i)).stream()
                                .map(v -> v == null ? "" : CsvFormat.guard(v)).toList();
                        assertEquals(expected, rows.get(i).toList(), stream + " row " + i);
                    }
                }
            }
            assertTrue(Files.readString(files(dir.resolve("out/projects"), ".csv").get(0))
                    .startsWith("id,name,slug,isFolder,archived,"));
        }
    }

    @Test
    void anUnknownFormatIsRefusedAtStartUp() {
        try (WizEmulator emulator = WizEmulator.builder().issues(10).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.sink.file.formats", "jsonl,parquet");
            assertEquals(1, h.run());
            assertTrue(h.stderr.contains("WIZ_SINK_FILE_FORMATS") && h.stderr.contains("parquet"), h.stderr);
        }
    }

    private static List<Path> files(Path dir, String ext) throws Exception {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(f -> f.getFileName().toString().endsWith(ext)
                    && (!ext.equals(".jsonl") || !f.getFileName().toString().matches(".*\\.(ecs|ocsf)\\.jsonl")))
                    .sorted().forEach(out::add);
        }
        return out;
    }
}
