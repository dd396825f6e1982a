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

    private final byte[] json;
    private String hash;

    private RenderedRecord(ObjectNode source, byte[] json) {
        super(JsonNodeFactory.instance);
        setAll(source);
        this.json = json;
    }

    /** the record, rendered; a record that already is one is returned as it is */
    public static RenderedRecord of(ObjectNode record) {
        if (record instanceof RenderedRecord rendered) {
            return rendered;
        }
        try {
            return new RenderedRecord(record, JSON.writeValueAsBytes(record));
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

    /** the record's compact JSON, UTF-8 (do not change the array) */
    public byte[] json() {
        return json;
    }

    /** the ledger's fingerprint of the record: the first 16 bytes of the SHA-256 of its JSON, in hex */
    public String hash() {
        if (hash == null) {
            hash = hash(json);
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

    @Override
    public String toString() {
        return new String(json, StandardCharsets.UTF_8);
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
