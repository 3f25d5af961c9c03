package org.croracle.impl.process;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The errno of each process call is part of its contract. */
class TaskCallsTest {

    @Test
    void forkHandsOutPidsInOrderAndRecordsTheParent() {
        Kernel k = new Kernel();
        assertEquals(1, k.hostPid());
        int a = k.fork(1, ForkOptions.PLAIN).value();
        int b = k.fork(a, ForkOptions.PLAIN).value();
        assertEquals(2, a);
        assertEquals(3, b);
        assertEquals(a, k.getppid(b).value());
        assertEquals("/", k.state().tasks().get(b).cgroup());
    }

    @Test
    void pidsWrapToThreeHundredAndSkipPidsInUse() {
        Kernel k = new Kernel(KernelConfig.defaults().withPidMax(303));
        List<Integer> pids = new ArrayList<>();
        for (int i = 0; i < 301; i++) {
            pids.add(k.fork(1, ForkOptions.PLAIN).value());
        }
        assertEquals(302, pids.get(300));
        assertEquals(Errno.EAGAIN, k.fork(1, ForkOptions.PLAIN).errno(), "every pid below pid_max in use");
        k.exit(300, 0);
        k.wait(1, 300);
        assertEquals(300, k.fork(1, ForkOptions.PLAIN).value(), "after the wrap, allocation restarts at 300");
    }

    @Test
    void exitMakesAZombieUntilItsParentReapsIt() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        int b = k.fork(a, ForkOptions.PLAIN).value();
        assertEquals(Errno.EAGAIN, k.wait(a, b).errno(), "not a zombie yet");
        assertTrue(k.exit(b, 7).isOk());
        assertTrue(k.state().tasks().get(b).isZombie());
        assertEquals(Errno.ECHILD, k.wait(1, b).errno(), "not the parent");
        assertEquals(Errno.ESRCH, k.fork(b, ForkOptions.PLAIN).errno(), "a zombie makes no call");
        assertEquals(7, k.wait(a, b).value().code());
        assertFalse(k.state().tasks().containsKey(b));
        assertEquals(Errno.ECHILD, k.wait(a, b).errno(), "already reaped");
    }

    @Test
    void orphansGoToInit() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        int b = k.fork(a, ForkOptions.PLAIN).value();
        k.exit(a, 0);
        assertEquals(1, k.getppid(b).value());
    }

    @Test
    void theRootInitCannotExit() {
        Kernel k = new Kernel();
        assertEquals(Errno.EINVAL, k.exit(1, 0).errno());
    }

    @Test
    void aFailedCallLeavesTheStateAsItWasAndIsStillRecorded() {
        Kernel k = new Kernel();
        List<Step> steps = new ArrayList<>();
        List<Boolean> unchanged = new ArrayList<>();
        k.addStepListener((before, step, after) -> {
            steps.add(step);
            unchanged.add(before == after);
        });
        KernelState s = k.state();
        k.wait(1, 42);
        assertSame(s, k.state());
        assertEquals(1, steps.size());
        assertEquals("wait", steps.get(0).op());
        assertEquals(Errno.ECHILD, steps.get(0).result().errno());
        assertTrue(unchanged.get(0));
    }

    @Test
    void uninterruptibleSleepBlocksEveryCallUntilItEnds() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        assertTrue(k.sleepBegin(a).isOk());
        assertEquals(Result.Status.BLOCKED, k.fork(a, ForkOptions.PLAIN).status());
        assertEquals(Result.Status.BLOCKED, k.exit(a, 0).status());
        assertEquals(Errno.EINVAL, k.sleepEnd(1).errno(), "host is not asleep");
        assertTrue(k.sleepEnd(a).isOk());
        assertTrue(k.fork(a, ForkOptions.PLAIN).isOk());
    }
}
