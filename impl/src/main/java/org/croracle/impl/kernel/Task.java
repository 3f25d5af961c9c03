package org.croracle.impl.kernel;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A task as the kernel holds it. Identified by its pid in the root PID namespace (the global
 * pid, {@link #pid()}); every other task reference (parent, thread group, session, group) is a
 * global pid too.
 *
 * @param pids      its pid in every namespace from the root down to its own, outermost first
 * @param ns        the id of its own PID namespace
 * @param ppid      global pid of the parent (0 for the root namespace's init)
 * @param tgid      its thread group (the leader's global pid; its own pid unless CLONE_THREAD)
 * @param sid       its session id (the global pid of the session's leader, alive or not)
 * @param pgid      its process group id (likewise)
 * @param cgroup    name of its freezer cgroup ("/" is the root cgroup, which cannot be frozen)
 * @param state     scheduling state
 * @param exit      how a zombie ended ({@link ExitStatus#NONE} while it lives)
 * @param uid       its user id; uid 0 in the initial user namespace is privileged (CAP_SYS_ADMIN)
 * @param gid       its group id
 * @param subreaper PR_SET_CHILD_SUBREAPER
 * @param doomedBy  a fatal signal sent while the task was frozen or asleep: it dies when it next runs
 * @param res       the objects it holds (fd table, mm, fs, sighand); none once it is a zombie
 * @param blocked   its blocked signal mask
 * @param pending   signals sent to it while blocked
 */
public record Task(List<Integer> pids, int ns, int ppid, int tgid, int sid, int pgid, String cgroup, RunState state,
                   ExitStatus exit, int uid, int gid, boolean subreaper, Signal doomedBy, TaskResources res,
                   Set<Signal> blocked, Set<Signal> pending) {

    public Task {
        pids = List.copyOf(pids);
        blocked = Collections.unmodifiableSet(blocked.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(blocked));
        pending = Collections.unmodifiableSet(pending.isEmpty() ? EnumSet.noneOf(Signal.class) : EnumSet.copyOf(pending));
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

    public boolean isThreadGroupLeader() {
        return tgid == pid();
    }

    public Task withState(RunState newState) {
        return new Task(pids, ns, ppid, tgid, sid, pgid, cgroup, newState, exit, uid, gid, subreaper, doomedBy, res, blocked, pending);
    }

    /** The task moved to freezer cgroup {@code newCgroup} (echo PID > cgroup.procs). */
    public Task withCgroup(String newCgroup) {
        return new Task(pids, ns, ppid, tgid, sid, pgid, newCgroup, state, exit, uid, gid, subreaper, doomedBy, res, blocked, pending);
    }

    public Task withParent(int newParent) {
        return new Task(pids, ns, newParent, tgid, sid, pgid, cgroup, state, exit, uid, gid, subreaper, doomedBy, res, blocked, pending);
    }

    /** The zombie it becomes: it keeps its ids and status, and holds no object any more. */
    public Task exited(ExitStatus status) {
        return new Task(pids, ns, ppid, tgid, sid, pgid, cgroup, RunState.ZOMBIE, status, uid, gid, subreaper, null,
                TaskResources.NONE, blocked, Set.of());
    }

    public Task withCreds(int newUid, int newGid) {
        return new Task(pids, ns, ppid, tgid, sid, pgid, cgroup, state, exit, newUid, newGid, subreaper, doomedBy, res, blocked, pending);
    }

    public Task withSession(int newSid, int newPgid) {
        return new Task(pids, ns, ppid, tgid, newSid, newPgid, cgroup, state, exit, uid, gid, subreaper, doomedBy, res, blocked, pending);
    }

    public Task withSubreaper(boolean on) {
        return new Task(pids, ns, ppid, tgid, sid, pgid, cgroup, state, exit, uid, gid, on, doomedBy, res, blocked, pending);
    }

    public Task doomed(Signal signal) {
        return new Task(pids, ns, ppid, tgid, sid, pgid, cgroup, state, exit, uid, gid, subreaper, signal, res, blocked, pending);
    }

    public Task withRes(TaskResources newRes) {
        return new Task(pids, ns, ppid, tgid, sid, pgid, cgroup, state, exit, uid, gid, subreaper, doomedBy, newRes, blocked, pending);
    }

    public Task withSignals(Set<Signal> newBlocked, Set<Signal> newPending) {
        return new Task(pids, ns, ppid, tgid, sid, pgid, cgroup, state, exit, uid, gid, subreaper, doomedBy, res, newBlocked, newPending);
    }
}
