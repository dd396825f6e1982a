package io.wizcamel.format;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Renders one record of a stream as one line of text in some format; any sink or file can use it. An implementation
 * overrides {@link #render(JsonNode, RenderContext)}, or, if it renders every stream alike, {@link #render(JsonNode)}.
 */
public interface RecordRenderer {

    /** the record as one line; {@code null} when its stream has no form in this format */
    default String render(JsonNode record, RenderContext context) {
        return render(record);
    }

    /** an issue record fetched now */
    default String render(JsonNode record) {
        return render(record, RenderContext.now(RenderContext.ISSUES));
    }

    /** the line a file of the context's stream starts with (CSV: its columns); {@code null}: none */
    default String header(RenderContext context) {
        return null;
    }

    /** whether records of {@code stream} have a form in this format */
    default boolean renders(String stream) {
        return true;
    }

    /** issue records fetched now */
    default List<String> renderAll(List<? extends JsonNode> records) {
        return renderAll(records, RenderContext.now(RenderContext.ISSUES));
    }

    /** the page's lines, in order, leaving out records that have no form in this format */
    default List<String> renderAll(List<? extends JsonNode> records, RenderContext context) {
        List<String> out = new ArrayList<>(records.size());
        for (JsonNode record : records) {
            String line = render(record, context);
            if (line != null) {
                out.add(line);
            }
        }
        return out;
    }
}
