package io.wizcamel.sink;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The client-side TLS context of a sink: which server certificates it trusts. The caller turns on host name checking
 * on its own connections (it knows the host); this class only decides the trust anchors.
 */
public final class TlsTrust {

    private TlsTrust() {
    }

    /**
     * @param trustFile     PEM or DER certificates (a CA bundle), or a PKCS12/JKS trust store; blank for the JDK's
     *                      default trust store (cacerts)
     * @param trustPassword the trust store's password, if it has one; ignored for certificate files
     * @param verify        false trusts every certificate (a documented opt-out for tests and lab set-ups)
     */
    public static SSLContext context(String trustFile, String trustPassword, boolean verify)
            throws GeneralSecurityException, IOException {
        TrustManager[] managers = null; // null: the JDK's default trust store
        if (!verify) {
            managers = new TrustManager[] {new TrustAll()};
        } else if (trustFile != null && !trustFile.isBlank()) {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(load(Path.of(trustFile.trim()), trustPassword));
            managers = tmf.getTrustManagers();
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers, null);
        return context;
    }

    /** Loads a trust file: certificates (PEM, one or more, or DER) first, else a key store of any type Java reads. */
    static KeyStore load(Path file, String password) throws GeneralSecurityException, IOException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IOException("cannot read the TLS trust file " + file + ": " + e.getMessage(), e);
        }
        try {
            Collection<? extends Certificate> certs = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(content));
            if (!certs.isEmpty()) {
                KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
                store.load(null, null);
                int i = 0;
                for (Certificate cert : certs) {
                    store.setCertificateEntry("ca-" + i++, cert);
                }
                return store;
            }
        } catch (CertificateException notCertificates) {
            // a key store, then
        }
        try {
            return KeyStore.getInstance(file.toFile(),
                    password == null || password.isEmpty() ? null : password.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            // the message names the file, never the password
            throw new GeneralSecurityException("the TLS trust file " + file + " is neither PEM/DER certificates nor a"
                    + " PKCS12/JKS trust store this password opens (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The opt-out: trusts every certificate chain, for a self-signed test endpoint only. It must be an
     * X509ExtendedTrustManager: the JDK wraps a plain X509TrustManager in one that still checks the host name.
     */
    public static X509ExtendedTrustManager trustAll() {
        return new TrustAll();
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
