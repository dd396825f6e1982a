package io.wizcamel.emulator;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Relay cursor pages over a root's generated nodes (index 0..size-1, each made on demand), as Wiz pages them:
 * {@code first} at most 500, {@code after} the previous page's endCursor, {@code hasNextPage} true only when another
 * match follows, {@code totalCount} when selected. Queued cursor faults (a repeated or empty cursor) bend the page
 * as a faulty server would. One instance per root: it caches match counts per filter.
 */
public final class Pages {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private record Count(long version, int size, long count) { }

    private final Map<String, Count> counts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Count> eldest) {
            return size() > 64;
        }
    };

    /**
     * The connection value {nodes, pageInfo, totalCount} for this call, not yet cut to the selection.
     *
     * @param version changes whenever a node's content changes (edits), so cached counts are dropped
     */
    public ObjectNode page(RootCall call, int size, IntFunction<ObjectNode> nodeAt, Predicate<ObjectNode> keep,
            int defaultFirst, long version) throws BadInput {
        int first = call.first(defaultFirst);
        JsonNode afterNode = call.argument("after");
        int after = decodeCursor(afterNode);
        ObjectNode conn = JSON.objectNode();
        ArrayNode nodes = conn.putArray("nodes");
        int i = after + 1;
        int last = -1;
        for (; i < size && nodes.size() < first; i++) {
            ObjectNode n = nodeAt.apply(i);
            if (keep.test(n)) {
                nodes.add(n);
                last = i;
            }
        }
        boolean hasNext = false;
        for (; i < size && nodes.size() == first; i++) {
            if (keep.test(nodeAt.apply(i))) {
                hasNext = true;
                break;
            }
        }
        String endCursor = last >= 0 ? cursor(last) : null;
        if (call.cursorFault() == Fault.Kind.REPEAT_CURSOR) {
            hasNext = true;
            endCursor = afterNode == null || afterNode.isNull() ? cursor(-1) : afterNode.asText();
        } else if (call.cursorFault() == Fault.Kind.EMPTY_CURSOR) {
            hasNext = true;
            endCursor = "";
        }
        ObjectNode info = conn.putObject("pageInfo");
        info.put("hasNextPage", hasNext);
        info.put("endCursor", endCursor);
        if (call.selects("totalCount")) {
            conn.put("totalCount", count(call.filterBy().toString(), size, nodeAt, keep, version));
        }
        return conn;
    }

    private long count(String key, int size, IntFunction<ObjectNode> nodeAt, Predicate<ObjectNode> keep,
            long version) {
        synchronized (counts) {
            Count c = counts.get(key);
            if (c != null && c.version() == version && c.size() == size) {
                return c.count();
            }
        }
        long n = 0;
        for (int i = 0; i < size; i++) {
            if (keep.test(nodeAt.apply(i))) {
                n++;
            }
        }
        synchronized (counts) {
            counts.put(key, new Count(version, size, n));
        }
        return n;
    }

    /** The cursor of the node at {@code index} (-1: before the first). */
    public static String cursor(int index) {
        return Base64.getEncoder().encodeToString(Integer.toString(index).getBytes(StandardCharsets.US_ASCII));
    }

    /** The index a cursor stands for (-1 = before the first node). */
    public static int decodeCursor(JsonNode after) throws BadInput {
        if (after == null || after.isNull()) {
            return -1;
        }
        try {
            int idx = Integer.parseInt(new String(Base64.getDecoder().decode(after.asText()),
                    StandardCharsets.US_ASCII));
            if (idx < -1) {
                throw new NumberFormatException();
            }
            return idx;
        } catch (IllegalArgumentException e) {
            throw new BadInput("Invalid cursor: " + after.asText());
        }
    }
}
