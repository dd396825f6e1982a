package io.wizcamel.sink.syslog;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import io.wizcamel.config.ConfigValue;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.sink.TlsTrust;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Exchange;

/**
 * --test-connection's call of the syslog sink: opens the TCP connection (with tls, completes the handshake with the
 * sink's trust settings) and closes it without sending a byte. UDP has no connection to open: it is reported as not
 * checkable.
 */
public class SyslogProbe implements CamelContextAware {

    /** the exchange property that gives ConnectionTest a result other than OK */
    static final String RESULT = "probeResult";

    private final String protocol;
    private final String host;
    private final int port;
    private final int connectTimeoutMs;
    private final boolean verify;
    private final String trustFile;
    private CamelContext camelContext;

    public SyslogProbe(String protocol, String host, int port, int connectTimeoutMs, boolean verify, String trustFile) {
        this.protocol = protocol == null ? "" : protocol.trim().toLowerCase(Locale.ROOT);
        this.host = host == null ? "" : host.trim();
        this.port = port;
        this.connectTimeoutMs = connectTimeoutMs;
        this.verify = verify;
        this.trustFile = trustFile;
    }

    public String check(Exchange exchange) {
        String where = "syslog at " + host + ":" + port;
        if ("udp".equals(protocol)) {
            exchange.setProperty(RESULT, "--");
            return "not checkable, UDP (" + where + "): nothing answers a datagram";
        }
        boolean tls = "tls".equals(protocol);
        try (Socket socket = tls ? tlsSocket() : new Socket()) {
            socket.connect(new InetSocketAddress(host, port), connectTimeoutMs);
            if (socket instanceof SSLSocket ssl) {
                ssl.setSoTimeout(connectTimeoutMs);
                ssl.startHandshake();
                return where + " accepted a TLS connection (" + ssl.getSession().getProtocol() + "); nothing sent";
            }
            return where + " accepted a TCP connection; nothing sent";
        } catch (SSLException e) {
            throw new SinkRejectedException(where + " failed the TLS handshake (" + e.getMessage() + "): check "
                    + "wiz.sink.syslog.tls-trust-file (WIZ_SINK_SYSLOG_TLS_TRUST_FILE), that wiz.sink.syslog.host "
                    + "(WIZ_SINK_SYSLOG_HOST) is the name the certificate names, and that the server speaks TLS");
        } catch (IOException e) {
            throw new SinkRejectedException(where + " cannot be reached over " + protocol.toUpperCase(Locale.ROOT)
                    + " (" + e.getMessage() + "): check wiz.sink.syslog.host (WIZ_SINK_SYSLOG_HOST), wiz.sink.syslog"
                    + ".port (WIZ_SINK_SYSLOG_PORT) and wiz.sink.syslog.protocol (WIZ_SINK_SYSLOG_PROTOCOL)");
        }
    }

    private Socket tlsSocket() throws IOException {
        try {
            String password = camelContext == null ? "" : ConfigValue.read(camelContext, SyslogChannels.TRUST_PASSWORD);
            SSLSocket s = (SSLSocket) TlsTrust.context(trustFile, password, verify).getSocketFactory().createSocket();
            if (verify) {
                SSLParameters params = s.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                s.setSSLParameters(params);
            }
            return s;
        } catch (java.security.GeneralSecurityException e) {
            throw new SinkRejectedException("syslog TLS: " + e.getMessage() + ": check wiz.sink.syslog.tls-trust-file"
                    + " (WIZ_SINK_SYSLOG_TLS_TRUST_FILE) and its password (WIZ_SINK_SYSLOG_TLS_TRUST_PASSWORD)");
        }
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }
}
