package io.wizcamel.sink.elastic;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.config.StreamSettings;
import io.wizcamel.config.StreamSettingsAware;
import io.wizcamel.delivery.RenderedRecord;
import io.wizcamel.format.EcsFormat;
import io.wizcamel.format.RenderContext;
import io.wizcamel.stream.RunStats;
import org.apache.camel.ExchangeProperty;

/**
 * Turns a page of issue records into {@code _bulk} requests: per record an {@code index} action (document id = issue
 * id, so a resync overwrites instead of duplicating) and its ECS document, in batches bounded by bytes and actions.
 */
public class ElasticBulkBatcher extends StreamSettingsAware {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte NEWLINE = '\n';

    private final EcsFormat ecs = new EcsFormat();
    private final String index;
    private final long maxBytes;
    private final int maxActions;

    public ElasticBulkBatcher(String index, long maxBytes, int maxActions) {
        this.index = index;
        this.maxBytes = maxBytes;
        this.maxActions = maxActions;
    }

    /**
     * The page's records as bulk requests, in order. A single document larger than the byte bound goes alone in a batch:
     * only the cluster can say whether it takes it (http.max_content_length), and an HTTP 413 then says so.
     */
    public ElasticBulkPage page(List<ObjectNode> records, @ExchangeProperty(RunStats.PROPERTY) RunStats run)
            throws JsonProcessingException {
        // per stream: wiz.sink.elastic.index (wiz-{stream}), or wiz.stream.<stream>.sink.elastic.index
        String streamIndex = StreamSettings.forRun(streamSettings(), "wiz.sink.elastic.index", index, run);
        return new ElasticBulkPage(batches(records, streamIndex, RenderContext.of(run)));
    }

    List<ElasticBulkBatch> batches(List<ObjectNode> records) throws JsonProcessingException {
        return batches(records, index, RenderContext.now(RenderContext.ISSUES));
    }

    List<ElasticBulkBatch> batches(List<ObjectNode> records, String index, RenderContext context)
            throws JsonProcessingException {
        List<ElasticBulkBatch> batches = new ArrayList<>();
        Map<String, byte[]> current = new LinkedHashMap<>();
        long currentBytes = 0;
        for (ObjectNode record : records) {
            String id = record.path("id").asText(null);
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("an issue record without an id cannot be indexed by id");
            }
            byte[] item = item(index, id, record, context);
            if (!current.isEmpty() && (currentBytes + item.length > maxBytes || current.size() >= maxActions)) {
                batches.add(new ElasticBulkBatch(index, current));
                current = new LinkedHashMap<>();
                currentBytes = 0;
            }
            // a page holds each issue once; should one repeat, the later version wins, as the cluster would do
            byte[] previous = current.put(id, item);
            currentBytes += item.length - (previous == null ? 0 : previous.length);
        }
        if (!current.isEmpty()) {
            batches.add(new ElasticBulkBatch(index, current));
        }
        return batches;
    }

    public String index() {
        return index;
    }

    private byte[] item(String index, String id, ObjectNode record, RenderContext context)
            throws JsonProcessingException {
        ObjectNode action = JSON.createObjectNode();
        action.putObject("index").put("_index", index).put("_id", id);
        byte[] actionLine = JSON.writeValueAsBytes(action);
        // Jackson escapes control characters, so neither line can contain a raw newline
        // a record the operator's JQ mapping made is indexed as it is: ECS reads the built-in record's fields
        byte[] document = context.mapped() ? RenderedRecord.of(record).json()
                : JSON.writeValueAsBytes(ecs.document(record, context));
        byte[] item = new byte[actionLine.length + document.length + 2];
        System.arraycopy(actionLine, 0, item, 0, actionLine.length);
        item[actionLine.length] = NEWLINE;
        System.arraycopy(document, 0, item, actionLine.length + 1, document.length);
        item[item.length - 1] = NEWLINE;
        return item;
    }
}
