package org.croracle.impl.kernel;

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

    private static final int KINDS = 10;

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
            case 0, 1 -> k.fork(t.pid(), new ForkOptions(null, false, sel % 5 == 0));
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
            default -> k.setuid(t.pid(), sel % 4 == 0 ? 1000 : 0);
        }
    }

    @Test
    void everyStepKeepsTheKernelConsistent() {
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
        KernelState s = new Kernel().state();
        Task host = s.tasks().get(1);
        Task a = new Task(List.of(2), 0, 1, 2, 1, "/", RunState.RUNNING, ExitStatus.NONE, 0, 0, false, null);
        KernelState groupAcrossSessions = s.withTask(a);
        assertTrue(KernelInvariants.violations(groupAcrossSessions).stream()
                .anyMatch(v -> v.startsWith("process group 1 spans sessions")), "and a session leader outside its group");
        KernelState orphan = s.withTask(new Task(List.of(2), 0, 9, 1, 1, "/", RunState.RUNNING, ExitStatus.NONE, 0, 0, false, null));
        assertTrue(KernelInvariants.violations(orphan).stream().anyMatch(v -> v.startsWith("live task 2 has no live parent")));
        assertTrue(KernelInvariants.violations(orphan).stream().anyMatch(v -> v.startsWith("pidmap of namespace 0")),
                "pid 2 is not in the pidmap");
        KernelState twice = s.withTask(new Task(List.of(2), 0, 1, 1, 1, "/", RunState.RUNNING, ExitStatus.NONE, 0, 0, false, null))
                .withTask(new Task(List.of(2, 1), 0, 1, 1, 1, "/", RunState.RUNNING, ExitStatus.NONE, 0, 0, false, null));
        assertTrue(host.isSessionLeader());
        assertTrue(KernelInvariants.violations(twice).size() > 0);
    }
}
