package org.croracle.impl.kernel;

import java.util.List;

/**
 * A task as the kernel holds it. Identified by its pid in the root PID namespace (the global
 * pid, {@link #pid()}). {@code exitStatus} is meaningful only for a zombie.
 *
 * @param pids       its pid in every namespace from the root down to its own, outermost first
 * @param ns         the id of its own PID namespace
 * @param ppid       global pid of the parent (0 for the root namespace's init)
 * @param cgroup     name of its freezer cgroup ("/" is the root cgroup, which cannot be frozen)
 * @param state      scheduling state
 * @param exitStatus exit code of a zombie
 * @param uid        its user id; uid 0 in the initial user namespace is privileged (CAP_SYS_ADMIN)
 */
public record Task(List<Integer> pids, int ns, int ppid, String cgroup, RunState state, int exitStatus, int uid) {

    public Task {
        pids = List.copyOf(pids);
    }

    /** The global pid: its pid in the root namespace. */
    public int pid() {
        return pids.get(0);
    }

    /** Its namespace's level (0 for the root namespace). */
    public int level() {
        return pids.size() - 1;
    }

    /** Its pid in the namespace at {@code level} of its chain. */
    public int pidAt(int level) {
        return pids.get(level);
    }

    public boolean privileged() {
        return uid == 0;
    }

    public boolean isZombie() {
        return state == RunState.ZOMBIE;
    }

    /** Whether the task can make a system call now. */
    public boolean runnable() {
        return state == RunState.RUNNING;
    }

    public Task withState(RunState newState) {
        return new Task(pids, ns, ppid, cgroup, newState, exitStatus, uid);
    }

    public Task withParent(int newParent) {
        return new Task(pids, ns, newParent, cgroup, state, exitStatus, uid);
    }

    public Task exited(int status) {
        return new Task(pids, ns, ppid, cgroup, RunState.ZOMBIE, status, uid);
    }

    public Task withUid(int newUid) {
        return new Task(pids, ns, ppid, cgroup, state, exitStatus, newUid);
    }
}
