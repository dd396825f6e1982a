package io.wizcamel.delivery;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A page of records rendered ({@link RenderedRecord}), as the delivery route asks for it. Its own small class: Camel
 * introspects a bean type's every method when it builds the route, and RenderedRecord inherits hundreds from
 * Jackson's ObjectNode (a tenth of the start-up's route building).
 */
public final class RenderedPage {

    private RenderedPage() {
    }

    /** a page of records, rendered */
    public static List<ObjectNode> all(List<? extends ObjectNode> records) {
        List<ObjectNode> rendered = new ArrayList<>(records.size());
        for (ObjectNode record : records) {
            rendered.add(RenderedRecord.of(record));
        }
        return rendered;
    }
}
