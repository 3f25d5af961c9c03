package org.croracle.oracle.freeze;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;

import java.util.TreeMap;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.model.freeze.FreezeState;
import org.croracle.model.freeze.TaskFreezeState;

/**
 * The refinement mapping of the freezer: what Freeze.tla's variables are for one cgroup of the
 * kernel. A cgroup that does not exist (yet) maps to Freeze.tla's Init: empty and THAWED.
 */
public final class FreezeAbstraction {
    private FreezeAbstraction() {}

    public static FreezeState of(KernelState kernel, String cgroup) {
        Cgroup cg = kernel.cgroups().get(cgroup);
        if (cg == null) {
            return FreezeState.EMPTY;
        }
        TreeMap<Integer, TaskFreezeState> tasks = new TreeMap<>();
        for (Task t : kernel.members(cgroup)) {
            tasks.put(t.pid(), switch (t.state()) {
                case RUNNING -> TaskFreezeState.RUNNING;
                case DSLEEP -> TaskFreezeState.DSLEEP;
                case FROZEN -> TaskFreezeState.FROZEN;
                case ZOMBIE -> TaskFreezeState.ZOMBIE;
            });
        }
        return new FreezeState(org.croracle.model.freeze.FreezerState.valueOf(cg.state().name()), tasks, cg.checkpoints());
    }
}
