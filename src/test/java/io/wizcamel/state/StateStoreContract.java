package io.wizcamel.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.delivery.DeliveryLedger;
import io.wizcamel.delivery.FencedException;
import io.wizcamel.delivery.TransactionalSink;
import io.wizcamel.sink.file.FilePublisher;
import io.wizcamel.sink.ticket.TicketLinks;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.identity.PrincipalIds;
import io.wizcamel.stream.resources.ReportedDeletions;
import io.wizcamel.stream.tickets.ServiceTicketLinks;
import io.wizcamel.webhook.WebhookQueue;
import io.wizcamel.webhook.WebhookStats;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The state stores' behaviour, the same on every backend (docs/state.md): crash recovery, dedup, dead letters, the
 * webhook queue, ticket links, principal ids and fencing. {@link SqliteStateTest} runs it on the SQLite files in
 * every build; {@link PostgresStateTest} against the PostgreSQL on 127.0.0.1:5432 (services profile).
 */
abstract class StateStoreContract {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE = "file";

    @TempDir
    Path dir;

    private final List<StateStore> stores = new ArrayList<>();

    /** a store over fresh, empty state (the same state each time within a test) */
    abstract StateStore newStore();

    StateStore store() {
        StateStore s = newStore();
        stores.add(s);
        return s;
    }

    @AfterEach
    void closeStores() {
        stores.forEach(StateStore::close);
    }

    Path out() {
        return dir.resolve("out");
    }

    DeliveryLedger ledger() {
        return new DeliveryLedger(store(), 60, List.of(new FilePublisher(out().toString())));
    }

    static ObjectNode record(String id, String status) {
        return JSON.createObjectNode().put("id", id).put("wizStatus", status);
    }

    /** what the file sink does with a page: a part file and the pending hashes */
    void write(DeliveryLedger ledger, RunStats run, List<ObjectNode> records) throws Exception {
        List<ObjectNode> fresh = ledger.fresh(records, run, FILE);
        Path folder = out().resolve(run.stream);
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("." + run.stream + "-" + run.runId + "-0001.jsonl.part"), fresh.toString());
        ledger.confirm(fresh, run, FILE, false, null);
    }

    List<String> published(String stream) throws Exception {
        Path folder = out().resolve(stream);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).filter(f -> !f.startsWith(".")).sorted().toList();
        }
    }

    static Set<String> ids(List<ObjectNode> records) {
        Set<String> ids = new HashSet<>();
        records.forEach(r -> ids.add(r.path("id").asText()));
        return ids;
    }

    @Test
    void aRecordIsDeliveredOnceUntilItChangesAndEachSinkHasItsOwnMemory() throws Exception {
        try (DeliveryLedger ledger = ledger()) {
            RunStats first = new RunStats("issues", "issue", "test");
            ledger.begin(first, true);
            write(ledger, first, List.of(record("a", "OPEN"), record("b", "OPEN")));
            first.sawWatermark("2026-11-01T10:00:00Z");
            ledger.commit(first);
            assertEquals(2, ledger.deliveredCount("issues", FILE));
            assertEquals(List.of("issues-" + first.runId + "-0001.jsonl"), published("issues"));

            RunStats second = new RunStats("issues", "issue", "test");
            ledger.begin(second, false);
            assertEquals("2026-11-01T09:59:00Z", second.watermarkFrom);
            assertFalse(second.full);
            List<ObjectNode> fresh = ledger.fresh(List.of(record("a", "OPEN"), record("b", "RESOLVED")), second, FILE);
            assertEquals(Set.of("b"), ids(fresh));
            ledger.confirm(fresh, second, FILE, false, null);
            assertEquals(List.of(), ledger.fresh(List.of(record("b", "RESOLVED")), second, FILE), "once in a run");
            assertEquals(2, ledger.fresh(List.of(record("a", "OPEN"), record("b", "RESOLVED")), second, "kafka").size());
            // a sink that delivers at once remembers at once
            ledger.confirm(List.of(record("a", "OPEN")), second, "kafka", false, new Date());
            assertEquals(1, ledger.deliveredCount("issues", "kafka"));
            ledger.commit(second);
            assertTrue(ledger.committed(second.runId));
            assertEquals(2, ledger.deliveredCount("issues", FILE), "b replaced, not added");
        }
    }

    @Test
    void aCrashAfterPublishingIsCompletedAndOneBeforeIsDiscarded() throws Exception {
        RunStats published = new RunStats("issues", "issue", "test");
        RunStats unpublished = new RunStats("projects", "project", "test");
        try (DeliveryLedger dying = ledger()) {
            dying.begin(published, true);
            write(dying, published, List.of(record("a", "OPEN"), record("b", "OPEN")));
            published.sawWatermark("2026-11-01T10:00:00Z");
            dying.publish(published); // the process dies after the first half of the commit
            dying.begin(unpublished, true);
            write(dying, unpublished, List.of(record("p", "x")));
        } // killed: neither run ends
        try (DeliveryLedger next = ledger()) {
            RunStats issues = new RunStats("issues", "issue", "test");
            next.begin(issues, false);
            RunStats projects = new RunStats("projects", "project", "test");
            next.begin(projects, false);
            assertTrue(next.committed(published.runId), "completed");
            assertEquals("2026-11-01T09:59:00Z", issues.watermarkFrom, "the watermark the crashed run computed");
            assertEquals(List.of(), next.fresh(List.of(record("a", "OPEN"), record("b", "OPEN")), issues, FILE));
            assertEquals(List.of("issues-" + published.runId + "-0001.jsonl"), published("issues"));
            assertFalse(next.committed(unpublished.runId));
            assertNull(projects.watermarkFrom);
            assertEquals(Set.of("p"), ids(next.fresh(List.of(record("p", "x")), projects, FILE)), "delivered again");
            try (var files = Files.list(out().resolve("projects"))) {
                assertEquals(List.of(), files.toList(), "the part file is gone");
            }
            Set<String> reported = new HashSet<>();
            next.recover().forEach(l -> reported.add(l.runId() + (l.published() ? " published" : " discarded")));
            assertEquals(Set.of(published.runId + " published", unpublished.runId + " discarded"), reported,
                    "both are reported to the history");
        }
    }

    @Test
    void deadLettersAreKeptWithTheirReasonReplayedAndClearedByADelivery() throws Exception {
        try (DeliveryLedger ledger = ledger(); DefaultCamelContext context = new DefaultCamelContext()) {
            RunStats run = new RunStats("issues", "issue", "test");
            ledger.begin(run, true);
            for (int attempt = 0; attempt < 2; attempt++) {
                Exchange failed = new DefaultExchange(context);
                failed.setProperty(RunStats.PROPERTY, run);
                failed.setProperty(DeliveryLedger.SINK, "kafka");
                failed.setProperty(DeliveryLedger.SINK_RECORDS, List.of(record("a", "OPEN"), record("b", "OPEN")));
                failed.setProperty(Exchange.EXCEPTION_CAUGHT, new IllegalStateException("broker down"));
                ledger.deadLetter(failed);
            }
            assertEquals(2, ledger.deadLetterCount("issues", "kafka"), "kept once each");
            assertTrue(ledger.deadLetterReason("issues", "kafka", "a").contains("broker down"));
            ledger.commit(run);

            RunStats next = new RunStats("issues", "issue", "test");
            ledger.begin(next, false);
            Exchange replay = new DefaultExchange(context);
            replay.setProperty(RunStats.PROPERTY, next);
            replay.setProperty(DeliveryLedger.SINK, "kafka");
            List<ObjectNode> page = ledger.deadLetters(replay);
            assertEquals(List.of("a", "b"), page.stream().map(r -> r.path("id").asText()).toList());
            ledger.confirm(page.subList(0, 1), next, "kafka", true, new Date());
            assertEquals(1, ledger.deadLetterCount("issues", "kafka"), "a delivered: its dead letter goes");
            assertNull(ledger.deadLetterReason("issues", "kafka", "a"));

            ledger.mappingFailed(next, "m", record("m", "OPEN"), "jq: error");
            assertEquals(1, ledger.mappingSucceeded("issues", List.of("other")));
            assertEquals(0, ledger.mappingSucceeded("issues", List.of("m")));
            ledger.commit(next);
        }
    }

    @Test
    void theWebhookQueueKeepsEachEventOnceAndHandsItOutByIssue() throws Exception {
        try (WebhookQueue queue = WebhookQueue.in(store(), 100, 60, new WebhookStats());
                DefaultCamelContext context = new DefaultCamelContext()) {
            assertEquals(WebhookQueue.Offer.QUEUED, queue.offer("e1", "issue-1", "Created", "2026-11-01T10:00:00Z"));
            assertEquals(WebhookQueue.Offer.DUPLICATE, queue.offer("e1", "issue-1", "Created", "2026-11-01T10:00:00Z"));
            assertEquals(WebhookQueue.Offer.QUEUED, queue.offer("e2", "issue-1", "Updated", "2026-11-01T10:01:00Z"));
            assertEquals(WebhookQueue.Offer.QUEUED, queue.offer("e3", "issue-2", "Created", "2026-11-01T10:02:00Z"));
            assertEquals(3, queue.waiting());
            Exchange claim = new DefaultExchange(context);
            queue.claim(claim);
            assertEquals(List.of("issue-1", "issue-2"), claim.getProperty("wizIds", List.class));
            assertEquals(3L, claim.getProperty("wizEventCount", Long.class));
            queue.retryLater(claim);
            assertEquals(3, queue.waiting(), "a failed run puts them back");
            Exchange none = new DefaultExchange(context);
            queue.claim(none);
            assertNull(none.getProperty("wizIds"), "not before the retry delay");
        }
    }

    @Test
    void ticketLinksAreKeptPerSystemAndReplaced() throws Exception {
        try (TicketLinks jira = TicketLinks.in(store(), "jira"); TicketLinks snow = TicketLinks.in(store(), "servicenow")) {
            jira.link("issue-1", "SEC-1");
            jira.link("issue-1", "SEC-2");
            snow.link("issue-1", "INC001");
            assertEquals("SEC-2", jira.find("issue-1"));
            assertEquals("INC001", snow.find("issue-1"));
            assertEquals(1, jira.count());
            jira.forget("issue-1");
            assertNull(jira.find("issue-1"));
            assertEquals(1, snow.count());
        }
    }

    @Test
    void principalIdsJoinEveryIdAPersonWasSeenUnder() throws Exception {
        try (PrincipalIds ids = PrincipalIds.in(store())) {
            ids.see(List.of(new PrincipalIds.Sighting("ada@x.example", "u-1", "users")));
            Map<String, List<String>> seen = ids.see(List.of(new PrincipalIds.Sighting("ada@x.example", "a-1",
                    "userAccounts"), new PrincipalIds.Sighting("ada@x.example", "u-1", "users")));
            assertEquals(List.of("a-1", "u-1"), seen.get("ada@x.example"));
        }
    }

    @Test
    void serviceTicketLinksGatherEveryIssueOfEachTicket() throws Exception {
        try (ServiceTicketLinks links = ServiceTicketLinks.in(store()); DefaultCamelContext context = new DefaultCamelContext()) {
            Exchange crawl = new DefaultExchange(context);
            crawl.setProperty(RunStats.PROPERTY, new RunStats("service-tickets", "service-ticket", "test"));
            links.link(JSON.readTree("[{\"id\": \"i1\", \"serviceTickets\": [{\"externalId\": \"T-1\", \"name\": \"one\"}]},"
                    + " {\"id\": \"i2\", \"serviceTickets\": [{\"externalId\": \"T-1\", \"name\": \"one\"},"
                    + " {\"externalId\": \"T-2\", \"name\": \"two\", \"url\": \"https://t/2\"}]}, {\"id\": \"i3\", \"serviceTickets\": null}]"),
                    crawl);
            // i2 dropped T-1 since
            links.link(JSON.readTree("[{\"id\": \"i2\", \"serviceTickets\": [{\"externalId\": \"T-2\", \"name\": \"two!\"}]}]"), crawl);
            links.finishing(crawl);
            List<ObjectNode> page = links.page(crawl);
            assertEquals(List.of("T-1", "T-2"), page.stream().map(r -> r.path("externalId").asText()).toList());
            assertEquals("[\"i1\"]", page.get(0).path("issueIds").toString());
            assertEquals("[\"i2\"]", page.get(1).path("issueIds").toString());
            assertEquals("two!", page.get(1).path("name").asText(), "a renamed ticket is updated");
        }
    }

    @Test
    void aResourceDeletionCountsAsReportedOnlyOnceItsRunCommitted() throws Exception {
        try (DeliveryLedger ledger = ledger();
                ReportedDeletions deletions = ReportedDeletions.in(store(), ledger)) {
            RunStats failed = new RunStats("resources", "resource", "test");
            ledger.begin(failed, false);
            deletions.note(failed.runId, List.of("r1"));
            ledger.abort(failed);
            RunStats committed = new RunStats("resources", "resource", "test");
            ledger.begin(committed, false);
            assertEquals(Set.of(), deletions.reported(committed.runId, List.of("r1", "r2")), "the failed run's is gone");
            deletions.note(committed.runId, List.of("r1", "r2"));
            deletions.note(committed.runId, List.of("r1"));
            ledger.commit(committed);
            RunStats next = new RunStats("resources", "resource", "test");
            ledger.begin(next, false);
            assertEquals(Set.of("r1", "r2"), deletions.reported(next.runId, List.of("r1", "r2", "r3")));
        }
    }

    /**
     * Fencing: run A begins, run B of the same stream begins under a newer epoch from another ledger (another node)
     * and commits; A's commit is refused, A publishes nothing, and B's state stands with no record twice.
     */
    @Test
    void aRunOvertakenByANewerEpochIsFencedAndPublishesNothing() throws Exception {
        try (DeliveryLedger nodeA = ledger(); DeliveryLedger nodeB = ledger()) {
            nodeA.recover();
            nodeB.recover();
            RunStats a = new RunStats("issues", "issue", "test");
            nodeA.begin(a, true);
            write(nodeA, a, List.of(record("1", "OPEN"), record("2", "OPEN"), record("3", "OPEN")));
            a.sawWatermark("2026-11-01T10:00:00Z");

            RunStats b = new RunStats("issues", "issue", "test");
            nodeB.begin(b, true);
            assertEquals(a.epoch + 1, b.epoch);
            write(nodeB, b, List.of(record("1", "OPEN"), record("2", "OPEN"), record("3", "RESOLVED"),
                    record("4", "OPEN")));
            b.sawWatermark("2026-11-01T11:00:00Z");
            nodeB.commit(b);

            FencedException refused = assertThrows(FencedException.class, () -> nodeA.commit(a));
            assertTrue(refused.getMessage().contains("epoch " + b.epoch), refused.getMessage());
            nodeA.abort(a);
            assertFalse(nodeA.committed(a.runId));
            assertEquals(List.of("issues-" + b.runId + "-0001.jsonl"), published("issues"), "only B published");
            try (var files = Files.list(out().resolve("issues"))) {
                assertEquals(1, files.count(), "A's part file is gone");
            }
            assertEquals(4, nodeB.deliveredCount("issues", FILE), "no record twice");
            assertEquals("2026-11-01T10:59:00Z", nodeB.watermark("issues"), "B's watermark stands");
            // the next run after B finds everything delivered
            RunStats c = new RunStats("issues", "issue", "test");
            nodeB.begin(c, false);
            assertEquals(List.of(), nodeB.fresh(List.of(record("1", "OPEN"), record("3", "RESOLVED")), c, FILE));
            nodeB.commit(c);
        }
    }

    /**
     * A run that passed its fence (PUBLISHING) and paused while its files were being published, when a newer epoch
     * began: the newer run completes it first (its records count as delivered), and its own completion then changes
     * nothing, not even the newer run's watermark.
     */
    @Test
    void aRunThatPassedItsFenceIsCompletedOnceByTheNewerEpoch() throws Exception {
        FilePublisher files = new FilePublisher(out().toString());
        RunStats b = new RunStats("issues", "issue", "test");
        List<Runnable> duringPublish = new ArrayList<>();
        TransactionalSink pausing = new TransactionalSink() {
            public String sink() {
                return FILE;
            }

            public List<String> publish(String stream, String runId) throws java.io.IOException {
                duringPublish.forEach(Runnable::run);
                duringPublish.clear();
                return files.publish(stream, runId);
            }

            public void discard(String stream, String runId) throws java.io.IOException {
                files.discard(stream, runId);
            }
        };
        try (DeliveryLedger nodeA = new DeliveryLedger(store(), 60, List.of(pausing)); DeliveryLedger nodeB = ledger()) {
            nodeA.recover();
            nodeB.recover();
            RunStats a = new RunStats("issues", "issue", "test");
            nodeA.begin(a, true);
            write(nodeA, a, List.of(record("1", "OPEN"), record("2", "OPEN")));
            a.sawWatermark("2026-11-01T10:00:00Z");
            duringPublish.add(() -> {
                try {
                    nodeB.begin(b, false);
                    assertTrue(nodeB.committed(a.runId), "B completed A before reading the watermark");
                    assertEquals("2026-11-01T09:59:00Z", b.watermarkFrom);
                    assertEquals(List.of(), nodeB.fresh(List.of(record("1", "OPEN"), record("2", "OPEN")), b, FILE));
                    write(nodeB, b, List.of(record("3", "OPEN")));
                    b.sawWatermark("2026-11-01T12:00:00Z");
                    nodeB.commit(b);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            nodeA.commit(a); // passes its fence, pauses in the publish while B runs, then completes nothing more
            assertTrue(duringPublish.isEmpty());
            assertEquals("2026-11-01T11:59:00Z", nodeA.watermark("issues"), "B's watermark stands");
            assertEquals(3, nodeA.deliveredCount("issues", FILE));
            assertEquals(Set.of("issues-" + a.runId + "-0001.jsonl", "issues-" + b.runId + "-0001.jsonl"),
                    Set.copyOf(published("issues")));
        }
    }

    @Test
    void theHistoryIsKeptInTheStateStoreNewestLast() throws Exception {
        try (DeliveryLedger ledger = ledger()) {
            ledger.history("r1", "issues", "2026-11-01T10:00:00Z", "2026-11-01T10:01:00Z", "succeeded", "{\"runId\":\"r1\"}");
            ledger.history("r2", "projects", "2026-11-01T10:02:00Z", "2026-11-01T10:03:00Z", "failed", "{\"runId\":\"r2\"}");
            ledger.history("r3", "issues", "2026-11-01T10:04:00Z", null, "interrupted", "{\"runId\":\"r3\"}");
            assertEquals(List.of("{\"runId\":\"r2\"}", "{\"runId\":\"r3\"}"), ledger.history(2, null));
            assertEquals(List.of("{\"runId\":\"r1\"}", "{\"runId\":\"r3\"}"), ledger.history(20, "issues"));
        }
    }

    @Test
    void theConsolesHistoryIsTheStoresWithPostgresAndThisNodesFileWithSqlite() throws Exception {
        try (DeliveryLedger ledger = ledger()) {
            // another node's run: only in the store
            ledger.history("other", "issues", "2026-11-01T10:00:00Z", "2026-11-01T10:01:00Z", "succeeded",
                    "{\"runId\":\"other\",\"stream\":\"issues\",\"outcome\":\"succeeded\"}");
            io.wizcamel.stream.SyncHistory history = new io.wizcamel.stream.SyncHistory(dir.resolve("node").toString());
            history.setLedger(ledger);
            List<String> seen = history.newestFirst(r -> true, 10, 100).stream()
                    .map(r -> r.path("runId").asText()).toList();
            assertEquals(ledger.store().postgres() ? List.of("other") : List.of(), seen);
        }
    }
}
