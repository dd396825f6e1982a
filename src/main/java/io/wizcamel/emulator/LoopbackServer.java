package io.wizcamel.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server on 127.0.0.1, as the emulators and the benchmark's replay server run it: one handler for
 * every path, daemon threads (a server never keeps a test JVM alive), stopped at once.
 */
public final class LoopbackServer implements AutoCloseable {

    static {
        noDelay();
    }

    /**
     * The JDK server writes headers and body separately; with Nagle on, every small answer (401, errors, token)
     * waits ~40 ms for a delayed ACK. The JDK reads this flag once, when its first HttpServer starts, so it is set
     * before that (unless the user chose otherwise).
     */
    public static void noDelay() {
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private LoopbackServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Listening on {@code port} (0: a free one) and answering with {@code handler}.
     *
     * @param what what it serves, named when the port cannot be had and in its threads' names
     * @param threads requests answered at once; 0: as many as come (a stalled answer then holds up no other)
     */
    public static LoopbackServer start(String what, int port, int threads, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 64);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot bind the " + what + " to 127.0.0.1:" + port, e);
        }
        AtomicInteger n = new AtomicInteger();
        ThreadFactory daemons = r -> {
            Thread t = new Thread(r, what.toLowerCase(Locale.ROOT).replace(' ', '-') + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = threads == 0 ? Executors.newCachedThreadPool(daemons)
                : Executors.newFixedThreadPool(threads, daemons);
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new LoopbackServer(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
