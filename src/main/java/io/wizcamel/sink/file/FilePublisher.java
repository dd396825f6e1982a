package io.wizcamel.sink.file;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.wizcamel.config.StreamSettings;
import io.wizcamel.config.StreamSettingsAware;
import io.wizcamel.delivery.TransactionalSink;
import io.wizcamel.format.ScimListResponse;

/**
 * The file sink's transaction: a run appends to hidden part files ({@code .<stream>-<run id>-0001.jsonl.part}) in
 * the stream's folder, and publishing renames them to their final names ({@code <stream>-<run id>-0001.jsonl})
 * after forcing them to disk, so a reader never sees a partial file.
 */
public class FilePublisher extends StreamSettingsAware implements TransactionalSink {

    private final Path outputDir;

    /** each stream's folder is wiz.sink.file.folder for that stream (outside a Camel context: the stream's name) */
    public FilePublisher(String outputDir) {
        this.outputDir = Path.of(outputDir);
    }

    @Override
    public String sink() {
        return "file";
    }

    /** the stream's folder, relative to the output directory */
    public String folder(String stream) {
        StreamSettings settings = streamSettings();
        String folder = settings == null ? "" : settings.get("wiz.sink.file.folder", stream, stream);
        return folder.isBlank() ? stream : folder;
    }

    /** the part file a run appends one format's records to */
    public static String partName(String stream, String runId, int index, String extension) {
        return String.format(".%s-%s-%04d.%s.part", stream, runId, index, extension);
    }

    @Override
    public List<String> publish(String stream, String runId) throws IOException {
        List<String> published = new ArrayList<>();
        for (Path part : parts(stream, runId)) {
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true); // the records are on disk before the name says they are complete
            }
            String name = part.getFileName().toString();
            Path target = part.resolveSibling(name.substring(1, name.length() - ".part".length()));
            if (name.endsWith("." + ScimListResponse.EXTENSION + ".part")) {
                // the run's SCIM resources, one a line, become one ListResponse, complete before it is named
                Path wrapped = part.resolveSibling(name + ".list");
                ScimListResponse.write(part, wrapped);
                try (FileChannel channel = FileChannel.open(wrapped, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
                Files.move(wrapped, target, StandardCopyOption.ATOMIC_MOVE);
                Files.delete(part);
                published.add(target.toString());
                continue;
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            published.add(target.toString());
        }
        return published;
    }

    @Override
    public void discard(String stream, String runId) throws IOException {
        for (Path part : parts(stream, runId)) {
            Files.deleteIfExists(part);
            Files.deleteIfExists(part.resolveSibling(part.getFileName() + ".list")); // a SCIM wrap cut short
        }
    }

    private List<Path> parts(String stream, String runId) throws IOException {
        Path dir = outputDir.resolve(folder(stream));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = "." + stream + "-" + runId + "-";
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().startsWith(prefix)
                    && f.getFileName().toString().endsWith(".part")).sorted().toList();
        }
    }
}
