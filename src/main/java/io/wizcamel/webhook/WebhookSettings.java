package io.wizcamel.webhook;

import java.nio.file.Files;
import java.nio.file.Path;

import io.wizcamel.config.ConfigCheck;
import io.wizcamel.config.Settings;
import io.wizcamel.config.SettingsRoom;

/**
 * The live-event receiver's room (settings/webhook.yaml): it refuses to open without credentials, and it gives
 * Camel's HTTP server (camel.server.*) its port, address, body limit and TLS.
 */
public final class WebhookSettings implements SettingsRoom {

    @Override
    public String schema() {
        return "settings/webhook.yaml";
    }

    @Override
    public void check(ConfigCheck c) {
        if (!Boolean.parseBoolean(c.value("wiz.webhook.enabled"))) {
            return;
        }
        boolean token = !c.value("wiz.webhook.token").isEmpty();
        boolean user = !c.value("wiz.webhook.username").isEmpty();
        boolean password = !c.value("wiz.webhook.password").isEmpty();
        if (user != password) {
            c.problem("wiz.webhook.username (WIZ_WEBHOOK_USERNAME) and wiz.webhook.password (WIZ_WEBHOOK_PASSWORD)"
                    + " go together: give both for Basic authentication, or neither");
        } else if (!token && !user && !Boolean.parseBoolean(c.value("wiz.webhook.allow-anonymous"))) {
            c.problem("wiz.webhook.enabled (WIZ_WEBHOOK_ENABLED) is true but no credentials are set: give"
                    + " wiz.webhook.token (WIZ_WEBHOOK_TOKEN), or wiz.webhook.username and wiz.webhook.password,"
                    + " and send the same from the Wiz webhook integration (or set WIZ_WEBHOOK_ALLOW_ANONYMOUS=true"
                    + " behind a proxy that authenticates)");
        }
        if (!Settings.list(c.value("wiz.streams")).contains("issues")) {
            c.problem("wiz.webhook.enabled (WIZ_WEBHOOK_ENABLED) is true but wiz.streams (WIZ_STREAMS) has no"
                    + " 'issues': webhook events are applied through the issues stream; add it");
        }
        c.derive("camel.server.enabled", "true");
        c.derive("camel.server.port", c.value("wiz.http-port"));
        c.derive("camel.server.host", c.value("wiz.http-host"));
        c.derive("camel.server.max-body-size", c.value("wiz.webhook.max-bytes"));
        String keystore = c.value("wiz.webhook.keystore");
        if (!keystore.isEmpty()) {
            if (!Files.isReadable(Path.of(keystore))) {
                c.problem("wiz.webhook.keystore (WIZ_WEBHOOK_KEYSTORE) is '" + keystore + "', which is not a"
                        + " readable file: give the path of a PKCS#12 or JKS keystore holding the receiver's"
                        + " certificate and key");
            }
            String storePassword = c.raw("wiz.webhook.keystore-password");
            if (storePassword != null && (storePassword.contains("{{") || storePassword.contains("}}"))) {
                // Camel's TLS set-up reads the password itself, as a placeholder, and quotes it when that fails
                c.problem("wiz.webhook.keystore-password (WIZ_WEBHOOK_KEYSTORE_PASSWORD) holds '{{' or '}}', which"
                        + " Camel's TLS set-up reads as a property placeholder: give the keystore a password without"
                        + " them (keytool -storepasswd)");
            }
            c.derive("camel.ssl.enabled", "true");
            c.derive("camel.ssl.key-store", "file:" + Path.of(keystore).toAbsolutePath());
            c.derive("camel.ssl.keystore-password", storePassword);
            c.derive("camel.server.use-global-ssl-context-parameters", "true");
        }
    }
}
