package io.wizcamel.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.FakeHec;
import io.wizcamel.sink.kafka.KafkaBroker;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Benchmark, not a test of speed: one sync of N emulator issues (default 100,000; -Dbench.issues=N) to the file,
 * Splunk HEC (the fake) and Kafka (a real broker in this JVM) sinks at once, printing records/s per sink and HEC
 * events per POST. Run with {@code mvn -q test -Pbenchmark}. It asserts only that every record arrived.
 */
@Tag("benchmark")
class SinkBenchmarkTest {

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker();

    @TempDir
    Path dir;

    @Test
    void fileHecAndKafkaAtOnce() throws Exception {
        int issues = Integer.getInteger("bench.issues", 100_000);
        String token = "bench-hec-token";
        FakeHec hec = new FakeHec(token, 1_000_000, Set.of("main")).start();
        try (WizEmulator emulator = WizEmulator.builder().issues(issues).build().start()) {
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.sinks", "file,splunk-hec,kafka")
                    .set("wiz.rate-limit", "100")
                    .set("wiz.sink.splunk-hec.url", hec.baseUrl()).set("wiz.sink.splunk-hec.token", token)
                    .set("wiz.sink.kafka.bootstrap-servers", KAFKA.plaintext())
                    .set("wiz.sink.kafka.topic", "wiz.bench");
            long started = System.nanoTime();
            assertEquals(0, h.run());
            double seconds = (System.nanoTime() - started) / 1e9;
            JsonNode run = h.lastRun();
            long expected = run.path("sinks").path("file").path("delivered").asLong();
            System.out.printf("%nsink benchmark: %,d emulator issues, %,d delivered to each sink, wall time %.1f s,"
                    + " %,d GraphQL requests, %d token fetch(es)%n", issues, expected, seconds,
                    run.path("requests").asLong(), run.path("tokenFetches").asLong());
            for (Map.Entry<String, JsonNode> sink : (Iterable<Map.Entry<String, JsonNode>>) run.path("sinks")::fields) {
                JsonNode s = sink.getValue();
                assertEquals(expected, s.path("delivered").asLong(), sink.getKey());
                System.out.printf("  %-10s %,9d records in %,7d ms in the sink: %,8.0f records/s%n", sink.getKey(),
                        s.path("delivered").asLong(), s.path("millis").asLong(),
                        s.path("delivered").asLong() * 1000.0 / Math.max(1, s.path("millis").asLong()));
            }
            System.out.printf("  HEC: %,d events in %,d POSTs, %.1f events per POST, largest body %,d bytes%n",
                    hec.events.size(), hec.requests.get(), hec.events.size() / (double) hec.requests.get(),
                    hec.largestBody);
            assertEquals(expected, hec.events.size());
        } finally {
            hec.stop();
        }
    }
}
