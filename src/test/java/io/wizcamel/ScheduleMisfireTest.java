package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.emulator.Fault;
import io.wizcamel.emulator.WizEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fire times missed while a run was under way make one catch-up run, not a burst of back-to-back runs. */
class ScheduleMisfireTest {

    @TempDir
    Path dir;

    @Test
    void fireTimesMissedDuringALongRunCoalesceIntoOneCatchUpRun() throws Exception {
        try (WizEmulator emulator = WizEmulator.builder().issues(50).build().start()) {
            // a schedule of every second; the first run is held up 6 s, so about six fire times pass during it
            emulator.enqueue(Fault.delay(Duration.ofSeconds(6)));
            SyncHarness h = new SyncHarness(emulator, dir).set("wiz.schedule", "* * * * * ?")
                    .set("wiz.full-sync-schedule", "0 0 0 1 1 ? 2099").set("camel.main.duration-max-seconds", "11");
            Thread daemon = new Thread(() -> WizCamel.run(new String[0], h.props));
            daemon.start();
            daemon.join(60_000);
            List<JsonNode> runs = h.history();
            assertTrue(runs.size() >= 2, runs.toString());
            Instant heldEnded = Instant.parse(runs.get(0).path("end").asText());
            // the missed fire times, run back to back, would all start within moments of the held run's end (each
            // of those runs takes a few ms); coalesced, one does, plus the regular fire of a second that falls there
            Instant windowEnd = heldEnded.plusMillis(150);
            long started = runs.stream().skip(1).map(r -> Instant.parse(r.path("start").asText()))
                    .filter(t -> t.isBefore(windowEnd)).count();
            long regular = windowEnd.getEpochSecond() - heldEnded.getEpochSecond();
            assertTrue(started <= 1 + regular, started + " runs started right after the held-up one: " + runs);
        }
    }
}
