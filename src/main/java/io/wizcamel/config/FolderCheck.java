package io.wizcamel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Whether a folder setting (the state folder, the output folder) can be used, checked at start-up rather than
 * found at the first run: not a file, writable (tried, not guessed from permissions: root, read-only mounts) and not
 * full. A folder not there yet is fine when it can be made: its nearest existing parent is checked instead.
 */
public final class FolderCheck {

    /** what a run needs at least: the checkpoint store's write-ahead log and a part file's first pages */
    public static final long MIN_FREE_BYTES = 16L * 1024 * 1024;

    private FolderCheck() {
    }

    /** the problem with the folder, naming the setting and what to do, or null when there is none */
    public static String problem(String key, String value, String purpose, long minFreeBytes) {
        String named = key + " (" + ConfigCheck.env(key) + ") is '" + value + "'";
        Path dir;
        try {
            dir = Path.of(value).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            return named + ", which is not a path: give the folder " + purpose;
        }
        Path existing = dir;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return named + ": no folder on its path exists; give the folder " + purpose;
        }
        if (!Files.isDirectory(existing)) {
            return named + ": " + (existing.equals(dir) ? "that is a file, not a folder" : existing + " is a file, so"
                    + " the folder cannot be made") + "; give the folder " + purpose;
        }
        try {
            Files.delete(Files.createTempFile(existing, ".wiz-camel-check", ".tmp"));
        } catch (IOException | SecurityException e) {
            return named + ": " + (existing.equals(dir) ? "it" : existing) + " cannot be written to ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + "); give a folder this user may write,"
                    + " on a file system that is not read-only";
        }
        try {
            long free = Files.getFileStore(existing).getUsableSpace();
            if (free < minFreeBytes) {
                return named + ": its file system has " + free / (1024 * 1024) + " MB free, under the "
                        + minFreeBytes / (1024 * 1024) + " MB a run needs; free space or give another folder";
            }
        } catch (IOException e) {
            return named + ": its free space cannot be read (" + e.getMessage() + ")";
        }
        return null;
    }
}
