package io.wizcamel.sink.file;

import java.nio.file.Path;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.SettingsRoom;

/** The file sink's room (settings/sink-file.yaml): the formats and the stream's folder. */
public final class FileSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/sink-file.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        try {
            new FileParts(c.raw("wiz.sink.file.formats"), 1, 1, null);
        } catch (IllegalArgumentException e) {
            c.problem(e.getMessage());
        }
        String folder = c.value("wiz.sink.file.folder");
        if (!folder.isEmpty() && (Path.of(folder).isAbsolute() || folder.startsWith("/") || folder.startsWith("\\")
                || Path.of(folder).normalize().startsWith("..") || folder.matches(".*[:*?\"<>|].*"))) {
            c.problem("wiz.sink.file.folder (WIZ_SINK_FILE_FOLDER) is '" + folder + "' for stream " + c.stream()
                    + ": give a relative folder inside wiz.output-dir, without .., e.g. {stream}");
        }
    }
}
