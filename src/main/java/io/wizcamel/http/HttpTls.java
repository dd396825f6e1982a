package io.wizcamel.http;

import javax.net.ssl.HostnameVerifier;

import io.wizcamel.sink.TlsTrust;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;

/**
 * TLS settings for a camel-http endpoint ({@code sslContextParameters} and {@code x509HostnameVerifier}), as the
 * shared sink call (routes/wiz/http-call.yaml) passes them on https URLs.
 * Verifying uses the JVM's trust store (add a private CA with -Djavax.net.ssl.trustStore=...) and checks the host
 * name; not verifying accepts any certificate for any host, for a self-signed test endpoint only.
 */
public final class HttpTls {

    private HttpTls() {
    }

    public static SSLContextParameters sslContextParameters(boolean verify) {
        SSLContextParameters params = new SSLContextParameters();
        if (!verify) {
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setTrustManager(TlsTrust.trustAll());
            params.setTrustManagers(trust);
        }
        return params;
    }

    public static HostnameVerifier hostnameVerifier(boolean verify) {
        return verify ? new DefaultHostnameVerifier() : NoopHostnameVerifier.INSTANCE;
    }
}
