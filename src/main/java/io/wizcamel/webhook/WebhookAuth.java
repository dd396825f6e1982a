package io.wizcamel.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

import io.wizcamel.config.ConfigValue;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a webhook caller before anything else happens: a Bearer token or Basic credentials, compared in constant
 * time. A refused caller gets 401 with WWW-Authenticate; one refused too often in a minute gets 429 without a check.
 * The presented credential is never logged.
 */
public class WebhookAuth implements CamelContextAware {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookAuth.class);
    private static final long MINUTE_MS = 60_000;
    private static final int MAX_TRACKED = 10_000;

    private final boolean anonymousAllowed;
    private final int failuresPerMinute;
    private final WebhookStats stats;
    /** the credentials a caller must present, read when the bean gets its CamelContext (null: none of that kind) */
    private volatile byte[] bearer;
    private volatile byte[] basic;
    private volatile boolean anonymous;
    private CamelContext camelContext;
    /** refusal times per caller address, newest last; bounded, oldest caller forgotten first */
    private final Map<String, Deque<Long>> refusals = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Long>> eldest) {
            return size() > MAX_TRACKED;
        }
    };

    /**
     * The token, user name and password are read by the bean itself (wiz.webhook.token, .username, .password),
     * exactly as configured: as YAML bean arguments they would be parsed as text on their way in.
     */
    public WebhookAuth(boolean anonymousAllowed, int failuresPerMinute, WebhookStats stats) {
        this.anonymousAllowed = anonymousAllowed;
        this.failuresPerMinute = failuresPerMinute;
        this.stats = stats;
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        String token = ConfigValue.read(camelContext, "wiz.webhook.token");
        String username = ConfigValue.read(camelContext, "wiz.webhook.username");
        String password = ConfigValue.read(camelContext, "wiz.webhook.password");
        bearer = token.isEmpty() ? null : ("Bearer " + token).getBytes(StandardCharsets.UTF_8);
        basic = username.isEmpty() ? null
                : ("Basic " + Base64.getEncoder().encodeToString((username + ":" + password)
                        .getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8);
        anonymous = anonymousAllowed && bearer == null && basic == null;
        if (anonymous) {
            LOG.warn("The webhook receiver accepts events without credentials (wiz.webhook.allow-anonymous=true):"
                    + " anyone who reaches it can make this process query Wiz");
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    /** Whether the caller is refused; if so the answer (401 or 429) is set and the route stops. */
    public boolean refuses(Exchange exchange) {
        if (anonymous) {
            return false;
        }
        String caller = caller(exchange);
        long now = System.currentTimeMillis();
        synchronized (refusals) {
            Deque<Long> times = refusals.get(caller);
            if (times != null) {
                while (!times.isEmpty() && times.peekFirst() < now - MINUTE_MS) {
                    times.removeFirst();
                }
                if (times.size() >= failuresPerMinute) {
                    stats.refused("throttled");
                    answer(exchange, 429, "too many refused requests from this address; try again in a minute");
                    exchange.getMessage().setHeader("Retry-After", "60");
                    return true;
                }
            }
        }
        String given = exchange.getMessage().getHeader("Authorization", String.class);
        byte[] presented = given == null ? new byte[0] : given.trim().getBytes(StandardCharsets.UTF_8);
        // both compared, whatever the first gives: the time taken says nothing about which was close
        boolean bearerOk = bearer != null && MessageDigest.isEqual(bearer, presented);
        boolean basicOk = basic != null && MessageDigest.isEqual(basic, presented);
        if (bearerOk || basicOk) {
            return false;
        }
        int recent;
        synchronized (refusals) {
            Deque<Long> times = refusals.computeIfAbsent(caller, k -> new ArrayDeque<>());
            times.addLast(now);
            recent = times.size();
        }
        String reason = given == null ? "no credentials" : "wrong credentials";
        stats.refused(given == null ? "unauthenticated" : "bad-credentials");
        LOG.warn("Webhook: refused a request from {}: {} ({} in the last minute)", caller, reason, recent);
        answer(exchange, 401, "authentication required");
        exchange.getMessage().setHeader("WWW-Authenticate",
                bearer != null ? "Bearer realm=\"wiz-camel\"" : "Basic realm=\"wiz-camel\", charset=\"UTF-8\"");
        return true;
    }

    static void answer(Exchange exchange, int status, String message) {
        exchange.getMessage().getHeaders().clear();
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        exchange.getMessage().setBody("{\"status\":" + status + ",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }

    private static String caller(Exchange exchange) {
        Object remote = exchange.getMessage().getHeader("CamelVertxPlatformHttpRemoteAddress");
        if (remote == null) {
            return "unknown";
        }
        String s = remote.toString();
        int colon = s.lastIndexOf(':');
        return colon > 0 ? s.substring(0, colon) : s;
    }
}
