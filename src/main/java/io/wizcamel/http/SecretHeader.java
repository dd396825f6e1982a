package io.wizcamel.http;

/**
 * An Authorization header value built from a configured secret (e.g. "Splunk <HEC token>"). It is kept in a bean, not
 * written into the route as a placeholder, so that it never shows up in a route dump; toString hides it.
 */
public class SecretHeader {

    private final String value;

    public SecretHeader(String scheme, String secret) {
        this.value = scheme + " " + (secret == null ? "" : secret.trim());
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "SecretHeader[hidden]";
    }
}
