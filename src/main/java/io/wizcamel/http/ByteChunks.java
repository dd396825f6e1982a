package io.wizcamel.http;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Bytes held as a list of arrays and read back as one stream, without ever being copied into one array: a page of
 * Wiz's answer or of a file sink's output is about a megabyte, and an array that size is a "humongous" object to the
 * G1 collector (half a region or more), costly to allocate and to collect. Filled either from arrays that already
 * exist (a page's rendered records) or by recording a stream as it is read (an HTTP answer), in chunks of 64 KiB.
 */
public final class ByteChunks {

    private static final int CHUNK = 64 * 1024;

    private final List<byte[]> chunks;
    /** bytes used in the last chunk, while recording */
    private int last;
    private long length;

    private ByteChunks(List<byte[]> chunks, long length) {
        this.chunks = chunks;
        this.length = length;
        this.last = chunks.isEmpty() ? 0 : chunks.get(chunks.size() - 1).length;
    }

    /** these arrays, one after the other (not copied: do not change them) */
    public static ByteChunks of(List<byte[]> arrays) {
        long length = 0;
        for (byte[] a : arrays) {
            length += a.length;
        }
        return new ByteChunks(arrays, length);
    }

    /** nothing yet: {@link #recording} fills it */
    public static ByteChunks empty() {
        return new ByteChunks(new ArrayList<>(), 0);
    }

    /** {@code in}, read as it is, keeping here every byte read from it */
    public InputStream recording(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    append(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] into, int offset, int count) throws IOException {
                int n = super.read(into, offset, count);
                if (n > 0) {
                    append(into, offset, n);
                }
                return n;
            }

            @Override
            public long skip(long n) throws IOException {
                // read, not skipped, so that they are recorded too
                int r = read(new byte[(int) Math.min(Math.max(n, 0), 8192)]);
                return Math.max(r, 0);
            }
        };
    }

    private void append(byte[] from, int offset, int count) {
        while (count > 0) {
            if (chunks.isEmpty() || last == chunks.get(chunks.size() - 1).length) {
                chunks.add(new byte[CHUNK]);
                last = 0;
            }
            byte[] current = chunks.get(chunks.size() - 1);
            int n = Math.min(count, current.length - last);
            System.arraycopy(from, offset, current, last, n);
            last += n;
            offset += n;
            count -= n;
            length += n;
        }
    }

    public long length() {
        return length;
    }

    /** the bytes from the start, as one stream; a read fills the caller's buffer across chunks */
    public InputStream stream() {
        return new Reader();
    }

    private final class Reader extends InputStream {
        private int chunk;
        private int at;

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) == 1 ? one[0] & 0xff : -1;
        }

        @Override
        public int read(byte[] into, int offset, int count) {
            int copied = 0;
            while (copied < count && chunk < chunks.size()) {
                int end = chunk == chunks.size() - 1 ? last : chunks.get(chunk).length;
                int n = Math.min(end - at, count - copied);
                System.arraycopy(chunks.get(chunk), at, into, offset + copied, n);
                copied += n;
                at += n;
                if (at == end) {
                    chunk++;
                    at = 0;
                }
            }
            return copied == 0 && count > 0 ? -1 : copied;
        }
    }

    /** the bytes in one array (small bodies, tests) */
    public byte[] toByteArray() {
        byte[] all = new byte[Math.toIntExact(length)];
        new Reader().read(all, 0, all.length);
        return all;
    }
}
