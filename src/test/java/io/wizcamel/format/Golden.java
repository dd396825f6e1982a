package io.wizcamel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Golden inputs and outputs under src/test/resources/format, read from the test class path. With
 * {@code -Dgolden.update=true} the compare methods write what the formats produce instead (then review the diff).
 */
final class Golden {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Path SOURCE = Path.of("src/test/resources/format");
    /** when every golden record was fetched */
    static final Instant FETCHED = Instant.parse("2026-10-21T06:00:00Z");
    static final RenderContext ISSUES = new RenderContext("issues", FETCHED);
    static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** The three input records: "" (record.json), "-minimal" and "-tricky". */
    static final String[] VARIANTS = {"", "-minimal", "-tricky"};

    private Golden() {
    }

    static RenderContext context(String stream) {
        return new RenderContext(stream, FETCHED);
    }

    static ObjectNode record(String variant) {
        return (ObjectNode) json("record" + variant + ".json");
    }

    static JsonNode json(String name) {
        try {
            return JSON.readTree(text(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's exact text; no trailing newline is added or removed. */
    static String text(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/format/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file format/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** the golden JSON file equals {@code actual} (as JSON trees) */
    static void assertJson(String name, JsonNode actual) {
        if (UPDATE) {
            try {
                write(name, JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(actual) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        assertEquals(json(name), actual, name);
    }

    /** the golden text file equals {@code actual} byte for byte */
    static void assertText(String name, String actual) {
        if (UPDATE) {
            write(name, actual);
            return;
        }
        assertEquals(text(name), actual, name);
    }

    private static void write(String name, String content) {
        try {
            Path file = SOURCE.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A record built from JSON text, for focused tests. */
    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
