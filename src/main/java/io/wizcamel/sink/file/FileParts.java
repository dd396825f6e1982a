package io.wizcamel.sink.file;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.Settings;
import io.wizcamel.format.RecordFormat;
import io.wizcamel.http.ByteChunks;
import io.wizcamel.format.ScimListResponse;
import io.wizcamel.format.RenderContext;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;

/**
 * Renders a page of records in each configured file format and says which part file each rendering is appended
 * to. A run's output in one format rolls over to a new part file when the current one would pass
 * {@code rollBytes} or has been open {@code rollSeconds}; {@link FilePublisher} renames every part when the run
 * commits.
 */
public class FileParts {

    /** one rendering of a page, in pieces, and the part file it goes to */
    public static final class Chunk {
        private final String fileName;
        private final List<byte[]> pieces;

        Chunk(String fileName, List<byte[]> pieces) {
            this.fileName = fileName;
            this.pieces = pieces;
        }

        public String getFileName() {
            return fileName;
        }

        /** the rendering as the file component writes it: the pieces read one after the other, none copied */
        public InputStream getStream() {
            return ByteChunks.of(pieces).stream();
        }

        /** the rendering in one array */
        public byte[] getBytes() {
            return ByteChunks.of(pieces).toByteArray();
        }
    }

    private static final class Part {
        int index = 1;
        long bytes;
        long openedAt = System.currentTimeMillis();
    }

    /** one stream's run in progress: its part per format */
    private static final class Run {
        final String runId;
        final Map<String, Part> parts = new HashMap<>();

        Run(String runId) {
            this.runId = runId;
        }
    }

    private final List<RecordFormat> formats = new ArrayList<>();
    /** what a stream the operator's JQ mapping makes is written in, whatever the formats: its records' own JSON */
    private static final List<RecordFormat> MAPPED = List.of(RecordFormat.named("jsonl", "jsonl"));
    private final long rollBytes;
    private final long rollMillis;
    private final FilePublisher publisher;
    /** by stream: streams may run side by side */
    private final Map<String, Run> runs = new HashMap<>();

    public FileParts(String formats, long rollBytes, long rollSeconds, FilePublisher publisher) {
        for (String name : Settings.list(formats)) {
            this.formats.add(RecordFormat.named(name, "wiz.sink.file.formats (WIZ_SINK_FILE_FORMATS)"));
        }
        this.rollBytes = rollBytes;
        this.rollMillis = rollSeconds * 1000;
        this.publisher = publisher;
    }

    public synchronized List<Chunk> chunks(List<? extends JsonNode> records,
            @ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        Run current = runs.get(run.stream);
        if (current == null || !current.runId.equals(run.runId)) {
            current = new Run(run.runId);
            runs.put(run.stream, current);
        }
        Map<String, Part> parts = current.parts;
        String folder = publisher.folder(run.stream) + "/";
        List<Chunk> chunks = new ArrayList<>(formats.size());
        RenderContext context = RenderContext.of(run);
        for (RecordFormat format : run.mapped ? MAPPED : formats) {
            if (!format.renders(run.stream)) {
                continue; // CEF and RFC 5424 have no form for projects, resources, users, ...
            }
            List<byte[]> pieces = format.pieces(records, context);
            long length = ByteChunks.of(pieces).length();
            if (length == 0) {
                continue; // nothing of this page has a form in this format: no empty file
            }
            Part part = parts.computeIfAbsent(format.extension(), e -> new Part());
            long now = System.currentTimeMillis();
            // a SCIM run is one ListResponse, so its file does not roll over
            boolean rolls = !format.extension().equals(ScimListResponse.EXTENSION);
            if (rolls && part.bytes > 0 && (part.bytes + length > rollBytes || now - part.openedAt >= rollMillis)) {
                part.index++;
                part.bytes = 0;
                part.openedAt = now;
            }
            // a file holds one stream, so its header is that stream's (CSV: the stream's columns)
            String header = part.bytes == 0 ? format.header(context) : null;
            if (header != null) {
                byte[] head = header.getBytes(StandardCharsets.UTF_8);
                pieces = new ArrayList<>(pieces);
                pieces.add(0, head);
                length += head.length;
            }
            part.bytes += length;
            chunks.add(new Chunk(folder + FilePublisher.partName(run.stream, run.runId, part.index, format.extension()),
                    pieces));
        }
        return chunks;
    }
}
