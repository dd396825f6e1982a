package io.wizcamel.ops;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.ext.web.RoutingContext;

/**
 * The management port's admin token ({@code wiz.admin-token}): an action asked for with
 * {@code Authorization: Bearer <token>} is allowed when the token matches, compared in constant time (digests of
 * equal length, so neither the length nor a common prefix shows in the timing). No token set refuses everything.
 */
public final class AdminToken {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final byte[] digest;

    public AdminToken(String token) {
        this.digest = token == null || token.isBlank() ? null : sha256(token);
    }

    /** whether a token is set at all (without one, every action is refused) */
    public boolean isSet() {
        return digest != null;
    }

    /** whether this Authorization header value carries the token */
    public boolean allows(String authorization) {
        return digest != null && authorization != null && authorization.startsWith("Bearer ")
                && MessageDigest.isEqual(digest, sha256(authorization.substring("Bearer ".length()).trim()));
    }

    /** true when the request carries the token; otherwise answers 401 with what to do, and returns false */
    public boolean check(RoutingContext rc, String what) {
        if (allows(rc.request().getHeader("Authorization"))) {
            return true;
        }
        rc.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"wiz-camel\"")
                .putHeader("Content-Type", "application/json")
                .end(JSON.createObjectNode().put("message", digest == null
                        ? what + " is off: set wiz.admin-token (WIZ_ADMIN_TOKEN) on the daemon"
                        : "give the daemon's wiz.admin-token (WIZ_ADMIN_TOKEN) as Authorization: Bearer <token>")
                        .toString());
        return false;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
