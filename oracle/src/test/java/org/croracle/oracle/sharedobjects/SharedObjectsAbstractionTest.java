package org.croracle.oracle.sharedobjects;

import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.syscall.CheckpointIo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.scenario.ScenarioParser;
import org.croracle.impl.scenario.ScenarioResult;
import org.croracle.impl.scenario.ScenarioRunner;
import org.croracle.model.sharedobjects.SharedObjectsState;
import org.junit.jupiter.api.Test;

/**
 * The refinement mapping of SharedObjects.tla, read at each step of real checkpoint calls: who
 * holds what inside the tree and outside it, the call's bookkeeping, the freezer gate as
 * cgroup_freezer_begin_checkpoint sees it.
 */
class SharedObjectsAbstractionTest {

    record Seen(String op, SharedObjectsState state) {
    }

    /** The scenario, then checkpoint(flags) of {@code root} by {@code caller}; the abstract state after every step of the call. */
    static List<Seen> checkpoint(String root, String caller, int flags, String... lines) {
        Kernel k = new Kernel();
        Map<String, Integer> labels;
        try {
            ScenarioResult r = ScenarioRunner.run(k, ScenarioParser.parse("t", String.join("\n", lines)));
            assertTrue(r.passed(), r.failures()::toString);
            labels = r.labels();
        } catch (org.croracle.impl.scenario.ScenarioSyntaxException e) {
            throw new AssertionError(e.getMessage(), e);
        }
        int by = caller.equals("host") ? 1 : labels.get(caller);
        List<Seen> seen = new ArrayList<>();
        k.addStepListener((before, step, after) -> {
            if (after.checkpoint() != null) {
                seen.add(new Seen(step.op(), SharedObjectsAbstraction.of(after, after.checkpoint())));
            }
        });
        assertTrue(k.open(by, "/ckpt/i", 40, false, true).isOk());
        k.checkpoint(by, root.equals("self") ? 0 : labels.get(root), flags, CheckpointIo.of(40, new ByteArrayOutputStream()));
        return seen;
    }

    static SharedObjectsState after(List<Seen> seen, String op) {
        return seen.stream().filter(s -> s.op().equals(op)).reduce((a, b) -> b).orElseThrow(() ->
                new AssertionError("no " + op + " step in " + seen.stream().map(Seen::op).toList())).state();
    }

    static int idOfKind(SharedObjectsState s, String kind) {
        return s.kind().entrySet().stream().filter(e -> e.getValue().equals(kind)).findFirst().orElseThrow().getKey();
    }

    @Test
    void aPipeEndHostKeepsIsHeldFromOutside() {
        List<Seen> seen = checkpoint("c", "host", 0, "host pipe fds=10,11", "host fork c newpid cgroup=box",
                "host close 11", "c close 10", "freeze box");
        SharedObjectsState s = after(seen, Ops.CKPT_LEAK_CHECK);
        int pipe = idOfKind(s, "pipe");
        assertEquals(1, s.outside().get(pipe), s::toString); // host's read end
        assertEquals(1, s.users().get(pipe), s::toString); // the write end's file, in the tree
        assertEquals("leak", s.error(), s::toString);
        assertEquals(1, s.tree().size());
        assertEquals(4, s.slots().values().iterator().next().size(), "files, mm, fs, sighand");
        s.kind().keySet().stream().filter(id -> id != pipe).forEach(id ->
                assertEquals(0, s.outside().get(id), () -> "object " + id + " of " + s.kind()));
        // what each object refers to: the fd table its file, the file its pipe
        int file = idOfKind(s, "file");
        assertEquals(List.of(pipe), s.refsOf().get(file));
        assertEquals(List.of(file), s.refsOf().get(idOfKind(s, "fdtable")));
    }

    @Test
    void aContainerThatOwnsEverythingPassesAndEveryObjectGetsAnObjref() {
        List<Seen> seen = checkpoint("c", "host", 0, "host fork c newpid cgroup=box", "c fork a files", "a pipe fds=3,4",
                "freeze box");
        SharedObjectsState s = after(seen, Ops.CKPT_LEAK_CHECK);
        assertEquals("none", s.error(), s::toString);
        assertEquals("dumping", s.phase());
        s.kind().keySet().forEach(id -> {
            assertEquals(0, s.outside().get(id), s::toString);
            assertTrue(s.objref().get(id) > 0, s::toString);
        });
        int table = idOfKind(s, "fdtable");
        assertEquals(2, s.users().get(table), "c and a share their fd table");
        assertEquals("CHECKPOINTING", s.freezer());
        SharedObjectsState end = after(seen, Ops.FREEZER_END_CHECKPOINT);
        assertEquals("FROZEN", end.freezer());
        assertEquals(s.kind().keySet(), end.written(), "every object was written");
        assertTrue(end.image().size() > s.kind().size(), "a record per object and per task");
    }

    @Test
    void aTaskInAnotherCgroupIsAStranger() {
        List<Seen> seen = checkpoint("c", "host", 0, "host fork c newpid cgroup=box", "c fork a cgroup=other", "freeze box");
        SharedObjectsState s = after(seen, Ops.FREEZER_BEGIN_CHECKPOINT);
        assertEquals(1, s.strangers().size(), s::toString);
        assertEquals(2, s.tree().size());
        assertEquals("stranger", after(seen, Ops.CKPT_COUNT).error());
    }

    @Test
    void aThawedGateIsWhatTheFreezerSaysAndTheRootCgroupIsThawed() {
        assertEquals("THAWED", checkpoint("c", "host", 0, "host fork c newpid cgroup=box").get(0).state().freezer());
        assertEquals("THAWED", checkpoint("c", "host", 0, "host fork c newpid").get(0).state().freezer());
    }

    @Test
    void aSelfCheckpointAloneHasNoGateAndHoldsItsImageFile() {
        List<Seen> seen = checkpoint("self", "c", CheckpointFlags.SUBTREE, "host fork c newpid cgroup=box");
        SharedObjectsState s = seen.get(0).state();
        assertEquals("NONE", s.freezer());
        assertTrue(s.subtree());
        // the image file sits in c's own fd table: the context's reference is counted apart
        SharedObjectsState collected = after(seen, Ops.CKPT_COLLECT);
        int file = idOfKind(collected, "file");
        assertEquals(1, collected.ctxRefs().get(file), collected::toString);
        assertEquals(0, collected.outside().get(file), collected::toString);
    }

    @Test
    void theCursorWalksTheTree() {
        List<Seen> seen = checkpoint("c", "host", 0, "host fork c newpid cgroup=box", "c fork a", "a fork b", "freeze box");
        List<Integer> cursors = seen.stream().filter(x -> x.op().equals(Ops.CKPT_COLLECT)).map(x -> x.state().cursor()).toList();
        assertEquals(List.of(2, 3, 4), cursors, seen.toString());
        assertEquals(3, seen.get(seen.size() - 1).state().tree().size());
    }
}
