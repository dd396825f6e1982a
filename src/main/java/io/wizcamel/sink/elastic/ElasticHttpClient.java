package io.wizcamel.sink.elastic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;

import io.wizcamel.config.ConfigValue;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TrustAllStrategy;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.ssl.SSLContextBuilder;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP client of the Elasticsearch sink. It carries the credentials as a default header, so that they never
 * become a Camel message header (which a trace or a log could print), and it owns the TLS policy: the JVM's trust
 * store and hostname verification by default, a CA certificate file instead of the trust store, or, only when an
 * operator turns verification off, any certificate for any host name.
 *
 * <p>It reads its settings ({@code wiz.sink.elastic.*}) from Camel's properties itself, when the first request is
 * made: bean constructor arguments pass through Camel's parameter parsing, which would mistake a password such as
 * {@code 12345} or {@code true} for a number or a boolean; and a sink that is off never reads them.
 */
public final class ElasticHttpClient extends CloseableHttpClient implements CamelContextAware {

    private CamelContext camelContext;
    private volatile CloseableHttpClient delegate;

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    @SuppressWarnings("deprecation") // execute(host, request, context) is what CloseableHttpClient itself calls
    protected CloseableHttpResponse doExecute(HttpHost target, ClassicHttpRequest request, HttpContext context)
            throws IOException {
        return client().execute(target, request, context);
    }

    private CloseableHttpClient client() throws IOException {
        CloseableHttpClient c = delegate;
        if (c == null) {
            synchronized (this) {
                if (delegate == null) {
                    try {
                        delegate = create(setting("tls-verify"), setting("ca-file"), setting("api-key"),
                                setting("username"), setting("password"),
                                Integer.parseInt(setting("timeout-seconds").isEmpty() ? "60" : setting("timeout-seconds")));
                    } catch (GeneralSecurityException e) {
                        throw new IOException("cannot set up TLS for the elastic sink: " + e.getMessage(), e);
                    }
                }
                c = delegate;
            }
        }
        return c;
    }

    private String setting(String name) {
        return ConfigValue.read(camelContext, "wiz.sink.elastic." + name).trim();
    }

    @Override
    public void close() throws IOException {
        CloseableHttpClient c = delegate;
        if (c != null) {
            c.close();
        }
    }

    @Override
    public void close(CloseMode mode) {
        CloseableHttpClient c = delegate;
        if (c != null) {
            c.close(mode);
        }
    }

    static CloseableHttpClient create(String tlsVerify, String caFile, String apiKey, String username,
            String password, int timeoutSeconds) throws IOException, GeneralSecurityException {
        Timeout timeout = Timeout.of(timeoutSeconds, TimeUnit.SECONDS);
        PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(Math.min(10, timeoutSeconds)))
                        .setSocketTimeout(timeout)
                        .build());
        if (isFalse(tlsVerify)) {
            SSLContext any = SSLContextBuilder.create().loadTrustMaterial(TrustAllStrategy.INSTANCE).build();
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(any, HostnameVerificationPolicy.CLIENT,
                    NoopHostnameVerifier.INSTANCE));
        } else if (!blankToEmpty(caFile).isEmpty()) {
            SSLContext ca = SSLContextBuilder.create().loadTrustMaterial(trustStore(Path.of(caFile.trim())), null).build();
            connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(ca));
        }
        HttpClientBuilder client = HttpClients.custom()
                .setConnectionManager(connections.build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .setUserAgent("wiz-camel")
                .disableAutomaticRetries() // retries are the sink route's job, bounded there
                .disableRedirectHandling() // a redirected bulk request means a wrong URL: say so, do not follow
                .disableCookieManagement();
        String authorization = authorization(apiKey, username, password);
        if (authorization != null) {
            client.setDefaultHeaders(List.of(new BasicHeader(HttpHeaders.AUTHORIZATION, authorization, true)));
        }
        return client.build();
    }

    /**
     * {@code ApiKey <encoded>} or {@code Basic <user:password>}; null when neither is set. An API key is taken as
     * the {@code encoded} value Elasticsearch returns, or as {@code id:api_key}, which is encoded here.
     */
    public static String authorization(String apiKey, String username, String password) {
        String key = blankToEmpty(apiKey);
        if (!key.isEmpty()) {
            return "ApiKey " + (key.contains(":") ? base64(key) : key);
        }
        if (!blankToEmpty(username).isEmpty()) {
            return "Basic " + base64(username.trim() + ":" + (password == null ? "" : password));
        }
        return null;
    }

    /**
     * The certificates of a PEM (or DER) file as a trust store.
     *
     * @throws IllegalArgumentException saying what is wrong with the file
     */
    public static KeyStore trustStore(Path file) {
        List<Certificate> certificates = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            certificates.addAll(CertificateFactory.getInstance("X.509").generateCertificates(in));
        } catch (IOException e) {
            throw new IllegalArgumentException("wiz.sink.elastic.ca-file (WIZ_SINK_ELASTIC_CA_FILE) is '" + file
                    + "', which cannot be read (" + e.getClass().getSimpleName() + "): give the path of the cluster's "
                    + "CA certificate (PEM), e.g. config/certs/http_ca.crt of Elasticsearch");
        } catch (GeneralSecurityException e) {
            certificates.clear();
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("wiz.sink.elastic.ca-file (WIZ_SINK_ELASTIC_CA_FILE) is '" + file
                    + "', which holds no X.509 certificate: give the CA certificate in PEM form (-----BEGIN CERTIFICATE-----)");
        }
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry("ca-" + i, certificates.get(i));
            }
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String blankToEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    static boolean isFalse(String s) {
        return "false".equals(blankToEmpty(s).toLowerCase(Locale.ROOT));
    }
}
