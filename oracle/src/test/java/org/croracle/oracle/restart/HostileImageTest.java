package org.croracle.oracle.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.image.ImageReader;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.image.ReadRecord;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;

/**
 * Each way an image can be bad is EINVAL with the byte offset of the record at fault and the
 * reason, and changes nothing. Records are edited and re-encoded (so the checksum is right and
 * the check behind it is the one that must speak), except where the framing itself is the fault.
 */
class HostileImageTest {

    static final String TREE = String.join("\n", "host fork c newpid cgroup=box", "c setsid", "c fork a",
            "a pipe fds=3,4", "a send 4 hi", "c fork n newpid", "n fork k", "freeze box");

    static byte[] image() throws Exception {
        Kernel k = new Kernel();
        var r = ScenarioRunner.run(k, ScenarioParser.parse("t", TREE));
        assertTrue(r.passed(), r.failures()::toString);
        k.open(1, "/ckpt/t", 100, false, true);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        assertTrue(k.checkpoint(1, r.labels().get("c"), 0, CheckpointIo.of(100, img)).isOk());
        return img.toByteArray();
    }

    /** The records of an image, to edit. */
    static List<ReadRecord> records(byte[] img) throws Exception {
        return ImageReader.readAll(img);
    }

    /** The records re-encoded (framing and checksum right), the record {@code at} replaced. */
    static byte[] with(List<ReadRecord> recs, int at, ImageRecord replacement) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageWriter w = new ImageWriter(out)) {
            for (int i = 0; i < recs.size(); i++) {
                ImageRecord r = i == at ? replacement : recs.get(i).record();
                if (r instanceof ImageRecord.Tail) {
                    w.writeTail();
                } else if (r != null) {
                    w.write(r);
                }
            }
        }
        return out.toByteArray();
    }

    /** restart() of the bytes must be EINVAL "image offset N: ..." naming {@code reason}, and change nothing. */
    static void refused(byte[] bad, long offset, String reason) {
        Kernel k = new Kernel();
        k.open(1, "/ckpt/t", 100, true, false);
        KernelState before = k.state();
        List<String> log = new java.util.ArrayList<>();
        Result<Restarted> r = k.restart(1, 0, "r", new RestartIo(100, bad, -1, log::add));
        assertEquals(Errno.EINVAL, r.errno(), r::toString);
        assertTrue(r.reason().startsWith("image offset " + offset + ":"), () -> "expected offset " + offset + ": " + r.reason());
        assertTrue(r.reason().contains(reason), () -> "expected \"" + reason + "\": " + r.reason());
        assertTrue(log.stream().anyMatch(l -> l.contains("image offset " + offset)), log::toString);
        assertEquals(before, k.state());
    }

    static int index(List<ReadRecord> recs, Class<?> type, int nth) {
        int seen = 0;
        for (int i = 0; i < recs.size(); i++) {
            if (type.isInstance(recs.get(i).record()) && seen++ == nth) {
                return i;
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " #" + nth);
    }

    @Test
    void anObjrefUsedBeforeItsDefinition() throws Exception {
        List<ReadRecord> recs = records(image());
        int i = index(recs, ImageRecord.TaskObjs.class, 0);
        ImageRecord.TaskObjs o = (ImageRecord.TaskObjs) recs.get(i).record();
        byte[] bad = with(recs, i, new ImageRecord.TaskObjs(o.filesRef(), 30, o.fsRef(), o.sighandRef()));
        refused(bad, records(bad).get(i).offset(), "30");
    }

    @Test
    void anObjrefDefinedTwice() throws Exception {
        List<ReadRecord> recs = records(image());
        int i = index(recs, ImageRecord.ObjRef.class, 3);
        ImageRecord.ObjRef o = (ImageRecord.ObjRef) recs.get(i).record();
        byte[] bad = with(recs, i, new ImageRecord.ObjRef(o.objType(), 1, o.flags()));
        refused(bad, records(bad).get(i).offset(), "objref 1");
    }

    @Test
    void anObjectOfTheWrongType() throws Exception {
        List<ReadRecord> recs = records(image());
        int i = index(recs, ImageRecord.ObjRef.class, 0); // the fd table
        ImageRecord.ObjRef o = (ImageRecord.ObjRef) recs.get(i).record();
        byte[] bad = with(recs, i, new ImageRecord.ObjRef(org.croracle.impl.image.ObjType.FS, o.objref(), o.flags()));
        long at = records(bad).get(i).offset();
        Kernel k = new Kernel();
        k.open(1, "/ckpt/t", 100, true, false);
        Result<Restarted> r = k.restart(1, 0, "r", new RestartIo(100, bad, -1, l -> { }));
        assertEquals(Errno.EINVAL, r.errno());
        long reported = Long.parseLong(r.reason().replaceAll("^image offset (\\d+):.*", "$1"));
        assertTrue(reported > at, "the mismatch shows at or after the OBJREF: " + r.reason());
        assertTrue(r.reason().contains("FS") || r.reason().contains("FILE_TABLE"), r.reason());
    }

    @Test
    void aPidVectorDeeperThanTheNesting() throws Exception {
        List<ReadRecord> recs = records(image());
        int i = index(recs, ImageRecord.Tree.class, 0);
        ImageRecord.Tree t = (ImageRecord.Tree) recs.get(i).record();
        List<ImageRecord.TreeEntry> es = new java.util.ArrayList<>(t.entries());
        ImageRecord.TreeEntry last = es.get(es.size() - 1);
        List<Integer> deep = new java.util.ArrayList<>();
        for (int k = 0; k < 40; k++) {
            deep.add(k == 0 ? last.pid() : 2);
        }
        es.set(es.size() - 1, new ImageRecord.TreeEntry(last.parentIndex(), last.pid(), last.ppid(), last.tgid(), last.pgid(),
                last.sid(), last.state(), last.exitCode(), last.exitSignal(), deep));
        byte[] bad = with(recs, i, new ImageRecord.Tree(es));
        refused(bad, records(bad).get(i).offset(), "40 pid levels");
    }

    @Test
    void aTreeThatIsNotATree() throws Exception {
        List<ReadRecord> recs = records(image());
        int i = index(recs, ImageRecord.Tree.class, 0);
        ImageRecord.Tree t = (ImageRecord.Tree) recs.get(i).record();
        List<ImageRecord.TreeEntry> es = new java.util.ArrayList<>(t.entries());
        ImageRecord.TreeEntry e = es.get(1);
        es.set(1, new ImageRecord.TreeEntry(1, e.pid(), e.ppid(), e.tgid(), e.pgid(), e.sid(), e.state(), e.exitCode(),
                e.exitSignal(), e.pids())); // its own parent
        byte[] bad = with(recs, i, new ImageRecord.Tree(es));
        refused(bad, records(bad).get(i).offset(), "TREE");
    }

    @Test
    void aTaskCountThatDoesNotMatch() throws Exception {
        List<ReadRecord> recs = records(image());
        int i = index(recs, ImageRecord.Container.class, 0);
        ImageRecord.Container c = (ImageRecord.Container) recs.get(i).record();
        byte[] bad = with(recs, i, new ImageRecord.Container(c.rootIndex(), c.nrTasks() + 3, c.flags(), c.rootPidLevel()));
        Kernel k = new Kernel();
        k.open(1, "/ckpt/t", 100, true, false);
        Result<Restarted> r = k.restart(1, 0, "r", new RestartIo(100, bad, -1, l -> { }));
        assertEquals(Errno.EINVAL, r.errno());
        assertTrue(r.reason().matches("image offset (" + records(bad).get(i).offset() + "|" + records(bad).get(i + 1).offset()
                + "): .*"), r.reason());
    }

    @Test
    void aLengthOfTwoToTheThirtyFirst() throws Exception {
        byte[] img = image();
        List<ReadRecord> recs = records(img);
        long at = recs.get(3).offset();
        ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN).putInt((int) at + 4, Integer.MIN_VALUE);
        refused(img, at + 4, "record length 2147483648 is outside"); // the offset of the len field
    }

    @Test
    void aTruncatedStream() throws Exception {
        byte[] img = image();
        List<ReadRecord> recs = records(img);
        long at = recs.get(5).offset();
        refused(java.util.Arrays.copyOf(img, (int) at + 10), at + 10, "ends inside the " + recs.get(5).type() + " record at offset " + at);
    }

    @Test
    void aBadChecksum() throws Exception {
        byte[] img = image();
        List<ReadRecord> recs = records(img);
        long at = recs.get(recs.size() - 1).offset();
        img[(int) at + 16] ^= 1;
        refused(img, at + 16, "crc32c"); // the offset of the crc field
    }

    @Test
    void anUnknownFormatVersion() throws Exception {
        byte[] img = image();
        ByteBuffer.wrap(img).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 99);
        refused(RestartFuzzTest.fixCrc(img), 16, "formatVersion 99 is not supported"); // the field's offset
    }
}
