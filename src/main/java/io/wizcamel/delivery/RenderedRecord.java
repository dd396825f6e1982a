package io.wizcamel.delivery;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A record on its way to the sinks, rendered to JSON once: the ledger hashes those bytes, and the file, Kafka and
 * RabbitMQ sinks write them, instead of each serialising the record again. {@link #toString()} is that same
 * rendering, so code that asks a record for its JSON gets it for free. A record is not changed once it is delivered;
 * this class relies on that (the mapping is done by then).
 */
public final class RenderedRecord extends ObjectNode {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** null while the record is a draft still being built */
    private byte[] json;
    private String hash;

    private RenderedRecord() {
        super(JsonNodeFactory.instance);
    }

    private RenderedRecord(ObjectNode source, byte[] json) {
        super(JsonNodeFactory.instance);
        setAll(source);
        this.json = json;
    }

    /**
     * An empty record for a stream's mapping to build: it is rendered when it first goes to the sinks, as it is then,
     * without being copied into a new one first as {@link #of} copies any other record.
     */
    public static RenderedRecord draft() {
        return new RenderedRecord();
    }

    /** the record, rendered; a record that already is one is returned as it is (a draft is rendered now) */
    public static RenderedRecord of(ObjectNode record) {
        if (record instanceof RenderedRecord rendered) {
            if (rendered.json == null) {
                rendered.json = render(rendered);
            }
            return rendered;
        }
        return new RenderedRecord(record, render(record));
    }

    private static byte[] render(ObjectNode record) {
        try {
            return JSON.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render record " + record.path("id").asText(), e);
        }
    }

    /** a record read back as the JSON text it was rendered to (a dead letter) */
    public static RenderedRecord parse(String json) throws JsonProcessingException {
        JsonNode node = JSON.readTree(json);
        if (!(node instanceof ObjectNode record)) {
            throw new IllegalArgumentException("not a JSON object: " + json);
        }
        return new RenderedRecord(record, json.getBytes(StandardCharsets.UTF_8));
    }

    /** the record's compact JSON, UTF-8 (do not change the array); a draft is rendered now */
    public byte[] json() {
        return of(this).json;
    }

    /** the ledger's fingerprint of the record: the first 16 bytes of the SHA-256 of its JSON, in hex */
    public String hash() {
        if (hash == null) {
            hash = hash(json());
        }
        return hash;
    }

    public static String hash(byte[] json) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** the rendering; a draft is shown as it is now, and stays a draft (it may still change) */
    @Override
    public String toString() {
        return json == null ? super.toString() : new String(json, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}
