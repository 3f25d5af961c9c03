package org.croracle.oracle.freeze;

import java.util.List;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.freezer.LinuxFreezer;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;

/** Copies of the freezer with one deliberate mistake each, for showing that the oracle catches them. */
final class BrokenFreezers {
    private BrokenFreezers() {}

    /** freezer_fork forgotten: a task forked while FREEZING starts running. */
    static final class BornRunning extends LinuxFreezer {
        @Override
        public RunState stateAtBirth(Cgroup cgroup) {
            return RunState.RUNNING;
        }
    }

    /** Counts a task in uninterruptible sleep as frozen, so FROZEN comes too early. */
    static final class IgnoresSleepers extends LinuxFreezer {
        @Override
        protected boolean allFrozen(List<Task> members) {
            return members.stream().filter(t -> !t.isZombie())
                    .allMatch(t -> t.state() == RunState.FROZEN || t.state() == RunState.DSLEEP);
        }
    }

    /** The EBUSY check on freezer.state is missing: a user thaws a cgroup mid-checkpoint. */
    static final class ThawsWhileCheckpointing extends LinuxFreezer {
        @Override
        public Transition<FreezerState> write(KernelState state, String name, FreezerState goal) {
            Cgroup cg = state.cgroups().get(name);
            if (cg != null && cg.state() == FreezerState.CHECKPOINTING && goal == FreezerState.THAWED) {
                return super.write(state.withCgroup(cg.withState(FreezerState.FROZEN)), name, goal);
            }
            return super.write(state, name, goal);
        }
    }
}
