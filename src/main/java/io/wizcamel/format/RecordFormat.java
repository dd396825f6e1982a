package io.wizcamel.format;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.RenderedRecord;

/** A file format a page of records can be written in: its name, file extension, header line and rendering. */
public record RecordFormat(String name, String extension, String header, Function<List<? extends JsonNode>, byte[]> renderer) {

    public static final List<String> NAMES = List.of("jsonl", "csv", "ecs", "ocsf", "cef", "rfc5424", "scim");

    /** the page in this format, UTF-8 */
    public byte[] render(List<? extends JsonNode> records) {
        return renderer.apply(records);
    }

    /** the called {@code name}; {@code key} names the setting it came from, for the error */
    public static RecordFormat named(String name, String key) {
        return switch (name) {
            case "jsonl" -> new RecordFormat(name, "jsonl", null, RecordFormat::jsonLines);
            case "csv" -> {
                CsvFormat csv = new CsvFormat();
                yield new RecordFormat(name, "csv", csv.header(),
                        records -> String.join("", csv.renderAll(records)).getBytes(StandardCharsets.UTF_8));
            }
            case "ecs" -> new RecordFormat(name, "ecs.jsonl", null, lines(new EcsFormat()));
            case "ocsf" -> new RecordFormat(name, "ocsf.jsonl", null, lines(new OcsfFormat()));
            case "cef" -> new RecordFormat(name, "cef", null, lines(new CefFormat()));
            case "rfc5424" -> new RecordFormat(name, "syslog", null, lines(new Rfc5424Format()));
            // one SCIM resource a line; the file sink publishes a run's lines as one ListResponse (ScimListResponse)
            case "scim" -> new RecordFormat(name, ScimListResponse.EXTENSION, null, scimLines(new ScimFormat()));
            default -> throw new IllegalArgumentException(key + " has '" + name + "': use one of " + NAMES);
        };
    }

    /** the records themselves, one a line: their JSON as rendered once for delivery, not rendered again */
    private static byte[] jsonLines(List<? extends JsonNode> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(records.size() * 1024);
        for (JsonNode record : records) {
            out.writeBytes(RenderedRecord.of((ObjectNode) record).json());
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** one SCIM resource a line; records without a SCIM form (issues, grants) are left out */
    private static Function<List<? extends JsonNode>, byte[]> scimLines(ScimFormat scim) {
        return records -> {
            StringBuilder out = new StringBuilder();
            for (JsonNode record : records) {
                String line = scim.render(record);
                if (line != null) {
                    out.append(line).append('\n');
                }
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        };
    }

    /** one rendered record a line */
    private static Function<List<? extends JsonNode>, byte[]> lines(RecordRenderer renderer) {
        return records -> {
            StringBuilder out = new StringBuilder(records.size() * 1024);
            for (JsonNode record : records) {
                out.append(renderer.render(record)).append('\n');
            }
            return out.toString().getBytes(StandardCharsets.UTF_8);
        };
    }
}
