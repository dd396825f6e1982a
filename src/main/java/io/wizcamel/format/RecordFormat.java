package io.wizcamel.format;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.RenderedRecord;
import io.wizcamel.http.ByteChunks;

/**
 * A file format a page of records can be written in: its name, file extension and the renderer of its lines and
 * header ({@code null} for JSON Lines, the records themselves).
 */
public record RecordFormat(String name, String extension, RecordRenderer renderer) {

    public static final List<String> NAMES = List.of("jsonl", "csv", "ecs", "ocsf", "cef", "rfc5424", "scim");
    private static final byte[] LINE_END = {'\n'};

    /** the page in this format, UTF-8; records of a stream the format has no form for are left out */
    public byte[] render(List<? extends JsonNode> records, RenderContext context) {
        if (renderer == null) {
            return ByteChunks.of(pieces(records, context)).toByteArray();
        }
        StringBuilder out = new StringBuilder(records.size() * 1024);
        for (String line : renderer.renderAll(records, context)) {
            out.append(line);
            if (!line.endsWith("\n")) {
                out.append('\n'); // CSV lines end in their own CRLF
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The page in this format as pieces to write one after the other: for JSON Lines each record's own rendering
     * (as rendered once for delivery, not rendered again) and a line end, with no copy of the page in one array (a
     * megabyte of garbage a page); for the other formats the rendering.
     */
    public List<byte[]> pieces(List<? extends JsonNode> records, RenderContext context) {
        if (renderer != null) {
            byte[] page = render(records, context);
            return page.length == 0 ? List.of() : List.of(page);
        }
        List<byte[]> pieces = new ArrayList<>(records.size() * 2);
        for (JsonNode record : records) {
            pieces.add(RenderedRecord.of((ObjectNode) record).json());
            pieces.add(LINE_END);
        }
        return pieces;
    }

    /** the line each file of the context's stream starts with (CSV: that stream's columns); {@code null}: none */
    public String header(RenderContext context) {
        return renderer == null ? null : renderer.header(context);
    }

    /** whether this format writes records of {@code stream} (CEF and RFC 5424: findings and audit logs only) */
    public boolean renders(String stream) {
        return renderer == null || renderer.renders(stream);
    }

    /** the called {@code name}; {@code key} names the setting it came from, for the error */
    public static RecordFormat named(String name, String key) {
        return switch (name) {
            case "jsonl" -> new RecordFormat(name, "jsonl", null);
            case "csv" -> new RecordFormat(name, "csv", new CsvFormat());
            case "ecs" -> new RecordFormat(name, "ecs.jsonl", new EcsFormat());
            case "ocsf" -> new RecordFormat(name, "ocsf.jsonl", new OcsfFormat());
            case "cef" -> new RecordFormat(name, "cef", new CefFormat());
            case "rfc5424" -> new RecordFormat(name, "syslog", new Rfc5424Format());
            // one SCIM resource a line; the file sink publishes a run's lines as one ListResponse (ScimListResponse)
            case "scim" -> new RecordFormat(name, ScimListResponse.EXTENSION, new ScimFormat());
            default -> throw new IllegalArgumentException(key + " has '" + name + "': use one of " + NAMES);
        };
    }
}
