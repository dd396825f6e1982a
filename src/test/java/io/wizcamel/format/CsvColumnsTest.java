package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each stream's CSV as data: the shapers' real records (src/test/resources/streams/&lt;stream&gt;/expected.jsonl,
 * src/test/resources/mapping/*.jsonl, src/test/resources/format/streams/&lt;stream&gt;/record*.json) in, and beside each
 * the expected CSV, header and rows, compared byte for byte ({@code expected.csv}, {@code <name>.csv},
 * {@code csv<variant>.txt}). With {@code -Dgolden.update=true} the files are written instead (then review the diff).
 */
class CsvColumnsTest {

    private static final Path RESOURCES = Path.of("src/test/resources");
    /** the mapping folder's shaped records: file → stream (expected.jsonl is the issues shaper's output) */
    private static final Map<String, String> MAPPING = Map.of("expected.jsonl", "issues",
            "controls.jsonl", "controls", "service-tickets.jsonl", "service-tickets",
            "iam-insights.jsonl", "iam-insights", "iam-insights-with-okta.jsonl", "iam-insights");

    private final CsvFormat csv = new CsvFormat();

    /** (stream, records file, expected CSV file) for every page of shaped records the tests hold */
    static Stream<Arguments> pages() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (Path dir : list(RESOURCES.resolve("streams"))) {
            Path records = dir.resolve("expected.jsonl");
            if (Files.isRegularFile(records)) {
                all.add(Arguments.of(dir.getFileName().toString(), records, dir.resolve("expected.csv")));
            }
        }
        for (Map.Entry<String, String> m : new java.util.TreeMap<>(MAPPING).entrySet()) {
            Path records = RESOURCES.resolve("mapping").resolve(m.getKey());
            all.add(Arguments.of(m.getValue(), records,
                    records.resolveSibling(m.getKey().replace(".jsonl", ".csv"))));
        }
        for (Path dir : list(RESOURCES.resolve("format/streams"))) {
            for (Path f : list(dir)) {
                String name = f.getFileName().toString();
                if (name.startsWith("record") && name.endsWith(".json")) {
                    String variant = name.substring("record".length(), name.length() - ".json".length());
                    all.add(Arguments.of(dir.getFileName().toString(), f, dir.resolve("csv" + variant + ".txt")));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("pages")
    void eachPageRendersAsItsExpectedCsv(String stream, Path records, Path expected) throws IOException {
        RenderContext context = Golden.context(stream);
        List<JsonNode> page = read(records);
        StringBuilder actual = new StringBuilder(csv.header(context));
        for (JsonNode r : page) {
            actual.append(csv.render(r, context));
        }
        if (Golden.UPDATE) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            return;
        }
        assertEquals(Files.readString(expected, StandardCharsets.UTF_8), actual.toString(), expected.toString());
        // RFC 4180 both ways: it parses back to one row a record, each as wide as the header
        try (CSVParser parser = CSVParser.parse(new StringReader(actual.toString()),
                CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get())) {
            List<CSVRecord> rows = parser.getRecords();
            assertEquals(CsvColumns.of(stream).names(), parser.getHeaderNames());
            assertEquals(page.size(), rows.size());
            for (CSVRecord row : rows) {
                assertEquals(parser.getHeaderNames().size(), row.size(), "row " + row.getRecordNumber());
            }
        }
    }

    @Test
    void theTestedPagesCoverEveryDeclaredStream() throws IOException {
        Set<String> tested = new TreeSet<>();
        pages().forEach(a -> tested.add((String) a.get()[0]));
        assertEquals(new TreeSet<>(CsvColumns.declaredStreams()), tested);
    }

    @Test
    void everyDocumentedStreamDeclaresColumnsFromItsDocumentedRecord() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Path page : list(Path.of("docs/streams"))) {
            documented.add(page.getFileName().toString().replace(".md", ""));
        }
        assertEquals(documented, new TreeSet<>(CsvColumns.declaredStreams()));
        for (String stream : documented) {
            String doc = Files.readString(Path.of("docs/streams/" + stream + ".md"));
            for (String field : CsvColumns.of(stream).topFields()) {
                assertTrue(doc.contains("`" + field + "`") || doc.contains("`" + field + "."),
                        stream + " reads `" + field + "`, which docs/streams/" + stream + ".md does not name");
            }
        }
    }

    @Test
    void theIssueColumnsAreTheDeclaredIssueColumns() {
        assertEquals(CsvFormat.COLUMNS, CsvColumns.of("issues").names());
        assertEquals(csv.header(), csv.header(Golden.ISSUES));
    }

    @Test
    void anUndeclaredStreamAndAMappedRecordGetTheIdAndTheRecordAsJson() {
        JsonNode r = Golden.parse("{\"id\":\"=x\",\"n\":1,\"tags\":{\"a\":\"b\"},\"none\":null}");
        RenderContext own = Golden.context("my-own-stream");
        assertEquals("id,record\r\n", csv.header(own));
        assertEquals("'=x,\"{\"\"id\"\":\"\"=x\"\",\"\"n\"\":1,\"\"tags\"\":{\"\"a\"\":\"\"b\"\"},\"\"none\"\":null}\"\r\n",
                csv.render(r, own));
        RenderContext mapped = new RenderContext("issues", Golden.FETCHED, true);
        assertEquals("id,record\r\n", csv.header(mapped));
        assertEquals(csv.render(r, own), csv.render(r, mapped));
        assertEquals(",\r\n", csv.render(Golden.parse("{}"), own).replace("{}", ""));
    }

    @Test
    void everyStreamsCellsAreGuardedAndListsJoined() {
        JsonNode project = Golden.parse("{\"id\":\"p\",\"name\":\"=cmd|' /C calc'!A0\",\"isFolder\":false,"
                + "\"projectOwners\":[{\"name\":\"@Ann\",\"email\":\"ann@x\"},{\"name\":null},{\"name\":\"Bo\"}],"
                + "\"securityChampions\":[],\"riskProfile\":null}");
        assertEquals("p,'=cmd|' /C calc'!A0,,false,,,,,'@Ann; Bo,ann@x,,\r\n",
                csv.render(project, Golden.context("projects")));
        JsonNode resource = Golden.parse("{\"id\":\"r\",\"tags\":{\"env\":\"-prod\",\"gone\":null,\"n\":2},"
                + "\"assetTypes\":[\"nginx\",\"Ubuntu\"]}");
        List<String> values = CsvColumns.of("resources").values(resource);
        List<String> names = CsvColumns.of("resources").names();
        assertEquals("env=-prod; n=2", values.get(names.indexOf("tags")));
        assertEquals("nginx; Ubuntu", values.get(names.indexOf("assetTypes")));
    }

    @Test
    void aBadDeclarationIsRefusedNamingTheStreamAndColumn() {
        for (String path : List.of("a..b", "a[]b", "a[].", "", "a b", "projects[].name[]")) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> CsvColumns.parse(Map.of("my-stream", Map.of("col", path)), "test.yaml"));
            assertTrue(e.getMessage().startsWith("test.yaml: stream my-stream, column col: "), e.getMessage());
        }
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> CsvColumns.parse(Map.of("my-stream", List.of("id")), "test.yaml"));
        assertTrue(e.getMessage().contains("stream my-stream") && e.getMessage().contains("column: path"),
                e.getMessage());
        // alternatives: the first that has a value
        CsvColumns alt = CsvColumns.parse(Map.of("s", Map.of("a", "x.y | z")), "t").get("s");
        assertEquals(List.of("1"), alt.values(Golden.parse("{\"x\":{\"y\":null},\"z\":1}")));
        assertEquals(List.of("2"), alt.values(Golden.parse("{\"x\":{\"y\":\"2\"},\"z\":1}")));
    }

    private static List<JsonNode> read(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            if (file.toString().endsWith(".json")) {
                return List.of(Golden.JSON.readTree(text));
            }
            List<JsonNode> out = new ArrayList<>();
            for (String line : text.split("\n")) {
                if (!line.isBlank()) {
                    out.add(Golden.JSON.readTree(line));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
