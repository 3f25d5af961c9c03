package org.croracle.oracle.mutants;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.kernel.FreezerReading;

/**
 * A freezer whose checkpoint gate takes a FREEZING cgroup without asking whether every task has
 * reached the refrigerator: cgroup_freezer_begin_checkpoint must refuse it (EBUSY) while one is
 * still running, or the checkpoint reads a task that runs.
 */
final class TakesFreezingCgroup implements Freezer {
    private final Freezer linux = new LinuxFreezer();

    @Override
    public Transition<Void> beginCheckpoint(KernelState state, String name) {
        Cgroup cgroup = state.cgroups().get(name);
        if (cgroup != null && cgroup.state() == FreezerState.FREEZING) {
            return Transition.ok(null, state.withCgroup(
                    cgroup.withState(FreezerState.CHECKPOINTING).withCheckpoints(cgroup.checkpoints() + 1)));
        }
        return linux.beginCheckpoint(state, name);
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
    public Transition<Void> endCheckpoint(KernelState state, String cgroup) {
        return linux.endCheckpoint(state, cgroup);
    }
}
