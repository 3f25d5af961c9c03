package org.croracle.cli;

import java.io.BufferedInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.oracle.bench.HeldBytes;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.Result;

/**
 * {@code ./cr bench image}: checkpoint() of a frozen container whose private mapping has N MiB of
 * dirty pages, written to memory and to a file, and the image read back (parsed, CRC checked)
 * from memory and from the file, each next to a raw copy of the same number of bytes on the same
 * sink in the same run; and CRC32C alone over those bytes, which bounds what an image can reach
 * if the checksum, not the copy, is the slower of the two.
 */
final class ImageBench {

    private final PrintWriter out;
    private final int mib;

    ImageBench(PrintWriter out, int mib) {
        this.out = out;
        this.mib = mib;
    }

    /** A sink that copies every byte it gets into a 1 MiB ring: one memcpy per byte, like a pipe's buffer. */
    private static final class RingSink extends OutputStream {
        final byte[] ring = new byte[1 << 20];
        long count;

        @Override
        public void write(int b) {
            ring[(int) (count++ & (ring.length - 1))] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            while (len > 0) {
                int at = (int) (count & (ring.length - 1));
                int n = Math.min(len, ring.length - at);
                System.arraycopy(b, off, ring, at, n);
                count += n;
                off += n;
                len -= n;
            }
        }
    }

    /**
     * Image speed over raw speed of the same bytes on the same sink (1.0: as fast as a copy), for
     * the summary; {@code crc} is CRC32C's own speed over the raw copy's (NaN where not measured).
     */
    record Figures(int mib, double toMemory, double toFile, double readMemory, double readFile, double crc) {
    }

    private static final int CHUNK = 1 << 20;
    private static final int PAGE = 4096;
    /** Images up to this size are also held in memory and read back from there. */
    private static final int MAX_HELD_MIB = 2048;

    Figures run() throws IOException {
        int pages = mib * 256; // 4 KiB pages
        Kernel k = new Kernel();
        int host = k.hostPid();
        int c = k.fork(host, new ForkOptions("box", true, false)).value();
        require(k.mmap(c, "heap", pages, false, null), "mmap");
        require(k.fill(c, "heap", 0x5a), "fill");
        require(k.freeze("box"), "freeze");
        require(k.open(host, "/ckpt/bench", 100, false, true), "open");
        Path dir = Files.createTempDirectory("cr-bench-image");
        Path image = dir.resolve("bench.img");
        Path raw = dir.resolve("raw.bin");
        byte[] chunk = new byte[1 << 20];
        java.util.Arrays.fill(chunk, (byte) 0x5a);
        try {
            // Warm-up: one small run of each path, so that the JIT has compiled the writer.
            RingSink warm = new RingSink();
            require(k.checkpoint(host, c, 0, CheckpointIo.of(100, warm)), "checkpoint");

            // Three rounds, image and raw alternating, best of each: the page cache's writeback
            // throttles whichever 1 GiB writer comes second, so a single pass favours the first.
            long bytes = 0;
            long records = 0;
            long read = 0;
            boolean held = mib <= MAX_HELD_MIB;
            double imageMem = Double.MAX_VALUE, copyMem = Double.MAX_VALUE, imageFile = Double.MAX_VALUE;
            double copyFile = Double.MAX_VALUE, readImage = Double.MAX_VALUE, readRaw = Double.MAX_VALUE;
            double readHeld = Double.MAX_VALUE, copyHeld = Double.MAX_VALUE, crcOnly = Double.MAX_VALUE;
            for (int round = 0; round < 3; round++) {
                RingSink mem = new RingSink();
                long t0 = System.nanoTime();
                require(k.checkpoint(host, c, 0, CheckpointIo.of(100, mem)), "checkpoint");
                imageMem = Math.min(imageMem, seconds(t0));
                bytes = mem.count;
                // The raw copy at its fastest: from a 1 MiB array, and from one 4 KiB page (in
                // the cache, as the image's pages of one fill byte are), whichever is faster.
                RingSink rawMem = new RingSink();
                t0 = System.nanoTime();
                for (long left = bytes; left > 0; left -= chunk.length) {
                    rawMem.write(chunk, 0, (int) Math.min(chunk.length, left));
                }
                copyMem = Math.min(copyMem, seconds(t0));
                rawMem = new RingSink();
                t0 = System.nanoTime();
                for (long left = bytes; left > 0; left -= PAGE) {
                    rawMem.write(chunk, 0, (int) Math.min(PAGE, left));
                }
                copyMem = Math.min(copyMem, seconds(t0));
                CRC32C crc = new CRC32C();
                t0 = System.nanoTime();
                for (long left = bytes; left > 0; left -= chunk.length) {
                    crc.update(chunk, 0, (int) Math.min(chunk.length, left));
                }
                crcOnly = Math.min(crcOnly, seconds(t0));

                if (held) {
                    HeldBytes kept = new HeldBytes();
                    require(k.checkpoint(host, c, 0, CheckpointIo.of(100, kept)), "checkpoint");
                    t0 = System.nanoTime();
                    records = readAll(kept.reader());
                    readHeld = Math.min(readHeld, seconds(t0));
                    t0 = System.nanoTime();
                    read = 0;
                    InputStream in = kept.reader();
                    for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                        read += n;
                    }
                    copyHeld = Math.min(copyHeld, seconds(t0));
                }

                t0 = System.nanoTime();
                try (OutputStream f = new FileOutputStream(image.toFile())) {
                    require(k.checkpoint(host, c, 0, CheckpointIo.of(100, f)), "checkpoint");
                }
                imageFile = Math.min(imageFile, seconds(t0));
                t0 = System.nanoTime();
                try (OutputStream f = new FileOutputStream(raw.toFile())) {
                    for (long left = bytes; left > 0; left -= chunk.length) {
                        f.write(chunk, 0, (int) Math.min(chunk.length, left));
                    }
                }
                copyFile = Math.min(copyFile, seconds(t0));

                t0 = System.nanoTime();
                try (InputStream in = new BufferedInputStream(Files.newInputStream(image), 1 << 20)) {
                    records = readAll(in);
                }
                readImage = Math.min(readImage, seconds(t0));
                t0 = System.nanoTime();
                read = 0;
                try (InputStream in = Files.newInputStream(raw)) {
                    for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                        read += n;
                    }
                }
                readRaw = Math.min(readRaw, seconds(t0));
            }

            out.printf("image: a frozen container with %,d MiB of dirty private pages (%,d pages); image %,d bytes, "
                    + "%,d records; best of 3 rounds, image and raw alternating%n", mib, pages, bytes, records);
            row("checkpoint() to memory (1 MiB ring)", bytes, imageMem, copyMem, "memcpy of the same bytes into the ring, the faster of 1 MiB and 4 KiB pieces");
            row("checkpoint() to a file (page cache)", bytes, imageFile, copyFile, "write(2) of the same bytes to a file");
            if (held) {
                row("read from memory (parse, CRC32C)", bytes, readHeld, copyHeld, "memcpy of the same bytes out of memory");
            }
            row("read from a file (parse, CRC32C)", bytes, readImage, readRaw, "read(2) of the same bytes from a file");
            out.printf("  %-38s %8.0f MB/s   (%.2f of the memcpy: an image checksummed beside its copy can reach %.2f "
                    + "of it)%n", "CRC32C alone over the same bytes", bytes / crcOnly / 1e6, copyMem / crcOnly,
                    Math.min(1, copyMem / crcOnly));
            if (read != bytes) {
                throw new IllegalStateException("read back " + read + " of " + bytes + " bytes");
            }
            out.flush();
            return new Figures(mib, copyMem / imageMem, copyFile / imageFile, held ? copyHeld / readHeld : Double.NaN,
                    readRaw / readImage, copyMem / crcOnly);
        } finally {
            Files.deleteIfExists(image);
            Files.deleteIfExists(raw);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Reads an image to its end (every record parsed, the CRC checked), keeping no page, as a
     * check of an image does; returns how many records.
     */
    private static long readAll(InputStream in) throws IOException {
        long records = 0;
        try (ImageReader r = ImageReader.lendingPages(in)) {
            for (java.util.Optional<ReadRecord> rec = r.next(); rec.isPresent(); rec = r.next()) {
                records++;
            }
        } catch (org.croracle.impl.image.ImageFormatException e) {
            throw new IllegalStateException("the benchmark's own image is malformed: " + e.getMessage());
        }
        return records;
    }

    private void row(String what, long bytes, double secs, double rawSecs, String rawWhat) {
        out.printf("  %-38s %8.0f MB/s   raw: %8.0f MB/s (%s)   ratio %.2f%n", what, bytes / secs / 1e6,
                bytes / rawSecs / 1e6, rawWhat, rawSecs / secs);
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void require(Result<?> r, String what) {
        if (!r.isOk()) {
            throw new IllegalStateException("image benchmark: " + what + " failed: " + r);
        }
    }
}
