package org.croracle.impl.kernel;

import java.util.List;

/**
 * A task as the kernel holds it. Identified by its pid in the root PID namespace (the global
 * pid, {@link #pid()}); every other task reference (parent, session, group) is a global pid too.
 *
 * @param pids      its pid in every namespace from the root down to its own, outermost first
 * @param ns        the id of its own PID namespace
 * @param ppid      global pid of the parent (0 for the root namespace's init)
 * @param sid       its session id (the global pid of the session's leader, alive or not)
 * @param pgid      its process group id (likewise)
 * @param cgroup    name of its freezer cgroup ("/" is the root cgroup, which cannot be frozen)
 * @param state     scheduling state
 * @param exit      how a zombie ended ({@link ExitStatus#NONE} while it lives)
 * @param uid       its user id; uid 0 in the initial user namespace is privileged (CAP_SYS_ADMIN)
 * @param gid       its group id
 * @param subreaper PR_SET_CHILD_SUBREAPER
 * @param doomedBy  a fatal signal sent while the task was frozen or asleep: it dies when it next runs
 *                  (null if none)
 */
public record Task(List<Integer> pids, int ns, int ppid, int sid, int pgid, String cgroup, RunState state,
                   ExitStatus exit, int uid, int gid, boolean subreaper, Signal doomedBy) {

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

    public boolean isSessionLeader() {
        return sid == pid();
    }

    public Task withState(RunState newState) {
        return new Task(pids, ns, ppid, sid, pgid, cgroup, newState, exit, uid, gid, subreaper, doomedBy);
    }

    public Task withParent(int newParent) {
        return new Task(pids, ns, newParent, sid, pgid, cgroup, state, exit, uid, gid, subreaper, doomedBy);
    }

    public Task exited(ExitStatus status) {
        return new Task(pids, ns, ppid, sid, pgid, cgroup, RunState.ZOMBIE, status, uid, gid, subreaper, null);
    }

    public Task withCreds(int newUid, int newGid) {
        return new Task(pids, ns, ppid, sid, pgid, cgroup, state, exit, newUid, newGid, subreaper, doomedBy);
    }

    public Task withSession(int newSid, int newPgid) {
        return new Task(pids, ns, ppid, newSid, newPgid, cgroup, state, exit, uid, gid, subreaper, doomedBy);
    }

    public Task doomed(Signal signal) {
        return new Task(pids, ns, ppid, sid, pgid, cgroup, state, exit, uid, gid, subreaper, signal);
    }

    public Task withSubreaper(boolean on) {
        return new Task(pids, ns, ppid, sid, pgid, cgroup, state, exit, uid, gid, on, doomedBy);
    }
}
