package org.croracle.impl.image;

/**
 * The constants of the image format: magics, version, framing and the bounds the reader enforces.
 * docs/image-format.md describes each.
 */
public final class ImageFormat {
    private ImageFormat() {}

    /** linux-cr's CHECKPOINT_MAGIC_HEAD: the first field of HEADER. */
    public static final long MAGIC_HEAD = 0x00feed0cc0a2d200L;
    /** linux-cr's CHECKPOINT_MAGIC_TAIL: the first field of TAIL. */
    public static final long MAGIC_TAIL = 0x002d2a0cc0deef00L;
    /** The only version this reader accepts; any change to a record's layout increments it. */
    public static final int FORMAT_VERSION = 1;

    /** HEADER.arch of the simulated 64-bit machine. */
    public static final int ARCH_SIM64 = 1;
    /** The only page size the format supports (PGARR contents are nrPages x PAGE_SIZE bytes). */
    public static final int PAGE_SIZE = 4096;
    /** Signals 1..NSIG fit the u64 masks of TASK. */
    public static final int NSIG = 64;
    /** HEADER.uflags / CONTAINER.flags bit: a subtree checkpoint (no leak detection). */
    public static final int CHECKPOINT_SUBTREE = 1;
    /**
     * CONTAINER flag: a self checkpoint (pid 0): the root made the call, and the restarted root
     * sees it return 0 (linux-cr zeroes the saved return register).
     */
    public static final int CONTAINER_SELF = 2;
    /** A pid not visible in the root's PID namespace (for example a session anchored outside). */
    public static final int CKPT_PID_NULL = 0;

    /** The record header: u32 type, u32 len. */
    public static final int HEADER_BYTES = 8;
    /** Every record starts at a multiple of this offset. */
    public static final int ALIGNMENT = 8;
    /** The largest payload a record may have (16 MiB); the reader rejects longer records unread. */
    public static final int MAX_PAYLOAD = 16 << 20;
    /** The largest record length (header + payload). */
    public static final int MAX_RECORD_LENGTH = HEADER_BYTES + MAX_PAYLOAD;
    /** The longest string (UTF-8 bytes; for ERROR including the leading NUL). */
    public static final int MAX_STRING = 4096;
    /** A writer puts at most this many pages in one PGARR (so a chunk stays ~1 MiB). */
    public static final int MAX_PAGES_PER_CHUNK = 256;

    /** The zero bytes that follow a record of {@code length} bytes up to the next aligned offset. */
    public static int padding(long length) {
        return (int) (-length & (ALIGNMENT - 1));
    }
}
