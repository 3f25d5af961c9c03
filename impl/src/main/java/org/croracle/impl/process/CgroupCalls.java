package org.croracle.impl.process;

import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;

/**
 * Moving an existing task between freezer cgroups: a write of its pid to a cgroup's cgroup.procs
 * (cgroup_attach_proc, with the freezer's freezer_can_attach and linux-cr's CHECKPOINTING).
 */
public final class CgroupCalls {
    private CgroupCalls() {}

    /**
     * echo TARGET > CGROUP/cgroup.procs by {@code caller}, in this order: the writer must be able
     * to run; ESRCH if the target is not a live task the writer's namespace sees (a zombie has
     * left its cgroups); EACCES unless the writer is root or has the target's uid (the euid check
     * of attach_task_by_pid, kept as simple as kill's); a cgroup that does not exist is created
     * THAWED, as fork's {@code cgroup=} does; threads of the group already in the cgroup stay (and
     * a group all there is a success that runs no check, as cgroup_attach_task returns early);
     * EBUSY if the destination is not THAWED, or a thread's current cgroup is FREEZING, FROZEN or
     * CHECKPOINTING (freezer_can_attach: anything frozen can't move or be moved to/from). Every
     * live thread of the target's group moves at once, each in its run state (a task in
     * uninterruptible sleep keeps sleeping).
     */
    public static Transition<Void> attach(KernelState s, Freezer freezer, int caller, int target, String cgroup) {
        Transition<Void> bad = TaskCalls.checkCaller(s, caller);
        if (bad != null) {
            return bad;
        }
        Task me = s.tasks().get(caller);
        Task t = s.tasks().get(target);
        if (t == null || t.isZombie() || !s.visibleIn(target, me.ns())) {
            return Transition.error(Errno.ESRCH, "no live task " + target + " in the writer's namespace", s);
        }
        if (!me.privileged() && me.uid() != t.uid()) {
            return Transition.error(Errno.EACCES, "may not move another user's task", s);
        }
        Cgroup dest = s.cgroups().getOrDefault(cgroup, Cgroup.create(cgroup));
        List<Task> moving = new ArrayList<>();
        for (Task m : s.threadGroup(t.tgid())) {
            if (!m.isZombie() && !m.cgroup().equals(cgroup)) {
                moving.add(m);
            }
        }
        if (moving.isEmpty()) {
            return Transition.ok(null, s);
        }
        if (!freezer.canAttach(dest)) {
            return Transition.error(Errno.EBUSY, "cgroup " + cgroup + " is " + dest.state(), s);
        }
        for (Task m : moving) {
            Cgroup from = s.cgroups().get(m.cgroup());
            if (from != null && !freezer.canLeave(from)) {
                return Transition.error(Errno.EBUSY, "task " + m.pid() + "'s cgroup " + from.name() + " is " + from.state(), s);
            }
        }
        KernelState next = s.withCgroup(dest);
        for (Task m : moving) {
            next = next.withTask(m.withCgroup(cgroup));
        }
        return Transition.ok(null, next);
    }
}
