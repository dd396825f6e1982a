package io.wizcamel.format;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/** Renders one issue record as one line of text in some format; any sink or file can use it. */
public interface RecordRenderer {

    String render(JsonNode record);

    default List<String> renderAll(List<? extends JsonNode> records) {
        List<String> out = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            out.add(render(record));
        }
        return out;
    }
}
