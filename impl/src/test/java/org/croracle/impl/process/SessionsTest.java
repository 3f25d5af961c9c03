package org.croracle.impl.process;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.syscall.Kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.PidNamespace;
import org.junit.jupiter.api.Test;

/** setsid, setpgid and kill: every errno, in Linux's order. */
class SessionsTest {

    static Task t(Kernel k, int pid) {
        return k.state().tasks().get(pid);
    }

    @Test
    void setsidMakesANewSessionAndGroupUnlessTheCallerLeadsAGroup() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        assertEquals(a, k.setsid(a).value());
        assertEquals(a, t(k, a).sid());
        assertEquals(a, t(k, a).pgid());
        assertEquals(Errno.EPERM, k.setsid(a).errno(), "already a group leader");
        assertEquals(Errno.EPERM, k.setsid(1).errno(), "host leads group 1");
    }

    @Test
    void setsidIsRefusedWhileTheCallersOldGroupLivesOn() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        k.setpgid(a, 0, 0);                 // a leads group a
        int b = k.fork(a, ForkOptions.PLAIN).value();  // b in group a
        k.setpgid(a, 0, 1);                 // a moves back to group 1; group a lives on in b
        assertEquals(1, t(k, a).pgid());
        assertEquals(Errno.EPERM, k.setsid(a).errno(), "a group with id a still exists");
        assertEquals(a, t(k, b).pgid());
    }

    @Test
    void setpgidChecksInLinuxsOrder() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        int b = k.fork(a, ForkOptions.PLAIN).value();
        int c = k.fork(1, ForkOptions.PLAIN).value();
        assertEquals(Errno.ESRCH, k.setpgid(a, 999, 0).errno(), "no such task");
        assertEquals(Errno.ESRCH, k.setpgid(a, c, 0).errno(), "neither the caller nor its child");
        assertEquals(Errno.EINVAL, k.setpgid(a, b, -1).errno(), "negative pgid");
        k.setsid(b);
        assertEquals(Errno.EPERM, k.setpgid(a, b, 0).errno(), "a child in another session");
        assertEquals(Errno.EPERM, k.setpgid(b, 0, 0).errno(), "a session leader");
        assertEquals(Errno.EPERM, k.setpgid(a, 0, 777).errno(), "no group 777 in the caller's session");
        assertTrue(k.setpgid(a, 0, 0).isOk());
        assertTrue(k.setpgid(1, c, a).isOk(), "host moves its child c into group a, same session");
        assertEquals(a, t(k, c).pgid());
    }

    @Test
    void aZombieChildCanStillBeMoved() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        k.setpgid(a, 0, 0);
        int z = k.fork(1, ForkOptions.PLAIN).value();
        k.exit(z, 0);
        assertTrue(k.setpgid(1, z, a).isOk());
        assertEquals(a, t(k, z).pgid());
    }

    @Test
    void aDeadLeadersPidStaysAllocatedWhileItsSessionLives() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        k.setsid(a);
        int b = k.fork(a, ForkOptions.PLAIN).value();
        k.exit(a, 0);
        k.wait(1, a);
        assertFalse(k.state().tasks().containsKey(a));
        assertTrue(k.state().pidmaps().get(PidNamespace.ROOT).contains(a), "b's session keeps pid a");
        assertEquals(Errno.EBUSY, k.eclone(1, ForkOptions.PLAIN, java.util.List.of(a)).errno());
        k.exit(b, 0);
        k.wait(1, b);
        assertFalse(k.state().pidmaps().get(PidNamespace.ROOT).contains(a), "gone with its last member");
        assertTrue(k.state().lingeringPids().isEmpty());
    }

    @Test
    void orphansGoToTheNearestSubreaper() {
        Kernel k = new Kernel();
        int r = k.fork(1, ForkOptions.PLAIN).value();
        k.subreaper(r, true);
        int m = k.fork(r, ForkOptions.PLAIN).value();
        int o = k.fork(m, ForkOptions.PLAIN).value();
        k.exit(m, 0);
        assertEquals(r, t(k, o).ppid());
        k.subreaper(r, false);
        int o2 = k.fork(o, ForkOptions.PLAIN).value();
        k.exit(o, 0);
        assertEquals(1, t(k, o2).ppid(), "no subreaper left: init");
    }

    @Test
    void cloneParentMakesASibling() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        int b = k.fork(a, new ForkOptions(null, false, true)).value();
        assertEquals(1, t(k, b).ppid());
        assertEquals(Errno.EINVAL, k.fork(1, new ForkOptions(null, false, true)).errno(), "not from an init");
    }

    @Test
    void killFollowsLinux() {
        Kernel k = new Kernel();
        int c = k.fork(1, ForkOptions.NEWPID).value();
        int d = k.fork(c, ForkOptions.PLAIN).value();
        int u = k.fork(1, ForkOptions.PLAIN).value();
        k.setuid(u, 1000);
        assertEquals(Errno.ESRCH, k.kill(d, 1, Signal.SIGTERM).errno(), "host is not visible from inside");
        assertEquals(Errno.EPERM, k.kill(u, d, Signal.SIGTERM).errno(), "another user's task");
        assertTrue(k.kill(d, c, Signal.SIGKILL).isOk());
        assertFalse(t(k, c).isZombie(), "an init ignores SIGKILL from inside its namespace");
        assertTrue(k.kill(1, 1, Signal.SIGKILL).isOk());
        assertFalse(t(k, 1).isZombie(), "the root init ignores it from anywhere");
        assertTrue(k.kill(1, d, Signal.SIGCHLD).isOk());
        assertFalse(t(k, d).isZombie(), "SIGCHLD's default is to ignore");
        assertTrue(k.kill(1, d, Signal.SIGTERM).isOk());
        assertEquals(Signal.SIGTERM, t(k, d).exit().signal());
        assertTrue(k.kill(1, d, Signal.SIGKILL).isOk(), "a signal to a zombie succeeds and does nothing");
        assertTrue(k.kill(1, c, Signal.SIGKILL).isOk());
        assertTrue(t(k, c).isZombie(), "SIGKILL from the parent namespace kills an init");
        assertFalse(k.state().tasks().containsKey(d), "and its namespace");
    }

    @Test
    void aFatalSignalToAFrozenTaskWaitsForTheThaw() {
        Kernel k = new Kernel();
        int c = k.fork(1, ForkOptions.intoCgroup("box")).value();
        k.freeze("box");
        assertTrue(k.kill(1, c, Signal.SIGKILL).isOk());
        assertEquals(RunState.FROZEN, t(k, c).state());
        k.freezerWrite("box", FreezerState.THAWED);
        assertEquals(java.util.List.of(c), k.pendingSignals());
        k.deliverPendingSignal(c);
        assertEquals(Signal.SIGKILL, t(k, c).exit().signal());
        assertNull(t(k, c).doomedBy(), "the signal was taken");
    }

    @Test
    void aNamespacesInitWaitsForItsFrozenTasksBeforeItCanDie() {
        Kernel k = new Kernel();
        int c = k.fork(1, ForkOptions.NEWPID).value();
        int d = k.fork(c, ForkOptions.intoCgroup("box")).value();
        k.freeze("box");
        assertEquals(Result.Status.BLOCKED, k.exit(c, 0).status(), "zap_pid_ns_processes would wait for d");
        assertTrue(k.kill(1, c, Signal.SIGKILL).isOk());
        assertFalse(t(k, c).isZombie(), "the SIGKILL waits too");
        assertEquals(java.util.List.of(), k.pendingSignals());
        k.freezerWrite("box", FreezerState.THAWED);
        assertEquals(java.util.List.of(c), k.pendingSignals());
        k.deliverPendingSignal(c);
        assertTrue(t(k, c).isZombie());
        assertFalse(k.state().tasks().containsKey(d), "d was killed and reaped with its namespace");
        assertEquals(java.util.List.of(), KernelInvariants.violations(k.state()));
    }
}
