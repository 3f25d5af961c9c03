package org.croracle.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import org.croracle.impl.image.ImageFormatException;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.oracle.bench.HeldBytes;
import org.croracle.impl.syscall.Kernel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * An image of a frozen container whose private mapping has {@code mib} MiB of dirty pages: written
 * by checkpoint() to memory (an image held in 1 MiB arrays, the same ones every pass) and read back
 * from memory (parsed, CRC checked, pages not kept), each next to a raw copy of the same bytes from
 * the same source to the same sink, and CRC32C alone over as many bytes. The simulated kernel
 * keeps a page as the byte it is filled with, so the checkpoint sends one cached 4 KiB page for
 * every page, and the raw copy copies that page. The time of one pass (ms); MB/s is the image's
 * bytes over it, and the ratio of two passes is their speeds' ratio.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx4g"})
@State(Scope.Thread)
public class ImageBenchmarks {

    private static final int CHUNK = 1 << 20;
    private static final int PAGE = 4096;

    @Param({"1024"})
    public int mib;

    private Kernel kernel;
    private int container;
    /** The image's length in bytes. */
    private long bytes;
    /** The image, read back by the read benchmarks. */
    private HeldBytes held;
    /** Where the write benchmarks write (the image's length, touched once before the first pass). */
    private HeldBytes sink;
    private final byte[] page = new byte[PAGE];
    private final byte[] into = new byte[CHUNK];

    @Setup(Level.Trial)
    public void container() {
        kernel = new Kernel();
        container = Trees.require(kernel.fork(1, new ForkOptions("box", true, false)), "fork");
        Trees.require(kernel.mmap(container, "heap", mib * 256, false, null), "mmap");
        Trees.require(kernel.fill(container, "heap", 0x5a), "fill");
        Trees.require(kernel.freeze("box"), "freeze");
        Trees.require(kernel.open(1, "/ckpt/bench", Trees.IMAGE_FD, false, true), "open");
        held = new HeldBytes();
        Trees.require(kernel.checkpoint(1, container, 0, CheckpointIo.of(Trees.IMAGE_FD, held)), "checkpoint");
        bytes = held.count();
        Arrays.fill(page, (byte) 0x5a);
        sink = new HeldBytes();
        rawCopyToMemory();
    }

    @Benchmark
    public long writeImageToMemory() {
        sink.rewind();
        Trees.require(kernel.checkpoint(1, container, 0, CheckpointIo.of(Trees.IMAGE_FD, sink)), "checkpoint");
        return sink.count();
    }

    /** The same bytes into the same memory: the checkpoint's page, 4 KiB at a time as the writer sends it. */
    @Benchmark
    public long rawCopyToMemory() {
        sink.rewind();
        for (long left = bytes; left > 0; left -= PAGE) {
            sink.write(page, 0, (int) Math.min(PAGE, left));
        }
        return sink.count();
    }

    /** CRC32C alone over as many bytes, in the cache: what bounds an image checksummed beside its copy. */
    @Benchmark
    public int crc32c() {
        CRC32C c = new CRC32C();
        for (long left = bytes; left > 0; left -= PAGE) {
            c.update(page, 0, (int) Math.min(PAGE, left));
        }
        return (int) c.getValue();
    }

    @Benchmark
    public long readImageFromMemory() throws IOException, ImageFormatException {
        long records = 0;
        try (ImageReader r = ImageReader.lendingPages(held.reader())) {
            for (Optional<ReadRecord> rec = r.next(); rec.isPresent(); rec = r.next()) {
                records++;
            }
        }
        return records;
    }

    /** The same bytes copied out of memory into a 1 MiB buffer. */
    @Benchmark
    public long rawCopyFromMemory() throws IOException {
        long n = 0;
        InputStream in = held.reader();
        for (int k = in.read(into); k > 0; k = in.read(into)) {
            n += k;
        }
        return n;
    }
}
