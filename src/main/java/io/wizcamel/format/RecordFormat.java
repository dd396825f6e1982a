package io.wizcamel.format;

import java.util.List;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.format.CefFormat;
import io.wizcamel.format.CsvFormat;
import io.wizcamel.format.EcsFormat;
import io.wizcamel.format.OcsfFormat;
import io.wizcamel.format.RecordRenderer;
import io.wizcamel.format.Rfc5424Format;

/** A file format a page of records can be written in: its name, file extension, header line and rendering. */
public record RecordFormat(String name, String extension, String header, Function<List<? extends JsonNode>, String> renderer) {

    static final List<String> NAMES = List.of("jsonl", "csv", "ecs", "ocsf", "cef", "rfc5424");

    public String render(List<? extends JsonNode> records) {
        return renderer.apply(records);
    }

    /** the format called {@code name}; {@code key} names the setting it came from, for the error */
    public static RecordFormat named(String name, String key) {
        return switch (name) {
            case "jsonl" -> new RecordFormat(name, "jsonl", null, lines(JsonNode::toString));
            case "csv" -> {
                CsvFormat csv = new CsvFormat();
                yield new RecordFormat(name, "csv", csv.header(), records -> String.join("", csv.renderAll(records)));
            }
            case "ecs" -> new RecordFormat(name, "ecs.jsonl", null, lines(new EcsFormat()));
            case "ocsf" -> new RecordFormat(name, "ocsf.jsonl", null, lines(new OcsfFormat()));
            case "cef" -> new RecordFormat(name, "cef", null, lines(new CefFormat()));
            case "rfc5424" -> new RecordFormat(name, "syslog", null, lines(new Rfc5424Format()));
            default -> throw new IllegalArgumentException(key + " has '" + name + "': use one of " + NAMES);
        };
    }

    /** one rendered record a line */
    private static Function<List<? extends JsonNode>, String> lines(RecordRenderer renderer) {
        return records -> {
            StringBuilder out = new StringBuilder(records.size() * 1024);
            for (JsonNode record : records) {
                out.append(renderer.render(record)).append('\n');
            }
            return out.toString();
        };
    }
}
