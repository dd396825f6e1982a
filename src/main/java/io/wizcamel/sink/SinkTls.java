package io.wizcamel.sink;

import java.security.cert.X509Certificate;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.X509TrustManager;

import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;

/**
 * TLS settings for a sink's camel-http endpoint ({@code sslContextParameters} and {@code x509HostnameVerifier}).
 * Verifying uses the JVM's trust store (add a private CA with -Djavax.net.ssl.trustStore=...) and checks the host
 * name; not verifying accepts any certificate for any host, for a self-signed test endpoint only.
 */
public final class SinkTls {

    private SinkTls() {
    }

    public static SSLContextParameters sslContextParameters(boolean verify) {
        SSLContextParameters params = new SSLContextParameters();
        if (!verify) {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setTrustManager(new TrustAll());
            params.setTrustManagers(trust);
        }
        return params;
    }

    public static HostnameVerifier hostnameVerifier(boolean verify) {
        return verify ? new DefaultHostnameVerifier() : NoopHostnameVerifier.INSTANCE;
    }

    /** the opt-out: trusts every certificate chain */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // accepted: verification is switched off by configuration
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // accepted: verification is switched off by configuration
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
