package io.wizcamel.sink.file;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.config.Settings;
import io.wizcamel.format.RecordFormat;
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

    /** one rendering of a page, and the part file it goes to */
    public static final class Chunk {
        private final String fileName;
        private final byte[] bytes;

        Chunk(String fileName, byte[] bytes) {
            this.fileName = fileName;
            this.bytes = bytes;
        }

        public String getFileName() {
            return fileName;
        }

        public byte[] getBytes() {
            return bytes;
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
            byte[] bytes = format.render(records, context);
            if (bytes.length == 0) {
                continue; // nothing of this page has a form in this format: no empty file
            }
            Part part = parts.computeIfAbsent(format.extension(), e -> new Part());
            long now = System.currentTimeMillis();
            // a SCIM run is one ListResponse, so its file does not roll over
            boolean rolls = !format.extension().equals(ScimListResponse.EXTENSION);
            if (rolls && part.bytes > 0 && (part.bytes + bytes.length > rollBytes || now - part.openedAt >= rollMillis)) {
                part.index++;
                part.bytes = 0;
                part.openedAt = now;
            }
            // a file holds one stream, so its header is that stream's (CSV: the stream's columns)
            String header = part.bytes == 0 ? format.header(context) : null;
            if (header != null) {
                bytes = concat(header.getBytes(StandardCharsets.UTF_8), bytes);
            }
            part.bytes += bytes.length;
            chunks.add(new Chunk(folder + FilePublisher.partName(run.stream, run.runId, part.index, format.extension()),
                    bytes));
        }
        return chunks;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
