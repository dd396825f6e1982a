package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeHec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Splunk HEC sink against a fake HEC that enforces HEC's request contract and answers as HEC does. */
class SplunkHecSinkTest {

    static final String TOKEN = "6f1e3c2a-9b8d-4e7f-a1b2-c3d4e5f60718";
    static final int ISSUES = 1200;

    @TempDir
    Path dir;

    WizEmulator emulator;
    FakeHec hec;
    SyncHarness h;

    @BeforeEach
    void start() {
        emulator = WizEmulator.builder().issues(ISSUES).build().start();
        hec = new FakeHec(TOKEN, 1_000_000, Set.of("main", "wiz")).start();
        h = harness(hec);
    }

    SyncHarness harness(FakeHec target) {
        return new SyncHarness(emulator, dir).set("wiz.sinks", "file,splunk-hec")
                .set("wiz.sink.splunk-hec.url", target.baseUrl()).set("wiz.sink.splunk-hec.token", TOKEN)
                .set("wiz.sink.splunk-hec.index", "wiz").set("wiz.sink.splunk-hec.host", "wiz-camel-test")
                .set("wiz.sink-retries", "2").set("wiz.sink-retry-delay-ms", "10");
    }

    @AfterEach
    void stop() {
        hec.close();
        emulator.close();
    }

    @Test
    void everyRecordArrivesOnceAsAHecEventManyPerPost() throws Exception {
        h.set("wiz.page-size", "300"); // a page of records (about 2.5 kB each) fits one 1 MB POST
        assertEquals(0, h.run());
        List<String> expected = h.expectedIds(ISSUES);
        List<JsonNode> records = h.allRecords(); // what the file sink wrote: the records as shaped
        assertEquals(expected.size(), records.size());
        assertEquals(expected.size(), hec.events.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            ObjectNode event = ((ObjectNode) hec.events.get(i)).deepCopy();
            long millis = Instant.parse(record.path("statusChangedAt").asText()).toEpochMilli();
            assertEquals(millis, event.remove("time").decimalValue().movePointRight(3).longValueExact(),
                    "time is statusChangedAt in epoch seconds");
            ObjectNode want = SyncHarness.JSON.createObjectNode().put("host", "wiz-camel-test").put("source", "wiz-camel")
                    .put("sourcetype", "wiz:issue").put("index", "wiz");
            want.set("event", record);
            assertEquals(want, event, "event " + i);
        }
        // milliseconds as three decimals, and events concatenated without a wrapper
        Matcher time = Pattern.compile("^\\{\"time\":(\\d+\\.\\d{3}),\"host\"").matcher(hec.bodies.get(0));
        assertTrue(time.find(), hec.bodies.get(0).substring(0, 80));
        assertTrue(hec.bodies.stream().allMatch(b -> b.startsWith("{\"time\"") && b.contains("}{\"time\"")));

        JsonNode run = h.lastRun();
        assertEquals(expected.size(), run.path("sinks").path("splunk-hec").path("delivered").asLong());
        // each page fits one POST (1 MB, 500 events): one POST per page, and nothing else
        assertEquals(run.path("pages").asInt(), hec.accepted.get());
        assertEquals(hec.accepted.get(), hec.requests.get());
        assertTrue(hec.authorizations.stream().allMatch(("Splunk " + TOKEN)::equals));
        SinkChecks.secretNowhere(h, TOKEN);

        int requests = hec.requests.get();
        assertEquals(0, h.run());
        assertEquals(requests, hec.requests.get(), "nothing changed: nothing sent");
    }

    @Test
    void postsStayUnderMaxBatchBytes() throws Exception {
        hec.close();
        hec = new FakeHec(TOKEN, 60_000, Set.of("wiz")).start();
        h = harness(hec).set("wiz.sink.splunk-hec.max-batch-bytes", "60000").set("wiz.sink.splunk-hec.max-batch-events", "25");
        assertEquals(0, h.run());
        List<String> expected = h.expectedIds(ISSUES);
        assertEquals(expected, hec.events.stream().map(e -> e.path("event").path("id").asText()).toList());
        assertTrue(hec.largestBody <= 60_000);
        assertEquals(hec.accepted.get(), hec.requests.get(), "no POST was refused as too large");
        assertTrue(hec.bodies.stream().allMatch(b -> b.split("\\{\"time\"").length - 1 <= 25), "at most 25 events a POST");
        assertTrue(hec.accepted.get() >= expected.size() / 25);
    }

    @Test
    void aPostTheServerFindsTooLargeIsSplitUntilItFits() throws Exception {
        hec.close();
        hec = new FakeHec(TOKEN, 100_000, Set.of("wiz")).start(); // HEC's max_content_length below the sink's batches
        h = harness(hec);
        assertEquals(0, h.run());
        List<String> expected = h.expectedIds(ISSUES);
        assertEquals(expected, hec.events.stream().map(e -> e.path("event").path("id").asText()).toList(),
                "every event once, in order");
        assertEquals(0, h.lastRun().path("sinks").path("splunk-hec").path("deadLettered").asLong());
        assertTrue(hec.requests.get() > hec.accepted.get(), "413s were answered");
    }

    @Test
    void aHecDownForARunGetsEverythingTheNextRun() throws Exception {
        List<String> expected = h.expectedIds(ISSUES);
        hec.stop();
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("splunk-hec");
        assertEquals(0, sink.path("delivered").asLong());
        assertEquals(expected.size(), sink.path("deadLettered").asLong());
        assertTrue(sink.path("error").asText().contains("Connection refused"), sink.toString());
        assertEquals(expected.size(), h.lastRun().path("sinks").path("file").path("delivered").asLong());

        hec.start();
        assertEquals(0, h.run());
        sink = h.lastRun().path("sinks").path("splunk-hec");
        assertEquals(expected.size(), sink.path("redelivered").asLong());
        assertEquals(0, sink.path("deadLettered").asLong());
        assertEquals(Set.copyOf(expected), Set.copyOf(ids()));
        assertEquals(expected.size(), hec.events.size(), "none twice");
        SinkChecks.secretNowhere(h, TOKEN);
    }

    @Test
    void aBusyOrFailingHecIsRetried() throws Exception {
        hec.busyFor(2); // 503 {"text":"Server is busy","code":9}, twice
        assertEquals(0, h.run());
        List<String> expected = h.expectedIds(ISSUES);
        assertEquals(expected, ids());
        JsonNode sink = h.lastRun().path("sinks").path("splunk-hec");
        assertEquals(expected.size(), sink.path("delivered").asLong());
        assertEquals(0, sink.path("deadLettered").asLong());
        assertEquals(hec.accepted.get() + 2, hec.requests.get());

        emulator.setStatus(emulator.indexOf(expected.get(0)), "REJECTED", Instant.now());
        hec.answerNext(500, "{\"text\":\"Internal server error\",\"code\":8}");
        assertEquals(0, h.run());
        assertEquals(1, h.lastRun().path("sinks").path("splunk-hec").path("delivered").asLong());
    }

    @Test
    void aRefusedTokenIsRejectedAtOnceWithoutTheToken() throws Exception {
        String wrong = "0000aaaa-bbbb-cccc-dddd-eeeeffff0000";
        h.set("wiz.sink.splunk-hec.token", wrong);
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("splunk-hec");
        assertEquals(h.expectedIds(ISSUES).size(), sink.path("deadLettered").asLong());
        String error = sink.path("error").asText();
        assertTrue(error.contains("HTTP 403 'Invalid token' (code 4)") && error.contains("WIZ_SINK_SPLUNK_HEC_TOKEN"),
                error);
        assertEquals(1, hec.requests.get(), "not retried, and the sink is skipped for the rest of the run");
        SinkChecks.secretNowhere(h, wrong);

        hec.disableToken(true);
        h.set("wiz.sink.splunk-hec.token", TOKEN);
        assertEquals(3, h.run());
        error = h.lastRun().path("sinks").path("splunk-hec").path("error").asText();
        assertTrue(error.contains("'Token disabled' (code 1)"), error);
        assertEquals(2, hec.requests.get());
    }

    @Test
    void anIndexTheTokenMayNotWriteIsRejected() throws Exception {
        h.set("wiz.sink.splunk-hec.index", "secops");
        assertEquals(3, h.run());
        String error = h.lastRun().path("sinks").path("splunk-hec").path("error").asText();
        assertTrue(error.contains("'Incorrect index' (code 7)") && error.contains("'secops'"), error);
        assertEquals(1, hec.requests.get());
    }

    @Test
    void dataHecRefusesIsDeadLetteredWithoutRetriesNamingTheEvent() throws Exception {
        List<String> expected = h.expectedIds(ISSUES);
        hec.answerNext(400, "{\"text\":\"Invalid data format\",\"code\":6,\"invalid-event-number\":2}");
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("splunk-hec");
        String error = sink.path("error").asText();
        assertTrue(error.contains("'Invalid data format' (code 6)") && error.contains("event 2 of the batch (issue "
                + expected.get(2) + ")"), error);
        assertEquals(expected.size(), sink.path("deadLettered").asLong());
        assertEquals(1, hec.requests.get());
    }

    @Test
    void tlsVerificationIsOnByDefaultAndCanBeSwitchedOffForASelfSignedHec() throws Exception {
        hec.close();
        hec = new FakeHec(TOKEN, 1_000_000, Set.of("wiz"));
        hec.useTls(selfSigned());
        hec.start();
        h = harness(hec);
        assertTrue(hec.baseUrl().startsWith("https://"));
        assertEquals(3, h.run());
        JsonNode sink = h.lastRun().path("sinks").path("splunk-hec");
        assertEquals(0, sink.path("delivered").asLong());
        assertTrue(sink.path("error").asText().contains("certification path"), sink.toString());
        assertEquals(0, hec.accepted.get());

        h.set("wiz.sink.splunk-hec.tls-verify", "false");
        assertEquals(0, h.run());
        sink = h.lastRun().path("sinks").path("splunk-hec");
        assertEquals(h.expectedIds(ISSUES).size(), sink.path("redelivered").asLong());
        assertEquals(Set.copyOf(h.expectedIds(ISSUES)), Set.copyOf(ids()));
    }

    @Test
    void anEnabledSinkNeedsItsSettingsAndAnOffOneDoesNot() throws Exception {
        SyncHarness bare = new SyncHarness(emulator, dir).set("wiz.sinks", "file,splunk-hec")
                .set("wiz.sink.splunk-hec.max-batch-bytes", "12");
        assertEquals(1, bare.run());
        assertTrue(bare.stderr.contains("WIZ_SINK_SPLUNK_HEC_URL") && bare.stderr.contains("WIZ_SINK_SPLUNK_HEC_TOKEN")
                && bare.stderr.contains("WIZ_SINK_SPLUNK_HEC_MAX_BATCH_BYTES"), bare.stderr);

        SyncHarness off = new SyncHarness(emulator, dir.resolve("off")).set("wiz.sink.splunk-hec.max-batch-bytes", "12");
        assertEquals(0, off.run());
        assertFalse(off.stderr.contains("SPLUNK"), off.stderr);
    }

    private List<String> ids() {
        return hec.events.stream().map(e -> e.path("event").path("id").asText()).toList();
    }

    /** a self-signed certificate for a host name that is not 127.0.0.1, made with the JDK's keytool */
    private SSLContext selfSigned() throws Exception {
        Path store = dir.resolve("hec.p12");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "hec", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=hec.example.test",
                "-ext", "SAN=dns:hec.example.test", "-validity", "2", "-storetype", "PKCS12", "-keystore",
                store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (FileInputStream in = new FileInputStream(store.toFile())) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
