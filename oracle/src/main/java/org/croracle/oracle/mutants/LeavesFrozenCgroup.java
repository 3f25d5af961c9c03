package org.croracle.oracle.mutants;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerReading;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Transition;

/**
 * A freezer whose freezer_can_attach asks only about the destination: a task of a FREEZING,
 * FROZEN or CHECKPOINTING cgroup is moved out of it by a write to another cgroup's cgroup.procs,
 * frozen as it is, and a checkpoint holding its cgroup loses a task of its tree.
 */
final class LeavesFrozenCgroup implements Freezer {
    private final Freezer linux = new LinuxFreezer();

    @Override
    public boolean canLeave(Cgroup cgroup) {
        return true;
    }

    @Override
    public RunState stateAtBirth(Cgroup cgroup) {
        return linux.stateAtBirth(cgroup);
    }

    @Override
    public boolean canAttach(Cgroup cgroup) {
        return linux.canAttach(cgroup);
    }

    @Override
    public Transition<FreezerState> write(KernelState state, String cgroup, FreezerState goal) {
        return linux.write(state, cgroup, goal);
    }

    @Override
    public boolean shouldRefrigerate(KernelState state, int pid) {
        return linux.shouldRefrigerate(state, pid);
    }

    @Override
    public Transition<Void> refrigerate(KernelState state, int pid) {
        return linux.refrigerate(state, pid);
    }

    @Override
    public Transition<FreezerReading> read(KernelState state, String cgroup) {
        return linux.read(state, cgroup);
    }

    @Override
    public Transition<Void> beginCheckpoint(KernelState state, String cgroup) {
        return linux.beginCheckpoint(state, cgroup);
    }

    @Override
    public Transition<Void> endCheckpoint(KernelState state, String cgroup) {
        return linux.endCheckpoint(state, cgroup);
    }
}
