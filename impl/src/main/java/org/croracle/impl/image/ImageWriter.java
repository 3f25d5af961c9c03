package org.croracle.impl.image;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * Writes an image: records framed as {@code {u32 type, u32 len}} + payload + zero padding to the
 * next 8-byte offset, through its own buffer, keeping the CRC32C of every byte for the TAIL.
 *
 * <p>Pages have a fast path ({@link #writePages}): the simulated kernel's pages are one byte value
 * repeated, so a PGARR's contents are written from one cached 4096-byte page per value, straight
 * to the stream, without building the chunk in memory: each page byte is copied once, by the
 * sink, and checksummed on another core meanwhile ({@link StreamCrc}). To a file the writer
 * gathers its small records in one direct buffer and hands that to write(2) itself, which saves the
 * copy FileOutputStream makes of every array it is given, and a chunk's pages go to writev(2)
 * from direct copies of the cached pages: no page is copied before the kernel copies it.
 *
 * <p>Nothing may follow TAIL or ERROR. The writer never closes the underlying stream unless it was
 * asked to; it is not thread-safe (one checkpoint writes one image).
 */
public final class ImageWriter implements Closeable, Flushable {
    private static final int BUFFER = 1 << 16;
    /** The zero bytes that pad a record: never written to, so a span of the checksum may name them. */
    private static final byte[] ZEROS = new byte[ImageFormat.ALIGNMENT];

    private final OutputStream out;
    /** out's channel when out is a file, else null; what goes to it is gathered in {@link #direct}. */
    private final FileChannel file;
    private ByteBuffer direct;
    private final boolean closeUnderlying;
    /**
     * Starts small and grows to BUFFER before it is ever drained, so that it drains at the same
     * points as a BUFFER-sized one: most images are a few kilobytes, and zeroing 64 KB for each
     * cost a small tree's round trip more than writing its image.
     */
    private byte[] buf = new byte[4096];
    /** buf[0..count) is written here but not yet to {@code out}. */
    private int count;
    /** buf[crcFrom..count) is not yet in the CRC. */
    private int crcFrom;
    private long flushed;
    private final StreamCrc crc = new StreamCrc();
    private final PayloadBuffer payload = new PayloadBuffer();
    /** One page per fill byte, made on first use. */
    private final byte[][] pages = new byte[256][];
    /** The same pages outside the heap, for a file: made on first use. */
    private final ByteBuffer[] directPages = new ByteBuffer[256];
    private ByteBuffer directZeros;
    private RecordType endedBy;

    /** Writes to {@code out}; {@link #close()} flushes it but leaves it open. */
    public ImageWriter(OutputStream out) {
        this(out, false);
    }

    public ImageWriter(OutputStream out, boolean closeUnderlying) {
        this.out = out;
        this.closeUnderlying = closeUnderlying;
        this.file = out instanceof FileOutputStream f ? f.getChannel() : null;
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
        return crc.value();
    }

    @Override
    public void flush() throws IOException {
        drain();
        if (direct != null && direct.position() > 0) {
            direct.flip();
            while (direct.hasRemaining()) {
                file.write(direct);
            }
            direct.clear();
        }
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

    /**
     * One PGARR: its header, page count and indexes from a small array of its own, then each page
     * from the cached page of its fill byte, then the padding. The sink copies each byte once;
     * the checksum reads the same arrays, which never change, on another core.
     */
    private void chunk(long[] indexes, byte[] fill, int from, int n) throws IOException {
        int payloadSize = 4 + n * (8 + ImageFormat.PAGE_SIZE);
        if (payloadSize > ImageFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("PGARR payload of " + payloadSize + " bytes exceeds " + ImageFormat.MAX_PAYLOAD);
        }
        int length = ImageFormat.HEADER_BYTES + payloadSize;
        int pad = ImageFormat.padding(length);
        byte[] head = new byte[ImageFormat.HEADER_BYTES + 4 + 8 * n];
        int at = putInt(head, 0, RecordType.PGARR.code());
        at = putInt(head, at, length);
        at = putInt(head, at, n);
        byte[][] contents = new byte[n][];
        for (int i = 0; i < n; i++) {
            at = putLong(head, at, indexes[from + i]);
            contents[i] = page(fill[from + i]);
        }
        drain(); // what is buffered comes first, and is in the checksum before this chunk's bytes
        crc.later(c -> {
            c.update(head, 0, head.length);
            for (byte[] p : contents) {
                c.update(p, 0, ImageFormat.PAGE_SIZE);
            }
            c.update(ZEROS, 0, pad);
        }, (long) length + pad);
        emit(head, 0, head.length);
        if (file != null) {
            gather(fill, from, n, pad);
            return;
        }
        for (byte[] p : contents) {
            emit(p, 0, ImageFormat.PAGE_SIZE);
        }
        emit(ZEROS, 0, pad);
    }

    /**
     * To a file: what is gathered in the direct buffer (this chunk's header and whatever came
     * before it), then the chunk's pages straight from direct copies of the cached pages, then the
     * padding, in one writev(2): the kernel copies each page from the same 4 KiB, as a raw write(2)
     * copies from its buffer, and nothing copies it before.
     */
    private void gather(byte[] fill, int from, int n, int pad) throws IOException {
        ByteBuffer[] iov = new ByteBuffer[n + 2];
        direct.flip();
        iov[0] = direct;
        long total = direct.remaining();
        for (int i = 0; i < n; i++) {
            iov[1 + i] = directPage(fill[from + i]).duplicate();
        }
        if (directZeros == null) {
            directZeros = ByteBuffer.allocateDirect(ImageFormat.ALIGNMENT);
        }
        iov[n + 1] = directZeros.duplicate().limit(pad);
        total += (long) n * ImageFormat.PAGE_SIZE + pad;
        while (total > 0) {
            total -= file.write(iov);
        }
        direct.clear();
        flushed += (long) n * ImageFormat.PAGE_SIZE + pad;
    }

    private ByteBuffer directPage(byte value) {
        ByteBuffer p = directPages[value & 0xff];
        if (p == null) {
            p = ByteBuffer.allocateDirect(ImageFormat.PAGE_SIZE);
            p.put(page(value)).flip();
            directPages[value & 0xff] = p;
        }
        return p;
    }

    private static int putInt(byte[] b, int at, int v) {
        for (int i = 0; i < 4; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
        return at + 4;
    }

    private static int putLong(byte[] b, int at, long v) {
        for (int i = 0; i < 8; i++) {
            b[at + i] = (byte) (v >>> (8 * i));
        }
        return at + 8;
    }

    /** Bytes to the sink, already in the checksum: to the file's direct buffer, else to the stream. */
    private void emit(byte[] b, int off, int len) throws IOException {
        flushed += len;
        if (file == null) {
            out.write(b, off, len);
            return;
        }
        if (direct == null) {
            direct = ByteBuffer.allocateDirect(1 << 20);
        }
        while (len > 0) {
            if (!direct.hasRemaining()) {
                direct.flip();
                while (direct.hasRemaining()) {
                    file.write(direct);
                }
                direct.clear();
            }
            int k = Math.min(len, direct.remaining());
            direct.put(b, off, k);
            off += k;
            len -= k;
        }
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
            emit(b, off, len);
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

    /** Room for n (at most BUFFER) more bytes in the buffer. */
    private void ensure(int n) throws IOException {
        if (buf.length - count < n && buf.length < BUFFER) {
            buf = java.util.Arrays.copyOf(buf, Math.min(BUFFER, Math.max(2 * buf.length, count + n)));
        }
        if (buf.length - count < n) {
            drain();
        }
    }

    private void drain() throws IOException {
        crc.update(buf, crcFrom, count - crcFrom);
        int n = count;
        count = 0;
        crcFrom = 0;
        if (n > 0) {
            emit(buf, 0, n);
        }
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
