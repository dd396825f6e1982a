package io.wizcamel.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;

/** The largest heap in use, sampled every 20 ms on a daemon thread from start until close. */
final class HeapSampler implements AutoCloseable {

    private final AtomicLong peak = new AtomicLong();
    private final Thread thread = new Thread(this::sample, "heap-sampler");

    static HeapSampler start() {
        HeapSampler s = new HeapSampler();
        s.thread.setDaemon(true);
        s.thread.start();
        return s;
    }

    /** bytes: the largest heap use seen so far */
    long peak() {
        return peak.get();
    }

    @Override
    public void close() {
        thread.interrupt();
    }

    private void sample() {
        while (!Thread.currentThread().isInterrupted()) {
            peak.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(), Math::max);
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
