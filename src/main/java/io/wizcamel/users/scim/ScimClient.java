package io.wizcamel.users.scim;

import java.io.Closeable;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.wizcamel.http.ApiHttpClient;
import io.wizcamel.http.SecretHeader;
import io.wizcamel.users.UserDirectoryException;
import io.wizcamel.users.UserDirectoryException.Kind;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One SCIM 2.0 request at a time, as RFC 7644 wants it ({@code application/scim+json}, a Bearer token), with the
 * retries the channel promises: 429 and 5xx again after {@code Retry-After} or an exponential backoff with jitter,
 * bounded in attempts and total time like the Wiz API's {@code RetryPolicy} ({@code wiz.retry.*}), ending with
 * "gave up after N attempts in S s". A read that timed out is tried again; a write that timed out is not (the
 * provider may have made it): it is {@link Kind#UNCERTAIN}. A refused connection is not worth retries. The token is
 * never in a message: messages are scrubbed of it, and the header lives in a {@link SecretHeader}.
 */
final class ScimClient implements Closeable {

    static final String MEDIA_TYPE = "application/scim+json";
    private static final ContentType SCIM_JSON = ContentType.create(MEDIA_TYPE, StandardCharsets.UTF_8);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Logger LOG = LoggerFactory.getLogger(ScimUserDirectory.class);

    /** an answer with a status the caller decides on (2xx, or a final 4xx) */
    record Reply(int status, JsonNode body, String retryAfter) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        String scimType() {
            return body == null ? null : body.path("scimType").asText(null);
        }

        String detail() {
            return body == null ? null : body.path("detail").asText(null);
        }
    }

    private final String baseUrl;
    private final SecretHeader authorization;
    private final int timeoutSeconds;
    private final int maxRetries;
    private final long initialDelayMillis;
    private final long maxDelayMillis;
    private final long maxTotalMillis;
    private final CloseableHttpClient http;

    ScimClient(String baseUrl, SecretHeader authorization, int timeoutSeconds, int maxRetries,
            long initialDelayMillis, long maxDelayMillis, long maxTotalSeconds) {
        String url = baseUrl == null ? "" : baseUrl.trim();
        this.baseUrl = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.authorization = authorization;
        this.timeoutSeconds = timeoutSeconds;
        this.maxRetries = maxRetries;
        this.initialDelayMillis = initialDelayMillis;
        this.maxDelayMillis = maxDelayMillis;
        this.maxTotalMillis = maxTotalSeconds * 1000;
        this.http = ApiHttpClient.create(timeoutSeconds); // no automatic retries: a repeated POST is ours to decide
    }

    /** a path with its query, e.g. ("/Users", {"filter": "userName eq \"a\""}) → /Users?filter=userName%20eq... */
    static String path(String path, Map<String, String> query) {
        if (query.isEmpty()) {
            return path;
        }
        StringJoiner q = new StringJoiner("&", path + "?", "");
        query.forEach((k, v) -> q.add(encode(k) + "=" + encode(v)));
        return q.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends the request, retrying 429, 5xx (and, for a GET, a timeout) as allowed; returns the first answer that is
     * neither. {@code what} names the change and the user for messages, e.g. "create user ada@example.com".
     */
    Reply call(String what, String method, String path, JsonNode body) {
        if (baseUrl.isEmpty()) {
            throw new UserDirectoryException(Kind.UNAVAILABLE, "SCIM " + what + ": wiz.scim.url (WIZ_SCIM_URL) is"
                    + " not set: give the service provider's SCIM base URL, e.g. https://api.<tenant>.wiz.io/scim/v2");
        }
        boolean write = !method.equals("GET");
        long first = System.currentTimeMillis();
        int attempt = 0;
        while (true) {
            attempt++;
            String failure;
            Long retryAfter = null;
            try {
                Reply reply = send(method, path, body);
                if (reply.status != 429 && reply.status < 500) {
                    return reply;
                }
                failure = "HTTP " + reply.status + describe(reply);
                retryAfter = retryAfterMillis(reply);
            } catch (ConnectTimeoutException | ConnectException | UnknownHostException e) {
                throw new UserDirectoryException(Kind.UNAVAILABLE, scrub("SCIM " + what + ": the service provider"
                        + " cannot be reached (" + e.getMessage() + "). Check wiz.scim.url (WIZ_SCIM_URL)"));
            } catch (InterruptedIOException e) {
                if (write && e instanceof SocketTimeoutException) {
                    throw new UserDirectoryException(Kind.UNCERTAIN, scrub("SCIM " + what + " (" + method + " "
                            + pathOnly(path) + "): no answer within " + timeoutSeconds + " s; the service provider"
                            + " may have made the change: re-read before trying again"), e);
                }
                failure = "no answer within " + timeoutSeconds + " s";
            } catch (IOException e) {
                if (write) { // the request may have arrived: a blind repeat could make a change twice
                    throw new UserDirectoryException(Kind.UNCERTAIN, scrub("SCIM " + what + " (" + method + " "
                            + pathOnly(path) + "): the connection failed (" + e + "); the service provider may have"
                            + " made the change: re-read before trying again"), e);
                }
                failure = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            }
            long elapsed = System.currentTimeMillis() - first;
            long delay = retryAfter != null ? retryAfter : backoff(attempt - 1);
            if (attempt > maxRetries || elapsed + delay > maxTotalMillis) {
                throw new UserDirectoryException(Kind.UNAVAILABLE, scrub("SCIM " + what + " (" + method + " "
                        + pathOnly(path) + "): " + failure + "; gave up after " + attempt + " attempts in "
                        + String.format(Locale.ROOT, "%.1f", elapsed / 1000.0) + " s"));
            }
            LOG.warn("SCIM {} ({} {}) failed: {}; retry {} of at most {} in {} ms", what, method, pathOnly(path),
                    scrub(failure), attempt, maxRetries, delay);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserDirectoryException(Kind.UNAVAILABLE, "SCIM " + what + ": interrupted while waiting"
                        + " to retry");
            }
        }
    }

    /** the failure of an answer the caller does not handle, as the channel reports it */
    UserDirectoryException failure(String what, String method, String path, Reply reply) {
        Kind kind = reply.status == 401 || reply.status == 403 ? Kind.FORBIDDEN : Kind.REJECTED;
        String hint = reply.status == 401 ? ". Check wiz.scim.token (WIZ_SCIM_TOKEN): the service provider refused it"
                : reply.status == 403 ? ". Check wiz.scim.token (WIZ_SCIM_TOKEN): the service provider does not let it"
                        + " do this" : "";
        return new UserDirectoryException(kind, scrub("SCIM " + what + " refused (" + method + " " + pathOnly(path)
                + "): HTTP " + reply.status + describe(reply) + hint));
    }

    private static String describe(Reply reply) {
        StringBuilder s = new StringBuilder();
        if (reply.scimType() != null) {
            s.append(", scimType ").append(reply.scimType());
        }
        if (reply.detail() != null) {
            s.append(": ").append(reply.detail());
        }
        return s.toString();
    }

    private Reply send(String method, String path, JsonNode body) throws IOException {
        ClassicRequestBuilder b = ClassicRequestBuilder.create(method).setUri(baseUrl + path)
                .setHeader("Authorization", authorization.value()).setHeader("Accept", MEDIA_TYPE);
        if (body != null) {
            b.setEntity(new StringEntity(JSON.writeValueAsString(body), SCIM_JSON));
        }
        ClassicHttpRequest request = b.build();
        return http.execute(request, response -> {
            String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(),
                    StandardCharsets.UTF_8);
            JsonNode json = null;
            if (!text.isBlank()) {
                try {
                    json = JSON.readTree(text);
                } catch (IOException e) {
                    // not JSON (a proxy's error page): the status says enough
                }
            }
            Header retryAfter = response.getFirstHeader("Retry-After");
            return new Reply(response.getCode(), json, retryAfter == null ? null : retryAfter.getValue());
        });
    }

    private static Long retryAfterMillis(Reply reply) {
        if (reply.retryAfter == null) {
            return null;
        }
        try {
            return Math.max(0, Long.parseLong(reply.retryAfter.trim())) * 1000;
        } catch (NumberFormatException e) {
            return null; // an HTTP date: the backoff will do
        }
    }

    private long backoff(int retries) {
        long backoff = Math.min(maxDelayMillis, initialDelayMillis << Math.min(retries, 20));
        return backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1); // jitter spreads clients
    }

    private static String pathOnly(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** the message without the token, whatever a provider echoed back */
    private String scrub(String message) {
        String header = authorization.value();
        String token = header.substring(header.indexOf(' ') + 1);
        return token.length() < 4 ? message : message.replace(token, "[hidden]");
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
