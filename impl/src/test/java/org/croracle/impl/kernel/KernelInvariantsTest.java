package org.croracle.impl.kernel;

import org.croracle.impl.syscall.Kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The kernel's own invariants after every step of random process-model sequences (fork with
 * CLONE_PARENT and CLONE_NEWPID, setsid, setpgid with legal and illegal targets, exit, wait, kill,
 * subreaper, setuid), and proof that each invariant can fail.
 */
class KernelInvariantsTest {

    static final int KINDS = 18;

    /** One operation, decoded against the current state; tasks are picked newest first. */
    static void apply(Kernel k, int code) {
        int kind = code % KINDS;
        int sel = code / KINDS;
        List<Task> all = new ArrayList<>(k.state().tasks().values());
        Task t = all.get(all.size() - 1 - sel % all.size());
        Task u = all.get(all.size() - 1 - (sel / 7) % all.size());
        if (kind <= 2 && all.size() >= 16) {
            kind = 5;
        }
        switch (kind) {
            case 0 -> k.fork(t.pid(), new ForkOptions(null, false, sel % 5 == 0));
            case 1 -> {
                // random sharing flags, including invalid combinations (EINVAL)
                int f = sel % 32;
                k.fork(t.pid(), new ForkOptions(null, false, false, (f & 1) != 0, (f & 2) != 0, (f & 4) != 0,
                        (f & 8) != 0, (f & 16) != 0));
            }
            case 2 -> k.fork(t.pid(), ForkOptions.NEWPID);
            case 3 -> k.setsid(t.pid());
            case 4 -> k.setpgid(t.pid(), sel % 3 == 0 ? 0 : u.pid(), sel % 4 == 0 ? 0 : all.get(sel % all.size()).pid());
            case 5 -> k.exit(t.pid(), sel % 3);
            case 6 -> {
                List<Task> zombies = all.stream().filter(Task::isZombie).toList();
                if (!zombies.isEmpty() && sel % 3 != 0) {
                    Task z = zombies.get(sel % zombies.size());
                    k.wait(z.ppid(), z.pid());
                } else {
                    k.wait(t.pid(), u.pid());
                }
            }
            case 7 -> k.kill(t.pid(), u.pid(), Signal.values()[sel % Signal.values().length]);
            case 8 -> k.subreaper(t.pid(), sel % 2 == 0);
            case 9 -> k.setuid(t.pid(), sel % 4 == 0 ? 1000 : 0);
            case 10 -> k.open(t.pid(), "/f" + sel % 3, 3 + sel % 4, true, sel % 2 == 0);
            case 11 -> k.pipe(t.pid(), 3 + sel % 4, 7 + sel % 3);
            case 12 -> k.dup(t.pid(), 3 + sel % 6, 3 + (sel / 6) % 6);
            case 13 -> k.close(t.pid(), 3 + sel % 8);
            case 14 -> k.send(t.pid(), 3 + sel % 8, "x");
            case 15 -> k.recv(t.pid(), 3 + sel % 8, 2);
            case 16 -> k.mmap(t.pid(), "m" + sel % 3, 1 + sel % 2, sel % 2 == 0, sel % 5 == 0 ? "/f0" : null);
            default -> k.writePage(t.pid(), "m" + sel % 3, sel % 2, sel % 256);
        }
    }

    @Test
    void everyStepKeepsTheKernelConsistentAndEveryRefcountExact() {
        qt().withFixedSeed(11L).withExamples(1000)
                .forAll(lists().of(integers().between(0, KINDS * 200)).ofSizeBetween(40, 60))
                .checkAssert(codes -> {
                    Kernel k = new Kernel();
                    List<String> steps = new ArrayList<>();
                    k.addStepListener((before, step, after) -> {
                        steps.add(step.toString());
                        List<String> v = KernelInvariants.violations(after);
                        if (!v.isEmpty()) {
                            throw new AssertionError("after step " + step + ": " + v + "\nsteps: " + steps);
                        }
                    });
                    codes.forEach(c -> apply(k, c));
                    assertEquals(codes.size(), steps.size(), "every code is one step");
                });
    }

    @Test
    void eachInvariantCanFail() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        KernelState s = k.state();
        Task ta = s.tasks().get(a);
        assertEquals(List.of(), KernelInvariants.violations(s));
        assertTrue(KernelInvariants.violations(s.withTask(ta.withSession(a, 1))).stream()
                .anyMatch(v -> v.startsWith("process group 1 spans sessions")));
        assertTrue(KernelInvariants.violations(s.withTask(ta.withSession(a, 1))).stream()
                .anyMatch(v -> v.startsWith("session leader " + a + " is in group 1")));
        assertTrue(KernelInvariants.violations(s.withTask(ta.withParent(99))).stream()
                .anyMatch(v -> v.startsWith("live task " + a + " has no live parent")));
        assertTrue(KernelInvariants.violations(s.withoutTask(a)).stream()
                .anyMatch(v -> v.startsWith("pidmap of namespace 0")), "pid 2 allocated without a task");
        TaskResources r = ta.res();
        assertTrue(KernelInvariants.violations(s.withTask(ta.withRes(new TaskResources(999, r.mm(), r.fs(), r.sighand()))))
                .stream().anyMatch(v -> v.equals("task " + a + " refers to object 999, which was freed")));
        java.util.TreeMap<Integer, Integer> refs = new java.util.TreeMap<>(s.objects().refs());
        refs.merge(r.mm(), 1, Integer::sum);
        KernelState overcounted = s.withObjects(new ObjectTable(s.objects().objects(), refs, s.objects().nextId()));
        assertTrue(KernelInvariants.violations(overcounted).stream()
                .anyMatch(v -> v.equals("mm " + r.mm() + " has refcount 2 but 1 holders")));
    }
}
