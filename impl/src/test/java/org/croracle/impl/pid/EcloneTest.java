package org.croracle.impl.pid;

import org.croracle.impl.kernel.PidNamespace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Task;
import org.junit.jupiter.api.Test;

/** eclone and PID namespaces: each errno, and that a failure allocates nothing anywhere. */
class EcloneTest {

    /** host -> c (pid 1 of a new namespace, level 1) -> d (level 1). */
    static int[] nested(Kernel k) {
        int c = k.fork(1, ForkOptions.NEWPID).value();
        int d = k.fork(c, ForkOptions.PLAIN).value();
        return new int[] {c, d};
    }

    static Task task(Kernel k, int pid) {
        return k.state().tasks().get(pid);
    }

    /** Runs a call that must fail with {@code errno} and checks that no pid moved at any level. */
    static void failsCleanly(Kernel k, Errno errno, Function<Kernel, Result<Integer>> call) {
        KernelState before = k.state();
        Result<Integer> r = call.apply(k);
        assertEquals(errno, r.errno(), r.toString());
        assertEquals(before.pidmaps(), k.state().pidmaps(), "a failed eclone allocates nothing");
        assertEquals(before.namespaces(), k.state().namespaces(), "nor moves last_pid or makes a namespace");
        assertEquals(before.tasks(), k.state().tasks());
    }

    @Test
    void newPidMakesPidOneOfANamespaceOneLevelDown() {
        Kernel k = new Kernel();
        int[] cd = nested(k);
        assertEquals(List.of(2, 1), task(k, cd[0]).pids());
        assertEquals(List.of(3, 2), task(k, cd[1]).pids());
        assertEquals(cd[0], k.state().namespaces().get(task(k, cd[0]).ns()).init());
    }

    @Test
    void ecloneHonoursPidsRightAlignedToTheCallersInnermostLevels() {
        Kernel k = new Kernel();
        int c = nested(k)[0];
        int e = k.eclone(c, ForkOptions.PLAIN, List.of(500)).value();
        assertEquals(500, task(k, e).pidAt(1), "one entry: the caller's own level");
        int f = k.eclone(c, ForkOptions.PLAIN, List.of(700, 501)).value();
        assertEquals(List.of(700, 501), task(k, f).pids(), "outermost first");
        int g = k.eclone(c, ForkOptions.PLAIN, List.of(0, 502)).value();
        assertEquals(502, task(k, g).pidAt(1));
        assertEquals(5, task(k, g).pidAt(0), "0 is automatic (e took 4)");
        int h = k.eclone(c, ForkOptions.NEWPID, List.of(800, 503)).value();
        assertEquals(List.of(800, 503, 1), task(k, h).pids(), "the new namespace's own level is always 1");
    }

    @Test
    void explicitPidsDoNotMoveLastPid() {
        Kernel k = new Kernel();
        k.eclone(1, ForkOptions.PLAIN, List.of(1000));
        assertEquals(2, k.fork(1, ForkOptions.PLAIN).value());
    }

    @Test
    void tooManyPidsIsEinval() {
        Kernel k = new Kernel();
        failsCleanly(k, Errno.EINVAL, kk -> kk.eclone(1, ForkOptions.PLAIN, List.of(5, 6)));
        int c = nested(k)[0];
        failsCleanly(k, Errno.EINVAL, kk -> kk.eclone(c, ForkOptions.PLAIN, List.of(5, 6, 7)));
    }

    @Test
    void outOfRangePidsAreEinval() {
        Kernel k = new Kernel();
        failsCleanly(k, Errno.EINVAL, kk -> kk.eclone(1, ForkOptions.PLAIN, List.of(-1)));
        failsCleanly(k, Errno.EINVAL, kk -> kk.eclone(1, ForkOptions.PLAIN, List.of(KernelConfig.DEFAULT_PID_MAX)));
    }

    @Test
    void aPidBelowReservedOnceLastPidPassedItIsEinval() {
        Kernel k = new Kernel(KernelConfig.defaults().withPidMax(400));
        for (int i = 0; i < 305; i++) {
            int p = k.fork(1, ForkOptions.PLAIN).value();
            if (p < 300) {
                k.exit(p, 0);
                k.wait(1, p);
            }
        }
        assertTrue(k.state().namespaces().get(PidNamespace.ROOT).lastPid() >= AllocPid.RESERVED_PIDS);
        failsCleanly(k, Errno.EINVAL, kk -> kk.eclone(1, ForkOptions.PLAIN, List.of(10)));
        assertTrue(k.eclone(1, ForkOptions.PLAIN, List.of(390)).isOk());
    }

    @Test
    void aPidInUseIsEbusyAtAnyLevel() {
        Kernel k = new Kernel();
        int[] cd = nested(k);
        failsCleanly(k, Errno.EBUSY, kk -> kk.eclone(cd[0], ForkOptions.PLAIN, List.of(2)), "level 1: d has 2");
        // the inner level is free, the outer one busy: nothing may stay allocated at the inner level
        failsCleanly(k, Errno.EBUSY, kk -> kk.eclone(cd[0], ForkOptions.PLAIN, List.of(3, 600)));
        k.exit(cd[1], 0);
        failsCleanly(k, Errno.EBUSY, kk -> kk.eclone(cd[0], ForkOptions.PLAIN, List.of(2)), "a zombie still holds its pid");
    }

    static void failsCleanly(Kernel k, Errno errno, Function<Kernel, Result<Integer>> call, String why) {
        failsCleanly(k, errno, call);
    }

    @Test
    void explicitPidsOrANewNamespaceWithoutPrivilegeAreEperm() {
        Kernel k = new Kernel();
        int u = k.fork(1, ForkOptions.PLAIN).value();
        k.setuid(u, 1000);
        failsCleanly(k, Errno.EPERM, kk -> kk.eclone(u, ForkOptions.PLAIN, List.of(900)));
        failsCleanly(k, Errno.EPERM, kk -> kk.fork(u, ForkOptions.NEWPID));
        assertTrue(k.eclone(u, ForkOptions.PLAIN, List.of(0)).isOk(), "an all-automatic array needs no privilege");
        assertEquals(Errno.EPERM, k.setuid(u, 0).errno(), "privilege does not come back");
    }

    @Test
    void namespacesNestAtMostMaxLevelDeep() {
        Kernel k = new Kernel(new KernelConfig(KernelConfig.DEFAULT_PID_MAX, 2, new org.croracle.impl.freezer.LinuxFreezer(), new AllocPid(), KernelConfig.RestartFaults.NONE));
        int a = k.fork(1, ForkOptions.NEWPID).value();
        int b = k.fork(a, ForkOptions.NEWPID).value();
        failsCleanly(k, Errno.ENOSPC, kk -> kk.fork(b, ForkOptions.NEWPID));
    }

    @Test
    void noFreePidIsEagain() {
        Kernel k = new Kernel(KernelConfig.defaults().withPidMax(303));
        while (k.fork(1, ForkOptions.PLAIN).isOk()) {
            // fill pids 2..302
        }
        failsCleanly(k, Errno.EAGAIN, kk -> kk.fork(1, ForkOptions.PLAIN));
        failsCleanly(k, Errno.EAGAIN, kk -> kk.eclone(1, ForkOptions.PLAIN, List.of(0)));
    }

    @Test
    void theInitOfANamespaceTakesItsNamespaceWithIt() {
        Kernel k = new Kernel();
        int[] cd = nested(k);
        int deeper = k.fork(cd[1], ForkOptions.NEWPID).value();
        int inDeeper = k.fork(deeper, ForkOptions.PLAIN).value();
        assertTrue(k.exit(cd[0], 9).isOk());
        assertTrue(task(k, cd[0]).isZombie());
        for (int gone : new int[] {cd[1], deeper, inDeeper}) {
            assertFalse(k.state().tasks().containsKey(gone), gone + " was killed and reaped");
        }
        assertEquals(List.of(1, 2), List.copyOf(k.state().pidmaps().get(PidNamespace.ROOT)), "their pids are free");
        assertEquals(2, k.state().namespaces().size(), "the nested namespace is gone; c's stays until c is reaped");
        assertEquals(9, k.wait(1, cd[0]).value().code());
        assertEquals(1, k.state().namespaces().size());
        assertEquals(List.of(1), List.copyOf(k.state().pidmaps().get(PidNamespace.ROOT)));
    }

    @Test
    void orphansGoToTheInitOfTheirParentsNamespace() {
        Kernel k = new Kernel();
        int[] cd = nested(k);
        int e = k.fork(cd[1], ForkOptions.PLAIN).value();
        k.exit(cd[1], 0);
        assertEquals(cd[0], task(k, e).ppid());
    }
}
