package org.croracle.impl.kernel;

import org.croracle.impl.syscall.Kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The recorded steps, as {@code ./cr run --trace} and the divergence tables print them: the call,
 * who made it, its arguments in call order (every clone flag that was set, and only those) and
 * its result.
 */
class StepTest {

    final Kernel k = new Kernel();
    final List<Step> steps = new ArrayList<>();

    StepTest() {
        k.addStepListener((before, step, after) -> steps.add(step));
    }

    String last() {
        return steps.get(steps.size() - 1).toString();
    }

    @Test
    void aForkNamesEveryFlagItSetAndItsResult() {
        int a = k.fork(1, new ForkOptions("box", true, false)).value();
        assertEquals("fork(by 1, newpid=true, cgroup=box) = ok " + a, last());
        int c = k.fork(a, ForkOptions.PLAIN).value();
        int b = k.fork(c, new ForkOptions(null, false, true, true, true, true, true, true)).value();
        assertEquals("fork(by " + c + ", parent=true, files=true, vm=true, fs=true, sighand=true, thread=true) = ok " + b,
                last());
        k.eclone(a, ForkOptions.PLAIN, List.of(7));
        assertEquals("eclone(by " + a + ", pids=[7]) = ok " + steps.get(steps.size() - 1).result().value(), last());
    }

    @Test
    void aFailedCallShowsItsErrnoAndReason() {
        k.wait(1, 1);
        assertEquals("wait(by 1, child=1) = ECHILD (1 is not a child of 1)", last());
        assertEquals(Errno.ECHILD, steps.get(0).result().errno());
    }

    @Test
    void argumentsAreReadByName() {
        k.setgid(1, 5);
        Step s = steps.get(0);
        assertEquals(5, s.intArg("gid"));
        assertThrows(IllegalStateException.class, () -> s.intArg("uid"));
        assertThrows(IllegalStateException.class, () -> s.stringArg("gid"));
        k.kill(1, 1, Signal.SIGUSR1);
        assertEquals("SIGUSR1", steps.get(1).stringArg("signal"));
        assertEquals("setgid(by 1, gid=5) = ok", s.toString());
    }

    @Test
    void resultsPrintTheirValueOrErrnoOrWhatBlocksThem() {
        assertEquals("ok", Result.ok(null).toString());
        assertEquals("ok 3", Result.ok(3).toString());
        assertEquals("EPERM (not yours)", Result.error(Errno.EPERM, "not yours").toString());
        assertEquals("EPERM", Result.error(Errno.EPERM, null).toString());
        assertEquals("blocked (frozen)", Result.blocked("frozen").toString());
    }
}
