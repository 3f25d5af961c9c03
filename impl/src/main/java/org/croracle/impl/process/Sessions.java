package org.croracle.impl.process;

import java.util.List;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;

import org.croracle.impl.signal.InitProtection;
import org.croracle.impl.signal.SignalCalls;

/** Sessions and process groups: setsid, setpgid, and signals (kill, sigprocmask, a pending fatal one). Checks in Linux's order. */
public final class Sessions {
    private Sessions() {}

    /**
     * setsid: EPERM if a process group whose id is the caller's thread-group leader's pid exists;
     * else a new session and group with that id. Sessions and groups belong to the thread group
     * (Linux keeps them in the shared signal_struct and names them by the group leader's pid), so
     * every thread of the caller's group moves with it.
     */
    public static Transition<Integer> setsid(KernelState s, SessionRules rules, int pid) {
        Transition<Integer> bad = TaskCalls.checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        Task leader = s.tasks().get(s.tasks().get(pid).tgid());
        int sid = leader.pid();
        if (rules.setsidRefused(s, leader)) {
            return Transition.error(Errno.EPERM, "a process group with id " + sid + " exists", s);
        }
        return Transition.ok(sid, TaskCalls.collectPids(withGroupIds(s, sid, sid, sid)));
    }

    /** Every task of thread group {@code tgid} in session {@code sid} and process group {@code pgid}. */
    private static KernelState withGroupIds(KernelState s, int tgid, int sid, int pgid) {
        KernelState next = s;
        for (Task u : s.threadGroup(tgid)) {
            next = next.withTask(u.withSession(sid, pgid));
        }
        return next;
    }

    /**
     * setpgid(target, pgid) called by {@code caller}; target and pgid are global pids (0: the caller /
     * the target's own pid). The target leads its thread group, whose threads move with it. The scenario runner passes a pid the caller cannot see as one that
     * does not exist.
     */
    public static Transition<Void> setpgid(KernelState s, int caller, int target, int pgid) {
        Transition<Void> bad = TaskCalls.checkCaller(s, caller);
        if (bad != null) {
            return bad;
        }
        Task me = s.tasks().get(caller);
        int tp = target == 0 ? caller : target;
        if (pgid < 0) {
            return Transition.error(Errno.EINVAL, "negative pgid", s);
        }
        Task t = s.tasks().get(tp);
        if (t == null || !s.visibleIn(tp, me.ns())) {
            return Transition.error(Errno.ESRCH, "no task " + tp + " in the caller's namespace", s);
        }
        if (!t.isThreadGroupLeader()) {
            return Transition.error(Errno.EINVAL, tp + " is not a thread-group leader", s);
        }
        int group = pgid == 0 ? tp : pgid;
        if (t.ppid() == caller) {
            if (t.sid() != me.sid()) {
                return Transition.error(Errno.EPERM, "the child is in another session", s);
            }
        } else if (tp != caller) {
            return Transition.error(Errno.ESRCH, tp + " is neither the caller nor its child", s);
        }
        if (t.isSessionLeader()) {
            return Transition.error(Errno.EPERM, tp + " is a session leader", s);
        }
        // find_vpid(pgid) looks the group up in the caller's namespace: a group whose id has no
        // number there cannot be named, even if it is in the caller's session (found by ./cr run --on-linux)
        if (group != tp && !s.pidVisibleIn(group, me.ns())) {
            return Transition.error(Errno.EPERM, "no process group " + group + " in the caller's namespace", s);
        }
        if (group != tp && !s.groupInSession(group, me.sid())) {
            return Transition.error(Errno.EPERM, "no process group " + group + " in the caller's session", s);
        }
        return Transition.ok(null, TaskCalls.collectPids(withGroupIds(s, tp, t.sid(), group)));
    }

    /**
     * restore_task's in-kernel pgid restore (linux-cr V20-73): the task itself, a thread-group
     * leader and not a session leader, joins group {@code pgid}, which must be its own pid or a group
     * of its session. Unlike setpgid(2) the group is found by its pid in the restart's container
     * namespace, so a task of a nested namespace can join a group whose leader lives outside it (a
     * tree Linux builds only by birth). A violation is EINVAL, as linux-cr returns. The group is the
     * thread group's (Linux keeps the pgid in the shared signal_struct): the leader's threads join it too.
     */
    public static Transition<Void> restorePgid(KernelState s, int pid, int pgid) {
        Transition<Void> bad = TaskCalls.checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        Task t = s.tasks().get(pid);
        if (!t.isThreadGroupLeader() || t.isSessionLeader()) {
            return Transition.error(Errno.EINVAL, "pgid restore: " + pid + " is a thread or a session leader", s);
        }
        if (pgid != pid && !s.groupInSession(pgid, t.sid())) {
            return Transition.error(Errno.EINVAL, "pgid restore: no process group " + pgid + " in the session of " + pid, s);
        }
        return Transition.ok(null, TaskCalls.collectPids(withGroupIds(s, pid, t.sid(), pgid)));
    }

    /**
     * The running tasks with a fatal signal pending (sent while they were frozen or asleep) that
     * can take it now (an init waits while its namespace has a frozen task).
     */
    public static List<Integer> pendingSignals(KernelState s) {
        return s.tasks().values().stream()
                .filter(t -> t.runnable() && t.doomedBy() != null && TaskCalls.zapWaitsFor(s, t.pid()) == 0)
                .map(Task::pid).toList();
    }

    /** sigprocmask: unblocking a pending signal delivers it, and a fatal one kills the caller. */
    public static Transition<Void> sigmask(KernelState s, Task t, boolean block, Signal sig) {
        Transition<SignalCalls.Effect> r = SignalCalls.sigmask(s, t, block, sig);
        KernelState next = r.next();
        if (r.result().isOk() && r.result().value() == SignalCalls.Effect.FATAL) {
            next = TaskCalls.die(next, t.pid(), ExitStatus.killed(sig));
        }
        return new Transition<>(r.result().isOk() ? Result.ok(null) : r.result().cast(), next);
    }

    /** A task that runs again takes the fatal signal sent while it was frozen or asleep. */
    public static Transition<Void> deliverPending(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        if (t == null || !t.runnable() || t.doomedBy() == null) {
            return Transition.error(Errno.EINVAL, "task " + pid + " has no fatal signal pending", s);
        }
        int frozen = TaskCalls.zapWaitsFor(s, pid);
        if (frozen != 0) {
            return Transition.blocked("zap_pid_ns_processes waits for task " + frozen + ", frozen or asleep", s);
        }
        return Transition.ok(null, TaskCalls.die(s, pid, ExitStatus.killed(t.doomedBy())));
    }

    /**
     * kill(target, sig): ESRCH if the target is not visible from the caller's namespace; EPERM
     * without privilege for another user's task; a zombie takes it and nothing happens; a
     * namespace's init ignores every signal it has no handler for, except SIGKILL and SIGSTOP from an
     * ancestor namespace (the root init ignores them all); a fatal default action kills (a frozen
     * or sleeping target dies when it next runs).
     */
    public static Transition<Void> kill(KernelState s, InitProtection protection, int caller, int target, Signal sig) {
        Transition<Void> bad = TaskCalls.checkCaller(s, caller);
        if (bad != null) {
            return bad;
        }
        Task me = s.tasks().get(caller);
        Task t = s.tasks().get(target);
        if (t == null || !s.visibleIn(target, me.ns())) {
            return Transition.error(Errno.ESRCH, "no task " + target + " in the caller's namespace", s);
        }
        if (!me.privileged() && me.uid() != t.uid()) {
            return Transition.error(Errno.EPERM, "may not signal another user's task", s);
        }
        if (t.isZombie()) {
            return Transition.ok(null, s);
        }
        boolean init = s.namespaces().get(t.ns()).init() == target;
        // a blocked signal stays pending even for an init, which drops it only when it takes it (sig_ignored)
        boolean blocked = sig.catchable() && t.blocked().contains(sig);
        if (init && !blocked && !SignalCalls.handles(s, t, sig) && protection.drops(s, me, t, sig)) {
            return Transition.ok(null, s); // SIGNAL_UNKILLABLE: an init ignores what it does not handle
        }
        switch (SignalCalls.effectOf(s, t, sig, true)) {
            case PENDING: {
                java.util.Set<Signal> pending = java.util.EnumSet.noneOf(Signal.class);
                pending.addAll(t.pending());
                pending.add(sig);
                return Transition.ok(null, s.withTask(t.withSignals(t.blocked(), pending)));
            }
            case FATAL:
                // A frozen or sleeping target dies when it runs again; so does an init whose
                // namespace still has a frozen task (zap_pid_ns_processes would wait for it).
                if (!t.runnable() || TaskCalls.zapWaitsFor(s, target) != 0) {
                    return Transition.ok(null, s.withTask(t.doomed(sig)));
                }
                return Transition.ok(null, TaskCalls.die(s, target, ExitStatus.killed(sig)));
            default:
                return Transition.ok(null, s); // ignored, or a handler ran
        }
    }
}
