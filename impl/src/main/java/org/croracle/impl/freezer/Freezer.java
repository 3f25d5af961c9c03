package org.croracle.impl.freezer;

import org.croracle.impl.kernel.FreezerReading;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Transition;

/**
 * The freezer cgroup subsystem (kernel/cgroup_freezer.c with linux-cr's CHECKPOINTING). An
 * interface so that tests can run the kernel with a deliberately broken freezer and see the oracle
 * catch it; {@link LinuxFreezer} is the one the kernel uses.
 */
public interface Freezer {

    /** freezer_fork: the state a task forked into {@code cgroup} starts in. */
    RunState stateAtBirth(Cgroup cgroup);

    /** freezer_can_attach: whether a task from another cgroup may join {@code cgroup}. */
    boolean canAttach(Cgroup cgroup);

    /**
     * freezer_can_attach's other half: whether a task of {@code cgroup} may be moved out of it
     * (nothing freezing, frozen or being checkpointed moves to or from anywhere).
     */
    default boolean canLeave(Cgroup cgroup) {
        return cgroup.state() == FreezerState.THAWED;
    }

    /** A user's write of {@code goal} (FROZEN or THAWED) to freezer.state; returns the new state. */
    Transition<FreezerState> write(KernelState state, String cgroup, FreezerState goal);

    /** Whether the task with this pid would now enter the refrigerator (try_to_freeze). */
    boolean shouldRefrigerate(KernelState state, int pid);

    /** refrigerator(): the task stops in the refrigerator. */
    Transition<Void> refrigerate(KernelState state, int pid);

    /** update_if_frozen, run when freezer.state is read: FREEZING becomes FROZEN once all are frozen. */
    Transition<FreezerReading> read(KernelState state, String cgroup);

    /** cgroup_freezer_begin_checkpoint: FROZEN becomes CHECKPOINTING, else EBUSY. */
    Transition<Void> beginCheckpoint(KernelState state, String cgroup);

    /** cgroup_freezer_end_checkpoint: CHECKPOINTING goes back to FROZEN. */
    Transition<Void> endCheckpoint(KernelState state, String cgroup);

    /**
     * Whether a task of this cgroup is held by a checkpoint, so that another task may not take a
     * reference to what it holds through /proc/PID/fd (or pidfd_getfd): the cgroup is
     * CHECKPOINTING. linux-cr has no such guard; without it a reference taken after the leak check
     * goes into a container's image unseen (specs/concurrentcheckpoint, ProcFdDuringDump).
     */
    default boolean holdsForCheckpoint(Cgroup cgroup) {
        return cgroup.state() == FreezerState.CHECKPOINTING;
    }
}
