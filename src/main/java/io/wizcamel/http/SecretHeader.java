package io.wizcamel.http;

import io.wizcamel.config.ConfigValue;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;

/**
 * An Authorization header value built from a configured secret (e.g. "Splunk <HEC token>"). It is kept in a bean, not
 * written into the route as a placeholder, so that it never shows up in a route dump; toString hides it.
 *
 * <p>Made with {@link #fromSetting}, the bean reads the secret itself from the configuration, exactly as configured:
 * a YAML bean argument would be parsed as text on its way in, so a quote, a comma or {{ in it would break start-up
 * or change the value.
 */
public class SecretHeader implements CamelContextAware {

    private final String scheme;
    private final String key;
    private volatile String value;
    private CamelContext camelContext;

    public SecretHeader(String scheme, String secret) {
        this.scheme = scheme;
        this.key = null;
        this.value = header(scheme, secret);
    }

    private SecretHeader(String scheme, String key, boolean fromSetting) {
        this.scheme = scheme;
        this.key = key;
        this.value = header(scheme, "");
    }

    /** "&lt;scheme&gt; &lt;the value of setting key&gt;", read once the bean has its CamelContext */
    public static SecretHeader fromSetting(String scheme, String key) {
        return new SecretHeader(scheme, key, true);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
        if (key != null) {
            value = header(scheme, ConfigValue.read(camelContext, key));
        }
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    private static String header(String scheme, String secret) {
        return scheme + " " + (secret == null ? "" : secret.trim());
    }

    public String value() {
        return value;
    }

    @Override
    public String toString() {
        return "SecretHeader[hidden]";
    }
}
