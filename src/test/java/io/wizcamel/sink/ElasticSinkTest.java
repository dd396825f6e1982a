package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.format.EcsFormat;
import io.wizcamel.sink.elastic.ElasticHttpClient;
import io.wizcamel.sink.fake.ElasticFake.Doc;
import io.wizcamel.sink.fake.ElasticFake.Request;
import io.wizcamel.sink.fake.ElasticFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Elasticsearch / OpenSearch sink against a fake _bulk endpoint, through the routes as deployed. */
class ElasticSinkTest {

    static final int ISSUES = 600;
    static final String API_KEY = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";

    @TempDir
    Path dir;

    WizEmulator emulator;
    ElasticFake es;
    SyncHarness h;
    List<String> expected;

    @BeforeEach
    void start() {
        emulator = WizEmulator.builder().issues(ISSUES).build().start();
        es = ElasticFake.http().apiKey(API_KEY);
        h = new SyncHarness(emulator, dir)
                .set("wiz.sinks", "file,elastic")
                .set("wiz.page-size", "100")
                .set("wiz.sink-retries", "1")
                .set("wiz.sink-retry-delay-ms", "10")
                .set("wiz.sink.elastic.url", es.url())
                .set("wiz.sink.elastic.api-key", API_KEY);
        expected = h.expectedIds(ISSUES);
    }

    @AfterEach
    void stop() {
        es.close();
        emulator.close();
    }

    /** pages of 100 that Wiz serves for the default filter */
    long pages() {
        return (h.serverMatches(ISSUES) + 99) / 100;
    }

    JsonNode elasticStats() throws Exception {
        return h.lastRun().path("sinks").path("elastic");
    }

    @Test
    void everyRecordIsIndexedAsItsEcsDocumentByIdAndAResyncUpdatesInPlace() throws Exception {
        h.set("wiz.sink.elastic.index", "wiz-test");
        assertEquals(0, h.run(), h.stderr);
        assertEquals(expected.size(), elasticStats().path("delivered").asLong(), elasticStats().toString());

        // the file sink's records are what the sink was given: each must be in the index as EcsFormat renders it
        List<JsonNode> records = h.allRecords();
        assertEquals(expected, records.stream().map(r -> r.path("id").asText()).toList());
        Map<String, Doc> index = es.index("wiz-test");
        assertEquals(expected.size(), index.size());
        assertTrue(es.index("wiz-issues").isEmpty(), "the configured index, not the default");
        EcsFormat ecs = new EcsFormat();
        for (JsonNode record : records) {
            Doc doc = index.get(record.path("id").asText());
            assertEquals(ecs.document(record), doc.source, record.path("id").asText());
            assertEquals(1, doc.version);
        }
        // one known record, field by field
        JsonNode first = records.get(0);
        JsonNode doc = index.get(first.path("id").asText()).source;
        assertEquals(first.path("id").asText(), doc.path("event").path("id").asText());
        assertEquals(first.path("title").asText(), doc.path("message").asText());
        assertEquals("8.11.0", doc.path("ecs").path("version").asText());
        assertEquals("wiz.issue", doc.path("event").path("dataset").asText());
        assertEquals(first.path("statusChangedAt").asText(), doc.path("@timestamp").asText());
        assertEquals(first.path("wizStatus").asText(), doc.path("wiz").path("issue").path("wizStatus").asText());

        // what went over the wire: the documented request contract, one bulk request per page of 100 issues
        List<Request> requests = es.requests();
        assertEquals(pages(), requests.size());
        for (Request r : requests) {
            assertEquals(200, r.status);
            assertEquals("/_bulk", r.path);
            assertTrue(r.contentType.startsWith("application/x-ndjson"), r.contentType);
            assertEquals("ApiKey " + API_KEY, r.authorization);
        }

        // Wiz changes one issue: the next run sends that one document, which replaces the old one
        String changedId = expected.get(expected.size() / 2);
        int changed = emulator.indexOf(changedId);
        String status = "RESOLVED".equals(emulator.issue(changed).path("status").asText()) ? "OPEN" : "RESOLVED";
        emulator.setStatus(changed, status, Instant.now());
        assertEquals(0, h.run("--full"), h.stderr);
        assertEquals(1, elasticStats().path("delivered").asLong(), elasticStats().toString());
        assertEquals(expected.size(), index.size(), "updated in place: the count stays");
        assertEquals(2, index.get(changedId).version, "the changed document's version moved on");
        assertEquals(status, index.get(changedId).source.path("wiz").path("issue").path("wizStatus").asText());
        JsonNode newRecord = h.allRecords().stream().filter(r -> r.path("id").asText().equals(changedId))
                .reduce((a, b) -> b).orElseThrow();
        assertEquals(ecs.document(newRecord), index.get(changedId).source);
        assertEquals(1, index.values().stream().filter(d -> d.version > 1).count(), "no other document was touched");
    }

    @Test
    void batchesStayWithinTheirByteAndActionBounds() throws Exception {
        h.set("wiz.sink.elastic.max-batch-bytes", "16384").set("wiz.sink.elastic.max-batch-actions", "7");
        assertEquals(0, h.run(), h.stderr);
        List<Request> requests = es.requests();
        assertTrue(requests.size() >= expected.size() / 7, "several requests a page: " + requests.size());
        for (Request r : requests) {
            assertTrue(r.ids.size() <= 7, "actions: " + r.ids.size());
            assertTrue(r.bytes <= 16384, "bytes: " + r.bytes);
        }
        assertEquals(expected, requests.stream().flatMap(r -> r.ids.stream()).toList(), "each once, in order");
        assertEquals(expected.size(), es.index("wiz-issues").size());
    }

    @Test
    void anOutageLosesNothingAndTheIdsKeepReplaysFromDuplicating() throws Exception {
        // pages of 100 issues in two requests each; the 4th request (page 2's second half) meets a 503
        h.set("wiz.sink.elastic.max-batch-actions", "50");
        es.unavailableFrom(4);
        assertEquals(3, h.run(), "an outage of one sink does not fail the run");
        List<Request> first = es.requests();
        assertEquals(5, first.size(), "pages 1 and 2, then one retry of the failed request; then the sink rests");
        assertEquals(List.of(503, 503), List.of(first.get(3).status, first.get(4).status));
        assertEquals(first.get(3).ids, first.get(4).ids, "a 503 for the whole request resends it whole");
        JsonNode run1 = elasticStats();
        long page1 = first.get(0).ids.size() + first.get(1).ids.size();
        assertEquals(page1, run1.path("delivered").asLong(), run1.toString());
        assertEquals(expected.size() - page1, run1.path("deadLettered").asLong());
        assertTrue(run1.path("error").asText().contains("HTTP 503"), run1.toString());
        assertEquals(expected.size(), h.lastRun().path("sinks").path("file").path("delivered").asLong());

        // the cluster is gone altogether: the replay fails too, and the records keep waiting
        es.clearFaults();
        es.stop();
        assertEquals(3, h.run());
        JsonNode run2 = elasticStats();
        assertEquals(0, run2.path("redelivered").asLong());
        assertTrue(run2.path("error").asText().contains("Connection refused"), run2.toString());

        // back: every waiting record arrives, and the half page that had arrived before is overwritten, not doubled
        es.start();
        assertEquals(0, h.run());
        JsonNode run3 = elasticStats();
        assertEquals(expected.size() - page1, run3.path("redelivered").asLong(), run3.toString());
        assertTrue(run3.path("error").isNull(), run3.toString());
        Map<String, Doc> index = es.index("wiz-issues");
        assertEquals(new HashSet<>(expected), index.keySet(), "every record arrived, each once by id");
        Set<String> sentTwice = new HashSet<>(first.get(2).ids);
        for (Map.Entry<String, Doc> e : index.entrySet()) {
            assertEquals(sentTwice.contains(e.getKey()) ? 2 : 1, e.getValue().version, e.getKey());
        }
        assertEquals(0, h.run());
        assertEquals(0, elasticStats().path("redelivered").asLong(), "nothing left to replay");
    }

    @Test
    void itemsTheClusterIsTooBusyForAreRetriedAlone() throws Exception {
        String busyId = expected.get(3);
        es.busy(busyId, 1);
        assertEquals(0, h.run(), h.stderr);
        JsonNode stats = elasticStats();
        assertEquals(expected.size(), stats.path("delivered").asLong(), stats.toString());
        assertEquals(0, stats.path("deadLettered").asLong());
        List<Request> requests = es.requests();
        assertTrue(requests.get(0).ids.contains(busyId));
        assertEquals(List.of(busyId), requests.get(1).ids, "the retry carries only the refused item");
        assertEquals(pages() + 1, requests.size());
        assertEquals(1, es.index("wiz-issues").get(busyId).version, "indexed once");
        assertEquals(expected.size(), es.index("wiz-issues").size());
        assertTrue(h.logs.contains("asked to retry 1 of"), "the retry is logged with its cause");
    }

    @Test
    void anItemStillBusyAfterTheRetriesSendsThePageToTheDeadLetters() throws Exception {
        String busyId = expected.get(3);
        es.busy(busyId, 5);
        assertEquals(3, h.run(), h.stderr);
        JsonNode stats = elasticStats();
        assertEquals(expected.size(), stats.path("deadLettered").asLong(), stats.toString());
        assertTrue(stats.path("error").asText().contains(busyId + " (HTTP 429 es_rejected_execution_exception"),
                stats.toString());
        assertEquals(2, es.requests().size(), "one try and one retry");
        es.clearFaults();
        assertEquals(0, h.run());
        assertEquals(expected.size(), elasticStats().path("redelivered").asLong());
        assertEquals(expected.size(), es.index("wiz-issues").size());
    }

    @Test
    void aMappingErrorDeadLettersThePageWithTheReasonAndIsNotRetried() throws Exception {
        String badId = expected.get(expected.size() / 2);
        es.mappingError(badId);
        assertEquals(3, h.run(), h.stderr);
        JsonNode stats = elasticStats();
        String error = stats.path("error").asText();
        assertTrue(error.contains("refused document " + badId + " (HTTP 400 mapper_parsing_exception: failed to parse"
                + " field [wiz.issue.createdAt]"), error);
        assertTrue(error.contains("fix the mapping of index wiz-issues"), error);
        assertTrue(stats.path("deadLettered").asLong() > 0);
        assertEquals(expected.size(), stats.path("delivered").asLong() + stats.path("deadLettered").asLong());
        assertEquals(1, es.requests().stream().filter(r -> r.ids.contains(badId)).count(), "not retried");
        assertEquals(es.requests().size(), es.requests().stream().filter(r -> r.status == 200).count());
        assertFalse(es.index("wiz-issues").containsKey(badId));

        // the mapping is fixed: the dead letters go in, by id
        es.clearFaults();
        assertEquals(0, h.run());
        assertEquals(stats.path("deadLettered").asLong(), elasticStats().path("redelivered").asLong());
        assertEquals(new HashSet<>(expected), es.index("wiz-issues").keySet());
    }

    @Test
    void refusedCredentialsAreRejectedWithoutRetriesAndNeverShown() throws Exception {
        String wrongKey = "d3JvbmctaWQ6czNjcjN0LXdyb25nLWtleQ==";
        h.set("wiz.sink.elastic.api-key", wrongKey);
        assertEquals(3, h.run());
        JsonNode stats = elasticStats();
        String error = stats.path("error").asText();
        assertTrue(error.contains("refused the credentials (HTTP 401, security_exception"), error);
        assertTrue(error.contains("WIZ_SINK_ELASTIC_API_KEY"), error);
        assertEquals(expected.size(), stats.path("deadLettered").asLong());
        assertEquals(1, es.requests().size(), "no retries, and the sink rests for the rest of the run");
        assertEquals("ApiKey " + wrongKey, es.requests().get(0).authorization);
        assertSecretNowhere(wrongKey);
        assertSecretNowhere(new String(Base64.getDecoder().decode(wrongKey), StandardCharsets.UTF_8));
    }

    @Test
    void credentialsWithoutTheWritePrivilegeAreRejectedWithWhatTheyNeed() throws Exception {
        es.mayWrite(false);
        assertEquals(3, h.run());
        String error = elasticStats().path("error").asText();
        assertTrue(error.contains("HTTP 403, security_exception") && error.contains("needs the index privileges 'index'"),
                error);
        assertEquals(1, es.requests().size(), "not retried");
        assertSecretNowhere(API_KEY);
    }

    @Test
    void basicAuthAsOpenSearchUsesItAndAnApiKeyGivenAsIdAndKeyIsEncoded() throws Exception {
        es.basic("wiz-writer", "s3cr3t-pa55word");
        h.set("wiz.sink.elastic.api-key", "").set("wiz.sink.elastic.username", "wiz-writer")
                .set("wiz.sink.elastic.password", "s3cr3t-pa55word");
        assertEquals(0, h.run(), h.stderr);
        assertEquals(expected.size(), es.index("wiz-issues").size());
        assertSecretNowhere("s3cr3t-pa55word");

        assertEquals("ApiKey " + API_KEY, ElasticHttpClient.authorization(
                new String(Base64.getDecoder().decode(API_KEY), StandardCharsets.UTF_8), "", ""));
    }

    @Test
    void aRequestOverTheClustersLimitIsRejectedWithWhatToLower() throws Exception {
        es.maxContentLength(20_000);
        assertEquals(3, h.run());
        String error = elasticStats().path("error").asText();
        assertTrue(error.contains("HTTP 413") && error.contains("lower wiz.sink.elastic.max-batch-bytes"
                + " (WIZ_SINK_ELASTIC_MAX_BATCH_BYTES)"), error);
        assertEquals(1, es.requests().size(), "not retried");

        es.maxContentLength(100 * 1024 * 1024);
        h.set("wiz.sink.elastic.max-batch-bytes", "20000");
        assertEquals(0, h.run());
        assertEquals(expected.size(), elasticStats().path("redelivered").asLong());
    }

    /** the secret is in no log line, no error, no history line and no file the run wrote */
    void assertSecretNowhere(String secret) throws Exception {
        assertFalse(h.logs.contains(secret), "log");
        assertFalse(h.stderr.contains(secret), "stderr");
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).collect(Collectors.toList())) {
                assertFalse(contains(Files.readAllBytes(f), needle), f.toString());
            }
        }
    }

    static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
