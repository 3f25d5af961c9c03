package org.croracle.oracle.restart;

import org.croracle.oracle.checkpointrestart.RoundTrip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.CRC32C;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;
import org.junit.jupiter.api.Test;

/**
 * Hostile images: valid images of random trees, corrupted (bytes flipped, truncated, records
 * dropped, duplicated, spliced from another image or swapped, lengths set to extreme values),
 * most of them with the tail's checksum fixed so that the corruption gets past the CRC and
 * reaches the deeper checks. restart() must refuse (and leave nothing behind: no task, pid,
 * object, file or frozen cgroup) or, if the image is still valid, restore a tree the kernel
 * accepts; never throw, never allocate more than a bound proportional to the image.
 * -Pfuzz tries 100,000 images; the default run 2,000.
 */
public class RestartFuzzTest {

    static final int IMAGES = Integer.parseInt(System.getProperty("cr.fuzz.images", "2000").isBlank() ? "2000"
            : System.getProperty("cr.fuzz.images", "2000"));

    /** What one restart of a corrupted image did: the outcome and the bytes it allocated. */
    public record Attempt(Result<Restarted> result, long allocated) {
        public String outcome() {
            return result.isOk() ? "restored" : "refused " + result.errno();
        }
    }

    @Test
    void corruptedImagesAreRefusedCleanlyOrRestoredSoundly() {
        SplittableRandom random = new SplittableRandom(20261129L);
        List<byte[]> bases = bases(random, 40);
        TreeMap<String, Integer> outcomes = new TreeMap<>();
        double worstRefused = 0;
        double worstRestored = 0;
        long totalBytes = 0;
        long t0 = System.nanoTime();
        for (int i = 0; i < IMAGES; i++) {
            byte[] base = bases.get(random.nextInt(bases.size()));
            byte[] bad = corrupt(base, bases.get(random.nextInt(bases.size())), random);
            Attempt a = assertRefusedCleanlyOrRestoredSoundly(KernelConfig.defaults(), bad, "image " + i);
            totalBytes += bad.length;
            // A refused image costs at most a small multiple of itself (the reader's bounds come
            // before any allocation); a restored one also builds the tree (immutable kernel states).
            double ratio = a.allocated() / (double) Math.max(bad.length, 4096);
            if (a.result().isOk()) {
                worstRestored = Math.max(worstRestored, ratio);
            } else {
                worstRefused = Math.max(worstRefused, ratio);
                assertTrue(ratio <= 256, "image " + i + ": a refused restart allocated " + a.allocated()
                        + " bytes for an image of " + bad.length);
            }
            outcomes.merge(a.outcome(), 1, Integer::sum);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        System.out.printf("RestartFuzzTest: %,d corrupted images (%,d bytes) in %.1f s: %s; 0 crashes, 0 leftovers; "
                + "worst allocation: refused %.0f x, restored %.0f x the image (or 4 KiB)%n",
                IMAGES, totalBytes, secs, outcomes, worstRefused, worstRestored);
        assertTrue(outcomes.keySet().stream().anyMatch(o -> o.startsWith("refused EINVAL")), outcomes::toString);
    }

    /** {@code n} valid images of random round-trip trees (up to 30 tasks). */
    public static List<byte[]> bases(SplittableRandom random, int n) {
        List<byte[]> bases = new ArrayList<>();
        while (bases.size() < n) {
            List<Integer> codes = new ArrayList<>();
            for (int k = 0, len = 10 + random.nextInt(120); k < len; k++) {
                codes.add(random.nextInt(RoundTrip.KINDS * 1024));
            }
            RoundTrip.Outcome o = RoundTrip.run(codes, 30);
            if (o.ok() && o.image() != null) {
                bases.add(o.image());
            }
        }
        return bases;
    }

    /**
     * The property, for one image on a fresh kernel built with {@code config}: restart() refuses
     * it and leaves nothing behind (no task, pid, object or file), or restores exactly the tree the
     * image describes, in a kernel that keeps its invariants; it never throws. An AssertionError
     * naming {@code what} otherwise.
     */
    public static Attempt assertRefusedCleanlyOrRestoredSoundly(KernelConfig config, byte[] bad, String what) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Kernel k = new Kernel(config);
        k.open(1, "/ckpt/f", 100, true, false);
        KernelState before = k.state();
        long alloc0 = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        Result<Restarted> r;
        try {
            r = k.restart(1, 0, "r", new RestartIo(100, bad, -1, l -> { }));
        } catch (RuntimeException | StackOverflowError e) {
            throw new AssertionError(what + ": restart threw " + e, e);
        }
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - alloc0;
        KernelState after = k.state();
        if (r.isOk()) {
            assertEquals(List.of(), KernelInvariants.violations(after), what);
            java.util.Map<Integer, String> want = describedTree(bad);
            java.util.Map<Integer, String> got = restoredTree(after, r.value().root());
            if (!want.equals(got)) {
                StringBuilder d = new StringBuilder();
                want.forEach((pid, v) -> {
                    if (!v.equals(got.get(pid))) {
                        d.append("\n  task ").append(pid).append(": image ").append(v).append(", restored ").append(got.get(pid));
                    }
                });
                throw new AssertionError(what + ": the restored tree is not the one the image describes:" + d);
            }
        } else {
            assertEquals(before.tasks(), after.tasks(), what + ": a task is left: " + r);
            assertEquals(before.lingeringPids(), after.lingeringPids(), what + ": a pid is left: " + r);
            assertEquals(before.objects().refs(), after.objects().refs(), what + ": an object is left: " + r);
            assertEquals(before.paths(), after.paths(), what + ": a file is left: " + r);
            assertEquals(List.of(), KernelInvariants.violations(after), what);
        }
        return new Attempt(r, allocated);
    }

    /** The TREE the image describes: per pid, its ppid, sid, pgid, state, exit and pid vector. */
    static java.util.Map<Integer, String> describedTree(byte[] img) {
        try {
            for (org.croracle.impl.image.ReadRecord rr : org.croracle.impl.image.ImageReader.readAll(img)) {
                if (rr.record() instanceof org.croracle.impl.image.ImageRecord.Tree t) {
                    return byPid(t);
                }
            }
        } catch (org.croracle.impl.image.ImageFormatException e) {
            throw new AssertionError("a restored image does not read: " + e.getMessage(), e);
        }
        throw new AssertionError("a restored image has no TREE");
    }

    /** The same description of the restored tree, as checkpoint would write it. */
    static java.util.Map<Integer, String> restoredTree(KernelState s, int root) {
        return byPid(org.croracle.impl.checkpoint.CheckpointTree.record(s, org.croracle.impl.checkpoint.CheckpointTree.of(s, root)));
    }

    static java.util.Map<Integer, String> byPid(org.croracle.impl.image.ImageRecord.Tree t) {
        java.util.Map<Integer, String> out = new java.util.TreeMap<>();
        for (org.croracle.impl.image.ImageRecord.TreeEntry e : t.entries()) {
            out.put(e.pid(), "ppid=" + e.ppid() + " sid=" + e.sid() + " pgid=" + e.pgid() + " state=" + e.state()
                    + " exit=" + e.exitCode() + "/" + e.exitSignal() + " pids=" + e.pids());
        }
        return out;
    }

    /** One corruption of a valid image. */
    public static byte[] corrupt(byte[] img, byte[] other, SplittableRandom r) {
        List<int[]> recs = records(img);
        byte[] out;
        switch (r.nextInt(9)) {
            case 8 -> out = reorderedTree(img, r); // two TREE entries swapped (re-encoded, checksum right)
            case 0 -> { // flip bytes
                out = img.clone();
                for (int n = 1 + r.nextInt(4); n > 0; n--) {
                    out[r.nextInt(out.length)] ^= (byte) (1 + r.nextInt(255));
                }
            }
            case 1 -> out = java.util.Arrays.copyOf(img, r.nextInt(img.length)); // truncate
            case 2 -> out = without(img, recs, 1 + r.nextInt(recs.size() - 2)); // drop a record
            case 3 -> { // duplicate a record
                int[] rec = recs.get(1 + r.nextInt(recs.size() - 2));
                out = insert(img, rec[0], java.util.Arrays.copyOfRange(img, rec[0], rec[0] + rec[1]));
            }
            case 4 -> { // splice a record of another image
                List<int[]> theirs = records(other);
                int[] rec = theirs.get(1 + r.nextInt(theirs.size() - 2));
                int at = recs.get(1 + r.nextInt(recs.size() - 2))[0];
                out = insert(img, at, java.util.Arrays.copyOfRange(other, rec[0], rec[0] + rec[1]));
            }
            case 5 -> { // swap two records
                int a = 1 + r.nextInt(recs.size() - 2);
                int b = 1 + r.nextInt(recs.size() - 2);
                out = swap(img, recs, Math.min(a, b), Math.max(a, b));
            }
            case 6 -> { // an extreme length or count in a record's payload
                out = img.clone();
                int[] rec = recs.get(r.nextInt(recs.size()));
                int at = rec[0] + (r.nextBoolean() ? 4 : 8 + 4 * r.nextInt(Math.max(1, (rec[1] - 8) / 4)));
                int v = new int[] {-1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 24, 0, 65536}[r.nextInt(6)];
                if (at + 4 <= out.length) {
                    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, v);
                }
            }
            default -> { // a small value changed in a payload (a pid, an objref, a flag)
                out = img.clone();
                int[] rec = recs.get(r.nextInt(recs.size()));
                if (rec[1] > 12) {
                    int at = rec[0] + 8 + 4 * r.nextInt((rec[1] - 8) / 4);
                    ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN).putInt(at, r.nextInt(40) - 4);
                }
            }
        }
        return r.nextInt(10) < 8 ? fixCrc(out) : out; // most get past the checksum
    }

    /** The image with two entries of its TREE swapped, re-encoded. */
    static byte[] reorderedTree(byte[] img, SplittableRandom r) {
        try {
            List<org.croracle.impl.image.ReadRecord> recs = org.croracle.impl.image.ImageReader.readAll(img);
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            try (org.croracle.impl.image.ImageWriter w = new org.croracle.impl.image.ImageWriter(out)) {
                for (org.croracle.impl.image.ReadRecord rr : recs) {
                    org.croracle.impl.image.ImageRecord rec = rr.record();
                    if (rec instanceof org.croracle.impl.image.ImageRecord.Tree t && t.entries().size() > 1) {
                        List<org.croracle.impl.image.ImageRecord.TreeEntry> es = new ArrayList<>(t.entries());
                        java.util.Collections.swap(es, r.nextInt(es.size()), r.nextInt(es.size()));
                        rec = new org.croracle.impl.image.ImageRecord.Tree(es);
                    }
                    if (rec instanceof org.croracle.impl.image.ImageRecord.Tail) {
                        w.writeTail();
                    } else {
                        w.write(rec);
                    }
                }
            }
            return out.toByteArray();
        } catch (Exception e) {
            return img.clone();
        }
    }

    /** Record offsets and padded lengths (from the framing; stops at anything odd). */
    static List<int[]> records(byte[] img) {
        List<int[]> out = new ArrayList<>();
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at + 8 <= img.length) {
            long len = Integer.toUnsignedLong(b.getInt(at + 4));
            long padded = (len + 7) & ~7L;
            if (len < 8 || at + padded > img.length) {
                break;
            }
            out.add(new int[] {at, (int) padded});
            at += (int) padded;
        }
        return out;
    }

    /** Recomputes the TAIL's CRC32C if the stream still ends with a TAIL record. */
    static byte[] fixCrc(byte[] img) {
        List<int[]> recs = records(img);
        if (recs.isEmpty()) {
            return img;
        }
        int[] last = recs.get(recs.size() - 1);
        ByteBuffer b = ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(last[0]) != 9001 || last[0] + 20 > img.length) {
            return img;
        }
        CRC32C crc = new CRC32C();
        crc.update(img, 0, last[0]);
        b.putInt(last[0] + 16, (int) crc.getValue());
        return img;
    }

    static byte[] without(byte[] img, List<int[]> recs, int i) {
        int[] rec = recs.get(i);
        byte[] out = new byte[img.length - rec[1]];
        System.arraycopy(img, 0, out, 0, rec[0]);
        System.arraycopy(img, rec[0] + rec[1], out, rec[0], img.length - rec[0] - rec[1]);
        return out;
    }

    static byte[] insert(byte[] img, int at, byte[] piece) {
        byte[] out = new byte[img.length + piece.length];
        System.arraycopy(img, 0, out, 0, at);
        System.arraycopy(piece, 0, out, at, piece.length);
        System.arraycopy(img, at, out, at + piece.length, img.length - at);
        return out;
    }

    static byte[] swap(byte[] img, List<int[]> recs, int a, int b) {
        if (a == b) {
            return img.clone();
        }
        int[] ra = recs.get(a);
        int[] rb = recs.get(b);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(img, 0, ra[0]);
        out.write(img, rb[0], rb[1]);
        out.write(img, ra[0] + ra[1], rb[0] - ra[0] - ra[1]);
        out.write(img, ra[0], ra[1]);
        out.write(img, rb[0] + rb[1], img.length - rb[0] - rb[1]);
        return out.toByteArray();
    }
}
