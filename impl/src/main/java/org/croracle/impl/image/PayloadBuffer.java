package org.croracle.impl.image;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Where a record encodes its payload: a growing little-endian byte buffer. The writer reuses one
 * per image. Every method refuses what the reader would reject (an over-long string, a payload
 * over {@link ImageFormat#MAX_PAYLOAD}), so a writer bug shows up at the writer, not at restart.
 */
final class PayloadBuffer {
    /** Made at the first string that is not ASCII: most images hold none, and one costs a few hundred bytes. */
    private CharsetEncoder utf8;
    private byte[] bytes = new byte[512];
    private int size;

    PayloadBuffer() {}

    void reset() {
        size = 0;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    public void u32(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            bytes[size++] = (byte) (v >>> (8 * i));
        }
    }

    public void i32(int v) {
        u32(v);
    }

    public void u64(long v) {
        ensure(8);
        for (int i = 0; i < 8; i++) {
            bytes[size++] = (byte) (v >>> (8 * i));
        }
    }

    public void bool(boolean v) {
        u32(v ? 1 : 0);
    }

    /** Raw bytes, no length. */
    public void bytes(byte[] b) {
        ensure(b.length);
        System.arraycopy(b, 0, bytes, size, b.length);
        size += b.length;
    }

    /** u32 length + bytes. */
    public void blob(byte[] b) {
        u32(b.length);
        bytes(b);
    }

    /** u32 length + UTF-8, at most {@link ImageFormat#MAX_STRING} bytes. */
    public void string(String s) {
        byte[] b = utf8(s);
        if (b.length > ImageFormat.MAX_STRING) {
            throw new IllegalArgumentException("string of " + b.length + " bytes exceeds " + ImageFormat.MAX_STRING);
        }
        blob(b);
    }

    /** Like linux-cr's ERROR string: u32 length + a NUL byte + UTF-8; at most MAX_STRING bytes in all. */
    public void nulString(String s) {
        byte[] b = utf8(s);
        if (b.length + 1 > ImageFormat.MAX_STRING) {
            throw new IllegalArgumentException("string of " + b.length + " bytes exceeds " + (ImageFormat.MAX_STRING - 1));
        }
        u32(b.length + 1);
        ensure(1);
        bytes[size++] = 0;
        bytes(b);
    }

    /**
     * Strict UTF-8: a string with an unpaired surrogate would not decode back to itself, so it is
     * refused rather than silently replaced.
     */
    byte[] utf8(String s) {
        if (ascii(s)) { // ASCII is its own UTF-8, and has no surrogate to refuse
            return s.getBytes(StandardCharsets.US_ASCII);
        }
        if (utf8 == null) {
            utf8 = StandardCharsets.UTF_8.newEncoder();
        }
        try {
            ByteBuffer b = utf8.encode(CharBuffer.wrap(s));
            return Arrays.copyOfRange(b.array(), b.position(), b.limit());
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("string is not valid Unicode (unpaired surrogate): " + e.getMessage(), e);
        }
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private void ensure(int n) {
        long need = (long) size + n;
        if (need > ImageFormat.MAX_PAYLOAD) {
            throw new IllegalArgumentException("record payload exceeds " + ImageFormat.MAX_PAYLOAD + " bytes");
        }
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, (int) Math.min(ImageFormat.MAX_PAYLOAD, Math.max(need, 2L * bytes.length)));
        }
    }
}
