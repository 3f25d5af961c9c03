package org.croracle.impl.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The reader's view of the stream: a buffer that knows the offset of every byte and keeps the
 * CRC32C of every byte consumed. The CRC is updated lazily (when the buffer is refilled or the
 * value is asked for) so small fields do not cost a CRC call each; large reads bypass the buffer,
 * going straight to the array that keeps them, and are checksummed on another core while the
 * reader goes on ({@link StreamCrc}): so an array read that way must not change until the TAIL.
 */
final class ImageInput {
    private static final int BUFFER = 1 << 16;

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private final ByteBuffer view = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
    private final StreamCrc crc = new StreamCrc();
    private int pos;
    private int lim;
    /** buf[crcFrom..pos) is consumed but not yet in the CRC. */
    private int crcFrom;
    /** The stream offset of buf[0]. */
    private long base;

    ImageInput(InputStream in) {
        this.in = in;
    }

    /** The stream offset of the next byte to be consumed. */
    long offset() {
        return base + pos;
    }

    /**
     * The CRC32C of every byte consumed before the last {@code back} (at most those consumed
     * since the last {@link #request}, which are still buffered): what a TAIL record, whose
     * header has just been read, must hold.
     */
    int crcBefore(int back) {
        int end = pos - back;
        if (end < crcFrom) {
            throw new IllegalStateException("the last " + back + " bytes are no longer buffered");
        }
        crc.update(buf, crcFrom, end - crcFrom);
        crcFrom = end;
        return crc.value();
    }

    /** Bytes buffered and not yet consumed. */
    int buffered() {
        return lim - pos;
    }

    /**
     * Makes {@code n} (at most the buffer's size) bytes available; false if the stream ends first,
     * in which case {@link #buffered()} says how many there are.
     */
    boolean request(int n) throws IOException {
        if (lim - pos >= n) {
            return true;
        }
        compact();
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                return false;
            }
            lim += r;
        }
        return true;
    }

    /** After {@link #request}: the next 4 bytes, little-endian. */
    int int32() {
        int v = view.getInt(pos);
        pos += 4;
        return v;
    }

    long int64() {
        long v = view.getLong(pos);
        pos += 8;
        return v;
    }

    byte int8() {
        return buf[pos++];
    }

    /**
     * Reads up to {@code n} bytes into dst; returns how many there were before the stream ended.
     * {@code later}: dst will not change until the TAIL, so the bytes read straight into it may be
     * checksummed on another core; otherwise (a buffer the reader lends and reuses) they are
     * checksummed now, while they are still in the cache.
     */
    int read(byte[] dst, int off, int n, boolean later) throws IOException {
        int done = 0;
        while (done < n) {
            if (pos == lim) {
                compact();
                if (n - done >= BUFFER) {
                    // Large contents (pages, blobs) go straight to their array: no second copy,
                    // and one checksum over all that arrives in one go.
                    int from = off + done;
                    int got = 0;
                    for (int r = 0; got < n - done; got += r) {
                        r = in.read(dst, from + got, n - done - got);
                        if (r < 0) {
                            break;
                        }
                    }
                    if (got == 0) {
                        break;
                    }
                    int len = got;
                    if (later) {
                        crc.later(c -> c.update(dst, from, len), len);
                    } else {
                        crc.update(dst, from, len);
                    }
                    base += len;
                    done += len;
                    if (done < n) {
                        break; // the stream ended
                    }
                    continue;
                }
                int r = in.read(buf, 0, buf.length);
                if (r < 0) {
                    break;
                }
                lim = r;
            }
            int k = Math.min(n - done, lim - pos);
            System.arraycopy(buf, pos, dst, off + done, k);
            pos += k;
            done += k;
        }
        return done;
    }

    /** Moves the unconsumed bytes to the front, accounting the consumed ones in the CRC. */
    private void compact() {
        crc.update(buf, crcFrom, pos - crcFrom);
        System.arraycopy(buf, pos, buf, 0, lim - pos);
        base += pos;
        lim -= pos;
        pos = 0;
        crcFrom = 0;
    }
}
