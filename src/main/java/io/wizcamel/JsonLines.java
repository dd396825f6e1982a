package io.wizcamel;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Writes records as JSON Lines (one JSON object a line, https://jsonlines.org). */
public class JsonLines {

    public String format(List<? extends JsonNode> records) {
        StringBuilder out = new StringBuilder(records.size() * 1024);
        for (JsonNode record : records) {
            out.append(record.toString()).append('\n');
        }
        return out.toString();
    }
}
