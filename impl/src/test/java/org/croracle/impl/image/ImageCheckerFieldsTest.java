package org.croracle.impl.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.croracle.impl.image.ImageRecord.Container;
import org.croracle.impl.image.ImageRecord.Header;
import org.croracle.impl.image.ImageRecord.Task;
import org.croracle.impl.image.ImageRecord.Tree;
import org.croracle.impl.image.ImageRecord.TreeEntry;
import org.junit.jupiter.api.Test;

/**
 * Every field of HEADER, CONTAINER, TREE and TASK that the checker bounds: the value at its bound
 * is accepted, one past it is a problem at that record, named for the field.
 */
class ImageCheckerFieldsTest {

    static final int HEADER = 0;
    static final int CONTAINER = 1;
    static final int TREE = 2;
    static final int TASK = 3;

    static ImageChecker check(int at, ImageRecord replacement) throws Exception {
        List<ImageRecord> r = new ArrayList<>(SampleImage.records());
        r.set(at, replacement);
        return ImageChecker.check(ImageReader.readAll(SampleImage.write(r, true)));
    }

    static void accepted(int at, ImageRecord replacement) throws Exception {
        ImageChecker c = check(at, replacement);
        assertEquals(List.of(), c.problems(), replacement::toString);
    }

    static void found(int at, ImageRecord replacement, String text) throws Exception {
        ImageChecker c = check(at, replacement);
        long offset = ImageReader.readAll(SampleImage.write(SampleImage.records(), true)).get(at).offset();
        assertTrue(c.problems().stream().anyMatch(p -> p.text().contains(text) && p.offset() == offset),
                () -> "expected '" + text + "' at offset " + offset + ", got " + c.problems());
        assertTrue(!c.ok());
    }

    static Header header(int arch, int pidMax, int level, int nsig, int uflags) {
        return new Header(arch, ImageFormat.PAGE_SIZE, pidMax, level, nsig, 42, uflags, "2.6.33-cr-sim");
    }

    @Test
    void headerFields() throws Exception {
        accepted(HEADER, header(ImageFormat.ARCH_SIM64, 1, 0, ImageFormat.NSIG, 0));
        found(HEADER, header(2, 32768, 32, ImageFormat.NSIG, 0), "HEADER arch 2 is not sim64");
        found(HEADER, header(ImageFormat.ARCH_SIM64, 32768, 32, 32, 0), "HEADER nsig 32 is not 64");
        found(HEADER, header(ImageFormat.ARCH_SIM64, 32768, 32, ImageFormat.NSIG, 4), "HEADER uflags 0x4 has unknown bits");
        found(HEADER, header(ImageFormat.ARCH_SIM64, 0, 32, ImageFormat.NSIG, 0), "HEADER pidMax 0 is not positive");
        found(HEADER, header(ImageFormat.ARCH_SIM64, 32768, -1, ImageFormat.NSIG, 0), "HEADER maxPidNsLevel -1 is negative");
    }

    @Test
    void containerFields() throws Exception {
        found(CONTAINER, new Container(1, 3, 0, 0), "CONTAINER rootIndex 1 is not 0");
        found(CONTAINER, new Container(0, 0, 0, 0), "CONTAINER nrTasks 0: a checkpoint has at least its root");
        found(CONTAINER, new Container(0, 3, 4, 0), "CONTAINER flags 0x4 has unknown bits");
        found(CONTAINER, new Container(0, 3, ImageFormat.CHECKPOINT_SUBTREE, 0), "subtree flag disagrees");
        accepted(CONTAINER, new Container(0, 3, ImageFormat.CONTAINER_SELF, 32));
        found(CONTAINER, new Container(0, 3, 0, 33), "CONTAINER rootPidLevel 33 is outside 0..32");
        found(CONTAINER, new Container(0, 3, 0, -1), "CONTAINER rootPidLevel -1 is outside 0..32");
        ImageChecker c = check(CONTAINER, new Container(0, 2, 0, 0));
        assertEquals("TREE has 3 tasks, CONTAINER says 2", c.problems().get(0).text(), c.problems()::toString);
    }

    /** The sample's TREE with entry i replaced. */
    static Tree tree(int i, UnaryOperator<TreeEntry> edit) {
        List<TreeEntry> es = new ArrayList<>(((Tree) SampleImage.records().get(TREE)).entries());
        es.set(i, edit.apply(es.get(i)));
        return new Tree(es);
    }

    static TreeEntry e(TreeEntry e, int parent, int pid, int ppid, int state, int exitSignal, List<Integer> pids) {
        return new TreeEntry(parent, pid, ppid, e.tgid(), e.pgid(), e.sid(), state, e.exitCode(), exitSignal, pids);
    }

    @Test
    void treeEntries() throws Exception {
        found(TREE, tree(0, x -> e(x, 0, 1, 0, x.state(), 0, List.of(1))), "the root's parentIndex is 0, not -1");
        found(TREE, tree(0, x -> e(x, -1, 1, 0, x.state(), 0, List.of(1, 1))), "the root has 2 pid levels");
        found(TREE, tree(1, x -> e(x, 1, 2, 1, x.state(), 0, List.of(2))), "parentIndex 1 is not an earlier entry");
        found(TREE, tree(1, x -> e(x, -1, 2, 1, x.state(), 0, List.of(2))), "parentIndex -1 is not an earlier entry");
        found(TREE, tree(1, x -> e(x, 0, 2, 5, x.state(), 0, List.of(2))), "ppid 5 is not its parent's pid 1");
        found(TREE, tree(1, x -> e(x, 0, 0, 1, x.state(), 0, List.of(0))), "the pid is not positive");
        found(TREE, tree(2, x -> e(x, 0, 2, 1, x.state(), x.exitSignal(), List.of(2))), "pid 2 appears twice");
        found(TREE, tree(1, x -> e(x, 0, 2, 1, x.state(), 0, List.of(4))), "do not start with its pid");
        found(TREE, tree(1, x -> e(x, 0, 2, 1, x.state(), 0, List.of(2, -3))), "has a pid that is not positive");
        found(TREE, tree(1, x -> e(x, 0, 2, 1, 2, 0, List.of(2))), "state 2 is neither 0 (running) nor 1 (zombie)");
        accepted(TREE, tree(2, x -> e(x, 0, 3, 1, x.state(), 64, List.of(3))));
        found(TREE, tree(2, x -> e(x, 0, 3, 1, x.state(), 65, List.of(3))), "exitSignal 65 is not a signal");
        found(TREE, tree(1, x -> new TreeEntry(0, 2, 1, -1, 1, 1, 0, 0, 0, List.of(2))), "a negative ppid, tgid, pgid or sid");
        found(TREE, tree(1, x -> new TreeEntry(0, 2, 1, 2, -1, 1, 0, 0, 0, List.of(2))), "a negative ppid, tgid, pgid or sid");
        found(TREE, tree(1, x -> new TreeEntry(0, 2, 1, 2, 1, -1, 0, 0, 0, List.of(2))), "a negative ppid, tgid, pgid or sid");
        List<Integer> deep = new ArrayList<>(List.of(2));
        for (int i = 0; i < 33; i++) {
            deep.add(1 + i);
        }
        found(TREE, tree(1, x -> e(x, 0, 2, 1, x.state(), 0, deep)), "34 pid levels, more than maxPidNsLevel + 1");
    }

    @Test
    void aChildHasAtLeastItsParentsPidLevelsAndTheEntriesAreDepthFirst() throws Exception {
        List<TreeEntry> es = new ArrayList<>(((Tree) SampleImage.records().get(TREE)).entries());
        es.set(0, e(es.get(0), -1, 1, 0, 0, 0, List.of(1)));
        es.set(1, e(es.get(1), 0, 2, 1, 0, 0, List.of(2, 1)));
        es.set(2, e(es.get(2), 1, 3, 2, es.get(2).state(), es.get(2).exitSignal(), List.of(3)));
        found(TREE, new Tree(es), "1 pid levels, fewer than its parent's 2");
        List<TreeEntry> four = new ArrayList<>(((Tree) SampleImage.records().get(TREE)).entries());
        four.set(2, e(four.get(2), 1, 3, 2, four.get(2).state(), four.get(2).exitSignal(), List.of(3)));
        four.add(e(four.get(1), 1, 4, 2, 0, 0, List.of(4)));
        ImageChecker c = check(TREE, new Tree(four));
        assertTrue(c.problems().stream().noneMatch(p -> p.text().contains("depth-first")), c.problems()::toString);
        List<TreeEntry> back = new ArrayList<>(((Tree) SampleImage.records().get(TREE)).entries());
        back.set(1, e(back.get(1), 0, 2, 1, 0, 0, List.of(2)));
        back.add(e(back.get(1), 1, 4, 2, 0, 0, List.of(4)));
        found(TREE, new Tree(back), "its parent, entry 1, was left already: the entries are not depth-first");
    }

    @Test
    void taskFields() throws Exception {
        Task t = (Task) SampleImage.records().get(TASK);
        found(TASK, new Task(1, t.uid(), t.gid(), t.flags(), t.blockedMask(), t.pendingMask(), 0),
                "TASK taskIndex 1 is not 0");
        found(TASK, new Task(0, t.uid(), t.gid(), 2, t.blockedMask(), t.pendingMask(), 0), "TASK flags 0x2 has unknown bits");
        accepted(TASK, new Task(0, t.uid(), t.gid(), t.flags(), t.blockedMask(), t.pendingMask(), 64));
        found(TASK, new Task(0, t.uid(), t.gid(), t.flags(), t.blockedMask(), t.pendingMask(), 65),
                "TASK doomedBy 65 is not a signal");
    }

    @Test
    void recordsOutOfTheirPlaceAreNamed() throws Exception {
        for (int at : new int[] {HEADER + 1, CONTAINER + 1, TREE + 1, TASK + 1}) {
            List<ImageRecord> r = new ArrayList<>(SampleImage.records());
            ImageRecord moved = r.get(at - 1);
            r.add(at + 1, moved instanceof Header ? new Container(0, 3, 0, 0) : moved);
            ImageChecker c = ImageChecker.check(ImageReader.readAll(SampleImage.write(r, true)));
            assertTrue(!c.ok(), () -> moved + " twice was accepted");
        }
    }
}
