package io.wizcamel.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.wizcamel.WizCamel;
import io.wizcamel.config.ConfigCheck;

/**
 * One wiz-camel daemon in its own JVM (the launcher, the deployed routes, configured through environment variables
 * as in production) for the cluster tests: its log, its management port, which streams it leads
 * ({@code wiz_cluster_leader} from {@code /observe/metrics}), and how it ends (SIGTERM, SIGKILL, SIGSTOP/SIGCONT).
 */
public final class ClusterNode implements AutoCloseable {

    private static final Pattern MANAGEMENT = Pattern.compile("management http://[^:\\s]+:([0-9]+)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public final String id;
    public final Process process;
    public final Path log;
    private int port;

    private ClusterNode(String id, Process process, Path log) {
        this.id = id;
        this.process = process;
        this.log = log;
    }

    public static ClusterNode start(String id, Properties props, Path dir) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), WizCamel.class.getName()));
        Path log = dir.resolve(id + ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        props.forEach((k, v) -> env.put(ConfigCheck.env(k.toString()), v.toString()));
        env.put("WIZ_CLUSTER_NODE_ID", id);
        return new ClusterNode(id, pb.start(), log);
    }

    public long pid() {
        return process.pid();
    }

    /** the management port, once the start-up line is logged */
    public int port() throws Exception {
        long end = System.currentTimeMillis() + 90_000;
        while (port == 0) {
            Matcher m = MANAGEMENT.matcher(Files.exists(log) ? Files.readString(log) : "");
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
            } else if (!process.isAlive() || System.currentTimeMillis() > end) {
                throw new AssertionError(id + " did not start:\n" + Files.readString(log));
            } else {
                Thread.sleep(100);
            }
        }
        return port;
    }

    /** whether this node says it leads the stream (its wiz_cluster_leader gauge); false when it does not answer */
    public boolean leads(String stream) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port()
                    + "/observe/metrics")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            // "tenant/stream" with several tenants (the gauge has a tenant label then)
            int slash = stream.indexOf('/');
            String tenant = slash < 0 ? "" : "(?=[^}]*tenant=\"" + Pattern.quote(stream.substring(0, slash)) + "\")";
            String name = slash < 0 ? stream : stream.substring(slash + 1);
            return Pattern.compile("(?m)^wiz_cluster_leader\\{" + tenant + "[^}]*stream=\"" + Pattern.quote(name)
                    + "\"[^}]*\\} 1\\.0$").matcher(r.body()).find();
        } catch (Exception e) {
            return false;
        }
    }

    public void signal(String signal) throws Exception {
        new ProcessBuilder("kill", "-" + signal, Long.toString(pid())).start().waitFor(10, TimeUnit.SECONDS);
    }

    public String output() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            signal("CONT");
            process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
        }
    }
}
