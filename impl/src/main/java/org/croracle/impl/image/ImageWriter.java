package org.croracle.impl.image;

import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Writes an image: records framed as {@code {u32 type, u32 len}} + payload + zero padding to the
 * next 8-byte offset, through its own buffer, keeping the CRC32C of every byte for the TAIL.
 *
 * <p>Pages have a fast path ({@link #writePages}): the simulated kernel's pages are one byte value
 * repeated, so a PGARR's contents are written from one cached 4096-byte page per value, straight
 * to the stream, without building the chunk in memory.
 *
 * <p>Nothing may follow TAIL or ERROR. The writer never closes the underlying stream unless it was
 * asked to; it is not thread-safe (one checkpoint writes one image).
 */
public final class ImageWriter implements Closeable, Flushable {
    private static final int BUFFER = 1 << 16;

    private final OutputStream out;
    private final boolean closeUnderlying;
    private final byte[] buf = new byte[BUFFER];
    /** buf[0..count) is written here but not yet to {@code out}. */
    private int count;
    /** buf[crcFrom..count) is not yet in the CRC. */
    private int crcFrom;
    private long flushed;
    private final CRC32C crc = new CRC32C();
    private final PayloadBuffer payload = new PayloadBuffer();
    /** One page per fill byte, made on first use. */
    private final byte[][] pages = new byte[256][];
    private RecordType endedBy;

    /** Writes to {@code out}; {@link #close()} flushes it but leaves it open. */
    public ImageWriter(OutputStream out) {
        this(out, false);
    }

    public ImageWriter(OutputStream out, boolean closeUnderlying) {
        this.out = out;
        this.closeUnderlying = closeUnderlying;
    }

    /** The offset the next record will have (the bytes written so far). */
    public long offset() {
        return flushed + count;
    }

    /** Whether a TAIL or ERROR ended the image. */
    public boolean ended() {
        return endedBy != null;
    }

    /**
     * Writes one record and returns its offset.
     *
     * @throws IllegalArgumentException if the record does not fit the format's bounds
     * @throws IllegalStateException    after TAIL or ERROR
     */
    public long write(ImageRecord r) throws IOException {
        checkOpen();
        payload.reset();
        r.encode(payload);
        long at = begin(r.type(), payload.size());
        put(payload.array(), 0, payload.size());
        end(ImageFormat.HEADER_BYTES + payload.size());
        if (r.type() == RecordType.TAIL || r.type() == RecordType.ERROR) {
            endedBy = r.type();
        }
        return at;
    }

    /**
     * Writes {@code count} pages whose page i (index {@code pageIndexes[i]}) is filled with byte
     * {@code fillBytes[i]}, as PGARRs of at most {@link ImageFormat#MAX_PAGES_PER_CHUNK} pages.
     * Writes nothing when count is 0: the empty PGARR that ends a VMA or SHMEM is {@link #writePagesEnd()}.
     *
     * @return the offset of the first PGARR written (or {@link #offset()} if none)
     */
    public long writePages(long[] pageIndexes, byte[] fillBytes, int count) throws IOException {
        checkOpen();
        if (count < 0 || count > pageIndexes.length || count > fillBytes.length) {
            throw new IllegalArgumentException("count " + count + " for " + pageIndexes.length + " indexes and "
                    + fillBytes.length + " fill bytes");
        }
        long first = offset();
        for (int from = 0; from < count; from += ImageFormat.MAX_PAGES_PER_CHUNK) {
            chunk(pageIndexes, fillBytes, from, Math.min(ImageFormat.MAX_PAGES_PER_CHUNK, count - from));
        }
        return first;
    }

    /** The empty PGARR that ends a VMA's or a SHMEM's pages. */
    public long writePagesEnd() throws IOException {
        return write(ImageRecord.PageChunk.END);
    }

    /** Ends a complete image with TAIL, carrying the CRC32C of every byte written before it. */
    public long writeTail() throws IOException {
        return write(new ImageRecord.Tail(crc()));
    }

    /**
     * Ends the image of a failed checkpoint with ERROR. A message longer than the format allows is
     * cut (at a character boundary), since failing to report a failure would hide it.
     */
    public long writeError(int errno, String message) throws IOException {
        return write(new ImageRecord.Error(errno, fit(message, ImageFormat.MAX_STRING - 1)));
    }

    /** The CRC32C of every byte written so far. */
    public int crc() {
        crc.update(buf, crcFrom, count - crcFrom);
        crcFrom = count;
        return (int) crc.getValue();
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Flushes; closes the underlying stream only if asked to at construction. */
    @Override
    public void close() throws IOException {
        flush();
        if (closeUnderlying) {
            out.close();
        }
    }

    private void chunk(long[] indexes, byte[] fill, int from, int n) throws IOException {
        int payloadSize = 4 + n * (8 + ImageFormat.PAGE_SIZE);
        begin(RecordType.PGARR, payloadSize);
        ensure(4 + 8 * n);
        putInt(n);
        for (int i = from; i < from + n; i++) {
            putLong(indexes[i]);
        }
        for (int i = from; i < from + n; i++) {
            put(page(fill[i]), 0, ImageFormat.PAGE_SIZE);
        }
        end(ImageFormat.HEADER_BYTES + payloadSize);
    }

    private byte[] page(byte value) {
        byte[] p = pages[value & 0xff];
        if (p == null) {
            p = new byte[ImageFormat.PAGE_SIZE];
            Arrays.fill(p, value);
            pages[value & 0xff] = p;
        }
        return p;
    }

    private long begin(RecordType type, int payloadSize) throws IOException {
        if (payloadSize > ImageFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException(type + " payload of " + payloadSize + " bytes exceeds "
                    + ImageFormat.MAX_PAYLOAD);
        }
        long at = offset();
        ensure(ImageFormat.HEADER_BYTES);
        putInt(type.code());
        putInt(ImageFormat.HEADER_BYTES + payloadSize);
        return at;
    }

    private void end(int length) throws IOException {
        int pad = ImageFormat.padding(length);
        ensure(pad);
        for (int i = 0; i < pad; i++) {
            buf[count++] = 0;
        }
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (len > BUFFER / 2) {
            // Large payloads go straight out (CRC first, from the same array).
            drain();
            crc.update(b, off, len);
            out.write(b, off, len);
            flushed += len;
            return;
        }
        ensure(len);
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    private void putInt(int v) {
        for (int i = 0; i < 4; i++) {
            buf[count++] = (byte) (v >>> (8 * i));
        }
    }

    private void putLong(long v) {
        for (int i = 0; i < 8; i++) {
            buf[count++] = (byte) (v >>> (8 * i));
        }
    }

    /** Room for n (at most BUFFER) more bytes in the buffer. */
    private void ensure(int n) throws IOException {
        if (BUFFER - count < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        crc.update(buf, crcFrom, count - crcFrom);
        out.write(buf, 0, count);
        flushed += count;
        count = 0;
        crcFrom = 0;
    }

    private void checkOpen() {
        if (endedBy != null) {
            throw new IllegalStateException("the image already ended with " + endedBy);
        }
    }

    /**
     * {@code s} as an ERROR message can hold it: cut to at most {@code max} UTF-8 bytes, never
     * inside a character, with unpaired surrogates (which have no UTF-8 form) replaced by U+FFFD.
     */
    static String fit(String s, int max) {
        StringBuilder b = new StringBuilder();
        int bytes = 0;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (cp >= Character.MIN_SURROGATE && cp <= Character.MAX_SURROGATE) {
                cp = 0xfffd;
            }
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            if (bytes + n > max) {
                break;
            }
            bytes += n;
            b.appendCodePoint(cp);
        }
        return b.toString();
    }
}
