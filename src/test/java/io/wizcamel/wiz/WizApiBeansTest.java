package io.wizcamel.wiz;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import io.wizcamel.http.ManualClock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The token cache, the answer check and the retry policy, each on its own. */
class WizApiBeansTest {

    @ParameterizedTest
    @CsvSource({
        "https://auth.app.wiz.io/oauth/token, wiz-api",
        "https://auth.gov.wiz.io/oauth/token, wiz-api",
        "https://auth.app.wiz.us/oauth/token, wiz-api",
        "https://auth.wiz.io/oauth/token, beyond-api",
        "https://auth0.gov.wiz.io/oauth/token, beyond-api",
    })
    void theAudienceFollowsTheTokenHost(String tokenUrl, String audience) {
        assertEquals(audience, new TokenCache(tokenUrl, "id", "secret", "").audience());
        assertEquals("custom", new TokenCache(tokenUrl, "id", "secret", "custom").audience(), "explicit wins");
    }

    @Test
    void aTokenIsUsedUntilShortlyBeforeItExpiresCountedFromTheRequest() {
        ManualClock clock = new ManualClock();
        TokenCache cache = new TokenCache("https://auth.app.wiz.io/oauth/token", "id", "pa ss&word", "", clock);
        assertTrue(cache.needsRefresh());
        String form = cache.requestForm();
        assertTrue(form.contains("client_secret=pa+ss%26word") && form.contains("audience=wiz-api")
                && form.startsWith("grant_type=client_credentials"), form);
        clock.advance(Duration.ofSeconds(2)); // the answer takes 2 s to arrive
        cache.accept(200, "{\"access_token\":\"t1\",\"token_type\":\"bearer\",\"expires_in\":86400}");
        assertEquals("Bearer t1", cache.authorization());
        clock.advance(Duration.ofHours(23).plusMinutes(54));
        assertFalse(cache.needsRefresh());
        clock.advance(Duration.ofMinutes(1)); // 23:55 after the request: inside the 5-minute margin
        assertTrue(cache.needsRefresh());
    }

    @Test
    void aShortLivedTokenIsStillUsedForMostOfItsLife() {
        ManualClock clock = new ManualClock();
        TokenCache cache = new TokenCache("https://auth.app.wiz.io/oauth/token", "id", "s", "", clock);
        cache.requestForm();
        cache.accept(200, "{\"access_token\":\"t\",\"expires_in\":5}");
        clock.advance(Duration.ofMillis(4400));
        assertFalse(cache.needsRefresh(), "a 5 s token is good for 4.5 s");
        clock.advance(Duration.ofMillis(200));
        assertTrue(cache.needsRefresh());
        cache.invalidate();
        assertTrue(cache.needsRefresh());
    }

    @Test
    void refusedCredentialsAreFatalAndNameTheEndpointButNotTheSecret() {
        TokenCache cache = new TokenCache("https://auth.app.wiz.io/oauth/token", "id", "hunter2", "");
        cache.requestForm();
        WizApiException e = assertThrows(WizApiException.class,
                () -> cache.accept(401, "{\"error\":\"access_denied\",\"error_description\":\"Unauthorized\"}"));
        assertEquals(WizApiException.Kind.FATAL, e.kind());
        assertTrue(e.getMessage().contains("https://auth.app.wiz.io/oauth/token") && e.getMessage().contains("401"));
        assertFalse(e.getMessage().contains("hunter2"));
        assertFalse(cache.toString().contains("hunter2"));
        assertEquals(WizApiException.Kind.TRANSIENT, assertThrows(WizApiException.class,
                () -> cache.accept(503, "")).kind(), "a token server outage is retried");
    }

    WizResponseCheck check() {
        return new WizResponseCheck(new TokenCache("https://auth.app.wiz.io/oauth/token", "id", "s", ""));
    }

    @ParameterizedTest(name = "HTTP {0} {1} -> {2}")
    @CsvSource(nullValues = "-", value = {
        "200, RATE_LIMIT_EXCEEDED, TRANSIENT",
        "429, -,                   TRANSIENT",
        "503, -,                   TRANSIENT",
        "200, INTERNAL,            TRANSIENT",
        "200, UNAUTHENTICATED,     UNAUTHENTICATED",
        "401, -,                   UNAUTHENTICATED",
        "200, UNAUTHORIZED,        FATAL",
        "200, BAD_USER_INPUT,      FATAL",
        "200, FORBIDDEN_IP,        FATAL",
        "400, -,                   FATAL",
    })
    void everyAnswerIsClassifiedWhateverItsHttpStatus(int status, String code, String kind) {
        String error = "{\"message\":\"m\",\"extensions\":{\"code\":\"" + code + "\"}}";
        List<String> bodies = code == null ? List.of("<html>error</html>") : List.of(
                "{\"data\":null,\"errors\":[" + error + "]}",
                // the errors after some data, as a gateway may put them
                "{\"data\":{\"issues\":{\"nodes\":[{\"id\":1}]}},\"errors\":[" + error + "]}");
        for (String body : bodies) {
            // parsed, and scanned as a page asked for ahead is (wizParseLater)
            for (Boolean later : new Boolean[] {null, true}) {
                WizApiException e = assertThrows(WizApiException.class, () -> check().check(
                        new java.io.ByteArrayInputStream(body.getBytes(UTF_8)), status, null, "issues", "read:issues", later));
                assertEquals(WizApiException.Kind.valueOf(kind), e.kind(), body + ", later " + later);
            }
        }
    }

    @Test
    void aGoodAnswerIsReturnedParsedAndPartialDataWithAnErrorIsNot() throws Exception {
        assertEquals(1, ((com.fasterxml.jackson.databind.JsonNode) check().check(new java.io.ByteArrayInputStream(
                "{\"data\":{\"issues\":{\"nodes\":[{}]}}}".getBytes(UTF_8)), 200, null, "issues", "read:issues", null))
                .path("data").path("issues").path("nodes").size());
        assertThrows(WizApiException.class, () -> check().check(new java.io.ByteArrayInputStream(
                "{\"data\":{\"issues\":null},\"errors\":[{\"message\":\"boom\"}]}".getBytes(UTF_8)), 200, null, "issues", "read:issues", null));
    }

    @Test
    void aPageAskedForAheadIsAnsweredAsItsBytesWholeAndACutOneIsRetried() throws Exception {
        StringBuilder page = new StringBuilder("{\"data\":{\"issues\":{\"nodes\":[");
        for (int i = 0; i < 5000; i++) { // past one 64 KiB chunk
            page.append(i == 0 ? "" : ",").append("{\"id\":\"").append(i).append("\",\"title\":\"caf\u00e9 \\\"quoted\\\"\"}");
        }
        page.append("],\"pageInfo\":{\"hasNextPage\":false}}}}");
        byte[] bytes = page.toString().getBytes(UTF_8);
        Object answer = check().check(new java.io.ByteArrayInputStream(bytes), 200, null, "issues", "read:issues", true);
        io.wizcamel.http.ByteChunks chunks = assertInstanceOf(io.wizcamel.http.ByteChunks.class, answer);
        assertEquals(bytes.length, chunks.length());
        assertArrayEquals(bytes, chunks.toByteArray());
        assertEquals(new com.fasterxml.jackson.databind.ObjectMapper().readTree(bytes), WizResponseCheck.parse(chunks));
        byte[] cut = java.util.Arrays.copyOf(bytes, bytes.length / 2);
        WizApiException e = assertThrows(WizApiException.class, () -> check().check(
                new java.io.ByteArrayInputStream(cut), 200, null, "issues", "read:issues", true));
        assertEquals(WizApiException.Kind.TRANSIENT, e.kind());
        assertTrue(e.getMessage().contains(cut.length + " bytes"), e.getMessage());
    }

    @Test
    void retryAfterIsReadInSecondsOrAsADate() {
        assertEquals(7000L, WizResponseCheck.retryAfterMillis("7"));
        assertNull(WizResponseCheck.retryAfterMillis(null));
        assertNull(WizResponseCheck.retryAfterMillis("soon"));
        Long fromDate = WizResponseCheck.retryAfterMillis(
                java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                        java.time.ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(30)));
        assertTrue(fromDate > 25_000 && fromDate <= 30_000, String.valueOf(fromDate));
    }

    @Test
    void retriesBackOffExponentiallyWithJitterAndStopAtTheirBounds() {
        RetryPolicy policy = new RetryPolicy(4, 1000, 5000, 60);
        RetryPolicy.Attempts attempts = new RetryPolicy.Attempts();
        WizApiException throttled = WizApiException.transientFailure("RATE_LIMIT_EXCEEDED", "t", null);
        long[][] bounds = {{500, 1000}, {1000, 2000}, {2000, 4000}, {2500, 5000}};
        for (long[] b : bounds) {
            long delay = policy.delayFor(throttled, attempts);
            assertTrue(delay >= b[0] && delay <= b[1], delay + " not in " + b[0] + ".." + b[1]);
            attempts.retries++;
        }
        assertNull(policy.delayFor(throttled, attempts), "four retries at most");
    }

    @Test
    void retryAfterIsHonouredWithinTheTotalBudget() {
        RetryPolicy policy = new RetryPolicy(10, 1000, 5000, 60);
        assertEquals(42_000L, policy.delayFor(
                WizApiException.transientFailure("RATE_LIMIT_EXCEEDED", "t", 42_000L), new RetryPolicy.Attempts()));
        assertNull(policy.delayFor(WizApiException.transientFailure("RATE_LIMIT_EXCEEDED", "t", 61_000L),
                new RetryPolicy.Attempts()), "a wait past the budget is not worth it");
    }

    @Test
    void onlyTransientFailuresAreRetriedAndAuthenticationOnlyOnce() {
        RetryPolicy policy = new RetryPolicy(5, 10, 10, 60);
        RetryPolicy.Attempts attempts = new RetryPolicy.Attempts();
        assertNull(policy.delayFor(WizApiException.fatal("UNAUTHORIZED", "scope"), attempts));
        WizApiException unauthenticated = new WizApiException(WizApiException.Kind.UNAUTHENTICATED, "UNAUTHENTICATED", "x", null);
        assertEquals(0L, policy.delayFor(unauthenticated, attempts));
        assertNull(policy.delayFor(unauthenticated, attempts));
        assertTrue(policy.delayFor(new java.net.SocketTimeoutException("read timed out"), new RetryPolicy.Attempts()) != null);
        assertNull(policy.delayFor(new java.net.UnknownHostException("api.us99.app.wiz.io"), new RetryPolicy.Attempts()));
    }
}
