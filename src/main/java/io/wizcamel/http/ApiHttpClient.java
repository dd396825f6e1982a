package io.wizcamel.http;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLSocket;

import io.wizcamel.wiz.SlidingRateLimit;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

/**
 * An HTTP client with timeouts and without automatic retries, for the Wiz GraphQL endpoint (camel-graphql builds one
 * without timeouts, so a slow query could hang a run; this one gives up before Wiz's gateway does, about 120 s) and
 * the ticketing sinks (a request HttpClient repeated on its own could make a second ticket). What follows a failure
 * is the calling route's retry policy.
 */
public final class ApiHttpClient {

    private ApiHttpClient() {
    }

    public static CloseableHttpClient create(int timeoutSeconds) {
        return builder(timeoutSeconds).build();
    }

    /**
     * As {@link #create(int)}, telling the rate limit when each request leaves: once its connection is open, just
     * before it is sent, so the limit holds for the requests as they leave, whatever opening a connection took.
     */
    public static CloseableHttpClient create(int timeoutSeconds, SlidingRateLimit rateLimit) {
        return builder(timeoutSeconds).addExecInterceptorAfter(ChainElement.CONNECT.name(), "rate-limit",
                (request, scope, chain) -> {
                    rateLimit.leaving();
                    return chain.proceed(request, scope);
                }).build();
    }

    private static HttpClientBuilder builder(int timeoutSeconds) {
        Timeout timeout = Timeout.of(timeoutSeconds, TimeUnit.SECONDS);
        return HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setTlsSocketStrategy(new LazyTls())
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(Math.min(10, timeoutSeconds)))
                                .setSocketTimeout(timeout)
                                .build())
                        .build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build())
                .disableAutomaticRetries(); // retries are the route's job, counted and bounded there
    }

    /**
     * HttpClient's default TLS, made at the first https connection rather than with the client: it loads the JDK's
     * trust store and the public suffix list (a tenth of a second of the start-up), which a client of a plain http
     * URL (an emulator, a proxy on loopback) never needs.
     */
    static final class LazyTls implements TlsSocketStrategy {

        private volatile TlsSocketStrategy tls;

        @Override
        public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
                throws IOException {
            return tls().upgrade(socket, target, port, attachment, context);
        }

        TlsSocketStrategy tls() {
            TlsSocketStrategy t = tls;
            if (t == null) {
                synchronized (this) {
                    if (tls == null) {
                        tls = DefaultClientTlsStrategy.createDefault();
                    }
                    t = tls;
                }
            }
            return t;
        }
    }
}
