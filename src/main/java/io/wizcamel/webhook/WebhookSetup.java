package io.wizcamel.webhook;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import io.wizcamel.config.Setting;
import io.wizcamel.config.SettingsSchema;

/**
 * {@code --webhook-setup}: what to configure in Wiz so that its automation rules reach this receiver: the URL, the
 * header to send, and a body template carrying the fields the receiver reads. Secrets are named, never printed.
 */
public final class WebhookSetup {

    private WebhookSetup() {
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (IOException e) {
            return "<this host>";
        }
    }

    /**
     * Prints the set-up from the settings in effect: schema defaults, the home folder's application.properties
     * ({@code file}), environment, overrides.
     */
    public static void print(PrintStream out, Properties file, Properties overrides, Map<String, String> env) {
        Properties defaults = SettingsSchema.load().defaults();
        print(out, key -> overrides.getProperty(key, env.getOrDefault(Setting.env(key),
                file.getProperty(key, defaults.getProperty(key, "")))), hostName());
    }

    static void print(PrintStream out, Function<String, String> config, String hostName) {
        boolean tls = !config.apply("wiz.webhook.keystore").isBlank();
        String host = config.apply("wiz.http-host");
        String url = (tls ? "https" : "http") + "://" + ("0.0.0.0".equals(host) || host.isBlank() ? hostName : host)
                + ":" + config.apply("wiz.http-port") + config.apply("wiz.webhook.path");
        boolean token = !config.apply("wiz.webhook.token").isBlank();
        boolean basic = !config.apply("wiz.webhook.username").isBlank();
        out.println("Wiz webhook set-up for wiz-camel (docs/webhook.md)");
        out.println();
        if (!Boolean.parseBoolean(config.apply("wiz.webhook.enabled"))) {
            out.println("  The receiver is off: set WIZ_WEBHOOK_ENABLED=true (and the credentials below) first.");
            out.println();
        }
        out.println("1. In Wiz, add a Webhook integration:");
        out.println("   URL:  " + url + (tls ? "" : "   (plain HTTP: put TLS in front, or set WIZ_WEBHOOK_KEYSTORE)"));
        if (token) {
            out.println("   Authentication: Bearer token = the value of WIZ_WEBHOOK_TOKEN");
        } else if (basic) {
            out.println("   Authentication: Basic, user '" + config.apply("wiz.webhook.username")
                    + "', password = the value of WIZ_WEBHOOK_PASSWORD");
        } else {
            out.println("   Authentication: none set yet: set WIZ_WEBHOOK_TOKEN (a long random value) and give the"
                    + " same as the integration's Bearer token");
        }
        out.println("2. Add an automation rule: trigger source Issues, trigger types Created, Updated, Resolved and"
                + " Reopened, action: send to that webhook, with this body (use your template editor's variables for"
                + " the issue's id, the trigger type and the event time; the receiver needs only issue.id and"
                + " re-reads the issue from the API):");
        out.println();
        out.println("""
                {
                  "trigger": { "source": "ISSUES", "type": "<trigger type>", "ruleName": "<rule name>" },
                  "eventTime": "<the time of the change>",
                  "issue": { "id": "<issue id>", "status": "<issue status>", "severity": "<issue severity>" }
                }""");
        out.println();
        out.println("3. Check: " + (token ? "curl -s -o /dev/null -w '%{http_code}\\n' -H \"Authorization: Bearer"
                + " $WIZ_WEBHOOK_TOKEN\" -H 'Content-Type: application/json' -d '{\"issue\":{\"id\":\"test\"}}' " + url
                + "   (202: queued; the test id is dropped at the re-read)" : "send a test event from the integration"));
    }
}
