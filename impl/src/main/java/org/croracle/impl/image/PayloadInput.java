package org.croracle.impl.image;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One record's payload as the reader decodes it: every read is checked against the bytes the
 * record's {@code len} leaves, before anything is allocated, and a stream that ends early is
 * reported at the offset where it ends. Field names in the messages are the format's names.
 */
final class PayloadInput {
    /** Arrays up to this size are allocated at once; larger ones grow as their bytes arrive. */
    private static final int DIRECT_ALLOCATION = (ImageFormat.MAX_PAGES_PER_CHUNK * (ImageFormat.PAGE_SIZE + 8)) + 64;

    private final ImageInput in;
    /** Where page contents go when the reader lends its buffer (null: each chunk gets an array of its own). */
    private final PageBuffers lent;
    private final RecordType type;
    private final long recordOffset;
    private int remaining;

    /**
     * The buffer a reader lends for page contents: each chunk's are valid until the next record is
     * read. A chunk is checksummed as it arrives, while it is still in the cache: handing each
     * chunk to the other core and reading the next into a second buffer measured slower, even
     * with that core idle (0.4-0.5 of a raw copy against 0.67 at once), since the checksum then
     * reads the chunk back from memory.
     */
    static final class PageBuffers {
        private byte[] buffer = new byte[0];

        /** Reads n bytes of page contents into the buffer (one of exactly n bytes); returns how many arrived. */
        int read(ImageInput in, int n) throws IOException {
            if (buffer.length != n) {
                buffer = new byte[n];
            }
            return in.read(buffer, 0, n, false);
        }

        /** The buffer the last {@link #read} filled. */
        byte[] last() {
            return buffer;
        }
    }

    PayloadInput(ImageInput in, PageBuffers lent, RecordType type, long recordOffset, int payloadLength) {
        this.in = in;
        this.lent = lent;
        this.type = type;
        this.recordOffset = recordOffset;
        this.remaining = payloadLength;
    }

    RecordType type() {
        return type;
    }

    /** The stream offset of the next field. */
    long offset() {
        return in.offset();
    }

    int remaining() {
        return remaining;
    }

    ImageFormatException error(long at, String reason) {
        return new ImageFormatException(at, reason);
    }

    ImageFormatException error(String reason) {
        return new ImageFormatException(in.offset(), reason);
    }

    /** A u32 or i32 as Java's int (a u32 over 2^31 reads negative; callers compare unsigned). */
    int u32(String field) throws ImageFormatException, IOException {
        take(4, field);
        return in.int32();
    }

    int i32(String field) throws ImageFormatException, IOException {
        return u32(field);
    }

    long u64(String field) throws ImageFormatException, IOException {
        take(8, field);
        return in.int64();
    }

    /** A u32 that must be 0 or 1 (the record holds it as a boolean, so no other value survives a round trip). */
    boolean bool(String field) throws ImageFormatException, IOException {
        long at = offset();
        int v = u32(field);
        if (v != 0 && v != 1) {
            throw error(at, type + " " + field + " " + Integer.toUnsignedString(v) + " is not 0 or 1");
        }
        return v == 1;
    }

    /**
     * A u32 count of entries of at least {@code entryBytes} each: rejected unless that many entries
     * fit in what the record has left, so a hostile count never sizes an allocation.
     */
    int count(String field, int entryBytes) throws ImageFormatException, IOException {
        long at = offset();
        long n = Integer.toUnsignedLong(u32(field));
        if (n * entryBytes > remaining) {
            throw error(at, type + " " + field + " " + n + " exceeds the record length");
        }
        return (int) n;
    }

    /** u32 length + UTF-8 bytes, at most {@link ImageFormat#MAX_STRING}. */
    String string(String field) throws ImageFormatException, IOException {
        long at = offset();
        byte[] b = lengthPrefixed(field, ImageFormat.MAX_STRING);
        return utf8(at, field, b, 0);
    }

    /** ERROR's string: like {@link #string} but its first byte must be NUL, which is stripped. */
    String nulString(String field) throws ImageFormatException, IOException {
        long at = offset();
        byte[] b = lengthPrefixed(field, ImageFormat.MAX_STRING);
        if (b.length == 0 || b[0] != 0) {
            throw error(at + 4, type + " " + field + " does not start with a NUL byte");
        }
        return utf8(at, field, b, 1);
    }

    /** u32 length + bytes, bounded only by the record. */
    byte[] blob(String field) throws ImageFormatException, IOException {
        return lengthPrefixed(field, Integer.MAX_VALUE);
    }

    /**
     * A chunk's page contents, {@code n} bytes (the caller has bounded n by the record): in the
     * buffer the reader lends, if it lends one, else in an array of their own.
     */
    byte[] pages(String field, int n) throws ImageFormatException, IOException {
        if (lent == null) {
            return bytes(field, n);
        }
        long at = offset();
        take(n, field);
        int got = lent.read(in, n);
        if (got < n) {
            throw truncated(at + got);
        }
        return lent.last();
    }

    /** {@code n} raw bytes (the caller has bounded n by the record). */
    byte[] bytes(String field, int n) throws ImageFormatException, IOException {
        long at = offset();
        take(n, field);
        byte[] out = n <= DIRECT_ALLOCATION ? new byte[n] : new byte[DIRECT_ALLOCATION];
        int have = 0;
        while (true) {
            int got = in.read(out, have, out.length - have, true);
            have += got;
            if (have < out.length) {
                throw truncated(at + have);
            }
            if (have == n) {
                return out;
            }
            // Only past a chunk's size: grow as the bytes arrive, so a record that claims 16 MiB
            // and is cut short allocates about what the stream held.
            out = Arrays.copyOf(out, (int) Math.min(n, 2L * out.length));
        }
    }

    /** {@code n} u64 values (the caller has bounded n by the record). */
    long[] u64s(String field, int n) throws ImageFormatException, IOException {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = u64(field);
        }
        return out;
    }

    /** After the last field: the record must have no bytes left (else decode-encode is not the identity). */
    void end() throws ImageFormatException {
        if (remaining != 0) {
            throw error(type + " record has " + remaining + (remaining == 1 ? " byte" : " bytes") + " after its last field");
        }
    }

    private byte[] lengthPrefixed(String field, int max) throws ImageFormatException, IOException {
        long at = offset();
        long n = Integer.toUnsignedLong(u32(field + " length"));
        if (n > max) {
            throw error(at, type + " " + field + " length " + n + " exceeds the bound of " + max + " bytes");
        }
        if (n > remaining) {
            throw error(at, type + " " + field + " length " + n + " exceeds the record length");
        }
        return bytes(field, (int) n);
    }

    private String utf8(long at, String field, byte[] b, int from) throws ImageFormatException {
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder();
        try {
            return d.decode(ByteBuffer.wrap(b, from, b.length - from)).toString();
        } catch (CharacterCodingException e) {
            throw error(at + 4, type + " " + field + " is not valid UTF-8");
        }
    }

    /** Consumes n bytes of the record's budget, making small fields available in the buffer. */
    private void take(int n, String field) throws ImageFormatException, IOException {
        if (n > remaining) {
            throw error(type + " record too short: " + field + " needs " + n + " bytes, " + remaining + " left");
        }
        remaining -= n;
        if (n <= 8 && !in.request(n)) {
            throw truncated(in.offset() + in.buffered());
        }
    }

    ImageFormatException truncated(long at) {
        return error(at, "the image ends inside the " + type + " record at offset " + recordOffset);
    }
}
