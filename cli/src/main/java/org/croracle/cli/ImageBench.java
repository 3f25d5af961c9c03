package org.croracle.cli;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * dirty pages, written to memory (an image held in 1 MiB arrays) and to a file, and the image read
 * back (parsed, CRC checked) from memory and from the file, each next to a raw copy of the same
 * bytes from the same source to the same sink in the same run; and CRC32C alone over as many
 * bytes, which bounds what an image can reach if the checksum, not the copy, is the slower.
 *
 * <p>The source is one page: the simulated kernel holds a page as the byte it is filled with, so
 * the checkpoint sends the same cached 4 KiB for every page, and so do the raw copies. The sinks
 * are real memory: a gigabyte held (reused from round to round, so no side pays for fresh memory),
 * the page cache; the reads come from there.
 */
final class ImageBench {

    private final PrintWriter out;
    private final int mib;

    ImageBench(PrintWriter out, int mib) {
        this.out = out;
        this.mib = mib;
    }

    /**
     * Image speed over raw speed of the same bytes on the same sink (1.0: as fast as a copy), for
     * the summary; {@code memoryBound} and {@code readBound}: what CRC32C's own speed lets an image
     * reach at most, written to memory and read from memory (1 where the checksum is not the limit).
     */
    record Figures(int mib, double toMemory, double toFile, double readMemory, double readFile, double memoryBound,
                   double readBound) {
        /** The goal of an image in memory: 0.8 of the raw copy, or 0.9 of what CRC32C allows if that is less. */
        static double goal(double bound) {
            return bound >= MEMORY_GOAL ? MEMORY_GOAL : BOUND_GOAL * bound;
        }

        /** "0.93 (goal 0.8: met)", or with the factor missing, naming the CRC32C bound where it applies. */
        static String versus(double ratio, double bound) {
            if (Double.isNaN(ratio)) {
                return "not measured";
            }
            String goal = bound >= MEMORY_GOAL ? String.format("goal %.1f", MEMORY_GOAL)
                    : String.format("goal %.2f: %.1f of the %.2f CRC32C allows", goal(bound), BOUND_GOAL, bound);
            return String.format("%.2f (%s: %s)", ratio, goal, met(ratio, goal(bound)));
        }

        /** "met", or the factor still missing. */
        static String met(double value, double goal) {
            return value >= goal ? "met" : String.format("%.2fx short", goal / value);
        }

        /** The summary's line. */
        String summary() {
            return String.format("image (%,d MiB), speed as a fraction of a raw copy of the same bytes on the same sink: "
                    + "write to memory %s, write to a file %.2f (goal %.1f of write(2): %s), read from memory %s, read from "
                    + "a file %.2f (no goal)", mib, versus(toMemory, memoryBound), toFile, FILE_GOAL, met(toFile, FILE_GOAL),
                    versus(readMemory, readBound), readFile);
        }
    }

    /** An image in memory, written or read, at this fraction of a raw copy or better. */
    static final double MEMORY_GOAL = 0.8;
    /** ... or, where CRC32C's own speed keeps it from 0.8, at this fraction of what the checksum allows. */
    static final double BOUND_GOAL = 0.9;
    /** An image written to a file at the speed of write(2) of the same bytes, or better. */
    static final double FILE_GOAL = 1.0;

    private static final int ROUNDS = 5;
    private static final int CHUNK = 1 << 20;
    private static final int PAGE = 4096;
    /** Images up to this size are also written to memory (held there, then read back). */
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
        // The checkpoint's source: the simulated kernel keeps a page as the byte it is filled
        // with, so the writer sends one 4 KiB page of 0x5a for every page of the region. The raw
        // copies read that same page (in the cache), not a gigabyte of distinct memory.
        byte[] page = new byte[PAGE];
        java.util.Arrays.fill(page, (byte) 0x5a);
        ByteBuffer direct = ByteBuffer.allocateDirect(CHUNK);
        while (direct.hasRemaining()) {
            direct.put(page);
        }
        byte[] chunk = new byte[CHUNK];
        // One image held in memory for every round: written by the checkpoint, read back, then
        // overwritten by the raw copy, so that both write to the same, already touched, memory.
        HeldBytes held = new HeldBytes();
        boolean inMemory = mib <= MAX_HELD_MIB;
        try {
            // Warm-up: one run of each path, so that the JIT has compiled the writer and reader
            // (and the held memory is touched).
            require(k.checkpoint(host, c, 0, CheckpointIo.of(100, inMemory ? held : OutputStream.nullOutputStream())),
                    "checkpoint");
            if (inMemory) {
                readAll(held.reader());
            }

            // Rounds of image and raw alternating, best of each: the page cache's writeback
            // throttles whichever 1 GiB writer comes second, so a single pass favours the first;
            // and on a shared machine, a round where the image had both cores.
            long bytes = 0;
            long records = 0;
            long read = 0;
            double imageMem = Double.MAX_VALUE, copyMem = Double.MAX_VALUE, imageFile = Double.MAX_VALUE;
            double copyFile = Double.MAX_VALUE, readImage = Double.MAX_VALUE, readRaw = Double.MAX_VALUE;
            double readHeld = Double.MAX_VALUE, copyHeld = Double.MAX_VALUE;
            double crcPage = Double.MAX_VALUE, crcChunk = Double.MAX_VALUE;
            for (int round = 0; round < ROUNDS; round++) {
                if (inMemory) {
                    held.rewind();
                    long t0 = System.nanoTime();
                    require(k.checkpoint(host, c, 0, CheckpointIo.of(100, held)), "checkpoint");
                    imageMem = Math.min(imageMem, seconds(t0));
                    bytes = held.count();
                    t0 = System.nanoTime();
                    records = readAll(held.reader());
                    readHeld = Math.min(readHeld, seconds(t0));
                    t0 = System.nanoTime();
                    read = 0;
                    InputStream in = held.reader();
                    for (int n = in.read(chunk); n > 0; n = in.read(chunk)) {
                        read += n;
                    }
                    copyHeld = Math.min(copyHeld, seconds(t0));
                    // The raw copy: the checkpoint's page, 4 KiB at a time as the writer sends
                    // it, into the same held memory.
                    held.rewind();
                    copyMem = Math.min(copyMem, inPieces(bytes, PAGE, n -> held.write(page, 0, n)));
                }

                long t0 = System.nanoTime();
                try (OutputStream f = new FileOutputStream(image.toFile())) {
                    require(k.checkpoint(host, c, 0, CheckpointIo.of(100, f)), "checkpoint");
                }
                imageFile = Math.min(imageFile, seconds(t0));
                bytes = Files.size(image);
                // write(2) at its fastest: 1 MiB at a time from memory outside the Java heap,
                // which the JDK hands to the kernel without copying it first.
                t0 = System.nanoTime();
                try (FileChannel f = FileChannel.open(raw, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.TRUNCATE_EXISTING)) {
                    for (long left = bytes; left > 0; left -= CHUNK) {
                        direct.clear().limit((int) Math.min(CHUNK, left));
                        while (direct.hasRemaining()) {
                            f.write(direct);
                        }
                    }
                }
                copyFile = Math.min(copyFile, seconds(t0));

                t0 = System.nanoTime();
                // As ImageReader.open reads a file: the reader buffers small records itself and
                // reads page contents straight into its arrays (a BufferedInputStream would copy
                // them once more).
                try (InputStream in = Files.newInputStream(image)) {
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

                // CRC32C alone over as many bytes in the cache, as the writer checksums them (the
                // page, 4 KiB at a time) and as the reader does (1 MiB arrays): the faster is its speed.
                CRC32C crc = new CRC32C();
                crcPage = Math.min(crcPage, inPieces(bytes, PAGE, n -> crc.update(page, 0, n)));
                crc.reset();
                crcChunk = Math.min(crcChunk, inPieces(bytes, CHUNK, n -> crc.update(chunk, 0, n)));
            }
            double crcOnly = Math.min(crcPage, crcChunk);

            out.printf("image: a frozen container with %,d MiB of dirty private pages (%,d pages); image %,d bytes, "
                    + "%,d records; best of %d rounds, image and raw alternating%n", mib, pages, bytes, records, ROUNDS);
            out.printf("  (the simulated kernel keeps a page as the byte it is filled with: the checkpoint sends the same "
                    + "cached 4 KiB for every page, and each raw copy copies that page; the sinks are real memory: a held "
                    + "image of %,d MiB, the page cache)%n", (bytes + CHUNK - 1) / CHUNK);
            double memoryBound = Double.NaN, readBound = Double.NaN;
            if (inMemory) {
                row("checkpoint() to memory (held image)", bytes, imageMem, copyMem,
                        "memcpy of the same 4 KiB page into the same memory");
            }
            row("checkpoint() to a file (page cache)", bytes, imageFile, copyFile, "write(2) of 1 MiB pieces to a file");
            if (inMemory) {
                row("read from memory (parse, CRC32C)", bytes, readHeld, copyHeld,
                        "memcpy of the image out of memory into 1 MiB");
            }
            row("read from a file (parse, CRC32C)", bytes, readImage, readRaw, "read(2) of the same bytes from a file");
            out.printf("  %-38s %8.0f MB/s   (the faster of 4 KiB and 1 MiB pieces, in the cache)%n",
                    "CRC32C alone over as many bytes", bytes / crcOnly / 1e6);
            if (inMemory) {
                memoryBound = bound(copyMem, crcOnly);
                readBound = bound(copyHeld, crcOnly);
                out.printf("  an image must copy and checksum every byte, with 2 cores for both: CRC32C allows at most "
                        + "%.2f of the raw copy writing to memory, %.2f reading from memory%n", memoryBound, readBound);
            }
            if (read != bytes) {
                throw new IllegalStateException("read back " + read + " of " + bytes + " bytes");
            }
            out.flush();
            return new Figures(mib, inMemory ? copyMem / imageMem : Double.NaN, copyFile / imageFile,
                    inMemory ? copyHeld / readHeld : Double.NaN, readRaw / readImage, memoryBound, readBound);
        } finally {
            Files.deleteIfExists(image);
            Files.deleteIfExists(raw);
            Files.deleteIfExists(dir);
        }
    }

    /**
     * The most of a raw copy taking {@code copy} seconds that an image can reach when it must also
     * checksum the same bytes, which takes {@code crc} seconds, with two cores to share the work:
     * 1 if the checksum is the quicker (it runs beside the copy), else the copy's time over half
     * of both together (the checksum split between the cores, the copy on one of them).
     */
    static double bound(double copy, double crc) {
        return Math.min(1, 2 * copy / (copy + crc));
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

    /** One piece of a pass over the bytes: the next {@code n} of them. */
    private interface Piece {
        void take(int n) throws IOException;
    }

    /** Seconds to pass over {@code bytes} bytes in pieces of {@code size} (the last one shorter). */
    private static double inPieces(long bytes, int size, Piece piece) throws IOException {
        long t0 = System.nanoTime();
        for (long left = bytes; left > 0; left -= size) {
            piece.take((int) Math.min(size, left));
        }
        return seconds(t0);
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
