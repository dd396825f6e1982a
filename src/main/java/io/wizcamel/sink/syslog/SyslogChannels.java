package io.wizcamel.sink.syslog;

import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.ssl.SslHandler;
import io.wizcamel.config.ConfigValue;
import io.wizcamel.delivery.SinkRejectedException;
import io.wizcamel.sink.TlsTrust;
import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.component.netty.ClientInitializerFactory;
import org.apache.camel.component.netty.NettyProducer;
import org.apache.camel.component.netty.codec.DatagramPacketEncoder;
import org.apache.camel.component.netty.handlers.ClientChannelHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty pipeline of the syslog sink's connections (camel-netty's {@code clientInitializerFactory}).
 *
 * <p>Why not camel-netty's own TLS options: its default pipeline creates the SSLEngine without the peer's host, so
 * {@code hostnameVerification=true} has no name to check and no SNI is sent. Here each connection's engine gets the
 * configured host and port, and host name checking is on whenever certificates are verified. A refused certificate
 * becomes a {@link SinkRejectedException}, so the page is dead-lettered at once instead of being retried: a retry
 * cannot make the certificate trusted.
 */
public class SyslogChannels extends ClientInitializerFactory implements CamelContextAware {

    /** read by the bean itself, as is: a YAML bean argument is quoted, trimmed and searched for placeholders */
    static final String TRUST_PASSWORD = "wiz.sink.syslog.tls-trust-password";

    private static final Logger LOG = LoggerFactory.getLogger(SyslogChannels.class);

    private final boolean tls;
    private final String host;
    private final int port;
    private final boolean verify;
    private final String trustFile;
    private CamelContext camelContext;
    private final NettyProducer producer;
    private final SSLContext sslContext;

    public SyslogChannels(String protocol, String host, int port, boolean verify, String trustFile) {
        this(protocol, host, port, verify, trustFile, null, null);
    }

    private SyslogChannels(String protocol, String host, int port, boolean verify, String trustFile,
            NettyProducer producer, SSLContext sslContext) {
        this.tls = "tls".equals(protocol == null ? "" : protocol.trim().toLowerCase(Locale.ROOT));
        this.host = host == null ? "" : host.trim();
        this.port = port;
        this.verify = verify;
        this.trustFile = trustFile;
        this.producer = producer;
        this.sslContext = sslContext;
    }

    @Override
    public ClientInitializerFactory createPipelineFactory(NettyProducer producer) {
        SSLContext context = null;
        if (tls) {
            try {
                String password = camelContext == null ? ""
                        : ConfigValue.read(camelContext, TRUST_PASSWORD);
                context = TlsTrust.context(trustFile, password, verify);
            } catch (Exception e) {
                throw new RuntimeCamelException("syslog TLS: " + e.getMessage(), e);
            }
            if (!verify) {
                LOG.warn("syslog TLS: server certificates are NOT verified (wiz.sink.syslog.tls-verify=false)");
            }
        }
        return new SyslogChannels(tls ? "tls" : "", host, port, verify, trustFile, producer, context);
    }

    @Override
    public void setCamelContext(CamelContext camelContext) {
        this.camelContext = camelContext;
    }

    @Override
    public CamelContext getCamelContext() {
        return camelContext;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline pipeline = ch.pipeline();
        if (sslContext != null) {
            SSLEngine engine = sslContext.createSSLEngine(host, port);
            engine.setUseClientMode(true);
            if (verify) {
                SSLParameters params = engine.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must name the host
                engine.setSSLParameters(params);
            }
            pipeline.addLast("ssl", new SslHandler(engine));
            pipeline.addLast("tls-refusal", new TlsRefusal(host + ":" + port));
        }
        if ("udp".equalsIgnoreCase(producer.getConfiguration().getProtocol())) {
            pipeline.addLast("datagram", new DatagramPacketEncoder());
        }
        pipeline.addLast("handler", new ClientChannelHandler(producer));
    }

    /** Turns a failed TLS handshake, on the write or as a channel error, into a rejection that is not retried. */
    static final class TlsRefusal extends ChannelDuplexHandler {
        private final String address;

        TlsRefusal(String address) {
            this.address = address;
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            ChannelPromise inner = ctx.newPromise();
            inner.addListener(f -> {
                if (f.isSuccess()) {
                    promise.trySuccess();
                } else {
                    promise.tryFailure(map(f.cause()));
                }
            });
            ctx.write(msg, inner);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.fireExceptionCaught(map(cause));
        }

        private Throwable map(Throwable cause) {
            for (Throwable c = cause; c != null; c = c.getCause()) {
                if (c instanceof SSLHandshakeException) {
                    return new SinkRejectedException("syslog TLS handshake with " + address + " failed: "
                            + c.getMessage() + ". Trust the server's CA with wiz.sink.syslog.tls-trust-file"
                            + " (WIZ_SINK_SYSLOG_TLS_TRUST_FILE) and make sure its certificate names the host in"
                            + " wiz.sink.syslog.host");
                }
            }
            return cause;
        }
    }
}
