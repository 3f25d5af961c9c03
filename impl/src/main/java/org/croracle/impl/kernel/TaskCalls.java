package org.croracle.impl.kernel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.freezer.Cgroup;
import org.croracle.impl.pid.AllocPid;
import org.croracle.impl.pid.PidNamespace;

/** The process system calls: fork/eclone, exit, wait, getppid, setuid, and the uninterruptible sleep of a task. */
final class TaskCalls {
    private TaskCalls() {}

    /** The caller must exist, be alive and be able to run; a frozen or sleeping task's call does not happen. */
    static <T> Transition<T> checkCaller(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        if (t == null || t.isZombie()) {
            return Transition.error(Errno.ESRCH, "no live task " + pid, s);
        }
        if (!t.runnable()) {
            return Transition.blocked("task " + pid + " is " + t.state().name().toLowerCase(), s);
        }
        return null;
    }

    /**
     * fork, clone and eclone (do_fork_with_pids): the checks in linux-cr's order (Eclone.tla),
     * then alloc_pid at every level of the caller's chain, innermost first, all or nothing.
     *
     * @param userPids eclone's pid array, outermost first, right-aligned to the caller's innermost
     *                 levels; 0 entries and missing levels are assigned automatically
     */
    static Transition<Integer> clone(KernelState s, KernelConfig config, int parentPid, ForkOptions options,
                                     List<Integer> userPids) {
        Transition<Integer> bad = checkCaller(s, parentPid);
        if (bad != null) {
            return bad;
        }
        Task parent = s.tasks().get(parentPid);
        String target = options.cgroup() == null ? parent.cgroup() : options.cgroup();
        Cgroup cgroup = s.cgroups().getOrDefault(target, Cgroup.create(target));
        if (!target.equals(parent.cgroup()) && !config.freezer().canAttach(cgroup)) {
            return Transition.error(Errno.EBUSY, "cgroup " + target + " is " + cgroup.state(), s);
        }
        int level = parent.level();
        if (userPids.size() > level + 1) {
            return Transition.error(Errno.EINVAL, "nr_pids " + userPids.size() + " exceeds the caller's depth " + (level + 1), s);
        }
        boolean explicit = userPids.stream().anyMatch(p -> p != 0);
        if (explicit && !parent.privileged()) {
            return Transition.error(Errno.EPERM, "explicit pids need CAP_SYS_ADMIN", s);
        }
        if (options.newPid() && !parent.privileged()) {
            return Transition.error(Errno.EPERM, "CLONE_NEWPID needs CAP_SYS_ADMIN", s);
        }
        if (options.newPid() && level + 1 > config.maxLevel()) {
            return Transition.error(Errno.ENOSPC, "PID namespaces nest at most " + config.maxLevel() + " deep", s);
        }
        AllocPid.Outcome alloc = config.allocPid().allocate(s.namespaces(), s.pidmaps(), s.chain(parent.ns()),
                AllocPid.alignTargets(level, userPids), config.pidMax());
        if (!alloc.ok()) {
            // The allocator decides what is left behind (nothing, unless it is broken).
            return new Transition<>(Result.error(alloc.errno(), "alloc_pid failed"),
                    s.withPidState(alloc.namespaces(), alloc.pidmaps(), s.nextNsId()));
        }
        List<Integer> pids = new ArrayList<>(alloc.pids());
        TreeMap<Integer, PidNamespace> namespaces = new TreeMap<>(alloc.namespaces());
        TreeMap<Integer, SortedSet<Integer>> pidmaps = new TreeMap<>(alloc.pidmaps());
        int childNs = parent.ns();
        int nextNsId = s.nextNsId();
        int global = pids.get(0);
        if (options.newPid()) {
            childNs = nextNsId++;
            namespaces.put(childNs, new PidNamespace(childNs, parent.ns(), level + 1, 1, global));
            pidmaps.put(childNs, Collections.unmodifiableSortedSet(new TreeSet<>(List.of(1))));
            pids.add(1);
        }
        Task child = new Task(pids, childNs, parentPid, target, config.freezer().stateAtBirth(cgroup), 0, parent.uid());
        KernelState next = s.withPidState(namespaces, pidmaps, nextNsId).withCgroup(cgroup).withTask(child);
        return Transition.ok(global, next);
    }

    static Transition<Void> exit(KernelState s, int pid, int status) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        Task t = s.tasks().get(pid);
        if (t.ppid() == 0) {
            return Transition.error(Errno.EINVAL, "the root namespace's init cannot exit (the kernel would panic)", s);
        }
        PidNamespace ns = s.namespaces().get(t.ns());
        if (ns.init() == pid) {
            return Transition.ok(null, zap(s, t).withTask(t.exited(status)));
        }
        // find_new_reaper: the init of the exiting task's namespace (subreapers come with the process model).
        KernelState next = s.withTask(t.exited(status)).mapTasks(u -> u.ppid() == pid ? u.withParent(ns.init()) : u);
        return Transition.ok(null, next);
    }

    /**
     * zap_pid_ns_processes: the init of namespace n exits, so every other task of n and of the
     * namespaces nested in it is killed and reaped, and those nested namespaces vanish.
     */
    private static KernelState zap(KernelState s, Task init) {
        int n = init.ns();
        List<Task> doomed = s.tasks().values().stream()
                .filter(u -> u.pid() != init.pid() && s.within(u.ns(), n)).toList();
        KernelState next = s;
        for (Task u : doomed) {
            next = freePids(next, u).withoutTask(u.pid());
        }
        TreeMap<Integer, PidNamespace> namespaces = new TreeMap<>(next.namespaces());
        TreeMap<Integer, SortedSet<Integer>> pidmaps = new TreeMap<>(next.pidmaps());
        for (int m : s.namespaces().keySet()) {
            if (m != n && s.within(m, n)) {
                namespaces.remove(m);
                pidmaps.remove(m);
            }
        }
        return next.withPidState(namespaces, pidmaps, next.nextNsId());
    }

    /** Frees every pid of task u in the namespaces of its chain that still exist. */
    private static KernelState freePids(KernelState s, Task u) {
        TreeMap<Integer, SortedSet<Integer>> pidmaps = new TreeMap<>(s.pidmaps());
        List<Integer> chain = s.chain(u.ns());
        for (int level = 0; level < chain.size(); level++) {
            SortedSet<Integer> used = pidmaps.get(chain.get(level));
            if (used != null) {
                TreeSet<Integer> fewer = new TreeSet<>(used);
                fewer.remove(u.pidAt(level));
                pidmaps.put(chain.get(level), Collections.unmodifiableSortedSet(fewer));
            }
        }
        return s.withPidState(s.namespaces(), pidmaps, s.nextNsId());
    }

    /** wait4(child, WNOHANG): reaps a zombie child, frees its pids and returns its exit status. */
    static Transition<Integer> wait(KernelState s, int pid, int childPid) {
        Transition<Integer> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        Task child = s.tasks().get(childPid);
        if (child == null || child.ppid() != pid) {
            return Transition.error(Errno.ECHILD, childPid + " is not a child of " + pid, s);
        }
        if (!child.isZombie()) {
            return Transition.error(Errno.EAGAIN, "child " + childPid + " has not exited", s);
        }
        KernelState next = freePids(s, child).withoutTask(childPid);
        PidNamespace own = s.namespaces().get(child.ns());
        if (own.init() == childPid && own.id() != PidNamespace.ROOT) {
            // The last task of the namespace is gone: so is the namespace.
            TreeMap<Integer, PidNamespace> namespaces = new TreeMap<>(next.namespaces());
            TreeMap<Integer, SortedSet<Integer>> pidmaps = new TreeMap<>(next.pidmaps());
            namespaces.remove(own.id());
            pidmaps.remove(own.id());
            next = next.withPidState(namespaces, pidmaps, next.nextNsId());
        }
        return Transition.ok(child.exitStatus(), next);
    }

    static Transition<Integer> getppid(KernelState s, int pid) {
        Transition<Integer> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        return Transition.ok(s.tasks().get(pid).ppid(), s);
    }

    /** setuid(): uid 0 may take any uid (and loses its privilege unless it keeps 0); others only their own. */
    static Transition<Void> setuid(KernelState s, int pid, int uid) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        Task t = s.tasks().get(pid);
        if (uid < 0) {
            return Transition.error(Errno.EINVAL, "uid " + uid, s);
        }
        if (!t.privileged() && uid != t.uid()) {
            return Transition.error(Errno.EPERM, "only uid 0 changes its uid", s);
        }
        return Transition.ok(null, s.withTask(t.withUid(uid)));
    }

    /**
     * The task blocks in TASK_UNINTERRUPTIBLE. A task with a freeze pending takes the refrigerator on
     * its way back to user space before it can start a new blocking call (Freeze.tla, SleepBegin).
     */
    static Transition<Void> sleepBegin(KernelState s, KernelConfig config, int pid) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        if (config.freezer().shouldRefrigerate(s, pid)) {
            return Transition.blocked("task " + pid + " has a freeze pending", s);
        }
        return Transition.ok(null, s.withTask(s.tasks().get(pid).withState(RunState.DSLEEP)));
    }

    static Transition<Void> sleepEnd(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        if (t == null || t.state() != RunState.DSLEEP) {
            return Transition.error(Errno.EINVAL, "task " + pid + " is not in uninterruptible sleep", s);
        }
        return Transition.ok(null, s.withTask(t.withState(RunState.RUNNING)));
    }
}
