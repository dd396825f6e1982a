package io.wizcamel.sink.elastic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.format.EcsFormat;
import io.wizcamel.format.RenderContext;
import io.wizcamel.stream.RunStats;
import org.junit.jupiter.api.Test;

/** Bulk bodies: NDJSON action and document pairs, each batch within its bounds. */
class ElasticBulkBatcherTest {

    static final RunStats RUN = new RunStats("issues", "issue", "test");


    static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode record(String id, int titleLength) {
        ObjectNode r = JSON.createObjectNode().put("id", id).put("type", "CLOUD_CONFIGURATION")
                .put("title", "t".repeat(titleLength) + " \"quoted\"\nnew line").put("severity", "HIGH");
        return r;
    }

    @Test
    void eachBatchIsNewlineTerminatedPairsWithinTheBounds() throws Exception {
        List<ObjectNode> records = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            records.add(record("id-" + i, i * 50));
        }
        records.add(record("huge", 5000)); // alone over the byte bound: sent by itself
        ElasticBulkBatcher batcher = new ElasticBulkBatcher("wiz-issues", 4000, 6);
        List<ElasticBulkBatch> batches = batcher.page(records, RUN).batches();
        List<String> ids = new ArrayList<>();
        EcsFormat ecs = new EcsFormat();
        for (ElasticBulkBatch b : batches) {
            byte[] body = b.body();
            assertEquals(b.bytes(), body.length);
            assertTrue(b.size() <= 6);
            assertTrue(body.length <= 4000 || b.size() == 1, "bytes " + body.length);
            String text = new String(body, StandardCharsets.UTF_8);
            assertTrue(text.endsWith("\n"));
            String[] lines = text.split("\n");
            assertEquals(2 * b.size(), lines.length);
            for (int i = 0; i < lines.length; i += 2) {
                JsonNode action = JSON.readTree(lines[i]);
                String id = action.path("index").path("_id").asText();
                assertEquals("wiz-issues", action.path("index").path("_index").asText());
                assertEquals(1, action.size());
                ObjectNode record = records.stream().filter(r -> r.path("id").asText().equals(id)).findFirst().get();
                assertEquals(ecs.document(record, RenderContext.of(RUN)), JSON.readTree(lines[i + 1]));
                ids.add(id);
            }
        }
        assertEquals(records.stream().map(r -> r.path("id").asText()).toList(), ids, "each once, in order");
        assertEquals(List.of("huge"), batches.get(batches.size() - 1).ids());
    }

    @Test
    void itemsTakenLeaveTheBatchAndThePageResumesAtTheFirstUnfinishedOne() throws Exception {
        ElasticBulkPage page = new ElasticBulkBatcher("i", 1_000_000, 2)
                .page(List.of(record("a", 1), record("b", 1), record("c", 1)), RUN);
        ElasticBulkBatch first = page.current();
        assertEquals(List.of("a", "b"), first.ids());
        first.accepted("a");
        assertEquals(List.of("b"), page.current().ids());
        assertTrue(new String(page.current().body(), StandardCharsets.UTF_8).startsWith("{\"index\":{\"_index\":\"i\",\"_id\":\"b\"}}\n"));
        first.accepted("b");
        assertEquals(List.of("c"), page.current().ids());
        page.current().accepted("c");
        assertTrue(page.isDone());
    }
}
