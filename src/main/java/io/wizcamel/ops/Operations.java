package io.wizcamel.ops;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.wizcamel.delivery.StateLock;
import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/** What the launcher does to run as a service: the state folder's lock, the management server's address. */
public final class Operations {

    private Operations() {
    }

    /** Takes the lock of wiz.state-dir for this process (see {@link StateLock}); throws naming the holder. */
    public static StateLock lockState(CamelContext context, String mode) {
        PropertiesComponent pc = context.getPropertiesComponent();
        String stateDir = pc.resolveProperty("wiz.state-dir").orElse("./data");
        try {
            return StateLock.acquire(stateDir, mode, "daemon".equals(mode) ? managementUrl(pc) : null);
        } catch (IOException e) {
            throw new UncheckedIOException("wiz.state-dir (WIZ_STATE_DIR) " + stateDir
                    + ": cannot create or lock its lock file " + StateLock.FILE + ": " + e.getMessage(), e);
        }
    }

    /** the management server's base URL as configured (a wildcard host as loopback), or null when it is off */
    public static String managementUrl(PropertiesComponent pc) {
        if (!Boolean.parseBoolean(pc.resolveProperty("camel.management.enabled").orElse("false"))) {
            return null;
        }
        String host = pc.resolveProperty("camel.management.host").orElse("0.0.0.0");
        if (host.equals("0.0.0.0") || host.equals("::")) {
            host = "127.0.0.1";
        }
        return "http://" + host + ":" + pc.resolveProperty("camel.management.port").orElse("9876");
    }

    public static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // exiting anyway
            }
        }
    }
}
