package io.wizcamel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileReader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import io.wizcamel.config.ConfigCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Start-up refuses a wrong configuration with a message that names the key and what to do. */
class ConfigCheckTest {

    static Properties valid() throws Exception {
        Properties p = new Properties();
        try (FileReader r = new FileReader("application.properties")) {
            p.load(r);
        }
        p.setProperty("wiz.api-url", "https://api.us17.app.wiz.io/graphql");
        p.setProperty("wiz.client-id", "id");
        p.setProperty("wiz.client-secret", "secret");
        return p;
    }

    @ParameterizedTest
    @CsvSource({
        "https://api.us17.app.wiz.io/graphql, https://api.us17.app.wiz.io/graphql",
        "https://api.us17.app.wiz.io,         https://api.us17.app.wiz.io/graphql",
        "https://api.us17.app.wiz.io/,        https://api.us17.app.wiz.io/graphql",
        "https://api.us17.app.wiz.io/graphql/, https://api.us17.app.wiz.io/graphql",
    })
    void theApiUrlIsTakenWithOrWithoutGraphql(String given, String used) throws Exception {
        Properties p = valid();
        p.setProperty("wiz.api-url", given);
        assertEquals(Map.of("wiz.graphql-url", used), ConfigCheck.check(p::getProperty));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "wiz.api-url|               | WIZ_API_URL) is not set",
        "wiz.api-url|api.wiz.io     | not an http(s) URL",
        "wiz.client-secret|         | WIZ_CLIENT_SECRET) is not set",
        "wiz.page-size|501          | between 1 and 500",
        "wiz.page-size|lots         | not a whole number",
        "wiz.severities|HIGH,SEVERE | has 'SEVERE', which Wiz does not know",
        "wiz.statuses|OPEN,CLOSED   | has 'CLOSED'",
        "wiz.schedule|every day     | not a Quartz cron expression",
        "wiz.full-sync-schedule|0 0 | WIZ_FULL_SYNC_SCHEDULE",
        "wiz.skip-deleted|yes       | use true or false",
        "wiz.status-map|OPEN        | is not WIZ_STATUS=Your Status",
        "wiz.request-timeout-seconds|180 | stay under it",
    })
    void aWrongValueIsNamedWithWhatToDo(String key, String value, String expected) throws Exception {
        Properties p = valid();
        p.setProperty(key, value == null ? "" : value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.check(p::getProperty));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void theRunnerRefusesToStartAndExitsNonZero(@TempDir Path dir) {
        Properties p = new Properties();
        p.setProperty("wiz.state-dir", dir.toString());
        p.setProperty("wiz.output-dir", dir.toString());
        p.setProperty("wiz.schedule", "61 * * * * ?");
        // no API URL, no credentials, a bad cron: all named at once
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(buf, true));
        int code;
        try {
            code = WizCamel.run(new String[] {"--once"}, p);
        } finally {
            System.setErr(err);
        }
        String out = buf.toString();
        assertEquals(1, code);
        assertTrue(out.contains("WIZ_API_URL") && out.contains("WIZ_CLIENT_ID") && out.contains("WIZ_SCHEDULE"), out);
        assertEquals(1, out.strip().lines().count(), "one line: " + out);
    }

    @Test
    void anUnknownArgumentIsRefused() {
        assertEquals(2, WizCamel.run(new String[] {"--onse"}, new Properties()));
    }
}
