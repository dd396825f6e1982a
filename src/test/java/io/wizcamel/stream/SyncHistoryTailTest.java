package io.wizcamel.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SyncHistory#newestFirst}: the console reads the history's tail backwards, block by block; lines that cross
 * a block boundary (multi-byte text among them), the first line of the file, a torn last line, the filter, the limit
 * and the bound on lines read.
 */
class SyncHistoryTailTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void readsTheNewestRecordsBackwardsAcrossBlocks() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3000; i++) { // about 300 kB: several 64 kB blocks
            lines.add(JSON.createObjectNode().put("runId", "r" + i).put("stream", i % 3 == 0 ? "projects" : "issues")
                    .put("outcome", i % 10 == 0 ? "partial" : "succeeded")
                    .put("error", "Überprüfung fehlgeschlagen – 検証 " + "x".repeat(i % 97)).toString());
        }
        Path file = dir.resolve("history.jsonl");
        Files.writeString(file, String.join("\n", lines) + "\n{\"runId\":\"torn", StandardCharsets.UTF_8);
        SyncHistory history = new SyncHistory(dir.toString());

        List<JsonNode> all = history.newestFirst(r -> true, 3000, Integer.MAX_VALUE);
        assertEquals(3000, all.size(), "every whole line, the torn one skipped");
        for (int i = 0; i < 3000; i++) {
            JsonNode expected = JSON.readTree(lines.get(2999 - i));
            assertEquals(expected, all.get(i), "line " + (2999 - i));
        }

        List<JsonNode> partial = history.newestFirst(r -> "partial".equals(r.path("outcome").asText())
                && "issues".equals(r.path("stream").asText()), 100, Integer.MAX_VALUE);
        assertEquals(100, partial.size());
        assertEquals("r2990", partial.get(0).path("runId").asText());
        assertTrue(partial.stream().allMatch(r -> r.path("runId").asText().endsWith("0")));

        assertEquals(List.of("r2999", "r2998"), ids(history.newestFirst(r -> true, 2, Integer.MAX_VALUE)));
        // no further back than the last 50 lines (the torn one counts): 5 partial runs among them
        assertEquals(5, history.newestFirst(r -> "partial".equals(r.path("outcome").asText()), 100, 51).size());
        assertEquals(List.of("r0"), ids(history.newestFirst(r -> r.path("runId").asText().equals("r0"), 5,
                Integer.MAX_VALUE)), "the file's first line");
        assertEquals(0, new SyncHistory(dir.resolve("none").toString()).newestFirst(r -> true, 5, 5).size());
    }

    private static List<String> ids(List<JsonNode> runs) {
        return runs.stream().map(r -> r.path("runId").asText()).toList();
    }
}
