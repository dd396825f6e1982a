package io.wizcamel.format;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Golden inputs and outputs under src/test/resources/format, read from the test class path. */
final class Golden {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The three input records: "" (record.json), "-minimal" and "-tricky". */
    static final String[] VARIANTS = {"", "-minimal", "-tricky"};

    private Golden() {
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

    /** A record built from JSON text, for focused tests. */
    static ObjectNode parse(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
