package io.wizcamel.stream;

import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.json.JsonObject;

/**
 * The server-side filter of a stream whose only filter is its watermark: {@code {<field>: {after: <watermark>}}} on
 * an incremental run, nothing on a full one (resources on {@code updatedAt}, audit logs on {@code timestamp}).
 */
public class WatermarkFilter {

    private final String field;

    public WatermarkFilter(String field) {
        this.field = field;
    }

    public JsonObject filterBy(@ExchangeProperty(RunStats.PROPERTY) RunStats run) {
        if (run.full || run.watermarkFrom == null) {
            return null;
        }
        JsonObject window = new JsonObject();
        window.put("after", run.watermarkFrom);
        JsonObject filterBy = new JsonObject();
        filterBy.put(field, window);
        return filterBy;
    }
}
