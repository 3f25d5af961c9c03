package org.croracle.impl.process;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.LingeringPid;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.ObjectTable;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.TaskResources;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.kernel.Tunables;
import org.croracle.impl.freezer.Freezer;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.pid.AllocPid;
import org.croracle.impl.kernel.PidNamespace;
import org.pcollections.PSortedMap;

/** The process system calls: fork/eclone, exit, wait, getppid, setuid, and the uninterruptible sleep of a task. */
public final class TaskCalls {
    private TaskCalls() {}

    /** The caller must exist, be alive and be able to run; a frozen or sleeping task's call does not happen. */
    public static <T> Transition<T> checkCaller(KernelState s, int pid) {
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
     * fork, clone and eclone (do_fork_with_pids): the freezer's attach check (the scenario
     * language's cgroup=), then eclone's checks of the pid array (copy_target_pids), then
     * copy_process's flag checks, then namespace creation, then alloc_pid at every level of the
     * caller's chain, innermost first, all or nothing (Eclone.tla states the same order).
     *
     * @param userPids eclone's pid array, outermost first, right-aligned to the caller's innermost
     *                 levels; 0 entries and missing levels are assigned automatically
     */
    public static Transition<Integer> clone(KernelState s, Tunables config, Freezer freezer, AllocPid allocPid,
                                            int parentPid, ForkOptions options,
                                     List<Integer> userPids) {
        Transition<Integer> bad = checkCaller(s, parentPid);
        if (bad != null) {
            return bad;
        }
        Task parent = s.tasks().get(parentPid);
        String target = options.cgroup() == null ? parent.cgroup() : options.cgroup();
        Cgroup cgroup = s.cgroups().getOrDefault(target, Cgroup.create(target));
        if (!target.equals(parent.cgroup()) && !freezer.canAttach(cgroup)) {
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
        // copy_process's flag checks come after eclone's copy_target_pids
        if (options.thread() && !options.sighand()) {
            return Transition.error(Errno.EINVAL, "CLONE_THREAD needs CLONE_SIGHAND", s);
        }
        if (options.sighand() && !options.vm()) {
            return Transition.error(Errno.EINVAL, "CLONE_SIGHAND needs CLONE_VM", s);
        }
        if (options.thread() && options.newPid()) {
            return Transition.error(Errno.EINVAL, "CLONE_THREAD with CLONE_NEWPID", s);
        }
        if (options.parent() && s.namespaces().get(parent.ns()).init() == parent.tgid()) {
            // An init, or any thread of it, may not make siblings for itself (SIGNAL_UNKILLABLE,
            // in the signal_struct the threads share, checked in copy_process).
            return Transition.error(Errno.EINVAL, "CLONE_PARENT from a namespace's init", s);
        }
        if (options.newPid() && !parent.privileged()) {
            return Transition.error(Errno.EPERM, "CLONE_NEWPID needs CAP_SYS_ADMIN", s);
        }
        if (options.newPid() && level + 1 > config.maxLevel()) {
            return Transition.error(Errno.ENOSPC, "PID namespaces nest at most " + config.maxLevel() + " deep", s);
        }
        AllocPid.Outcome alloc = allocPid.allocate(s.namespaces(), s.pidmaps(), s.chain(parent.ns()),
                AllocPid.alignTargets(level, userPids), config.pidMax());
        if (!alloc.ok()) {
            // The allocator decides what is left behind (nothing, unless it is broken).
            return new Transition<>(Result.error(alloc.errno(), "alloc_pid failed"),
                    s.withPidState(alloc.namespaces(), alloc.pidmaps(), s.nextNsId()));
        }
        List<Integer> pids = new ArrayList<>(alloc.pids());
        PSortedMap<Integer, PidNamespace> namespaces = Persistent.map(alloc.namespaces());
        PSortedMap<Integer, SortedSet<Integer>> pidmaps = Persistent.map(alloc.pidmaps());
        int childNs = parent.ns();
        int nextNsId = s.nextNsId();
        int global = pids.get(0);
        if (options.newPid()) {
            childNs = nextNsId++;
            namespaces = namespaces.plus(childNs, new PidNamespace(childNs, parent.ns(), level + 1, 1, global));
            pidmaps = pidmaps.plus(childNs, Persistent.intSet(1));
            pids.add(1);
        }
        int realParent = options.parent() || options.thread() ? parent.ppid() : parentPid;
        ObjectTable.Builder objects = s.objects().edit();
        TaskResources r = parent.res();
        TaskResources childRes = new TaskResources(
                options.files() ? share(objects, r.files()) : copy(objects, r.files()),
                options.vm() ? share(objects, r.mm()) : copy(objects, r.mm()),
                options.fs() ? share(objects, r.fs()) : copy(objects, r.fs()),
                options.sighand() ? share(objects, r.sighand()) : copy(objects, r.sighand()));
        int tgid = options.thread() ? parent.tgid() : global;
        Task child = new Task(pids, childNs, realParent, tgid, parent.sid(), parent.pgid(), target,
                freezer.stateAtBirth(cgroup), ExitStatus.NONE, parent.uid(), parent.gid(), false, null,
                childRes, parent.blocked(), java.util.Set.of());
        KernelState next = s.withPidState(namespaces, pidmaps, nextNsId).withCgroup(cgroup).withTask(child)
                .withObjects(objects.build());
        return Transition.ok(global, next);
    }

    private static int share(ObjectTable.Builder objects, int id) {
        objects.ref(id);
        return id;
    }

    /** A private copy for the child (dup_fd, dup_mm, copy_fs_struct, copy_sighand). */
    private static int copy(ObjectTable.Builder objects, int id) {
        int copy = objects.create(objects.get(id));
        objects.ref(copy);
        return copy;
    }

    public static Transition<Void> exit(KernelState s, int pid, int status) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        if (s.tasks().get(pid).ppid() == 0 && s.tasks().get(pid).isThreadGroupLeader()) { // its threads may exit
            return Transition.error(Errno.EINVAL, "the root namespace's init cannot exit (the kernel would panic)", s);
        }
        int frozen = zapWaitsFor(s, pid);
        if (frozen != 0) {
            return Transition.blocked("zap_pid_ns_processes waits for task " + frozen + ", frozen or asleep (thaw or wake it first)", s);
        }
        // do_exit((code & 0xff) << 8): a parent's wait sees only the low 8 bits of what exit() was given
        return Transition.ok(null, die(s, pid, ExitStatus.exited(status & 0xff)));
    }

    /**
     * do_exit: the task becomes a zombie with {@code status}. A namespace's init takes its namespace
     * with it (zap_pid_ns_processes); any other task's children go to a live thread of its group,
     * else to the nearest live subreaper among its ancestors in the same namespace, else to the
     * namespace's init (find_new_reaper).
     */
    public static KernelState die(KernelState s, int pid, ExitStatus status) {
        Task t = s.tasks().get(pid);
        s = dropResources(s, t);
        PidNamespace ns = s.namespaces().get(t.ns());
        int sibling = liveThread(s, t);
        if (!t.isThreadGroupLeader()) {
            // A thread other than the leader is reaped at once (release_task); its children go to a
            // live thread of its group (find_new_reaper), else to the reaper the leader would have.
            int heir = sibling != 0 ? sibling : reaper(s, s.tasks().get(t.tgid()), ns);
            KernelState gone = reap(reparent(s, pid, heir), t);
            return collectPids(gone);
        }
        if (ns.init() == pid) {
            return autoreap(zap(s, t).withTask(t.exited(status)), pid);
        }
        int reaper = sibling != 0 ? sibling : reaper(s, t, ns);
        KernelState next = reparent(s.withTask(t.exited(status)), pid, reaper);
        for (Task orphan : s.children(pid)) {
            if (orphan.isZombie()) {
                next = autoreap(next, orphan.pid()); // reparent_leader: its new parent may not want it
            }
        }
        return autoreap(next, pid);
    }

    /**
     * find_new_reaper's first choice: a live thread of t's group other than t (the leader first,
     * then by pid), or 0. A zombie leader whose threads live on keeps them, not its children.
     */
    private static int liveThread(KernelState s, Task t) {
        return s.threadGroup(t.tgid()).stream().filter(u -> u.pid() != t.pid() && !u.isZombie())
                .map(Task::pid).sorted(java.util.Comparator.comparing((Integer p) -> p != t.tgid()).thenComparing(p -> p))
                .findFirst().orElse(0);
    }

    /**
     * A restarted zombie's exit: as {@link #die}, but the zombie stays even if its parent, restored
     * before it, ignores SIGCHLD: in the saved tree the parent came to ignore SIGCHLD after the child
     * had died (sigaction does not release zombies), so the parent's disposition must not release it
     * now (found by the round trip on Linux, whose restart ends the zombies first).
     */
    public static KernelState restoredZombie(KernelState s, int pid, ExitStatus status) {
        Task t = s.tasks().get(pid);
        PidNamespace ns = s.namespaces().get(t.ns());
        if (!t.isThreadGroupLeader() || !s.children(pid).isEmpty()) {
            return die(s, pid, status);
        }
        if (ns.init() == pid) {
            return zap(dropResources(s, t), t).withTask(t.exited(status));
        }
        return dropResources(s, t).withTask(t.exited(status));
    }

    /** The children of {@code pid} get {@code parent} as their parent. */
    private static KernelState reparent(KernelState s, int pid, int parent) {
        for (Task child : s.children(pid)) {
            s = s.withTask(child.withParent(parent));
        }
        return s;
    }

    /**
     * do_notify_parent's autoreap: a zombie whose parent ignores SIGCHLD (SIG_IGN) is released at
     * once instead of waiting to be reaped (found by ./cr run --on-linux).
     */
    private static KernelState autoreap(KernelState s, int zombie) {
        Task z = s.tasks().get(zombie);
        Task parent = z == null ? null : s.tasks().get(z.ppid());
        if (parent == null || parent.isZombie()) {
            return s;
        }
        org.croracle.impl.kernel.Sighand h = s.objects().get(parent.res().sighand(), org.croracle.impl.kernel.Sighand.class);
        if (h == null || h.of(Signal.SIGCHLD) != org.croracle.impl.kernel.Sighand.Disposition.IGNORE) {
            return s;
        }
        return collectPids(reap(s, z));
    }

    /**
     * If {@code pid} is a namespace's init whose exit would have to kill a frozen or sleeping task: that task
     * (a frozen task takes its SIGKILL only once thawed, so zap_pid_ns_processes would wait); else 0.
     */
    public static int zapWaitsFor(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        if (t == null || s.namespaces().get(t.ns()).init() != pid) {
            return 0;
        }
        return s.tasks().values().stream()
                .filter(u -> u.pid() != pid && s.within(u.ns(), t.ns()) && !u.isZombie() && !u.runnable())
                .map(Task::pid).findFirst().orElse(0);
    }

    private static int reaper(KernelState s, Task dying, PidNamespace ns) {
        Task p = s.tasks().get(dying.ppid());
        while (p != null && p.pid() != ns.init() && p.ns() == dying.ns()) {
            if (p.subreaper() && !p.isZombie()) {
                return p.pid();
            }
            p = s.tasks().get(p.ppid());
        }
        return ns.init();
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
            next = reap(dropResources(next, next.tasks().get(u.pid())), next.tasks().get(u.pid()));
        }
        PSortedMap<Integer, PidNamespace> namespaces = Persistent.map(next.namespaces());
        PSortedMap<Integer, SortedSet<Integer>> pidmaps = Persistent.map(next.pidmaps());
        for (int m : s.namespaces().keySet()) {
            if (m != n && s.within(m, n)) {
                namespaces = namespaces.minus(m);
                pidmaps = pidmaps.minus(m);
            }
        }
        return collectPids(next.withPidState(namespaces, pidmaps, next.nextNsId()));
    }

    /** exit_files, exit_mm, exit_fs, exit_sighand: the task drops every object it holds. */
    static KernelState dropResources(KernelState s, Task t) {
        ObjectTable.Builder objects = s.objects().edit();
        t.res().ids().forEach(objects::unref);
        return s.withObjects(objects.build());
    }

    /** Removes a dead task; its pids linger until {@link #collectPids} finds them unused. */
    static KernelState reap(KernelState s, Task t) {
        return s.withoutTask(t.pid()).withLingeringPids(Persistent.map(s.lingeringPids()).plus(t.pid(), new LingeringPid(s.chain(t.ns()), t.pids())));
    }

    /**
     * Frees the pids of reaped tasks that no task uses as its session or group id any more (a
     * reaped session or group leader's struct pid lives on while its session or group does).
     */
    static KernelState collectPids(KernelState s) {
        PSortedMap<Integer, LingeringPid> lingering = Persistent.map(s.lingeringPids());
        PSortedMap<Integer, SortedSet<Integer>> pidmaps = Persistent.map(s.pidmaps());
        for (var e : s.lingeringPids().entrySet()) {
            if (s.anchors(e.getKey())) {
                continue;
            }
            lingering = lingering.minus(e.getKey());
            LingeringPid g = e.getValue();
            for (int level = 0; level < g.chain().size(); level++) {
                SortedSet<Integer> used = pidmaps.get(g.chain().get(level));
                if (used != null) {
                    pidmaps = pidmaps.plus(g.chain().get(level), Persistent.set(used).minus(g.pids().get(level)));
                }
            }
        }
        if (lingering == s.lingeringPids()) {
            return s; // every reaped pid is still in use: nothing to free
        }
        return s.withPidState(s.namespaces(), pidmaps, s.nextNsId()).withLingeringPids(lingering);
    }

    /** wait4(child, WNOHANG): reaps a zombie child, frees its pids and returns its exit status. */
    public static Transition<ExitStatus> wait(KernelState s, int pid, int childPid) {
        Transition<ExitStatus> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        Task child = s.tasks().get(childPid);
        if (child == null || child.ppid() != pid) {
            return Transition.error(Errno.ECHILD, childPid + " is not a child of " + pid, s);
        }
        if (!child.isZombie() || s.threadGroup(childPid).stream()
                .anyMatch(u -> u.pid() != childPid && !u.isZombie())) {
            return Transition.error(Errno.EAGAIN, "child " + childPid + " has not exited", s);
        }
        KernelState next = collectPids(reap(s, child));
        PidNamespace own = s.namespaces().get(child.ns());
        if (own.init() == childPid && own.id() != PidNamespace.ROOT) {
            // The last task of the namespace is gone: so is the namespace.
            next = next.withPidState(Persistent.map(next.namespaces()).minus(own.id()),
                    Persistent.map(next.pidmaps()).minus(own.id()), next.nextNsId());
        }
        return Transition.ok(child.exit(), next);
    }

    public static Transition<Integer> getppid(KernelState s, int pid) {
        Transition<Integer> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        return Transition.ok(s.tasks().get(pid).ppid(), s);
    }

    /** setgid(): uid 0 may take any gid; others only their own. */
    public static Transition<Void> setgid(KernelState s, int pid, int gid) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        Task t = s.tasks().get(pid);
        if (gid < 0) {
            return Transition.error(Errno.EINVAL, "gid " + gid, s);
        }
        if (!t.privileged() && gid != t.gid()) {
            return Transition.error(Errno.EPERM, "only uid 0 changes its gid", s);
        }
        return Transition.ok(null, s.withTask(t.withCreds(t.uid(), gid)));
    }

    /** prctl(PR_SET_CHILD_SUBREAPER). */
    public static Transition<Void> subreaper(KernelState s, int pid, boolean on) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        return Transition.ok(null, s.withTask(s.tasks().get(pid).withSubreaper(on)));
    }

    /** setuid(): uid 0 may take any uid (and loses its privilege unless it keeps 0); others only their own. */
    public static Transition<Void> setuid(KernelState s, int pid, int uid) {
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
        return Transition.ok(null, s.withTask(t.withCreds(uid, t.gid())));
    }

    /**
     * The task blocks in TASK_UNINTERRUPTIBLE. A task with a freeze pending takes the refrigerator on
     * its way back to user space before it can start a new blocking call (Freeze.tla, SleepBegin).
     */
    public static Transition<Void> sleepBegin(KernelState s, Freezer freezer, int pid) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        if (freezer.shouldRefrigerate(s, pid)) {
            return Transition.blocked("task " + pid + " has a freeze pending", s);
        }
        return Transition.ok(null, s.withTask(s.tasks().get(pid).withState(RunState.DSLEEP)));
    }

    public static Transition<Void> sleepEnd(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        if (t == null || t.state() != RunState.DSLEEP) {
            return Transition.error(Errno.EINVAL, "task " + pid + " is not in uninterruptible sleep", s);
        }
        return Transition.ok(null, s.withTask(t.withState(RunState.RUNNING)));
    }
}
