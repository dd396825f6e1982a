package io.wizcamel.cluster;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.curator.test.TestingServer;

/**
 * A real ZooKeeper server (Apache Curator's TestingServer) in its own JVM, as a deployment's ensemble would be: it
 * prints {@code connect=<host:port>} and serves until its standard input closes (the test ends) or it is killed.
 */
public final class ZooKeeperProcess implements AutoCloseable {

    private final Process process;
    private final String connect;

    private ZooKeeperProcess(Process process, String connect) {
        this.process = process;
        this.connect = connect;
    }

    /** starts the server's JVM with the test class path; returns once it serves */
    public static ZooKeeperProcess start() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ZooKeeperProcess.class.getName())
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("connect=")) {
                String connect = line.substring("connect=".length()).trim();
                Thread drain = new Thread(() -> {
                    try {
                        while (out.readLine() != null) {
                            // the server's own log: not needed
                        }
                    } catch (Exception ignored) {
                        // ended
                    }
                }, "zookeeper-output");
                drain.setDaemon(true);
                drain.start();
                return new ZooKeeperProcess(p, connect);
            }
        }
        throw new IllegalStateException("the ZooKeeper server did not start (exit " + p.waitFor() + ")");
    }

    public String connectString() {
        return connect;
    }

    @Override
    public void close() throws Exception {
        process.getOutputStream().close();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static void main(String[] args) throws Exception {
        try (TestingServer server = new TestingServer(true)) {
            System.out.println("connect=" + server.getConnectString());
            System.out.flush();
            // serve until the parent closes our input (or kills us)
            while (System.in.read() >= 0) {
                // nothing to read
            }
        }
    }
}
