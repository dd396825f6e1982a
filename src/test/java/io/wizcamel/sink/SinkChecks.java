package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.wizcamel.SyncHarness;

/** Checks shared by the sink tests. */
final class SinkChecks {

    private SinkChecks() {
    }

    /** the secret is in no log line, no stderr line, and no file the run left (history, state, output) */
    static void secretNowhere(SyncHarness h, String secret) throws IOException {
        assertFalse(h.logs.contains(secret), "secret in the log");
        assertFalse(h.stderr.contains(secret), "secret on stderr");
        List<Path> files;
        try (Stream<Path> s = Files.walk(h.dir)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        for (Path f : files) {
            byte[] content = Files.readAllBytes(f);
            assertFalse(indexOf(content, needle) >= 0, "secret in " + f);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
