package io.wizcamel.sink;

import io.wizcamel.config.ConfigCheck;

/** The start-up check of a TLS trust file setting, shared by the syslog and rabbitmq rooms. */
public final class TrustFileSetting {

    private TrustFileSetting() {
    }

    /** a trust file that is set must load (with its password, as given); blank means the JDK's trust store */
    public static void check(ConfigCheck c, String key, String passwordKey) {
        if (c.value(key).isEmpty()) {
            return;
        }
        try {
            String password = c.raw(passwordKey); // a password as given: not trimmed
            TlsTrust.context(c.value(key), password == null ? "" : password, true);
        } catch (Exception e) {
            c.problem(key + " (" + ConfigCheck.env(key) + "): " + e.getMessage() + "; give a PEM CA file or a"
                    + " PKCS12/JKS trust store (with " + ConfigCheck.env(passwordKey) + " if it has a password)");
        }
    }
}
