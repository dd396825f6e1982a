package io.wizcamel.sink.file;

import io.wizcamel.config.Settings;
import io.wizcamel.format.RecordFormat;
import io.wizcamel.stream.RunStats;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.ExchangeProperty;

/**
 * Renders a page of records in each configured file format and says which part file each rendering is appended
 * to. A run's output in one format rolls over to a new part file when the current one would pass
 * {@code rollBytes} or has been open {@code rollSeconds}; the ledger renames every part when the run commits.
 */
public class FileParts {

    /** one rendering of a page, and the part file it goes to */
    public static final class Chunk {
        private final String fileName;
        private final String text;

        Chunk(String fileName, String text) {
            this.fileName = fileName;
            this.text = text;
        }

        public String getFileName() {
            return fileName;
        }

        public String getText() {
            return text;
        }
    }

    private static final class Part {
        int index = 1;
        long bytes;
        long openedAt = System.currentTimeMillis();
    }

    private final List<RecordFormat> formats = new ArrayList<>();
    private final long rollBytes;
    private final long rollMillis;
    private final Map<String, Part> parts = new HashMap<>();
    private String runId;

    public FileParts(String formats, long rollBytes, long rollSeconds) {
        for (String name : Settings.list(formats)) {
            this.formats.add(RecordFormat.named(name, "wiz.sink.file.formats (WIZ_SINK_FILE_FORMATS)"));
        }
        this.rollBytes = rollBytes;
        this.rollMillis = rollSeconds * 1000;
    }

    public synchronized List<Chunk> chunks(List<? extends JsonNode> records,
            @ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        if (!run.runId.equals(runId)) {
            runId = run.runId;
            parts.clear();
        }
        List<Chunk> chunks = new ArrayList<>(formats.size());
        for (RecordFormat format : formats) {
            String text = format.render(records);
            Part part = parts.computeIfAbsent(format.extension(), e -> new Part());
            long now = System.currentTimeMillis();
            if (part.bytes > 0 && (part.bytes + text.length() > rollBytes || now - part.openedAt >= rollMillis)) {
                part.index++;
                part.bytes = 0;
                part.openedAt = now;
            }
            if (part.bytes == 0 && format.header() != null) {
                text = format.header() + text;
            }
            part.bytes += text.length();
            chunks.add(new Chunk(String.format(".%s-%s-%04d.%s.part", run.stream, run.runId, part.index,
                    format.extension()), text));
        }
        return chunks;
    }
}
