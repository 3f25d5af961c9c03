package org.croracle.oracle.eclone;

import java.util.List;
import java.util.TreeMap;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.model.eclone.EcloneState;

/**
 * The refinement mapping of PID namespaces: Eclone.tla's variables for the whole kernel. Tasks
 * are identified by their global pid. {@code lastClone} and {@code lastKill} are history
 * variables: they come from the step that led to this state (see {@link #of}), not from the kernel.
 */
public final class EcloneAbstraction {
    private EcloneAbstraction() {}

    /**
     * @param lastClone what the last step was, if it was a successful fork or eclone; null otherwise
     * @param lastKill  what the last step was, if it was a kill that killed a namespace's init; null otherwise
     */
    public static EcloneState of(KernelState kernel, EcloneState.LastClone lastClone, EcloneState.LastKill lastKill) {
        TreeMap<Integer, EcloneState.Namespace> namespaces = new TreeMap<>();
        kernel.namespaces().forEach((id, n) ->
                namespaces.put(id, new EcloneState.Namespace(n.parent(), n.level(), n.lastPid(), n.init())));
        TreeMap<Integer, EcloneState.TaskPids> tasks = new TreeMap<>();
        for (Task t : kernel.tasks().values()) {
            tasks.put(t.pid(), new EcloneState.TaskPids(t.pids(), t.ns(),
                    t.ppid() == 0 ? EcloneState.NO_TASK : t.ppid(), t.tgid(), t.sid(), t.pgid(), t.isZombie(), t.privileged(),
                    t.subreaper()));
        }
        // The kernel's lingering pids are the spec's ghosts.
        TreeMap<Integer, EcloneState.Ghost> ghosts = new TreeMap<>();
        kernel.lingeringPids().forEach((pid, g) -> ghosts.put(pid, new EcloneState.Ghost(g.pids(), g.chain())));
        return new EcloneState(namespaces, kernel.pidmaps(), tasks, ghosts,
                lastClone == null ? EcloneState.LastClone.NONE : lastClone,
                lastKill == null ? EcloneState.LastKill.NONE : lastKill);
    }

    /** The lastClone record of a fork or eclone that created {@code child} with the request {@code req}. */
    public static EcloneState.LastClone clone(KernelState after, int child, List<Integer> req, boolean newns) {
        Task t = after.tasks().get(child);
        return new EcloneState.LastClone(child, req, newns, t.privileged());
    }
}
