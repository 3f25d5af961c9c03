package org.croracle.impl.kernel;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;

import org.pcollections.TreePSet;

/**
 * One restart() in progress (or the last one, once it has returned): what it was given, how far
 * the creation of its tree and the restore of its tasks have come, and how it ended. Immutable:
 * every step of the restart builds the next context in the same kernel step, so an observer sees
 * the restart's progress with the state before and after each step.
 *
 * @param caller   global pid of the task that called restart()
 * @param cgroup   the restart's new freezer cgroup (its tasks are created in it)
 * @param flags    the call's flags (RESTART_FROZEN, RESTART_TASKSELF)
 * @param saved    the image's tasks in image (depth-first) order, the root first
 * @param plan     how the tree is rebuilt; null for RESTART_TASKSELF (one task restored into the caller)
 * @param position the next plan step to run (0-based in {@code plan.steps()})
 * @param refused  the plan step the kernel refused (0-based), or -1
 * @param pids     plan node (its pid in the image) -> global pid of the task created for it,
 *                 temporary tasks included
 * @param ns       the id of the restart's PID namespace (its init's), -1 before the init exists
 * @param cursor   the task restoring now, 1-based in image order; 0 before the first restores
 * @param objects  the restart's objhash: objref -> kernel object id (filled as objects are made)
 * @param paths    the paths the restart added to the filesystem (removed again if it fails)
 * @param restored the image tasks whose own state is back: restore_task done, and for a task whose
 *                 image has the subreaper flag, that flag too (the last thing it restores)
 * @param exited   the image's zombies that exited on their turn, with their saved status
 * @param began    the coordinator began the restore (restore_begin): every task exists
 * @param resumed  the coordinator woke the restored tasks (restart_resume): the restart succeeded
 * @param ended    no task is the restart's any more: it resumed them, or after a failure its init
 *                 is reaped (or never existed)
 * @param error    the restart's first error, or null
 * @param message  the first error's text, or ""
 */
public record RestartContext(int caller, String cgroup, int flags, List<Saved> saved, Plan plan, int position,
                             int refused, SortedMap<Integer, Integer> pids, int ns, int cursor,
                             SortedMap<Integer, Integer> objects, SortedSet<String> paths, SortedSet<Integer> restored,
                             SortedSet<Integer> exited, boolean began, boolean resumed, boolean ended, Errno error,
                             String message) {

    /**
     * A task of the image as the restart recreates it.
     *
     * @param pid        its pid in the container's namespace (the innermost of {@code levels})
     * @param tgid       its thread group's id there
     * @param ppid       its parent's pid there (the root's parent is outside)
     * @param sid        its session's id there (0: a session outside the container)
     * @param pgid       its process group's id there (0: a group outside the container)
     * @param levels     how many pid namespace levels of the container it has a pid in
     * @param zombie     it had exited and was not reaped
     * @param exitCode   a zombie's exit code
     * @param exitSignal the signal that killed a zombie, or 0
     * @param subreaper  it was a child subreaper (PR_SET_CHILD_SUBREAPER)
     * @param objects    what the image gives it to hold ({@link SavedObjects#NONE} for a zombie)
     */
    public record Saved(int pid, int tgid, int ppid, int sid, int pgid, int levels, boolean zombie, int exitCode,
                        int exitSignal, boolean subreaper, SavedObjects objects) {
    }

    public RestartContext {
        saved = List.copyOf(saved);
        pids = Persistent.map(pids);
        objects = Persistent.map(objects);
        paths = Persistent.set(paths);
        restored = Persistent.set(restored);
        exited = Persistent.set(exited);
    }

    /** A restart whose entry checks passed: nothing created yet. */
    public static RestartContext start(int caller, String cgroup, int flags, List<Saved> saved, Plan plan) {
        return new RestartContext(caller, cgroup, flags, saved, plan, 0, -1, IntTrieMap.empty(), -1, 0, IntTrieMap.empty(),
                TreePSet.empty(), IntTrieSet.empty(), IntTrieSet.empty(), false, false, false, null, "");
    }

    /** The global pid of the restart's init (the task the restarter creates), 0 before it exists. */
    public int root() {
        if (plan == null) {
            return caller;
        }
        for (PlanStep ps : plan.steps()) {
            if (ps.op() == PlanStep.Op.CREATE && ps.actor() == 0) {
                return pids.getOrDefault(ps.node(), 0);
            }
        }
        return 0;
    }

    public boolean failed() {
        return error != null;
    }

    /** The plan step at {@code position} is done; a CREATE made {@code global} for its node (else 0). */
    public RestartContext stepDone(int global, int nsId) {
        PlanStep ps = plan.steps().get(position);
        SortedMap<Integer, Integer> p = global == 0 ? pids : Persistent.map(pids).plus(ps.node(), global);
        int n = ns == -1 && ps.op() == PlanStep.Op.CREATE && ps.actor() == 0 ? nsId : ns;
        return new RestartContext(caller, cgroup, flags, saved, plan, position + 1, refused, p, n, cursor, objects, paths,
                restored, exited, began, resumed, ended, error, message);
    }

    /** The kernel refused the plan step at {@code position}: the restart fails there. */
    public RestartContext stepRefused(Errno e, String why) {
        if (failed()) {
            return this;
        }
        RestartContext c = failedWith(e, why);
        return new RestartContext(caller, cgroup, flags, saved, plan, position, position, pids, ns, cursor, objects, paths,
                restored, exited, began, resumed, c.ended, c.error, c.message);
    }

    /**
     * The restart fails with {@code e} unless it failed before (the first error is the one the
     * caller gets). A restart whose init does not exist yet has nothing to undo: it is over.
     */
    public RestartContext failedWith(Errno e, String why) {
        if (failed()) {
            return this;
        }
        return new RestartContext(caller, cgroup, flags, saved, plan, position, refused, pids, ns, cursor, objects, paths,
                restored, exited, began, resumed, ended || root() == 0, e, why);
    }

    /** restore_begin: every task exists, the coordinator activates the first. */
    public RestartContext beginRestore() {
        return new RestartContext(caller, cgroup, flags, saved, plan, position, refused, pids, ns, cursor, objects, paths,
                restored, exited, true, resumed, ended, error, message);
    }

    /**
     * The task at image index {@code index} ran restore_task: the objects and paths it made are the
     * restart's; {@code done} if that completes its own state (no subreaper flag left to set).
     */
    public RestartContext taskRestoring(int index, SortedMap<Integer, Integer> newObjects, SortedSet<String> newPaths,
                                        boolean done) {
        SortedSet<Integer> r = done ? Persistent.set(restored).plus(saved.get(index).pid()) : restored;
        return new RestartContext(caller, cgroup, flags, saved, plan, position, refused, pids, ns, index + 1, newObjects,
                newPaths, r, exited, began, resumed, ended, error, message);
    }

    /** The task restoring now set its saved subreaper flag: its own state is back. */
    public RestartContext subreaperRestored() {
        SortedSet<Integer> r = Persistent.set(restored).plus(saved.get(cursor - 1).pid());
        return new RestartContext(caller, cgroup, flags, saved, plan, position, refused, pids, ns, cursor, objects, paths,
                r, exited, began, resumed, ended, error, message);
    }

    /** The zombie restoring now exited with its saved status. */
    public RestartContext zombieExited() {
        SortedSet<Integer> x = Persistent.set(exited).plus(saved.get(cursor - 1).pid());
        return new RestartContext(caller, cgroup, flags, saved, plan, position, refused, pids, ns, cursor, objects, paths,
                restored, x, began, resumed, ended, error, message);
    }

    /** restart_resume: the tasks return to user space; the restart is over. */
    public RestartContext resume() {
        return new RestartContext(caller, cgroup, flags, saved, plan, position, refused, pids, ns, cursor, objects, paths,
                restored, exited, began, true, true, error, message);
    }

    /** After a failure, the init is reaped: the restart's namespace is gone. */
    public RestartContext reaped() {
        return new RestartContext(caller, cgroup, flags, saved, plan, position, refused, pids, ns, cursor, objects, paths,
                restored, exited, began, resumed, true, error, message);
    }

    /** After a failure, the paths it added are removed. */
    public RestartContext pathsRemoved() {
        return new RestartContext(caller, cgroup, flags, saved, plan, position, refused, pids, ns, cursor, objects,
                TreePSet.empty(), restored, exited, began, resumed, ended, error, message);
    }
}
