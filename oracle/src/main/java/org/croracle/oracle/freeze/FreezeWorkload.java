package org.croracle.oracle.freeze;

import java.util.ArrayList;
import java.util.List;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Task;
import org.croracle.oracle.trace.Workload;

/**
 * Random freezer and task operations. A code is {@code kind + KINDS * selector}: the kind picks
 * the operation, the selector picks its task or cgroup among those that exist now. Tasks are picked
 * among all tasks, frozen, asleep and dead ones included, so that the calls a frozen task cannot
 * make are tried too.
 */
public final class FreezeWorkload implements Workload {

    private static final int KINDS = 16;
    /** At most this many non-root cgroups, so that cgroups fill up with tasks and get frozen. */
    private static final int MAX_CGROUPS = 3;
    private static final int MAX_TASKS = 12;

    @Override
    public int codeBound() {
        return KINDS * 64;
    }

    @Override
    public void apply(Kernel k, int code) {
        KernelState s = k.state();
        int kind = code % KINDS;
        int sel = code / KINDS;
        List<Integer> all = new ArrayList<>(s.tasks().keySet());
        List<String> cgroups = new ArrayList<>(s.cgroups().keySet());
        cgroups.remove(Cgroup.ROOT);
        switch (kind) {
            case 0, 1 -> {
                if (all.size() < MAX_TASKS) {
                    k.fork(pick(all, sel), ForkOptions.PLAIN);
                }
            }
            case 2 -> {
                if (all.size() < MAX_TASKS) {
                    String target = cgroups.size() < MAX_CGROUPS && sel % 2 == 0
                            ? "cg" + (cgroups.size() + 1) : pickOr(cgroups, sel / 2, "cg1");
                    k.fork(pick(all, sel / 2), ForkOptions.intoCgroup(target));
                }
            }
            case 3 -> k.exit(pick(all, sel), sel % 4);
            case 4 -> {
                // A parent reaping one of its zombies (or, one time in four, any task: ECHILD / EAGAIN).
                List<Task> zombies = s.tasks().values().stream().filter(Task::isZombie).toList();
                if (!zombies.isEmpty() && sel % 4 != 3) {
                    Task z = zombies.get(sel % zombies.size());
                    k.wait(z.ppid(), z.pid());
                } else {
                    k.wait(pick(all, sel), pick(all, sel / 3));
                }
            }
            case 5 -> k.getppid(pick(all, sel));
            case 6 -> k.sleepBegin(pick(all, sel));
            case 7 -> {
                List<Integer> sleeping = s.tasks().values().stream()
                        .filter(t -> t.state() == RunState.DSLEEP).map(Task::pid).toList();
                if (!sleeping.isEmpty()) {
                    k.sleepEnd(pick(sleeping, sel));
                }
            }
            case 8 -> {
                List<Integer> pending = k.pendingRefrigerations();
                if (!pending.isEmpty()) {
                    k.refrigerate(pick(pending, sel));
                }
            }
            case 13 -> {
                // a namespace's init: its exit takes its namespace's tasks, in any cgroup, with it
                if (all.size() < MAX_TASKS) {
                    k.fork(pick(all, sel), sel % 3 == 0 ? new ForkOptions(pickOr(cgroups, sel / 3, "cg1"), true, false)
                            : ForkOptions.NEWPID);
                }
            }
            case 14 -> {
                // a thread: its exit leaves the cgroup at once
                if (all.size() < MAX_TASKS) {
                    k.fork(pick(all, sel), new ForkOptions(null, false, false, false, true, false, true, true));
                }
            }
            case 9 -> k.freezerWrite(pickCgroup(cgroups, sel), sel % 5 == 4 ? FreezerState.THAWED : FreezerState.FROZEN);
            case 10 -> k.freezerRead(pickCgroup(cgroups, sel));
            case 11 -> k.freezerBeginCheckpoint(pickCgroup(cgroups, sel));
            case 12 -> {
                List<String> held = cgroups.stream()
                        .filter(c -> s.cgroups().get(c).state() == FreezerState.CHECKPOINTING).toList();
                if (!held.isEmpty()) {
                    k.freezerEndCheckpoint(pick(held, sel));
                } else {
                    k.freezerWrite(pickCgroup(cgroups, sel), FreezerState.THAWED);
                }
            }
            case 15 -> {
                // echo PID > CGROUP/cgroup.procs, mostly by host, now and then by any task (EACCES
                // for another user's task): the target's thread group moves, EBUSY unless both
                // cgroups are THAWED
                int writer = sel % 4 == 3 ? pick(all, sel / 4) : k.hostPid();
                String target = cgroups.size() < MAX_CGROUPS && sel % 5 == 0
                        ? "cg" + (cgroups.size() + 1) : pickCgroup(cgroups, sel / 2);
                k.attach(writer, pick(all, sel / 2), target);
            }
            default -> throw new IllegalStateException("kind " + kind);
        }
    }

    /** A cgroup of the list, or now and then the root cgroup (which cannot be frozen: EINVAL). */
    private static String pickCgroup(List<String> cgroups, int sel) {
        if (cgroups.isEmpty() || sel % 8 == 7) {
            return Cgroup.ROOT;
        }
        return pick(cgroups, sel);
    }

    /**
     * Selector 0 is the newest element, 1 the one before, and so on: dropping an earlier operation
     * then rarely changes which task a later one picks, which helps shrinking.
     */
    private static <T> T pick(List<T> from, int sel) {
        return from.get(from.size() - 1 - Math.floorMod(sel, from.size()));
    }

    private static <T> T pickOr(List<T> from, int sel, T fallback) {
        return from.isEmpty() ? fallback : pick(from, sel);
    }
}
