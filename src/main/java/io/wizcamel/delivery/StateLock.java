package io.wizcamel.delivery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;

/**
 * One writer per state folder: an exclusive OS lock on {@code wiz-camel.lock} in {@code WIZ_STATE_DIR}, taken before
 * the checkpoint store is opened (so before any recovery or write) and held until the process ends. Two processes
 * on one folder would each "recover" the other's run under way and throw its output away; the second one is refused
 * at once instead, with the holder's pid and start time, which the holder writes into the lock file. The OS drops
 * the lock when its holder dies, however it dies, so a stale file never blocks a start.
 */
public final class StateLock implements AutoCloseable {

    public static final String FILE = "wiz-camel.lock";
    /** when this process started, as the lock file says */
    private static final Instant STARTED = ProcessHandle.current().info().startInstant().orElse(Instant.now());

    private final FileChannel channel;
    private final FileLock lock;

    private StateLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock or throws {@link HeldException} naming its holder.
     *
     * @param mode what this process is ({@code daemon} or {@code once}), written for the next one to read
     * @param managementUrl where the daemon's management server listens (for sync now), or null
     */
    public static StateLock acquire(String stateDir, String mode, String managementUrl) throws IOException {
        Path dir = Path.of(stateDir);
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already (a launcher run inside a test)
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            Properties holder = new Properties();
            try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                holder.load(in);
            } catch (IOException e) {
                // unreadable: the message says so
            } finally {
                channel.close();
            }
            throw new HeldException(stateDir, holder);
        }
        StateLock held = new StateLock(channel, lock);
        held.describe(mode, managementUrl);
        return held;
    }

    /** (re)writes who holds the lock: pid, start time, mode and, for a daemon, where its management server is */
    public void describe(String mode, String managementUrl) throws IOException {
        Properties me = new Properties();
        me.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
        me.setProperty("started", STARTED.toString());
        me.setProperty("mode", mode);
        if (managementUrl != null) {
            me.setProperty("management", managementUrl);
        }
        StringBuilder text = new StringBuilder("# held by the wiz-camel process below while it runs (an OS lock)\n");
        me.stringPropertyNames().stream().sorted()
                .forEach(k -> text.append(k).append('=').append(me.getProperty(k)).append('\n'));
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)), 0);
        channel.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }

    /** Another process holds the state folder. */
    public static final class HeldException extends IllegalStateException {

        private final transient Properties holder;

        HeldException(String stateDir, Properties holder) {
            super(message(stateDir, holder));
            this.holder = holder;
        }

        /** whether the holder is a daemon (which can be asked to sync now) */
        public boolean heldByDaemon() {
            return "daemon".equals(holder.getProperty("mode"));
        }

        private static String message(String stateDir, Properties h) {
            String who = "another wiz-camel process (pid " + h.getProperty("pid", "unknown") + ", started "
                    + h.getProperty("started", "at an unknown time") + ", " + h.getProperty("mode", "unknown mode") + ")";
            String advice;
            if ("daemon".equals(h.getProperty("mode"))) {
                String url = h.getProperty("management", "http://<host>:<CAMEL_MANAGEMENT_PORT>");
                advice = "the daemon syncs on request instead of a --once next to it: curl -X POST -H"
                        + " \"Authorization: Bearer $WIZ_ADMIN_TOKEN\" '" + url + "/wiz/sync?stream=issues'"
                        + " (add &full=true for a full resync)";
            } else {
                advice = "wait for it to finish";
            }
            return "wiz.state-dir (WIZ_STATE_DIR) " + stateDir + " is in use by " + who
                    + ": only one process may write a state folder; " + advice
                    + ", or give this process a state folder of its own";
        }
    }
}
