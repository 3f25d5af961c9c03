package org.croracle.oracle.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A sink that keeps what it gets in 1 MiB arrays, to be read back from memory: an image written
 * to memory and read from there, beside raw copies of the same bytes. (A ByteArrayOutputStream
 * stops at 2 GiB and copies everything each time it grows.) {@link #rewind()} keeps the arrays,
 * so that what is written next goes to memory already touched: a benchmark that writes the same
 * sink twice measures the writes, not the JVM clearing fresh memory for each.
 */
public final class HeldBytes extends OutputStream {
    private static final int CHUNK = 1 << 20;

    private final List<byte[]> chunks = new ArrayList<>();
    private long count;

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        while (len > 0) {
            int chunk = (int) (count / CHUNK);
            int used = (int) (count % CHUNK);
            if (chunk == chunks.size()) {
                chunks.add(new byte[CHUNK]);
            }
            int n = Math.min(len, CHUNK - used);
            System.arraycopy(b, off, chunks.get(chunk), used, n);
            off += n;
            len -= n;
            count += n;
        }
    }

    /** Bytes held. */
    public long count() {
        return count;
    }

    /** Forgets the bytes held but keeps the memory: the next write starts at the first array again. */
    public void rewind() {
        count = 0;
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
