package org.croracle.impl.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.List;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelInvariants;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.Kernel;
import org.junit.jupiter.api.Test;

/** echo PID > CGROUP/cgroup.procs: each errno of its contract, and what moves. */
class CgroupCallsTest {

    private static final ForkOptions THREAD = new ForkOptions(null, false, false, true, true, true, true, true);

    private static String cgroupOf(Kernel k, int pid) {
        return k.state().tasks().get(pid).cgroup();
    }

    private static void assertUnchanged(Kernel k, KernelState before) {
        assertSame(before.tasks(), k.state().tasks(), "a refused move changes no task");
        assertEquals(before.cgroups(), k.state().cgroups(), "a refused move makes no cgroup");
    }

    @Test
    void aTaskMovesToANewCgroupThatIsCreatedThawed() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.intoCgroup("box")).value();
        assertTrue(k.attach(1, a, "other").isOk());
        assertEquals("other", cgroupOf(k, a));
        assertEquals(FreezerState.THAWED, k.state().cgroups().get("other").state());
        assertEquals(List.of(), k.state().members("box"));
        assertTrue(k.attach(1, a, "/").isOk(), "the root cgroup takes anyone");
        assertEquals("/", cgroupOf(k, a));
        assertEquals(List.of(), KernelInvariants.violations(k.state()));
    }

    @Test
    void noSuchTaskOrAZombieIsEsrch() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        assertEquals(Errno.ESRCH, k.attach(1, 999, "box").errno());
        k.exit(a, 0);
        KernelState before = k.state();
        assertEquals(Errno.ESRCH, k.attach(1, a, "box").errno(), "a zombie has left its cgroups");
        assertUnchanged(k, before);
    }

    @Test
    void aTaskOutsideTheWritersNamespaceIsEsrch() {
        Kernel k = new Kernel();
        int init = k.fork(1, ForkOptions.NEWPID).value();
        int outside = k.fork(1, ForkOptions.PLAIN).value();
        assertEquals(Errno.ESRCH, k.attach(init, outside, "box").errno());
        assertTrue(k.attach(1, init, "box").isOk(), "host sees every task");
    }

    @Test
    void anotherUsersTaskIsEaccesUnlessTheWriterIsRoot() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.PLAIN).value();
        int b = k.fork(1, ForkOptions.PLAIN).value();
        k.setuid(a, 1000);
        KernelState before = k.state();
        assertEquals(Errno.EACCES, k.attach(a, b, "box").errno(), "uid 1000 may not move root's task");
        assertUnchanged(k, before);
        assertTrue(k.attach(a, a, "box").isOk(), "a task of its own uid");
        assertTrue(k.attach(1, a, "other").isOk(), "root moves anyone");
    }

    @Test
    void nothingMovesIntoAFreezingFrozenOrCheckpointingCgroup() {
        Kernel k = new Kernel();
        int init = k.fork(1, new ForkOptions("box", true, false)).value();
        int p = k.fork(1, ForkOptions.PLAIN).value();
        k.freezerWrite("box", FreezerState.FROZEN);
        KernelState before = k.state();
        assertEquals(Errno.EBUSY, k.attach(1, p, "box").errno(), "FREEZING");
        assertUnchanged(k, before);
        k.refrigerate(init);
        k.freezerRead("box");
        assertEquals(Errno.EBUSY, k.attach(1, p, "box").errno(), "FROZEN");
        k.freezerBeginCheckpoint("box");
        assertEquals(Errno.EBUSY, k.attach(1, p, "box").errno(), "CHECKPOINTING");
        assertEquals("/", cgroupOf(k, p));
    }

    @Test
    void nothingLeavesAFreezingFrozenOrCheckpointingCgroup() {
        Kernel k = new Kernel();
        int init = k.fork(1, new ForkOptions("box", true, false)).value();
        k.freezerWrite("box", FreezerState.FROZEN);
        KernelState before = k.state();
        assertEquals(Errno.EBUSY, k.attach(1, init, "other").errno(), "FREEZING");
        assertUnchanged(k, before);
        k.refrigerate(init);
        k.freezerRead("box");
        assertEquals(Errno.EBUSY, k.attach(1, init, "other").errno(), "FROZEN");
        k.freezerBeginCheckpoint("box");
        assertEquals(Errno.EBUSY, k.attach(1, init, "/").errno(), "CHECKPOINTING");
        k.freezerEndCheckpoint("box");
        k.freezerWrite("box", FreezerState.THAWED);
        assertTrue(k.attach(1, init, "other").isOk(), "THAWED again");
        assertEquals(List.of(), KernelInvariants.violations(k.state()));
    }

    @Test
    void aMoveToTheCgroupTheTaskIsInSucceedsWithoutTheFreezersCheck() {
        Kernel k = new Kernel();
        int init = k.fork(1, new ForkOptions("box", true, false)).value();
        k.freeze("box");
        KernelState before = k.state();
        assertTrue(k.attach(1, init, "box").isOk(), "cgroup_attach_task returns at once: nothing moves");
        assertSame(before.tasks(), k.state().tasks());
    }

    @Test
    void theWholeThreadGroupMovesEachInItsState() {
        Kernel k = new Kernel();
        int leader = k.fork(1, ForkOptions.intoCgroup("box")).value();
        int thread = k.fork(leader, THREAD).value();
        assertEquals(leader, k.state().tasks().get(thread).tgid());
        k.sleepBegin(thread);
        assertTrue(k.attach(1, thread, "other").isOk(), "naming a thread moves its whole group");
        assertEquals("other", cgroupOf(k, leader));
        assertEquals("other", cgroupOf(k, thread));
        assertEquals(RunState.DSLEEP, k.state().tasks().get(thread).state(), "a sleeping thread keeps sleeping");
        assertEquals(List.of(), k.state().members("box"));
        assertEquals(List.of(), KernelInvariants.violations(k.state()));
    }

    @Test
    void aFrozenCallerMakesNoWrite() {
        Kernel k = new Kernel();
        int a = k.fork(1, ForkOptions.intoCgroup("box")).value();
        int b = k.fork(1, ForkOptions.PLAIN).value();
        k.freeze("box");
        assertEquals(org.croracle.impl.kernel.Result.Status.BLOCKED, k.attach(a, b, "other").status());
        assertEquals("/", cgroupOf(k, b));
    }

    @Test
    void aTaskThatLeftBeforeTheGateIsAStrangerToTheCheckpoint() {
        Kernel k = new Kernel();
        int init = k.fork(1, new ForkOptions("box", true, false)).value();
        int a = k.fork(init, ForkOptions.PLAIN).value();
        k.freeze("box");
        k.open(1, "/ckpt/image", 3, false, true);
        assertTrue(k.checkpointStart(1, init, 0, new CheckpointIo(3, new ByteArrayOutputStream(), 3, line -> { })).isOk());
        k.freezerWrite("box", FreezerState.THAWED);
        assertTrue(k.attach(1, a, "other").isOk());
        k.freeze("box");
        var r = k.checkpointWait();
        assertEquals(Errno.EBUSY, r.errno(), "may_checkpoint_task: a is not frozen in box");
        Task moved = k.state().tasks().get(a);
        assertEquals("other", moved.cgroup());
        assertEquals(List.of(), KernelInvariants.violations(k.state()));
    }
}
