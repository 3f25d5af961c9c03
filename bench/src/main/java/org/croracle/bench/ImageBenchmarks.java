package org.croracle.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
 * by checkpoint() to memory and read back from memory (parsed, CRC checked, pages not kept), each
 * next to a raw copy of the same number of bytes, and CRC32C alone over them. The time of one pass
 * (ms); MB/s is the image's bytes over it, and the ratio of two passes is their speeds' ratio.
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
    private HeldBytes held;
    private final byte[] chunk = new byte[CHUNK];
    private final byte[] into = new byte[CHUNK];

    /** A sink that copies every byte it gets into a 1 MiB ring: one memcpy per byte, like a pipe's buffer. */
    static final class Ring extends OutputStream {
        final byte[] ring = new byte[CHUNK];
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
        Arrays.fill(chunk, (byte) 0x5a);
    }

    @Benchmark
    public long writeImageToMemory() {
        Ring r = new Ring();
        Trees.require(kernel.checkpoint(1, container, 0, CheckpointIo.of(Trees.IMAGE_FD, r)), "checkpoint");
        return r.count;
    }

    /** The same bytes copied into the ring from a 1 MiB array. */
    @Benchmark
    public long rawCopyToMemory() {
        Ring r = new Ring();
        for (long left = bytes; left > 0; left -= CHUNK) {
            r.write(chunk, 0, (int) Math.min(CHUNK, left));
        }
        return r.count;
    }

    /** The same bytes copied into the ring 4 KiB at a time from one page in the cache. */
    @Benchmark
    public long rawPageCopyToMemory() {
        Ring r = new Ring();
        for (long left = bytes; left > 0; left -= PAGE) {
            r.write(chunk, 0, (int) Math.min(PAGE, left));
        }
        return r.count;
    }

    /** CRC32C alone over as many bytes: what an image checksummed beside its copy cannot beat. */
    @Benchmark
    public int crc32c() {
        CRC32C c = new CRC32C();
        for (long left = bytes; left > 0; left -= CHUNK) {
            c.update(chunk, 0, (int) Math.min(CHUNK, left));
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
