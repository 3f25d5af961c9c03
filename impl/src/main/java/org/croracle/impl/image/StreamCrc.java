package org.croracle.impl.image;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * The CRC32C of a byte stream, some of whose spans are checksummed on another core while the
 * caller goes on copying: an image's pages are most of its bytes, and checksumming them beside
 * the copy, instead of after it, is what lets an image move at the speed of the copy. The CRCs
 * of the spans are joined in stream order with {@link #combine}, so the result is the CRC32C of
 * every byte in order, as if computed in one pass.
 *
 * <p>A span handed to {@link #later} must not change until {@link #value()} has returned (or the
 * stream is dropped). Not thread-safe:
 * one image's writer or reader uses it.
 */
final class StreamCrc {
    /**
     * At most this many spans are in flight: a slow checksum holds back the copy, not the heap. A
     * span holds no bytes of its own (the writer's are cached pages, the reader's arrays it keeps
     * or lends anyway), so the window is wide: a pool thread woken late (the machine is busy)
     * then catches up, instead of the stream's thread checksumming spans itself.
     */
    private static final int MAX_PENDING = 64;
    /**
     * Spans shorter than this are checksummed at once: waking another core costs tens of
     * microseconds, more than checksumming a small chunk (the oracle's images are all small).
     */
    static final int ASYNC_MIN = 256 << 10;
    /** CRC32C's polynomial, reflected (as java.util.zip.CRC32C computes it). */
    private static final int POLY = 0x82f63b78;
    /** X2N[k] = x^(2^k) modulo the polynomial, for shifting a CRC past 2^k zero bits. */
    private static final int[] X2N = x2nTable();

    /** Bytes checksummed now; a span that must be checksummed before the caller may reuse them. */
    private final CRC32C now = new CRC32C();
    private long nowLength;
    /** The CRC of every byte before the parts pending. */
    private int folded;
    private final ArrayDeque<Part> pending = new ArrayDeque<>();
    /** Spans handed to another core so far, and how many of them are folded in. */
    private long submitted;
    private long foldedSpans;
    /** Whether there is another core to checksum on; asked once, at the first large span. */
    private Boolean parallel;

    /** A span's bytes, fed in order to the CRC it is given; they must not change until checksummed. */
    interface Span {
        void feed(CRC32C crc);
    }

    /**
     * The CRC of a part of the stream and its length: known at once ({@code span} null), or a span
     * that whichever comes first computes, a pool thread or the stream's own thread when it must
     * wait for it. So a busy second core slows the stream to one core's speed, never below.
     */
    private static final class Part implements Runnable {
        private static final int NEW = 0, RUNNING = 1, DONE = 2;
        private final Span span;
        private final long length;
        private final AtomicInteger state;
        private volatile int crc;
        /** What the span threw where it was checksummed, to be thrown where the CRC is asked for. */
        private volatile Throwable failure;

        Part(int crc, long length) {
            this.span = null;
            this.length = length;
            this.crc = crc;
            this.state = null;
        }

        Part(Span span, long length) {
            this.span = span;
            this.length = length;
            this.state = new AtomicInteger(NEW);
        }

        boolean async() {
            return span != null;
        }

        /** Computes the CRC unless another thread has begun to; true if this call did. */
        boolean tryRun() {
            if (!state.compareAndSet(NEW, RUNNING)) {
                return false;
            }
            try {
                CRC32C c = new CRC32C();
                span.feed(c);
                crc = (int) c.getValue();
            } catch (RuntimeException | Error e) {
                failure = e;
            } finally {
                synchronized (this) {
                    state.set(DONE);
                    notifyAll();
                }
            }
            return true;
        }

        @Override
        public void run() {
            tryRun();
        }

        boolean done() {
            return state == null || state.get() == DONE;
        }

        int join() {
            if (state == null) {
                return crc;
            }
            if (!tryRun()) {
                awaitDone();
            }
            if (failure != null) {
                throw new IllegalStateException("checksumming a span failed", failure);
            }
            return crc;
        }

        private void awaitDone() {
            for (int spin = 0; spin < 1000 && state.get() != DONE; spin++) {
                Thread.onSpinWait();
            }
            boolean interrupted = false;
            synchronized (this) {
                while (state.get() != DONE) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        interrupted = true;
                    }
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Bytes the caller may change after this call: checksummed at once. */
    void update(byte[] b, int off, int len) {
        now.update(b, off, len);
        nowLength += len;
    }

    /** A span of {@code length} bytes that stays unchanged: checksummed on another core if there is one. */
    void later(Span span, long length) {
        if (length < ASYNC_MIN || !parallel()) {
            span.feed(now);
            nowLength += length;
            return;
        }
        closeNow();
        Part part = new Part(span, length);
        pending.add(part);
        submitted++;
        ForkJoinPool.commonPool().execute(part);
        foldDone();
        if (submitted - foldedSpans > MAX_PENDING) {
            // The other core is behind: checksum the newest span here rather than wait for it.
            Iterator<Part> newest = pending.descendingIterator();
            while (newest.hasNext() && !newest.next().tryRun()) {
                // claimed already
            }
            foldDone();
            while (submitted - foldedSpans > MAX_PENDING) {
                fold(pending.poll());
            }
        }
    }

    private boolean parallel() {
        if (parallel == null) {
            parallel = Runtime.getRuntime().availableProcessors() > 1 && ForkJoinPool.getCommonPoolParallelism() > 0;
        }
        return parallel;
    }

    /** The CRC32C of every byte so far (waits for the spans still being checksummed). */
    int value() {
        closeNow();
        while (!pending.isEmpty()) {
            fold(pending.poll());
        }
        return folded;
    }

    /** The bytes checksummed at once so far become a part, in stream order after the spans before them. */
    private void closeNow() {
        if (nowLength > 0) {
            pending.add(new Part((int) now.getValue(), nowLength));
            now.reset();
            nowLength = 0;
        }
    }

    /** Folds the parts at the front that are done, without waiting. */
    private void foldDone() {
        while (!pending.isEmpty() && pending.peek().done()) {
            fold(pending.poll());
        }
    }

    private void fold(Part p) {
        folded = combine(folded, p.join(), p.length);
        if (p.async()) {
            foldedSpans++;
        }
    }

    /**
     * The CRC32C of A followed by B, from the CRC of A, the CRC of B and B's length (zlib's
     * crc32_combine, with CRC32C's polynomial): A's CRC shifted past B's bits, then B's added.
     */
    static int combine(int crcA, int crcB, long lengthB) {
        return multiply(xPow8n(lengthB), crcA) ^ crcB;
    }

    /** a * b modulo the polynomial (bit-reflected: bit 31 is x^0). */
    private static int multiply(int a, int b) {
        int m = 1 << 31;
        int p = 0;
        while (true) {
            if ((a & m) != 0) {
                p ^= b;
                if ((a & (m - 1)) == 0) {
                    break;
                }
            }
            m >>>= 1;
            b = (b & 1) != 0 ? (b >>> 1) ^ POLY : b >>> 1;
        }
        return p;
    }

    /** x^(8n) modulo the polynomial: what shifts a CRC past n zero bytes. */
    private static int xPow8n(long n) {
        int p = 1 << 31; // x^0
        int k = 3; // 8n = n * 2^3
        while (n != 0) {
            if ((n & 1) != 0) {
                p = multiply(X2N[k], p);
            }
            n >>>= 1;
            k++;
        }
        return p;
    }

    private static int[] x2nTable() {
        int[] t = new int[67]; // 8n < 2^66 for every long n
        int p = 1 << 30; // x^1
        t[0] = p;
        for (int k = 1; k < t.length; k++) {
            p = multiply(p, p);
            t[k] = p;
        }
        return t;
    }
}
