package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.delivery.SinkRetryException;
import io.wizcamel.http.ManualClock;
import io.wizcamel.sink.sentinel.EntraTokenCache;
import io.wizcamel.sink.splunk.HecEvents;
import org.junit.jupiter.api.Test;

/** The sink beans on their own: packing, splitting, times, token lifetimes, answers. */
class SinkBeansTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void batchesRespectBytesAndCountsAndSplitInOrder() {
        List<String> items = List.of("aaaa", "bbbb", "cccc", "dddd", "eeeeeeeeeeee", "f");
        List<String> ids = List.of("1", "2", "3", "4", "5", "6");
        Batches b = new Batches(items, ids, 11, 3, "[", ",", "]"); // "[aaaa,bbbb]" is 11 bytes
        List<String> bodies = new ArrayList<>();
        while (b.hasNext()) {
            bodies.add(b.body());
            b.done();
        }
        assertEquals(List.of("[aaaa,bbbb]", "[cccc,dddd]", "[eeeeeeeeeeee]", "[f]"), bodies, "an oversized item goes alone");

        Batches c = new Batches(items.subList(0, 3), ids.subList(0, 3), 1000, 100, "", "", "");
        assertEquals("aaaabbbbcccc", c.body());
        assertTrue(c.split());
        assertEquals("aaaa", c.body());
        assertEquals("1", c.recordId(0));
        c.done();
        assertEquals("bbbbcccc", c.body());
        assertTrue(c.split());
        c.done();
        assertEquals("cccc", c.body());
        assertFalse(c.split(), "one item cannot be split");
        assertEquals("3", c.recordId(0));
        assertNull(c.recordId(1));
        c.done();
        assertFalse(c.hasNext());
        assertEquals(3, c.posted());
        assertEquals(3, c.itemsPosted());
    }

    @Test
    void hecTimeIsEpochSecondsWithMillisAndFallsBack() throws Exception {
        assertEquals(new BigDecimal("1790841600.123"), HecEvents.epochSeconds(JSON.readTree(
                "{\"statusChangedAt\":\"2026-10-01T08:00:00.123Z\",\"updatedAt\":\"2026-10-02T00:00:00Z\"}")));
        assertEquals(new BigDecimal("1790899200.000"), HecEvents.epochSeconds(JSON.readTree(
                "{\"statusChangedAt\":null,\"updatedAt\":\"2026-10-02T00:00:00Z\"}")));
        assertNull(HecEvents.epochSeconds(JSON.readTree("{\"statusChangedAt\":null}")));
        assertEquals("https://h:8088/services/collector/event", HecEvents.endpoint("https://h:8088/"));
        assertEquals("https://h:8088/services/collector/event", HecEvents.endpoint("https://h:8088/services/collector"));
        assertEquals("https://h/services/collector/event", HecEvents.endpoint("https://h/services/collector/event"));
    }

    @Test
    void hecEventLeavesOutBlankIndexAndSourcetype() throws Exception {
        HecEvents e = new HecEvents("http://h", "box", "wiz-camel", "", " ", 1000, 10);
        assertEquals("{\"time\":1790841600.000,\"host\":\"box\",\"source\":\"wiz-camel\",\"event\":{\"id\":\"x\","
                + "\"statusChangedAt\":\"2026-10-01T08:00:00Z\"}}", JSON.writeValueAsString(e.event(JSON.readTree(
                        "{\"id\":\"x\",\"statusChangedAt\":\"2026-10-01T08:00:00Z\"}"))));
    }

    @Test
    void entraTokenIsRefreshedAheadOfExpiryCountedFromTheRequest() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-01T00:00:00Z"));
        EntraTokenCache t = new EntraTokenCache("https://login.example/", "tenant", "app", "s3cret", "scope", clock);
        assertEquals("https://login.example/tenant/oauth2/v2.0/token", t.tokenUrl());
        assertTrue(t.needsRefresh());
        assertTrue(t.requestForm().contains("&client_secret=s3cret&scope=scope"));
        clock.advance(Duration.ofSeconds(30)); // the answer comes 30 s after the request
        t.accept(200, "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"tok\"}");
        assertEquals("Bearer tok", t.authorization());
        clock.set(Instant.parse("2026-11-01T00:54:58Z")); // 3599 s - 5 min = 54:59 after the request
        assertFalse(t.needsRefresh());
        clock.set(Instant.parse("2026-11-01T00:54:59Z"));
        assertTrue(t.needsRefresh());
        assertEquals(Duration.ofSeconds(6), io.wizcamel.http.TokenLifetime.margin(60), "a tenth of a short lifetime");
        t.invalidate();
        assertTrue(t.needsRefresh());
        assertFalse(t.toString().contains("s3cret"));
    }

    @Test
    void entraRefusalIsARejectionAndAnOutageIsNot() {
        EntraTokenCache t = new EntraTokenCache("https://login.example", "tenant", "app", "s3cret", "scope");
        t.requestForm();
        SinkRejectedException e = assertThrows(SinkRejectedException.class, () -> t.accept(400,
                "{\"error\":\"invalid_scope\",\"error_description\":\"AADSTS70011: The provided value...\"}"));
        assertTrue(e.getMessage().contains("HTTP 400 invalid_scope AADSTS70011"), e.getMessage());
        assertThrows(SinkRetryException.class, () -> t.accept(503, ""));
    }
}
