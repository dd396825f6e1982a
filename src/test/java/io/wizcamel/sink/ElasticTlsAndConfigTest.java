package io.wizcamel.sink;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileReader;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import io.wizcamel.SyncHarness;
import io.wizcamel.config.ConfigCheck;
import io.wizcamel.emulator.WizEmulator;
import io.wizcamel.sink.fake.ElasticFake;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * TLS as the Elasticsearch sink meets it (a real TLS handshake with certificates made by the JDK's keytool), and the
 * start-up checks of its settings.
 */
class ElasticTlsAndConfigTest {

    static final int ISSUES = 150;
    static final String KEY = "a2V5LWlkOmtleS1zZWNyZXQ=";

    @TempDir
    static Path certs;
    /** a certificate for 127.0.0.1, and one for another host name */
    static SSLContext rightHost;
    static SSLContext wrongHost;

    @TempDir
    Path dir;
    WizEmulator emulator;
    ElasticFake es;
    SyncHarness h;

    @BeforeAll
    static void makeCertificates() throws Exception {
        rightHost = certificate("right", "CN=127.0.0.1", "SAN=ip:127.0.0.1");
        wrongHost = certificate("wrong", "CN=es.wrong.example", "SAN=dns:es.wrong.example");
    }

    /** a self-signed certificate (its own CA) in name.p12, and name.pem for the client to trust */
    static SSLContext certificate(String name, String dn, String san) throws Exception {
        Path p12 = certs.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", "es", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", dn,
                "-ext", san, "-keystore", p12.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-keypass", "changeit");
        keytool("-exportcert", "-rfc", "-alias", "es", "-keystore", p12.toString(), "-storepass", "changeit",
                "-file", certs.resolve(name + ".pem").toString());
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    static void keytool(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool: " + out);
    }

    @BeforeEach
    void startEmulator() {
        emulator = WizEmulator.builder().issues(ISSUES).build().start();
    }

    @AfterEach
    void stop() {
        if (es != null) {
            es.close();
        }
        emulator.close();
    }

    void https(SSLContext certificate) {
        es = ElasticFake.https(certificate).apiKey(KEY);
        h = new SyncHarness(emulator, dir).set("wiz.sinks", "elastic")
                .set("wiz.sink-retries", "1").set("wiz.sink-retry-delay-ms", "10")
                .set("wiz.sink.elastic.url", es.url()).set("wiz.sink.elastic.api-key", KEY);
    }

    JsonNode stats() throws Exception {
        return h.lastRun().path("sinks").path("elastic");
    }

    @Test
    void aCertificateTheJvmDoesNotTrustIsRefused() throws Exception {
        https(rightHost);
        assertEquals(3, h.run());
        String error = stats().path("error").asText();
        assertTrue(error.contains("PKIX path building failed") && error.contains("WIZ_SINK_ELASTIC_CA_FILE"), error);
        assertEquals(h.expectedIds(ISSUES).size(), stats().path("deadLettered").asLong());
        assertTrue(es.requests().isEmpty(), "nothing was sent over the untrusted connection");
    }

    @Test
    void theCaFileIsTrusted() throws Exception {
        https(rightHost);
        h.set("wiz.sink.elastic.ca-file", certs.resolve("right.pem").toString());
        assertEquals(0, h.run(), h.stderr);
        assertEquals(h.expectedIds(ISSUES).size(), stats().path("delivered").asLong(), stats().toString());
        assertEquals(h.expectedIds(ISSUES).size(), es.index("wiz-issues").size());
    }

    @Test
    void aTrustedCertificateForAnotherHostIsRefused() throws Exception {
        https(wrongHost);
        h.set("wiz.sink.elastic.ca-file", certs.resolve("wrong.pem").toString());
        assertEquals(3, h.run());
        String error = stats().path("error").asText();
        assertTrue(error.contains("Certificate for <127.0.0.1> doesn't match") && error.contains("not trusted here"),
                error);
        assertTrue(es.requests().isEmpty());
        assertFalse(h.logs.contains("; retry 1 of "), "not retried: " + h.logs);
    }

    @Test
    void verificationTurnedOffTakesAnyCertificateForAnyHost() throws Exception {
        https(wrongHost);
        h.set("wiz.sink.elastic.tls-verify", "false");
        assertEquals(0, h.run(), h.stderr);
        assertEquals(h.expectedIds(ISSUES).size(), es.index("wiz-issues").size());
        assertTrue(es.requests().stream().allMatch(r -> ("ApiKey " + KEY).equals(r.authorization)));
    }

    @Test
    void anEnabledSinkWithoutItsUrlStopsStartUpAndAnIdleOneDemandsNothing() throws Exception {
        h = new SyncHarness(emulator, dir).set("wiz.sinks", "file,elastic");
        assertEquals(1, h.run());
        assertTrue(h.stderr.contains("wiz.sink.elastic.url (WIZ_SINK_ELASTIC_URL) is not set"), h.stderr);
        assertTrue(h.stderr.contains("has no credentials"), h.stderr);

        h.set("wiz.sinks", "file").set("wiz.sink.elastic.ca-file", "/nonexistent/ca.pem")
                .set("wiz.sink.elastic.tls-verify", "maybe").set("wiz.sink.elastic.index", "Not An Index");
        assertEquals(0, h.run(), h.stderr);
    }

    static Properties valid() throws Exception {
        Properties p = new Properties();
        try (FileReader r = new FileReader("application.properties")) {
            p.load(r);
        }
        p.setProperty("wiz.api-url", "https://api.us17.app.wiz.io/graphql");
        p.setProperty("wiz.client-id", "id");
        p.setProperty("wiz.client-secret", "secret");
        p.setProperty("wiz.sinks", "elastic");
        p.setProperty("wiz.sink.elastic.url", "https://es.example.com:9200");
        p.setProperty("wiz.sink.elastic.api-key", KEY);
        return p;
    }

    @Test
    void aValidConfigurationPassesWithEitherKindOfCredentials() throws Exception {
        Properties p = valid();
        assertDoesNotThrow(() -> ConfigCheck.check(p::getProperty));
        p.setProperty("wiz.sink.elastic.api-key", "");
        p.setProperty("wiz.sink.elastic.username", "wiz");
        p.setProperty("wiz.sink.elastic.password", "12345");
        p.setProperty("wiz.sink.elastic.ca-file", certs.resolve("right.pem").toString());
        assertDoesNotThrow(() -> ConfigCheck.check(p::getProperty));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
        "wiz.sink.elastic.url|                        | WIZ_SINK_ELASTIC_URL) is not set",
        "wiz.sink.elastic.url|es.example.com:9200     | not an http(s) URL",
        "wiz.sink.elastic.index|Wiz Issues            | not an index name",
        "wiz.sink.elastic.index|_wiz                  | not starting with - _ +",
        "wiz.sink.elastic.index|2024                  | not only digits",
        "wiz.sink.elastic.api-key|                    | has no credentials",
        "wiz.sink.elastic.username|wiz                | use one of them",
        "wiz.sink.elastic.tls-verify|no               | use true or false",
        "wiz.sink.elastic.ca-file|/nonexistent/ca.pem | cannot be read",
        "wiz.sink.elastic.ca-file|application.properties | holds no X.509 certificate",
        "wiz.sink.elastic.max-batch-bytes|100         | between 1024 and 104857600",
        "wiz.sink.elastic.max-batch-actions|0         | between 1 and 100000",
        "wiz.sink.elastic.timeout-seconds|soon        | not a whole number",
    })
    void aWrongValueIsNamedWithWhatToDo(String key, String value, String expected) throws Exception {
        Properties p = valid();
        p.setProperty(key, value == null ? "" : value);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.check(p::getProperty));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void contradictionsAndCredentialsInTheUrlAreRefusedWithoutRepeatingThem() throws Exception {
        Properties p = valid();
        p.setProperty("wiz.sink.elastic.url", "https://elastic:hunter2pw@es.example.com:9200");
        p.setProperty("wiz.sink.elastic.tls-verify", "false");
        p.setProperty("wiz.sink.elastic.ca-file", certs.resolve("right.pem").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.check(p::getProperty));
        assertTrue(e.getMessage().contains("holds credentials"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2pw"), e.getMessage());
        assertTrue(e.getMessage().contains("would be ignored"), e.getMessage());

        Properties q = valid();
        q.setProperty("wiz.sink.elastic.username", "wiz");
        q.setProperty("wiz.sink.elastic.api-key", "");
        e = assertThrows(IllegalArgumentException.class, () -> ConfigCheck.check(q::getProperty));
        assertTrue(e.getMessage().contains("go together"), e.getMessage());
    }
}
