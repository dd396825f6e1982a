package io.wizcamel.sink.elastic;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code _bulk} request's worth of index actions, keyed by document id. Items the cluster accepts are removed,
 * so that a retry sends only the items still waiting (those it answered with 429 or 5xx).
 */
public class ElasticBulkBatch {

    /** the action line and the document line of one item, each newline-terminated, in UTF-8 */
    private final Map<String, byte[]> pending = new LinkedHashMap<>();
    private final int sent;
    private long bytes;
    /** the index the items go to (each stream has its own) */
    private final String index;

    ElasticBulkBatch(String index, Map<String, byte[]> items) {
        this.index = index;
        pending.putAll(items);
        sent = items.size();
        items.values().forEach(b -> bytes += b.length);
    }

    /** the NDJSON request body for the items still waiting */
    public byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE, bytes));
        pending.values().forEach(out::writeBytes);
        return out.toByteArray();
    }

    /** ids of the items still waiting, in request order (the order of the bulk answer's items) */
    public List<String> ids() {
        return new ArrayList<>(pending.keySet());
    }

    public String index() {
        return index;
    }

    public int size() {
        return pending.size();
    }

    /** bytes of the request body for the items still waiting */
    public long bytes() {
        return bytes;
    }

    /** how many items the batch held when it was made */
    public int initialSize() {
        return sent;
    }

    /** the cluster took this item: it is not sent again */
    void accepted(String id) {
        byte[] item = pending.remove(id);
        if (item != null) {
            bytes -= item.length;
        }
    }

    public boolean isDone() {
        return pending.isEmpty();
    }
}
