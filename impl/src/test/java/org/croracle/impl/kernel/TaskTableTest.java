package org.croracle.impl.kernel;

import org.croracle.impl.syscall.Kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * The task table's indexes answer every query exactly as the scan over all tasks they replace,
 * after every step of random process-model sequences; and a state, once made, never changes,
 * though the states after it share its maps.
 */
class TaskTableTest {

    /** What each indexed query meant when it was a scan over every task. */
    private static void agreesWithScans(KernelState s) {
        Collection<Task> all = s.tasks().values();
        Set<Integer> ids = new TreeSet<>(s.lingeringPids().keySet());
        Set<Integer> sids = new TreeSet<>();
        for (Task t : all) {
            ids.addAll(List.of(t.pid(), t.ppid(), t.tgid(), t.sid(), t.pgid()));
            sids.add(t.sid());
        }
        ids.add(999); // used by nobody
        for (int p : ids) {
            String at = "pid " + p;
            assertEquals(all.stream().filter(t -> t.ppid() == p).toList(), s.children(p), at);
            assertEquals(all.stream().filter(t -> t.tgid() == p).toList(), s.threadGroup(p), at);
            assertEquals(all.stream().anyMatch(t -> t.sid() == p || t.pgid() == p), s.anchors(p), at);
            assertEquals(all.stream().anyMatch(t -> t.pgid() == p), s.groupExists(p), at);
            for (int sid : sids) {
                assertEquals(all.stream().anyMatch(t -> t.pgid() == p && t.sid() == sid), s.groupInSession(p, sid), at);
            }
        }
        for (String cg : List.of("/", "box", "none")) {
            assertEquals(all.stream().filter(t -> t.cgroup().equals(cg)).toList(), s.members(cg), cg);
        }
        // a map like any other: equal to a plain copy of its tasks, with the same hash
        TreeMap<Integer, Task> copy = new TreeMap<>(s.tasks());
        assertEquals(copy, s.tasks());
        assertEquals(s.tasks(), copy);
        assertEquals(copy.hashCode(), s.tasks().hashCode());
        assertEquals(TaskTable.of(copy), s.tasks(), "rebuilt from scratch, the same table");
    }

    @Test
    void indexesAgreeWithScansAfterEveryStep() {
        qt().withFixedSeed(23L).withExamples(300)
                .forAll(lists().of(integers().between(0, KernelInvariantsTest.KINDS * 200 + 1)).ofSizeBetween(40, 60))
                .checkAssert(codes -> {
                    Kernel k = new Kernel();
                    k.addStepListener((before, step, after) -> agreesWithScans(after));
                    int boxed = k.fork(1, new ForkOptions("box", false, false)).value();
                    for (int c : codes) {
                        if (c > KernelInvariantsTest.KINDS * 200) {
                            k.freeze("box"); // members by cgroup, and states changed in place
                            k.freezerWrite("box", FreezerState.THAWED);
                        } else if (c % 50 == 0 && k.state().tasks().containsKey(boxed)) {
                            k.fork(boxed, ForkOptions.PLAIN);
                        } else {
                            KernelInvariantsTest.apply(k, c);
                        }
                    }
                });
    }

    @Test
    void aStateNeverChangesAfterwards() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        int b = k.fork(a, ForkOptions.PLAIN).value();
        KernelState then = k.state();
        String printed = then.toString();
        KernelState copy = new KernelState(new TreeMap<>(then.tasks()), new TreeMap<>(then.cgroups()),
                new TreeMap<>(then.namespaces()), new TreeMap<>(then.pidmaps()), then.nextNsId(),
                new TreeMap<>(then.lingeringPids()), then.objects(), new TreeMap<>(then.paths()), then.checkpoint(),
                then.ckptUnprivAllowed(), then.restart());
        k.setsid(b);
        k.exit(a, 0);
        k.wait(1, a);
        k.fork(b, ForkOptions.PLAIN);
        k.open(b, "/f", 3, true, true);
        assertNotEquals(then, k.state());
        assertEquals(printed, then.toString(), "the steps after it left it as it was");
        assertEquals(copy, then);
        assertEquals(List.of(then.tasks().get(b)), then.children(a));
    }

    @Test
    void itIsReadOnly() {
        KernelState s = new Kernel().state();
        Task host = s.tasks().get(1);
        assertThrows(UnsupportedOperationException.class, () -> s.tasks().put(2, host));
        assertThrows(UnsupportedOperationException.class, () -> s.tasks().remove(1));
        assertThrows(UnsupportedOperationException.class, () -> s.tasks().clear());
        assertThrows(UnsupportedOperationException.class, () -> s.pidmaps().get(0).add(5));
        assertThrows(UnsupportedOperationException.class, () -> s.lingeringPids().clear());
    }
}
