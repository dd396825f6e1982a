package io.wizcamel.sink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One page of rendered items (HEC events, Sentinel rows) packed into request bodies, each at most {@code maxBytes}
 * and {@code maxItems} items. The sink route posts the head until none is left; the head is removed only after the
 * target took it, so a retried request sends the same body again. A target that answers "too large" (HTTP 413) gets
 * the head split in two and retried smaller.
 */
public class Batches {

    private record Batch(List<String> items, List<String> ids) {
    }

    private final Deque<Batch> queue = new ArrayDeque<>();
    private final String open;
    private final String separator;
    private final String close;
    private int posted;
    private int itemsPosted;

    /**
     * @param items rendered items, in order
     * @param ids the record id of each item (named in errors about one item)
     * @param open, separator, close how a body is framed: "[", ",", "]" for a JSON array; "", "", "" to concatenate
     */
    public Batches(List<String> items, List<String> ids, int maxBytes, int maxItems, String open, String separator,
            String close) {
        this.open = open;
        this.separator = separator;
        this.close = close;
        int frame = bytes(open) + bytes(close);
        int sep = bytes(separator);
        List<String> current = new ArrayList<>();
        List<String> currentIds = new ArrayList<>();
        int size = frame;
        for (int i = 0; i < items.size(); i++) {
            int n = bytes(items.get(i));
            int added = current.isEmpty() ? n : n + sep;
            if (!current.isEmpty() && (size + added > maxBytes || current.size() >= maxItems)) {
                queue.add(new Batch(current, currentIds));
                current = new ArrayList<>();
                currentIds = new ArrayList<>();
                size = frame;
                added = n;
            }
            // an item larger than maxBytes goes alone: the target's own limit may be higher, and if not it says so
            current.add(items.get(i));
            currentIds.add(ids.get(i));
            size += added;
        }
        if (!current.isEmpty()) {
            queue.add(new Batch(current, currentIds));
        }
    }

    public boolean hasNext() {
        return !queue.isEmpty();
    }

    /** the body of the next request */
    public String body() {
        Batch head = head();
        return open + String.join(separator, head.items()) + close;
    }

    /** items in the next request */
    public int size() {
        return head().items().size();
    }

    /** the record id of the n-th item (0-based) of the next request, or null */
    public String recordId(int n) {
        List<String> ids = head().ids();
        return n >= 0 && n < ids.size() ? ids.get(n) : null;
    }

    /** The target took the next request. */
    public void done() {
        Batch head = queue.poll();
        posted++;
        itemsPosted += head == null ? 0 : head.items().size();
    }

    /** Splits the next request in two halves, in order; false when it holds a single item and cannot be split. */
    public boolean split() {
        Batch head = head();
        int n = head.items().size();
        if (n < 2) {
            return false;
        }
        queue.poll();
        int half = n / 2;
        queue.addFirst(part(head, half, n));
        queue.addFirst(part(head, 0, half));
        return true;
    }

    /** requests the target took so far */
    public int posted() {
        return posted;
    }

    public int itemsPosted() {
        return itemsPosted;
    }

    private Batch part(Batch b, int from, int to) {
        return new Batch(new ArrayList<>(b.items().subList(from, to)), new ArrayList<>(b.ids().subList(from, to)));
    }

    private Batch head() {
        Batch head = queue.peek();
        if (head == null) {
            throw new IllegalStateException("no batch left to send");
        }
        return head;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    @Override
    public String toString() {
        return "Batches[" + queue.size() + " left, " + posted + " posted]"; // never the content
    }
}
