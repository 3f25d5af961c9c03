package org.croracle.impl.kernel;

import java.util.OptionalInt;

import org.croracle.impl.freezer.Cgroup;
import org.croracle.impl.freezer.Freezer;

/** The process system calls: fork, exit, wait, getppid, and the uninterruptible sleep of a task. */
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

    static Transition<Integer> fork(KernelState s, Freezer freezer, int parentPid, ForkOptions options) {
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
        OptionalInt pid = s.pids().next(s.tasks()::containsKey);
        if (pid.isEmpty()) {
            return Transition.error(Errno.EAGAIN, "no free pid", s);
        }
        Task child = new Task(pid.getAsInt(), parentPid, target, freezer.stateAtBirth(cgroup), 0);
        KernelState next = s.withCgroup(cgroup).withTask(child).withPids(s.pids().allocated(child.pid()));
        return Transition.ok(child.pid(), next);
    }

    static Transition<Void> exit(KernelState s, int pid, int status) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        if (s.tasks().get(pid).ppid() == 0) {
            return Transition.error(Errno.EINVAL, "the root namespace's init cannot exit (the kernel would panic)", s);
        }
        int reaper = s.tasks().firstKey(); // the root namespace's init
        KernelState next = s.withTask(s.tasks().get(pid).exited(status))
                .mapTasks(t -> t.ppid() == pid ? t.withParent(reaper) : t);
        return Transition.ok(null, next);
    }

    /** wait4(child, WNOHANG): reaps a zombie child and returns its exit status. */
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
        return Transition.ok(child.exitStatus(), s.withoutTask(childPid));
    }

    static Transition<Integer> getppid(KernelState s, int pid) {
        Transition<Integer> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        return Transition.ok(s.tasks().get(pid).ppid(), s);
    }

    /**
     * The task blocks in TASK_UNINTERRUPTIBLE. A task with a freeze pending takes the refrigerator on
     * its way back to user space before it can start a new blocking call (Freeze.tla, SleepBegin).
     */
    static Transition<Void> sleepBegin(KernelState s, Freezer freezer, int pid) {
        Transition<Void> bad = checkCaller(s, pid);
        if (bad != null) {
            return bad;
        }
        if (freezer.shouldRefrigerate(s, pid)) {
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
