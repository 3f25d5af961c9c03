package org.croracle.impl.freezer;

import org.croracle.impl.kernel.FreezerReading;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;

import java.util.List;
import java.util.Optional;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;

/** The freezer as linux-cr v21 has it (specs/freeze/Freeze.tla). */
public class LinuxFreezer implements Freezer {

    @Override
    public RunState stateAtBirth(Cgroup cgroup) {
        // freezer_fork: a child of a freezing cgroup is frozen before it ever runs.
        return cgroup.state().freezing() ? RunState.FROZEN : RunState.RUNNING;
    }

    @Override
    public boolean canAttach(Cgroup cgroup) {
        return cgroup.state() == FreezerState.THAWED;
    }

    @Override
    public Transition<FreezerState> write(KernelState state, String name, FreezerState goal) {
        Optional<Transition<FreezerState>> bad = checkWritable(state, name);
        if (bad.isPresent()) {
            return bad.get();
        }
        if (goal != FreezerState.FROZEN && goal != FreezerState.THAWED) {
            return Transition.error(Errno.EINVAL, "freezer.state accepts FROZEN or THAWED, not " + goal, state);
        }
        Cgroup cgroup = state.cgroups().get(name);
        if (cgroup.state() == FreezerState.CHECKPOINTING) {
            return Transition.error(Errno.EBUSY, "cgroup " + name + " is being checkpointed", state);
        }
        if (goal == FreezerState.FROZEN) {
            // freeze_cgroup: ask every task; the tasks freeze in their own refrigerator steps.
            FreezerState next = cgroup.state() == FreezerState.THAWED ? FreezerState.FREEZING : cgroup.state();
            return Transition.ok(next, state.withCgroup(cgroup.withState(next)));
        }
        // unfreeze_cgroup: wake every frozen task of the cgroup.
        KernelState thawed = state.withCgroup(cgroup.withState(FreezerState.THAWED));
        for (Task t : state.members(name)) {
            if (t.state() == RunState.FROZEN) {
                thawed = thawed.withTask(t.withState(RunState.RUNNING));
            }
        }
        return Transition.ok(FreezerState.THAWED, thawed);
    }

    private static <T> Optional<Transition<T>> checkWritable(KernelState state, String name) {
        Cgroup cgroup = state.cgroups().get(name);
        if (cgroup == null) {
            return Optional.of(Transition.error(Errno.ENOENT, "no freezer cgroup " + name, state));
        }
        if (cgroup.isRoot()) {
            return Optional.of(Transition.error(Errno.EINVAL, "the root cgroup cannot be frozen", state));
        }
        return Optional.empty();
    }

    @Override
    public boolean shouldRefrigerate(KernelState state, int pid) {
        Task t = state.tasks().get(pid);
        return t != null && t.state() == RunState.RUNNING && state.cgroups().get(t.cgroup()).state().freezing();
    }

    @Override
    public Transition<Void> refrigerate(KernelState state, int pid) {
        if (!shouldRefrigerate(state, pid)) {
            return Transition.error(Errno.EINVAL, "task " + pid + " has no freeze pending", state);
        }
        return Transition.ok(null, state.withTask(state.tasks().get(pid).withState(RunState.FROZEN)));
    }

    @Override
    public Transition<FreezerReading> read(KernelState state, String name) {
        Cgroup cgroup = state.cgroups().get(name);
        if (cgroup == null) {
            return Transition.error(Errno.ENOENT, "no freezer cgroup " + name, state);
        }
        if (cgroup.state() == FreezerState.FREEZING && allFrozen(state.members(name))) {
            return Transition.ok(new FreezerReading(FreezerState.FROZEN, true),
                    state.withCgroup(cgroup.withState(FreezerState.FROZEN)));
        }
        return Transition.ok(new FreezerReading(cgroup.state(), false), state);
    }

    /** update_freezer_state's count: every task that has not exited is in the refrigerator. */
    protected boolean allFrozen(List<Task> members) {
        return members.stream().filter(t -> !t.isZombie()).allMatch(t -> t.state() == RunState.FROZEN);
    }

    @Override
    public Transition<Void> beginCheckpoint(KernelState state, String name) {
        Optional<Transition<Void>> bad = checkWritable(state, name);
        if (bad.isPresent()) {
            return bad.get();
        }
        Cgroup cgroup = state.cgroups().get(name);
        boolean frozen = cgroup.state() == FreezerState.FROZEN
                || cgroup.state() == FreezerState.FREEZING && allFrozen(state.members(name));
        if (!frozen) {
            return Transition.error(Errno.EBUSY, "cgroup " + name + " is " + cgroup.state() + ", not FROZEN", state);
        }
        return Transition.ok(null, state.withCgroup(
                cgroup.withState(FreezerState.CHECKPOINTING).withCheckpoints(cgroup.checkpoints() + 1)));
    }

    @Override
    public Transition<Void> endCheckpoint(KernelState state, String name) {
        Cgroup cgroup = state.cgroups().get(name);
        if (cgroup == null || cgroup.state() != FreezerState.CHECKPOINTING) {
            return Transition.error(Errno.EINVAL, "cgroup " + name + " is not being checkpointed", state);
        }
        return Transition.ok(null, state.withCgroup(
                cgroup.withState(FreezerState.FROZEN).withCheckpoints(cgroup.checkpoints() - 1)));
    }
}
