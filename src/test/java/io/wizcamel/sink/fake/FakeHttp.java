package io.wizcamel.sink.fake;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/** A JDK HTTP server on 127.0.0.1 that can be stopped (connections refused) and started again on the same port. */
abstract class FakeHttp implements AutoCloseable {

    private HttpServer server;
    private SSLContext tls;
    private ExecutorService executor;
    private int port;

    /** Serves HTTPS with this context (e.g. a self-signed certificate) instead of HTTP. Call before start(). */
    public FakeHttp useTls(SSLContext context) {
        this.tls = context;
        return this;
    }

    /** the handler of every request */
    protected abstract void handle(HttpExchange exchange) throws IOException;

    public synchronized FakeHttp start() {
        try {
            server = bind();
            HttpHandler handler = exchange -> {
                try (exchange) {
                    handle(exchange);
                } catch (RuntimeException e) {
                    send(exchange, 500, "text/plain", e.toString());
                }
            };
            server.createContext("/", handler);
            executor = Executors.newFixedThreadPool(4);
            server.setExecutor(executor);
            server.start();
            port = server.getAddress().getPort();
            return this;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake on 127.0.0.1:" + port, e);
        }
    }

    private HttpServer bind() throws IOException {
        IOException last = null;
        for (int i = 0; i < 50; i++) { // the old port may take a moment to be free after stop()
            try {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
                if (tls == null) {
                    return HttpServer.create(address, 50);
                }
                HttpsServer https = HttpsServer.create(address, 50);
                https.setHttpsConfigurator(new HttpsConfigurator(tls));
                return https;
            } catch (IOException e) {
                last = e;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        throw last;
    }

    /** Stops listening: the next connection attempt is refused. start() brings it back on the same port. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String baseUrl() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port;
    }

    protected static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        // read what the client is still sending, as a real server does: answering over an unread body resets the
        // connection and the client sees an I/O error instead of the answer
        try (InputStream unread = exchange.getRequestBody()) {
            unread.transferTo(OutputStream.nullOutputStream());
        } catch (IOException alreadyRead) {
            // the handler read and closed it: nothing left
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (status == 204) {
            exchange.sendResponseHeaders(204, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
