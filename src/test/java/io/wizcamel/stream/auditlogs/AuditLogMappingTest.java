package io.wizcamel.stream.auditlogs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.config.SettingsSchema;
import io.wizcamel.stream.RunStats;
import io.wizcamel.stream.StreamPages;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mapping as data (src/test/resources/streams/audit-logs/): an auditLogEntries answer page in, the exact records out
 * (expected.jsonl) with the built-in secret words; and the redaction rule, key by key and at any depth.
 */
class AuditLogMappingTest {

    static final Path DATA = Path.of("src/test/resources/streams/audit-logs");

    static AuditLogShaper shaper() throws Exception {
        return new AuditLogShaper(SettingsSchema.load().defaults().getProperty("wiz.audit-logs.secret-keys"));
    }

    @Test
    void aPageBecomesExactlyTheExpectedRecords() throws Exception {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        RunStats run = new RunStats("audit-logs", "audit-log", "test");
        exchange.setProperty(RunStats.PROPERTY, run);
        exchange.setProperty(StreamPages.CONNECTION, "auditLogEntries");
        exchange.setProperty(StreamPages.WATERMARK_FIELD, "timestamp");
        JsonNode nodes = new StreamPages().advance(SyncHarness.JSON.readTree(DATA.resolve("page.json").toFile()), exchange);
        List<ObjectNode> records = shaper().shapeAll(nodes);
        assertEquals(Files.readAllLines(DATA.resolve("expected.jsonl")), records.stream().map(JsonNode::toString).toList());
        assertEquals("2026-10-30T09:18:00Z", run.newestWatermark);
        String all = records.toString();
        for (String secret : List.of("ATATT-secret-1", "pw-2", "tok-2", "s-2", "s-4", "t1")) {
            assertFalse(all.contains(secret), secret);
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "clientSecret, true", "client_secret, true", "apiToken, true", "refresh_token, true", "Password, true",
        "auth-password, true", "private_key, true", "privateKey, true", "x.api.key, true", "Authorization, true",
        "credentials, true", "sessionCookie, true", "webhookSignature, true", "passphrase, true",
        "username, false", "email, false", "authorName, false", "role, false", "url, false", "key, false",
        "tokenizer, true",
    })
    void whichKeysLookSecret(String key, boolean secret) throws Exception {
        assertEquals(secret, shaper().looksSecret(key));
    }

    @Test
    void redactionReachesEveryDepthAndKeepsTheRest() throws Exception {
        JsonNode in = SyncHarness.JSON.readTree("{\"a\":[{\"b\":{\"c\":[{\"password\":{\"x\":1}},{\"ok\":\"keep\"}]}}],"
                + "\"list\":[[{\"token\":5}]],\"headers\":[{\"name\":\"X-Api-Key\",\"value\":\"k\"},"
                + "{\"name\":\"Accept\",\"value\":\"json\"}]}");
        assertEquals("{\"a\":[{\"b\":{\"c\":[{\"password\":\"***\"},{\"ok\":\"keep\"}]}}],\"list\":[[{\"token\":\"***\"}]],"
                + "\"headers\":[{\"name\":\"X-Api-Key\",\"value\":\"***\"},{\"name\":\"Accept\",\"value\":\"json\"}]}",
                shaper().redact(in).toString());
        assertEquals("{\"secret\":\"***\"}", new AuditLogShaper("secret").redact(
                SyncHarness.JSON.readTree("{\"secret\":\"s\"}")).toString());
        assertEquals("{\"custom\":\"***\",\"token\":\"t\"}", new AuditLogShaper("custom").redact(
                SyncHarness.JSON.readTree("{\"custom\":\"c\",\"token\":\"t\"}")).toString(), "the words are the operator's");
    }
}
