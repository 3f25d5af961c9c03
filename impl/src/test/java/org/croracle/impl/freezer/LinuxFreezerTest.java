package org.croracle.impl.freezer;

import org.croracle.impl.kernel.FreezerState;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.RunState;
import org.junit.jupiter.api.Test;

/** The freezer cgroup's states, transitions and errnos. */
class LinuxFreezerTest {

    private static int boxWithOneTask(Kernel k) {
        return k.fork(k.hostPid(), ForkOptions.intoCgroup("box")).value();
    }

    private static RunState state(Kernel k, int pid) {
        return k.state().tasks().get(pid).state();
    }

    @Test
    void freezingIsObservableUntilEveryTaskReachesTheRefrigerator() {
        Kernel k = new Kernel();
        int c = boxWithOneTask(k);
        int d = k.fork(c, ForkOptions.PLAIN).value();
        assertEquals(FreezerState.FREEZING, k.freezerWrite("box", FreezerState.FROZEN).value());
        assertEquals(java.util.List.of(c, d), k.pendingRefrigerations());
        k.refrigerate(c);
        assertEquals(FreezerState.FREEZING, k.freezerRead("box").value().state(), "d still runs");
        k.refrigerate(d);
        assertEquals(FreezerState.FROZEN, k.freezerRead("box").value().state());
        assertEquals(RunState.FROZEN, state(k, d));
    }

    @Test
    void aChildOfAFreezingCgroupIsFrozenAtBirth() {
        Kernel k = new Kernel();
        int c = boxWithOneTask(k);
        k.freezerWrite("box", FreezerState.FROZEN);
        int d = k.fork(c, ForkOptions.PLAIN).value();
        assertEquals(RunState.FROZEN, state(k, d));
    }

    @Test
    void aFrozenTaskTakesNoStep() {
        Kernel k = new Kernel();
        int c = boxWithOneTask(k);
        k.freeze("box");
        assertEquals(Result.Status.BLOCKED, k.fork(c, ForkOptions.PLAIN).status());
        assertEquals(Result.Status.BLOCKED, k.exit(c, 0).status());
        assertEquals(Result.Status.BLOCKED, k.getppid(c).status());
        k.freezerWrite("box", FreezerState.THAWED);
        assertTrue(k.getppid(c).isOk());
    }

    @Test
    void aSleeperDelaysFrozenAndCheckpointFailsWithEbusyInsteadOfHanging() {
        Kernel k = new Kernel();
        int c = boxWithOneTask(k);
        k.sleepBegin(c);
        assertEquals(FreezerState.FREEZING, k.freeze("box").value());
        assertEquals(Errno.EBUSY, k.freezerBeginCheckpoint("box").errno());
        k.sleepEnd(c);
        k.refrigerate(c);
        assertTrue(k.freezerBeginCheckpoint("box").isOk(), "checkpoint settles a FREEZING cgroup lazily");
    }

    @Test
    void checkpointingRefusesUserWritesAndASecondCheckpoint() {
        Kernel k = new Kernel();
        boxWithOneTask(k);
        k.freeze("box");
        assertTrue(k.freezerBeginCheckpoint("box").isOk());
        assertEquals(Errno.EBUSY, k.freezerWrite("box", FreezerState.THAWED).errno());
        assertEquals(Errno.EBUSY, k.freezerWrite("box", FreezerState.FROZEN).errno());
        assertEquals(Errno.EBUSY, k.freezerBeginCheckpoint("box").errno());
        assertTrue(k.freezerEndCheckpoint("box").isOk());
        assertEquals(FreezerState.FROZEN, k.state().cgroups().get("box").state());
        assertEquals(Errno.EINVAL, k.freezerEndCheckpoint("box").errno(), "no checkpoint to end");
    }

    @Test
    void onlyAThawedCgroupAcceptsNewTasks() {
        Kernel k = new Kernel();
        boxWithOneTask(k);
        k.freeze("box");
        assertEquals(Errno.EBUSY, k.fork(k.hostPid(), ForkOptions.intoCgroup("box")).errno());
        k.freezerWrite("box", FreezerState.THAWED);
        assertTrue(k.fork(k.hostPid(), ForkOptions.intoCgroup("box")).isOk());
    }

    @Test
    void theRootCgroupCannotBeFrozenAndUnknownCgroupsDoNotExist() {
        Kernel k = new Kernel();
        assertEquals(Errno.EINVAL, k.freezerWrite("/", FreezerState.FROZEN).errno());
        assertEquals(Errno.ENOENT, k.freezerWrite("nope", FreezerState.FROZEN).errno());
        assertEquals(Errno.ENOENT, k.freezerRead("nope").errno());
        assertEquals(Errno.EINVAL, k.freezerWrite("/", FreezerState.CHECKPOINTING).errno());
        assertFalse(k.freezerWrite("nope", FreezerState.THAWED).isOk());
    }

    @Test
    void zombiesDoNotCountAndThawWakesEveryFrozenTask() {
        Kernel k = new Kernel();
        int c = boxWithOneTask(k);
        int z = k.fork(c, ForkOptions.PLAIN).value();
        k.exit(z, 1);
        assertEquals(FreezerState.FROZEN, k.freeze("box").value(), "the zombie does not hold up FROZEN");
        k.freezerWrite("box", FreezerState.THAWED);
        assertEquals(RunState.RUNNING, state(k, c));
        assertEquals(RunState.ZOMBIE, state(k, z));
    }
}
