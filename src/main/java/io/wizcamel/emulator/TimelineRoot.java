package io.wizcamel.emulator;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A root whose nodes are made on demand from (seed, index), {@code updatedAt} ascending with the index, so that
 * 100,000 of them cost no memory and an {@code updatedAt {after}} filter starts where it should instead of
 * generating every older node. Edits (tests, demos) are kept per index; an edited node is served with its own
 * {@code updatedAt}, so an incremental query finds it wherever it lies.
 */
public abstract class TimelineRoot implements EmulatedRoot {

    /** generated timestamps lie in the 90 days before {@link WizEmulator#BASE_INSTANT} */
    static final long WINDOW_MS = 90L * 24 * 3600 * 1000;
    static final long START_MS = WizEmulator.BASE_INSTANT.toEpochMilli() - WINDOW_MS;

    protected final long seed;
    private final int size;
    private final ConcurrentSkipListMap<Integer, ObjectNode> edited = new ConcurrentSkipListMap<>();
    private final AtomicLong version = new AtomicLong();
    private final Pages pages = new Pages();

    protected TimelineRoot(long seed, int size) {
        if (size < 0) {
            throw new IllegalArgumentException("a root's size must be >= 0");
        }
        this.seed = seed;
        this.size = size;
    }

    /** the generated node #index, with the given updatedAt */
    protected abstract ObjectNode generate(int index, Instant updatedAt);

    /** the filterBy of a call as a test on a node (a bad value is a BadInput) */
    protected abstract Predicate<ObjectNode> filter(JsonNode filterBy) throws BadInput;

    /** the name of the updatedAt filter field, usually {@code updatedAt} */
    protected String timeFilterField() {
        return "updatedAt";
    }

    public int size() {
        return size;
    }

    /** the generated updatedAt of node #index: ascending, inside the 90-day window */
    public Instant updatedAt(int index) {
        return Instant.ofEpochMilli(millis(index));
    }

    private long millis(int index) {
        return START_MS + (index + 1L) * WINDOW_MS / (size + 1L);
    }

    /** A copy of node #index as served. */
    public ObjectNode node(int index) {
        Objects.checkIndex(index, size);
        ObjectNode e = edited.get(index);
        return e != null ? e.deepCopy() : generate(index, updatedAt(index));
    }

    /** Changes node #index: the edit gets a copy of the current node, which then replaces it. */
    public void update(int index, Consumer<ObjectNode> edit) {
        Objects.checkIndex(index, size);
        synchronized (edited) {
            ObjectNode n = node(index);
            edit.accept(n);
            edited.put(index, n);
            version.incrementAndGet();
        }
    }

    @Override
    public void write(RootCall call, JsonGenerator g) throws IOException, BadInput {
        JsonNode filterBy = call.filterBy();
        Predicate<ObjectNode> keep = filter(filterBy);
        Instant after = instant(filterBy.path(timeFilterField()), "after");
        // the nodes worth testing: edited ones before the first generated node after the bound, then the rest
        int from = after == null ? 0 : firstAfter(after.toEpochMilli());
        int[] early = edited.headMap(from).keySet().stream().mapToInt(Integer::intValue).toArray();
        int span = early.length + (size - from);
        ObjectNode page = pages.page(call, span, j -> node(j < early.length ? early[j] : from + j - early.length),
                keep, WizEmulator.MAX_PAGE_SIZE, version.get());
        g.writeTree(call.project(page));
    }

    /** the first index whose generated updatedAt is after {@code ms} */
    private int firstAfter(long ms) {
        int lo = 0;
        int hi = size;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (millis(mid) > ms) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /**
     * A UUID-shaped id derived from (seed, kind, n) without hashing (cheap enough for 100,000 nodes a crawl).
     * Different kinds give different ids for the same n.
     */
    protected String uuid(long kind, long n) {
        long a = mix(seed * 0x9E3779B97F4A7C15L + kind * 0xBF58476D1CE4E5B9L + n);
        long b = mix(a ^ (n * 0x94D049BB133111EBL + kind));
        return new java.util.UUID((a & ~0xF000L) | 0x4000L, (b & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    // ---- filter helpers -----------------------------------------------------------------------

    /** a DateTimeFilter's bound, or null */
    protected static Instant instant(JsonNode window, String bound) throws BadInput {
        JsonNode v = window.path(bound);
        if (v.isMissingNode() || v.isNull()) {
            return null;
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new BadInput("Invalid DateTime '" + v.asText() + "': give an ISO-8601 instant such as 2026-11-01T00:00:00Z");
        }
    }

    /** whether the node's time field lies inside a DateTimeFilter {after, before} (absent filter: yes) */
    protected static Predicate<ObjectNode> within(JsonNode filterBy, String filterField, String nodeField)
            throws BadInput {
        Instant after = instant(filterBy.path(filterField), "after");
        Instant before = instant(filterBy.path(filterField), "before");
        if (after == null && before == null) {
            return n -> true;
        }
        return n -> {
            Instant t = Instant.parse(n.path(nodeField).asText());
            return (after == null || t.isAfter(after)) && (before == null || t.isBefore(before));
        };
    }

    /** whether the node's text field is one of the filter's list (absent filter: yes) */
    protected static Predicate<ObjectNode> oneOf(JsonNode filterBy, String filterField, String nodePointer) {
        JsonNode list = filterBy.path(filterField);
        if (!list.isArray()) {
            return n -> true;
        }
        List<String> values = new java.util.ArrayList<>();
        list.forEach(v -> values.add(v.asText()));
        return n -> values.contains(n.at(nodePointer).asText());
    }

    /** whether the node's boolean field equals the filter's (absent filter: yes) */
    protected static Predicate<ObjectNode> is(JsonNode filterBy, String field) {
        JsonNode want = filterBy.path(field);
        if (!want.isBoolean()) {
            return n -> true;
        }
        return n -> n.path(field).asBoolean() == want.booleanValue();
    }
}
