package org.croracle.impl.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.image.ImageChecker;
import org.croracle.impl.image.ImageFormat;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/**
 * restart's image loader: every value restart would use is bounded before anything is created;
 * a value at its bound is taken, one past it is refused with the offset of its record and the
 * reason. Records are edited and re-encoded (checksum right), so the loader's own check speaks.
 */
class ImageLoaderTest {

    static final String TREE = String.join("\n", "host fork c newpid cgroup=box", "c setsid", "c fork a",
            "a mmap m pages=2 private", "a write m page=1 byte=7", "a mmap s pages=1 shared", "a open /f fd=3 flags=rw",
            "a send 3 abc", "a sigaction SIGHUP ignore", "c fork z", "z exit 3", "freeze box");

    static final byte[] IMAGE = image();

    static byte[] image() {
        try {
            Kernel k = new Kernel();
            ScenarioResult r = ScenarioRunner.run(k, ScenarioParser.parse("t", TREE));
            assertTrue(r.passed(), r.failures()::toString);
            k.open(1, "/ckpt/t", 100, false, true);
            ByteArrayOutputStream img = new ByteArrayOutputStream();
            assertTrue(k.checkpoint(1, r.labels().get("c"), 0, CheckpointIo.of(100, img)).isOk());
            return img.toByteArray();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The image with the first record of {@code type} replaced by {@code edit} of it, re-encoded. */
    static <R extends ImageRecord> byte[] edited(Class<R> type, UnaryOperator<R> edit) {
        return edited(type, r -> true, edit);
    }

    /** The same, for the first record of {@code type} that {@code which} accepts. */
    static <R extends ImageRecord> byte[] edited(Class<R> type, java.util.function.Predicate<R> which, UnaryOperator<R> edit) {
        return edited(IMAGE, type, which, edit);
    }

    /** Image {@code base} with the first record of {@code type} replaced by {@code edit} of it, re-encoded. */
    static <R extends ImageRecord> byte[] edited(byte[] base, Class<R> type, UnaryOperator<R> edit) {
        return edited(base, type, r -> true, edit);
    }

    private static <R extends ImageRecord> byte[] edited(byte[] base, Class<R> type, java.util.function.Predicate<R> which,
                                                         UnaryOperator<R> edit) {
        try {
            List<ReadRecord> recs = ImageReader.readAll(base);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            boolean done = false;
            try (ImageWriter w = new ImageWriter(out)) {
                for (ReadRecord rr : recs) {
                    ImageRecord r = rr.record();
                    if (!done && type.isInstance(r) && which.test(type.cast(r))) {
                        r = edit.apply(type.cast(r));
                        done = true;
                    }
                    if (r instanceof ImageRecord.Tail) {
                        w.writeTail();
                    } else {
                        w.write(r);
                    }
                }
            }
            assertTrue(done, "no " + type.getSimpleName());
            return out.toByteArray();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static void taken(byte[] image) {
        ImageLoader.Loaded l = ImageLoader.load(image);
        assertNull(l.refusal(), () -> "refused: " + l.refusal());
        assertNotNull(l.image());
    }

    static void refused(byte[] image, String reason) {
        ImageLoader.Loaded l = ImageLoader.load(image);
        assertNotNull(l.refusal(), "taken, but it should be refused for " + reason);
        assertNull(l.image());
        assertTrue(l.refusal().toString().startsWith("image offset " + l.refusal().offset() + ": "), l.refusal()::toString);
        assertTrue(l.refusal().offset() > 0, l.refusal()::toString);
        assertTrue(l.refusal().reason().contains(reason), () -> "expected \"" + reason + "\": " + l.refusal());
    }

    static ImageRecord.TreeEntry with(ImageRecord.TreeEntry e, int exitCode, int exitSignal, int state) {
        return new ImageRecord.TreeEntry(e.parentIndex(), e.pid(), e.ppid(), e.tgid(), e.pgid(), e.sid(), state, exitCode,
                exitSignal, e.pids());
    }

    /** The tree with its entry {@code i} replaced. */
    static UnaryOperator<ImageRecord.Tree> entry(int i, UnaryOperator<ImageRecord.TreeEntry> edit) {
        return t -> {
            List<ImageRecord.TreeEntry> es = new ArrayList<>(t.entries());
            es.set(i, edit.apply(es.get(i)));
            return new ImageRecord.Tree(es);
        };
    }

    static int zombie() throws Exception {
        List<ImageRecord.TreeEntry> es = ((ImageRecord.Tree) ImageReader.readAll(IMAGE).stream()
                .filter(r -> r.record() instanceof ImageRecord.Tree).findFirst().orElseThrow().record()).entries();
        for (int i = 0; i < es.size(); i++) {
            if (es.get(i).state() == ImageRecord.TreeEntry.ZOMBIE) {
                return i;
            }
        }
        throw new AssertionError("no zombie");
    }

    @Test
    void theImageAsWrittenIsTaken() {
        taken(IMAGE);
        SavedImage s = ImageLoader.load(IMAGE).image();
        assertEquals(3, s.tasks().size());
        assertTrue(s.tasks().stream().anyMatch(SavedImage.SavedTask::zombie));
        assertTrue(s.objects().size() >= 8, s.objects()::toString);
    }

    @Test
    void exitCodesAreZeroTo255() throws Exception {
        int z = zombie();
        taken(edited(ImageRecord.Tree.class, entry(z, e -> with(e, 255, 0, e.state()))));
        taken(edited(ImageRecord.Tree.class, entry(z, e -> with(e, 0, 0, e.state()))));
        refused(edited(ImageRecord.Tree.class, entry(z, e -> with(e, 256, 0, e.state()))), "exit code 256 is outside 0..255");
        refused(edited(ImageRecord.Tree.class, entry(z, e -> with(e, -1, 0, e.state()))), "exit code -1 is outside 0..255");
        taken(edited(ImageRecord.Tree.class, entry(z, e -> with(e, 0, Signal.SIGKILL.number(), e.state()))));
        refused(edited(ImageRecord.Tree.class, entry(z, e -> with(e, 0, 99, e.state()))), "exitSignal 99 is not a signal");
    }

    @Test
    void theRootIsANamespacesInitInItsOwnSessionOrOneOutside() {
        refused(edited(ImageRecord.Tree.class, entry(0, e -> new ImageRecord.TreeEntry(e.parentIndex(), e.pid(), 7, e.tgid(),
                e.pgid(), e.sid(), e.state(), 0, 0, e.pids()))), "its ppid is 7");
        taken(edited(ImageRecord.Tree.class, entry(0, e -> new ImageRecord.TreeEntry(e.parentIndex(), e.pid(), e.ppid(),
                e.tgid(), e.pgid(), 1, e.state(), 0, 0, e.pids()))));
    }

    @Test
    void pidsLieBelowTheRestartingKernelsPidMax() throws Exception {
        // a zombie's pid in the container: eclone gives it only if it is below pid_max
        int z = zombie();
        UnaryOperator<ImageRecord.TreeEntry> far = e -> new ImageRecord.TreeEntry(e.parentIndex(), 40_000, e.ppid(),
                40_000, e.pgid(), e.sid(), e.state(), e.exitCode(), e.exitSignal(), List.of(40_000));
        byte[] image = edited(ImageRecord.Tree.class, entry(z, far));
        refused(image, "pid 40000 of task"); // the default pid_max is 32,768
        assertTrue(ImageLoader.load(image).refusal().reason().endsWith("outside 1..32767"), ImageLoader.load(image).refusal()::toString);
        assertNull(ImageLoader.load(image, KernelConfig.defaults().withPidMax(40_001), TailCheck.LINUX_CR).refusal(), "a kernel with pid 40000");
        assertTrue(ImageLoader.load(image, KernelConfig.defaults().withPidMax(40_000), TailCheck.LINUX_CR).refusal().reason()
                .contains("outside 1..39999"));
    }

    @Test
    void credentialsAreNotNegative() {
        taken(edited(ImageRecord.Task.class, t -> new ImageRecord.Task(t.taskIndex(), 0, 0, t.flags(), t.blockedMask(),
                t.pendingMask(), t.doomedBy())));
        refused(edited(ImageRecord.Task.class, t -> new ImageRecord.Task(t.taskIndex(), -1, 0, t.flags(), t.blockedMask(),
                t.pendingMask(), t.doomedBy())), "uid -1");
        refused(edited(ImageRecord.Task.class, t -> new ImageRecord.Task(t.taskIndex(), 0, -1, t.flags(), t.blockedMask(),
                t.pendingMask(), t.doomedBy())), "gid -1");
    }

    @Test
    void signalsAreOnesTheKernelHas() {
        long usr1 = 1L << (Signal.SIGUSR1.number() - 1);
        taken(edited(ImageRecord.Task.class, t -> new ImageRecord.Task(t.taskIndex(), t.uid(), t.gid(), t.flags(), usr1,
                usr1, Signal.SIGKILL.number())));
        refused(edited(ImageRecord.Task.class, t -> new ImageRecord.Task(t.taskIndex(), t.uid(), t.gid(), t.flags(),
                1L << 62, 0, 0)), "a signal mask names a signal the kernel does not have (mask 0x4000000000000000)");
        refused(edited(ImageRecord.Task.class, t -> new ImageRecord.Task(t.taskIndex(), t.uid(), t.gid(), t.flags(), 0,
                1L << 61, 0)), "mask 0x2000000000000000");
        refused(edited(ImageRecord.Task.class, t -> new ImageRecord.Task(t.taskIndex(), t.uid(), t.gid(), t.flags(), 0,
                0, 77)), "doomedBy 77 is not a signal");
        refused(edited(ImageRecord.Sighand.class, h -> new ImageRecord.Sighand(List.of(new ImageRecord.SigEntry(88, 1)))),
                "SIGHAND signal 88 is not a signal");
    }

    @Test
    void regionsHaveOneTo2To20Pages() {
        int max = 1 << 20;
        taken(edited(ImageRecord.Vma.class, v -> new ImageRecord.Vma(v.name(), max, v.flags(), v.fileRef(), v.shmemRef())));
        refused(edited(ImageRecord.Vma.class, v -> new ImageRecord.Vma(v.name(), max + 1, v.flags(), v.fileRef(),
                v.shmemRef())), "1048577 pages (1..1048576)");
        refused(edited(ImageRecord.Vma.class, v -> new ImageRecord.Vma(v.name(), 0, v.flags(), v.fileRef(), v.shmemRef())),
                "0 pages");
        taken(edited(ImageRecord.Shmem.class, sh -> new ImageRecord.Shmem(max)));
        taken(edited(ImageRecord.Shmem.class, sh -> new ImageRecord.Shmem(0)));
        refused(edited(ImageRecord.Shmem.class, sh -> new ImageRecord.Shmem(max + 1)), "SHMEM: 1048577 pages");
        refused(edited(ImageRecord.Shmem.class, sh -> new ImageRecord.Shmem(-1)), "SHMEM: 4294967295 pages");
    }

    @Test
    void aFilePositionIsNotNegative() {
        taken(edited(ImageRecord.File.class, f -> new ImageRecord.File(f.inodeRef(), 0, f.flags())));
        refused(edited(ImageRecord.File.class, f -> new ImageRecord.File(f.inodeRef(), -1, f.flags())), "position -1");
    }

    @Test
    void aPageIndexLiesInsideItsRegion() {
        refused(edited(ImageRecord.PageChunk.class, c -> c.nrPages() > 0, c -> new ImageRecord.PageChunk(new long[] {1 << 20}, java.util.Arrays.copyOf(c.contents(), 4096))),
                "PGARR page 1048576 is beyond the 2 pages");
    }

    @Test
    void aRestartThatReadsTheTailRefusesATruncatedImageWhichOneResumingBeforeTheTailTakes() {
        byte[] cut = java.util.Arrays.copyOf(IMAGE, IMAGE.length - 24); // the TAIL record gone
        assertTrue(ImageLoader.load(cut).refusal().reason().contains("TAIL"), ImageLoader.load(cut).refusal()::toString);
        // the tasks run once the last task's records are in, as if a TAIL ended them
        TailCheck resumesBeforeTail = (records, at) -> {
            List<ReadRecord> ended = new ArrayList<>(records);
            ended.add(new ReadRecord(at, ImageFormat.HEADER_BYTES, new ImageRecord.Tail(0)));
            return ImageChecker.check(ended).ok();
        };
        KernelConfig config = KernelConfig.defaults();
        assertNull(ImageLoader.load(cut, config, resumesBeforeTail).refusal());
        // it still refuses what is cut inside the last task
        assertNotNull(ImageLoader.load(java.util.Arrays.copyOf(IMAGE, IMAGE.length / 2), config, resumesBeforeTail).refusal());
    }
}
