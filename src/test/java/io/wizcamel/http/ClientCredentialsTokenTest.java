package io.wizcamel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Stream;

import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.delivery.SinkRetryException;
import io.wizcamel.sink.sentinel.EntraTokenCache;
import io.wizcamel.sink.servicenow.ServiceNowAuth;
import io.wizcamel.wiz.TokenCache;
import io.wizcamel.wiz.WizApiException;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared token base through each of its three kinds: Wiz, Microsoft Entra ID (Sentinel) and ServiceNow. */
class ClientCredentialsTokenTest {

    /** punctuation a YAML bean argument would mangle: the form must carry it as configured */
    /** what a generated secret may hold: quotes, commas, '#', and braces Camel would take for a placeholder */
    static final String SECRET = "s3\"cr,et=&+% 'x#{{w}}$}}";
    static final String TOKEN = "tok-9f8e7d";

    /** one token kind: how to make it, the setting its secret is read from, and how it fails */
    record Kind(String name, String secretKey, String tokenUrl, Function<Clock, ClientCredentialsToken> make,
            Predicate<RuntimeException> isRefusal, Predicate<RuntimeException> isRetry) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Kind> kinds() {
        return Stream.of(
                new Kind("wiz", "wiz.client-secret", "https://auth.app.wiz.io/oauth/token",
                        c -> new TokenCache("https://auth.app.wiz.io/oauth/token", "id", null, "", c),
                        e -> e instanceof WizApiException w && w.kind() == WizApiException.Kind.FATAL,
                        e -> e instanceof WizApiException w && w.kind() == WizApiException.Kind.TRANSIENT),
                new Kind("entra", "wiz.sink.sentinel.client-secret", "https://login.example/tenant/oauth2/v2.0/token",
                        c -> new EntraTokenCache("https://login.example/", "tenant", "app", null, "scope", c),
                        SinkRejectedException.class::isInstance, SinkRetryException.class::isInstance),
                new Kind("servicenow", "wiz.sink.servicenow.client-secret", "https://x.service-now.com/oauth_token.do",
                        c -> new ServiceNowAuth("oauth", "https://x.service-now.com/", "", null, "cid", null, c),
                        SinkRejectedException.class::isInstance, SinkRetryException.class::isInstance));
    }

    static ClientCredentialsToken token(Kind kind, Clock clock, String key, String value) {
        ClientCredentialsToken token = kind.make().apply(clock);
        token.setCamelContext(context(key, value));
        return token;
    }

    static CamelContext context(String key, String value) {
        CamelContext context = new DefaultCamelContext();
        Properties p = new Properties();
        p.setProperty(key, value);
        context.getPropertiesComponent().setInitialProperties(p);
        return context;
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void theSecretIsReadAsConfiguredAndGoesIntoTheFormOnly(Kind kind) {
        ClientCredentialsToken token = token(kind, Clock.systemUTC(), kind.secretKey(), SECRET);
        String form = token.requestForm();
        assertTrue(form.startsWith("grant_type=client_credentials&client_id="), form);
        assertTrue(form.contains("&client_secret=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8) + "&")
                || form.endsWith("&client_secret=" + URLEncoder.encode(SECRET, StandardCharsets.UTF_8)), form);
        assertEquals(kind.tokenUrl(), token.tokenUrl());
        token.accept(200, "{\"access_token\":\"" + TOKEN + "\",\"token_type\":\"bearer\",\"expires_in\":600}");
        assertEquals("Bearer " + TOKEN, token.authorization());
        assertFalse(token.toString().contains(SECRET) || token.toString().contains(TOKEN), token.toString());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aTokenLivesFromItsRequestUntilATenthOfItsLifetimeBeforeItsEnd(Kind kind) {
        ManualClock clock = new ManualClock();
        ClientCredentialsToken token = token(kind, clock, kind.secretKey(), SECRET);
        assertTrue(token.needsRefresh(), "no token yet");
        token.requestForm();
        clock.advance(Duration.ofSeconds(30)); // the answer comes 30 s after the request
        token.accept(200, "{\"access_token\":\"" + TOKEN + "\",\"expires_in\":600}");
        clock.advance(Duration.ofSeconds(509)); // 539 s after the request; 600 s less a 60 s margin is 540 s
        assertFalse(token.needsRefresh());
        clock.advance(Duration.ofSeconds(1));
        assertTrue(token.needsRefresh());

        token.requestForm();
        token.accept(200, "{\"access_token\":\"t2\",\"expires_in\":86400}");
        clock.advance(Duration.ofHours(23).plusMinutes(54));
        assertFalse(token.needsRefresh(), "a day-long token is kept until 5 minutes before its end");
        token.invalidate(); // the API refused it
        assertTrue(token.needsRefresh());
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void refusedCredentialsAreFinalAndNameTheEndpointAndStatusButNoSecret(Kind kind) {
        ClientCredentialsToken token = token(kind, Clock.systemUTC(), kind.secretKey(), SECRET);
        token.requestForm();
        RuntimeException e = assertThrows(RuntimeException.class, () -> token.accept(401,
                "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret\"}"));
        assertTrue(kind.isRefusal().test(e), e.toString());
        assertTrue(e.getMessage().contains(kind.tokenUrl()) && e.getMessage().contains("HTTP 401")
                && e.getMessage().contains("invalid_client"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET), e.getMessage());
        assertTrue(token.needsRefresh(), "nothing kept from a refusal");

        RuntimeException denied = assertThrows(RuntimeException.class, () -> token.accept(200, "{\"nope\":1}"));
        assertTrue(kind.isRefusal().test(denied), "an answer without a token is a refusal too");
    }

    @ParameterizedTest
    @MethodSource("kinds")
    void aBusyOrFailingEndpointIsRetried(Kind kind) {
        ClientCredentialsToken token = token(kind, Clock.systemUTC(), kind.secretKey(), SECRET);
        for (int status : new int[] {429, 500, 503}) {
            token.requestForm();
            RuntimeException e = assertThrows(RuntimeException.class, () -> token.accept(status, "busy " + SECRET));
            assertTrue(kind.isRetry().test(e), status + ": " + e);
            assertTrue(e.getMessage().contains(kind.tokenUrl()) && e.getMessage().contains("HTTP " + status));
            assertFalse(e.getMessage().contains(SECRET));
        }
    }

    @Test
    void serviceNowUsesThePasswordGrantWhenAUserIsGivenAndNoTokenInBasicMode() {
        ServiceNowAuth oauth = new ServiceNowAuth("oauth", "https://x.service-now.com", "wiz.user", null, "cid", null,
                Clock.systemUTC());
        CamelContext context = context("wiz.sink.servicenow.password", SECRET);
        context.getPropertiesComponent().addInitialProperty("wiz.sink.servicenow.client-secret", "cs");
        oauth.setCamelContext(context);
        String form = oauth.requestForm();
        assertTrue(form.startsWith("grant_type=password&client_id=cid&client_secret=cs&username=wiz.user&password="
                + URLEncoder.encode(SECRET, StandardCharsets.UTF_8)), form);
        RuntimeException e = assertThrows(SinkRejectedException.class, () -> oauth.accept(401, "{}"));
        assertTrue(e.getMessage().contains("password grant") && e.getMessage().contains("WIZ_SINK_SERVICENOW_PASSWORD"),
                e.getMessage());
        assertFalse(e.getMessage().contains(SECRET));

        ServiceNowAuth basic = new ServiceNowAuth("basic", "https://x.service-now.com", "wiz.user", null, "", null,
                Clock.systemUTC());
        basic.setCamelContext(context);
        assertFalse(basic.needsRefresh(), "basic mode fetches no token");
        assertEquals("Basic " + java.util.Base64.getEncoder().encodeToString(("wiz.user:" + SECRET.trim())
                .getBytes(StandardCharsets.UTF_8)), basic.authorization());
        assertFalse(basic.toString().contains(SECRET));
    }
}
