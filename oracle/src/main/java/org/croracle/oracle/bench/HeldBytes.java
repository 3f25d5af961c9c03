package org.croracle.oracle.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink that keeps what it gets in 1 MiB arrays, to be read back from memory: an image written
 * to memory and read from there, beside raw copies of the same bytes. (A ByteArrayOutputStream
 * stops at 2 GiB and copies everything each time it grows.)
 */
public final class HeldBytes extends OutputStream {
    private static final int CHUNK = 1 << 20;

    private final List<byte[]> chunks = new ArrayList<>();
    private int used = CHUNK;
    private long count;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            if (used == CHUNK) {
                chunks.add(new byte[CHUNK]);
                used = 0;
            }
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, chunks.get(chunks.size() - 1), used, n);
            used += n;
            off += n;
            len -= n;
            count += n;
        }
    }

    /** Bytes held. */
    public long count() {
        return count;
    }

    /** The held bytes as a stream (a copy out of memory per read, as from any in-memory stream). */
    public InputStream reader() {
        return new InputStream() {
            long at;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (at == count) {
                    return -1;
                }
                int n = (int) Math.min(len, Math.min(count - at, CHUNK - at % CHUNK));
                System.arraycopy(chunks.get((int) (at / CHUNK)), (int) (at % CHUNK), b, off, n);
                at += n;
                return n;
            }
        };
    }
}
