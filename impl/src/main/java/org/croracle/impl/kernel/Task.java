package org.croracle.impl.kernel;

/**
 * A task as the kernel holds it. Identified by its pid in the root PID namespace (the global
 * pid). {@code exitStatus} is meaningful only for a zombie.
 *
 * @param pid        global pid
 * @param ppid       global pid of the parent (0 for the root namespace's init)
 * @param cgroup     name of its freezer cgroup ("/" is the root cgroup, which cannot be frozen)
 * @param state      scheduling state
 * @param exitStatus exit code of a zombie
 */
public record Task(int pid, int ppid, String cgroup, RunState state, int exitStatus) {

    public boolean isZombie() {
        return state == RunState.ZOMBIE;
    }

    /** Whether the task can make a system call now. */
    public boolean runnable() {
        return state == RunState.RUNNING;
    }

    public Task withState(RunState newState) {
        return new Task(pid, ppid, cgroup, newState, exitStatus);
    }

    public Task withParent(int newParent) {
        return new Task(pid, newParent, cgroup, state, exitStatus);
    }

    public Task exited(int status) {
        return new Task(pid, ppid, cgroup, RunState.ZOMBIE, status);
    }
}
