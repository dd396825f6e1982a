package io.wizcamel.sink;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A real rsyslogd, run by the test as a foreground child process ({@code rsyslogd -n -f <conf> -i <pidfile>}) with a
 * generated configuration: imudp, imtcp (octet-counted and LF framing both accepted) and imtcp with the OpenSSL
 * stream driver (RFC 5425), all on 127.0.0.1, writing each message it receives as one JSON line with the raw message
 * and the fields rsyslog parsed from it.
 */
final class RsyslogServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    final Path dir;
    final int udpPort;
    final int tcpPort;
    final int tlsPort;
    final Path caFile;
    private Process process;

    RsyslogServer(Path dir) throws IOException, InterruptedException {
        this.dir = Files.createDirectories(dir);
        this.udpPort = freeUdpPort();
        this.tcpPort = freeTcpPort();
        this.tlsPort = freeTcpPort();
        this.caFile = dir.resolve("ca.pem");
        certificates();
        Files.writeString(dir.resolve("rsyslog.conf"), config());
    }

    Path received() {
        return dir.resolve("received.jsonl");
    }

    /** Starts rsyslogd and waits until all three listeners take messages. */
    RsyslogServer start() throws IOException, InterruptedException {
        process = new ProcessBuilder("rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(), "-i",
                dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.log").toFile()))
                .start();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!(listening(tcpPort) && listening(tlsPort))) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsyslogd exited: " + Files.readString(dir.resolve("rsyslogd.log")));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("rsyslogd did not listen: " + Files.readString(dir.resolve("rsyslogd.log")));
            }
            Thread.sleep(100);
        }
        // UDP has no handshake: probe until rsyslog writes a probe down (probes are left out of messages())
        try (DatagramSocket socket = new DatagramSocket()) {
            byte[] probe = "<14>1 - - probe - - - ready".getBytes(StandardCharsets.US_ASCII);
            while (all().stream().noneMatch(m -> "probe".equals(m.path("app").asText()))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("rsyslogd wrote no UDP probe: "
                            + Files.readString(dir.resolve("rsyslogd.log")));
                }
                socket.send(new DatagramPacket(probe, probe.length, InetAddress.getLoopbackAddress(), udpPort));
                Thread.sleep(200);
            }
        }
        return this;
    }

    /** Stops rsyslogd (SIGTERM, as its service manager does) and waits for it to exit. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        process = null;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** Every message rsyslog wrote (probes left out), as the JSON of the template below. */
    List<JsonNode> messages() throws IOException {
        return all().stream().filter(m -> !"probe".equals(m.path("app").asText())).toList();
    }

    /** Waits until rsyslog has written at least {@code count} messages (or a minute passed), then returns them all. */
    List<JsonNode> awaitMessages(int count) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        List<JsonNode> got = messages();
        while (got.size() < count && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            got = messages();
        }
        Thread.sleep(300); // anything beyond the expected count (a duplicate) would show up now
        return messages();
    }

    private List<JsonNode> all() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        if (!Files.exists(received())) {
            return out;
        }
        for (String line : Files.readAllLines(received(), StandardCharsets.UTF_8)) {
            if (line.endsWith("}")) { // a line omfile is still writing is left for the next read
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    private String config() {
        String d = dir.toString();
        return String.join("\n",
                "global(workDirectory=\"" + d + "\" maxMessageSize=\"64k\"",
                "  defaultNetstreamDriverCAFile=\"" + caFile + "\"",
                "  defaultNetstreamDriverCertFile=\"" + dir.resolve("server.pem") + "\"",
                "  defaultNetstreamDriverKeyFile=\"" + dir.resolve("server.key") + "\")",
                "module(load=\"imudp\")",
                "module(load=\"imtcp\")",
                "input(type=\"imudp\" address=\"127.0.0.1\" port=\"" + udpPort + "\" ruleset=\"received\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tcpPort + "\" ruleset=\"received\")",
                "input(type=\"imtcp\" address=\"127.0.0.1\" port=\"" + tlsPort + "\" ruleset=\"received\"",
                "  streamDriver.name=\"ossl\" streamDriver.mode=\"1\" streamDriver.authMode=\"anon\")",
                // the raw message as received plus what rsyslog's RFC 5424 / RFC 3164 parsers made of it
                "template(name=\"fields\" type=\"string\" string=\"{\\\"input\\\":\\\"%inputname%\\\","
                        + "\\\"raw\\\":\\\"%rawmsg:::json%\\\",\\\"pri\\\":%pri%,\\\"facility\\\":%syslogfacility%,"
                        + "\\\"severity\\\":%syslogseverity%,\\\"version\\\":\\\"%protocol-version%\\\","
                        + "\\\"timestamp\\\":\\\"%timereported:::date-rfc3339%\\\","
                        + "\\\"hostname\\\":\\\"%hostname:::json%\\\",\\\"app\\\":\\\"%app-name:::json%\\\","
                        + "\\\"procid\\\":\\\"%procid:::json%\\\",\\\"msgid\\\":\\\"%msgid:::json%\\\","
                        + "\\\"sd\\\":\\\"%structured-data:::json%\\\",\\\"tag\\\":\\\"%syslogtag:::json%\\\","
                        + "\\\"msg\\\":\\\"%msg:::json%\\\"}\\n\")",
                "ruleset(name=\"received\") {",
                "  action(type=\"omfile\" file=\"" + received() + "\" template=\"fields\")",
                "}",
                "");
    }

    /** A test CA and a server certificate for 127.0.0.1 (IP SAN only), made with openssl. */
    private void certificates() throws IOException, InterruptedException {
        Path ext = dir.resolve("san.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\n"
                + "keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("ca.key").toString(),
                "-out", caFile.toString(), "-days", "2", "-subj", "/CN=wiz-camel test CA");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", dir.resolve("server.key").toString(),
                "-out", dir.resolve("server.csr").toString(), "-subj", "/CN=rsyslog test server");
        openssl("x509", "-req", "-in", dir.resolve("server.csr").toString(), "-CA", caFile.toString(), "-CAkey",
                dir.resolve("ca.key").toString(), "-CAcreateserial", "-out", dir.resolve("server.pem").toString(),
                "-days", "2", "-extfile", ext.toString());
    }

    private void openssl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl failed: " + out);
        }
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static int freeUdpPort() throws IOException {
        try (DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
