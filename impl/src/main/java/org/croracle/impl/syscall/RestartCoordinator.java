package org.croracle.impl.syscall;

import java.util.AbstractMap;
import java.util.HashMap;
import java.util.Set;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.croracle.impl.fs.FileCalls;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Plan;
import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.Persistent;
import org.croracle.impl.kernel.PlanStep;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.impl.kernel.RestartFlags;
import org.croracle.impl.kernel.SavedObjects;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.process.TaskCalls;
import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.restart.Planner;
import org.croracle.impl.restart.Prepared;
import org.croracle.impl.restart.RestoreSteps;
import org.croracle.impl.restart.SavedImage;
import org.pcollections.PSortedMap;

/**
 * restart() as linux-cr's do_restart and user-cr run it together: the entry checks, which read,
 * check and plan the image and put the restart's context in the kernel state; the plan's creation
 * steps (MakeForest); then, in the configured order of {@link KernelConfig.RestartPhases}, the
 * restore (restore_begin, then each task in image order: restore_task, its credentials and
 * subreaper flag, a zombie's exit) and the temporary tasks' exit; RESTART_FROZEN's freeze; and
 * restart_resume, or on an error the abort that kills the restart's namespace. Every step that
 * moves the restart on also moves its context on, in the same kernel step, so that the oracle
 * sees the restart's progress with the state before and after each step.
 */
final class RestartCoordinator {

    private final Kernel k;
    private final int caller;
    private final int flags;
    private final String cgroup;
    private final RestartIo io;
    private final Consumer<String> log;
    /** The restart's steps so far at which a test may inject a fault (not kernel state: a test's counter). */
    private int faultPoints;

    /** The fault armed for this restart (Kernel.injectRestartFault), or null. */
    private final RestartFault armed;

    private RestartCoordinator(Kernel k, int caller, int flags, String cgroup, RestartIo io, RestartFault armed) {
        this.k = k;
        this.armed = armed;
        this.caller = caller;
        this.flags = flags;
        this.cgroup = cgroup;
        this.io = io;
        this.log = io.log();
    }

    static Result<Restarted> run(Kernel k, int caller, int flags, String cgroup, RestartIo io, RestartFault armed) {
        return new RestartCoordinator(k, caller, flags, cgroup, io, armed).run();
    }

    private RestartContext ctx() {
        return k.state().restart();
    }

    private Result<Restarted> run() {
        Result<Prepared> entry = k.step(Ops.RESTART, caller,
                StepArgs.args("fd", io.fd(), "flags", flags, "logfd", io.logfd(), "cgroup", cgroup), this::enter);
        if (!entry.isOk()) {
            if (entry.status() == Result.Status.ERROR) {
                log.accept("error: " + entry.reason());
            }
            return entry.cast();
        }
        SavedImage image = entry.value().image();
        if ((flags & RestartFlags.TASKSELF) != 0) {
            return restartSelf(image);
        }
        Plan plan = entry.value().plan();
        log.accept("plan: " + plan.steps().size() + " steps for " + image.tasks().size() + " tasks and "
                + (plan.nodes().size() - image.tasks().size()) + " temporary ones");
        Result<?> failure = makeForest(plan);
        for (KernelConfig.RestartPhases.Phase phase : k.config().restartPhases().order()) {
            if (failure == null) {
                failure = switch (phase) {
                    case RESTORE -> restore(image);
                    case TEMPORARIES_EXIT -> exitTemporaries(plan);
                };
            }
        }
        if (failure == null && (flags & RestartFlags.FROZEN) != 0) {
            failure = freeze();
        }
        if (failure != null) {
            abort(failure);
            return failure.status() == Result.Status.ERROR ? Result.error(failure.errno(), failure.reason())
                    : Result.error(Errno.EINTR, "a restarting task could not run: " + failure.reason());
        }
        // A hash map, not a tree: Restarted keeps its own unordered copy, and the image lists its
        // tasks depth first, in no pid order, so a tree took each insertion across the heap.
        Map<Integer, Integer> restored = new HashMap<>(2 * image.tasks().size());
        for (SavedImage.SavedTask t : image.tasks()) {
            restored.put(t.pid(), ctx().pids().get(t.pid()));
        }
        int root = ctx().root();
        // ckpt_set_success: the coordinator wakes every task, and they return to user space together.
        k.step(Ops.RESTART_RESUME, caller, StepArgs.args("cgroup", cgroup), s -> Transition.ok(null, s.withRestart(s.restart().resume())));
        log.accept("restart: " + restored.size() + " tasks restored, root " + root);
        return Result.ok(new Restarted(root, restored));
    }

    /** The entry checks; the image read, checked and planned; the restart's context made. */
    private Transition<Prepared> enter(KernelState s) {
        Transition<Prepared> bad = TaskCalls.checkCaller(s, caller);
        if (bad != null) {
            return bad;
        }
        Task c = s.tasks().get(caller);
        if ((flags & ~RestartFlags.USER_FLAGS) != 0) {
            return Transition.error(Errno.EINVAL, "unknown restart flags 0x" + Integer.toHexString(flags), s);
        }
        if ((flags & RestartFlags.GHOST) != 0) {
            return Transition.error(Errno.EINVAL, "RESTART_GHOST is for the restart's own ghost tasks, "
                    + "which the simulated restart makes itself", s);
        }
        String unprivileged = k.config().restartPermission().refusal(s.ckptUnprivAllowed(), c);
        if (unprivileged != null) {
            return Transition.error(Errno.EPERM, unprivileged, s);
        }
        if (!FileCalls.isOpen(s, c, io.fd(), true, false)) {
            return Transition.error(Errno.EBADF, "fd " + io.fd() + " is not a file open for reading", s);
        }
        if (io.logfd() != -1 && !FileCalls.isOpen(s, c, io.logfd(), false, true)) {
            return Transition.error(Errno.EBADF, "logfd " + io.logfd() + " is not a file open for writing", s);
        }
        if (s.cgroups().containsKey(cgroup)) {
            return Transition.error(Errno.EEXIST, "freezer cgroup " + cgroup + " exists", s);
        }
        ImageLoader.Loaded loaded = ImageLoader.load(io.image(), k.config(), k.config().tailCheck(), k.config().recordRestore());
        if (loaded.refusal() != null) {
            return Transition.error(Errno.EINVAL, loaded.refusal().toString(), s);
        }
        SavedImage img = loaded.image();
        if ((flags & RestartFlags.TASKSELF) != 0) {
            if (img.tasks().size() != 1 || img.tasks().get(0).zombie()) {
                return Transition.error(Errno.EINVAL, "RESTART_TASKSELF needs an image of one live task, not "
                        + img.tasks().size(), s);
            }
            String stranger = k.config().restartPermission().selfRefusal(c, img.tasks().get(0).task());
            if (stranger != null) {
                return Transition.error(Errno.EPERM, stranger, s);
            }
            return Transition.ok(new Prepared(img, null), s.withRestart(context(img, null)));
        }
        Planner.Outcome planned = Planner.plan(img, k.config().birthOrder());
        if (planned.refusal() != null) {
            return Transition.error(Errno.EINVAL, "cannot rebuild the tree: " + planned.refusal(), s);
        }
        return Transition.ok(new Prepared(img, planned.plan()), s.withRestart(context(img, planned.plan())));
    }

    private RestartContext context(SavedImage image, Plan plan) {
        List<RestartContext.Saved> saved = image.tasks().stream().map(t -> {
            ImageRecord.TreeEntry e = t.entry();
            return new RestartContext.Saved(t.pid(), e.tgid(), e.ppid(), e.sid(), e.pgid(), e.pids().size(), t.zombie(),
                    e.exitCode(), e.exitSignal(), (t.task().flags() & ImageRecord.Task.SUBREAPER) != 0, objects(image, t));
        }).toList();
        return RestartContext.start(caller, cgroup, flags, saved, plan);
    }

    /** What the image gives task {@code t} to hold, by objref (a checked image: every objref it names is there). */
    private static SavedObjects objects(SavedImage image, SavedImage.SavedTask t) {
        ImageRecord.TaskObjs o = t.objs();
        if (t.zombie() || o == null) {
            return SavedObjects.NONE;
        }
        TreeMap<Integer, SavedObjects.Fd> fds = new TreeMap<>();
        SavedImage.SavedObject table = image.objects().get(o.filesRef());
        for (ImageRecord r : table == null ? List.<ImageRecord>of() : table.records()) {
            if (r instanceof ImageRecord.FileTable ft) {
                for (ImageRecord.FdEntry fd : ft.fds()) {
                    SavedImage.SavedObject file = image.objects().get(fd.fileRef());
                    int inode = file == null ? 0 : file.records().stream()
                            .filter(x -> x instanceof ImageRecord.File).map(x -> ((ImageRecord.File) x).inodeRef())
                            .findFirst().orElse(0);
                    fds.put(fd.fd(), new SavedObjects.Fd(fd.fileRef(), inode, fd.cloexec()));
                }
            }
        }
        return new SavedObjects(o.filesRef(), o.mmRef(), o.fsRef(), o.sighandRef(), fds, t.task().blockedMask(),
                t.task().pendingMask());
    }

    /** MakeForest: every task, temporary ones included, exists before any restores. Returns the failure, or null. */
    private Result<?> makeForest(Plan plan) {
        int n = 0;
        for (PlanStep ps : plan.steps()) {
            Result<?> injected = injected("plan", ++n);
            Result<?> r = injected != null ? injected : planStep(ps);
            if (!r.isOk()) {
                log.accept("error: " + ps + ": " + r);
                return r;
            }
        }
        return null;
    }

    /** One plan step, made by the task it names; the context moves on to the next, or records its refusal. */
    private Result<?> planStep(PlanStep ps) {
        Map<Integer, Integer> global = ctx().pids();
        BiFunction<KernelState, Result<?>, RestartContext> progress = (s, r) -> {
            RestartContext c = s.restart();
            if (!r.isOk()) {
                return c.stepRefused(r.errno(), r.reason());
            }
            if (ps.op() != PlanStep.Op.CREATE) {
                return c.stepDone(0, 0);
            }
            int made = (Integer) r.value();
            return c.stepDone(made, s.tasks().get(made).ns());
        };
        return k.<Result<?>>inRestart(progress, () -> switch (ps.op()) {
            case CREATE -> {
                int actor = ps.actor() == 0 ? caller : global.get(ps.actor());
                // a thread: CLONE_THREAD needs CLONE_SIGHAND, which needs CLONE_VM (restore_task then
                // gives it the objects the image names, shared with its leader or not)
                ForkOptions how = ps.thread() ? new ForkOptions(null, false, false, false, true, false, true, true)
                        : new ForkOptions(ps.actor() == 0 ? cgroup : null, ps.newPid(), ps.cloneParent());
                yield k.eclone(actor, how, ps.pids());
            }
            case SETSID -> k.setsid(global.get(ps.node()));
            case SETPGID -> k.restorePgid(global.get(ps.node()), global.get(ps.pgid()));
            case SUBREAPER -> k.subreaper(global.get(ps.node()), ps.subreaper());
            case EXIT -> k.exit(global.get(ps.node()), 0);
            case WAIT -> k.wait(global.get(ps.actor()), global.get(ps.node()));
        });
    }

    /**
     * do_restore_coord: the coordinator activates the tasks one by one in image order; each
     * restores itself (restore_task), takes back its credentials and subreaper flag, and a zombie
     * exits with its saved status. Returns the failure, or null.
     */
    private Result<?> restore(SavedImage image) {
        k.step(Ops.RESTORE_BEGIN, caller, StepArgs.args("cgroup", cgroup), s -> Transition.ok(null, s.withRestart(s.restart().beginRestore())));
        for (SavedImage.SavedTask t : image.tasks()) {
            int pid = ctx().pids().get(t.pid());
            ImageRecord.Task rec = t.task();
            boolean sub = (rec.flags() & ImageRecord.Task.SUBREAPER) != 0;
            Result<?> injected = injected("restore", t.index() + 1);
            Result<?> r = injected != null ? injected : k.step(Ops.RESTORE_TASK, pid, StepArgs.args("task", t.index()),
                    s -> restoreTask(s, pid, t, image, sub));
            Task now = k.state().tasks().get(pid);
            if (r.isOk() && rec.gid() != now.gid()) {
                r = k.inRestart(RestartCoordinator::failure, () -> k.setgid(pid, rec.gid()));
            }
            if (r.isOk() && rec.uid() != now.uid()) {
                // as the caller could: a restart never raises privilege
                r = k.inRestart(RestartCoordinator::failure, () -> k.setuid(pid, rec.uid()));
            }
            if (r.isOk() && sub) {
                r = k.inRestart((s, x) -> x.isOk() ? s.restart().subreaperRestored() : failure(s, x),
                        () -> k.subreaper(pid, true));
            }
            if (r.isOk() && t.zombie()) {
                ExitStatus status = t.entry().exitSignal() != 0
                        ? ExitStatus.killed(RestoreSteps.signal(t.entry().exitSignal()))
                        : ExitStatus.exited(t.entry().exitCode());
                r = k.step(Ops.RESTORE_EXIT, pid, StepArgs.args("status", status.toString()),
                        s -> Transition.ok(null, TaskCalls.restoredZombie(s, pid, status).withRestart(s.restart().zombieExited())));
            }
            if (!r.isOk()) {
                log.accept("error: restoring task " + t.pid() + ": " + r);
                return r;
            }
        }
        return null;
    }

    /** restore_task of the task at the cursor: the objects it makes join the restart's objhash. */
    private Transition<Void> restoreTask(KernelState s, int pid, SavedImage.SavedTask t, SavedImage image, boolean sub) {
        RestartContext c = s.restart();
        // The task adds its objects and paths to the restart's; it reads the others through. Only
        // what it adds is copied, so restoring n tasks costs O(n log n), not O(n^2).
        PSortedMap<Integer, Integer> known = Persistent.map(c.objects());
        Map<Integer, Integer> added = new HashMap<>();
        Map<Integer, Integer> objects = new AbstractMap<>() {
            @Override
            public Integer get(Object objref) {
                Integer id = added.get(objref);
                return id != null ? id : known.get(objref);
            }

            @Override
            public boolean containsKey(Object objref) {
                return added.containsKey(objref) || known.containsKey(objref);
            }

            @Override
            public Integer put(Integer objref, Integer id) {
                return added.put(objref, id);
            }

            @Override
            public Set<Map.Entry<Integer, Integer>> entrySet() {
                throw new UnsupportedOperationException("the restart's objhash is read by objref only");
            }
        };
        TreeSet<String> paths = new TreeSet<>();
        Transition<Void> done = RestoreSteps.restoreTask(s, pid, t, image, objects, paths, k.config().objhashLookup());
        RestartContext next = c.taskRestoring(t.index(), known.plusAll(added), Persistent.set(c.paths()).plusAll(paths),
                !sub);
        return new Transition<>(done.result(), done.next().withRestart(c.plan() == null ? next.resume() : next));
    }

    /**
     * The ghosts and keepers exit (placeholders did during the creation) and are reaped by whoever
     * is their parent then; their pids live on while their sessions and groups do. Returns the
     * failure, or null.
     */
    private Result<?> exitTemporaries(Plan plan) {
        int count = 0;
        for (PlanNode.Kind kind : List.of(PlanNode.Kind.KEEPER, PlanNode.Kind.GHOST_GROUP, PlanNode.Kind.GHOST_SESSION)) {
            for (PlanNode n : plan.nodes().values()) {
                if (n.kind() != kind) {
                    continue;
                }
                int pid = ctx().pids().get(n.pid());
                Result<?> injected = injected("exit", ++count);
                Result<?> r = injected != null ? injected : k.inRestart(RestartCoordinator::failure, () -> k.exit(pid, 0));
                // a parent that ignores SIGCHLD has released it already (found by the round trip on Linux)
                if (r.isOk() && k.state().tasks().containsKey(pid)) {
                    r = k.inRestart(RestartCoordinator::failure, () -> k.wait(k.state().tasks().get(pid).ppid(), pid));
                }
                if (!r.isOk()) {
                    log.accept("error: temporary task " + n.pid() + " exiting: " + r);
                    return r;
                }
            }
        }
        return null;
    }

    /** RESTART_FROZEN: the restart's cgroup is frozen before the tasks would run. Returns the failure, or null. */
    private Result<?> freeze() {
        Result<?> injected = injected("freeze", -1);
        Result<FreezerState> frozen = injected != null ? injected.cast()
                : k.inRestart(RestartCoordinator::failure, () -> k.freeze(cgroup));
        if (!frozen.isOk() || frozen.value() != FreezerState.FROZEN) {
            return frozen.isOk() ? Result.error(Errno.EBUSY, "cgroup " + cgroup + " did not freeze") : frozen;
        }
        return null;
    }

    /**
     * RESTART_TASKSELF: the caller becomes the task of the image (its objects, signals, credentials
     * and subreaper flag; its pid stays its own); the checkpoint() it made returns 0 to it. The
     * credentials were checked before: the steps below cannot fail.
     */
    private Result<Restarted> restartSelf(SavedImage image) {
        SavedImage.SavedTask t = image.tasks().get(0);
        k.step(Ops.RESTORE_TASK, caller, StepArgs.args("task", 0), s -> restoreTask(s, caller, t, image, false));
        ImageRecord.Task rec = t.task();
        Task now = k.state().tasks().get(caller);
        if (rec.gid() != now.gid()) {
            k.setgid(caller, rec.gid());
        }
        if (rec.uid() != now.uid()) {
            k.setuid(caller, rec.uid());
        }
        if (((rec.flags() & ImageRecord.Task.SUBREAPER) != 0) != now.subreaper()) {
            k.subreaper(caller, (rec.flags() & ImageRecord.Task.SUBREAPER) != 0);
        }
        log.accept("restart: task " + caller + " restored itself" + (image.self() ? "; its checkpoint() returns 0" : ""));
        return Result.ok(new Restarted(caller, Map.of(t.pid(), caller)));
    }

    /**
     * A fault injected (by a test) at the restart's next step, or null. It is a kernel step of its
     * own (ckpt_set_error, the state otherwise unchanged), so that an observer sees the error where
     * it happens.
     */
    private Result<?> injected(String kind, int n) {
        int at = faultPoints++;
        Errno planned = k.config().restartFaults().at(at);
        if (armed == null && planned == null) {
            return null; // no fault here: the step's name is not even made (one per task of the image)
        }
        String name = n < 0 ? kind : kind + ":" + n;
        Errno e = armed != null && armed.step().equals(name) ? armed.errno() : planned;
        return e == null ? null : k.step(Ops.RESTART_FAULT, caller, StepArgs.args("at", at, "step", name), s -> {
            String why = "fault injected at restart step " + at + " (" + name + ")";
            return Transition.error(e, why, s.withRestart(s.restart().failedWith(e, why)));
        });
    }

    /**
     * The restart failed: its namespace dies with its init (SIGKILL), the caller reaps it, the
     * files it added go and so does the freezer cgroup it made: nothing of it is left. The
     * coordinator's own error (a freeze that did not complete) is the restart's from the first
     * step of the abort.
     */
    private void abort(Result<?> failure) {
        Errno why = failure.status() == Result.Status.ERROR ? failure.errno() : Errno.EINTR;
        BiFunction<KernelState, Result<?>, RestartContext> failing = (s, r) -> s.restart().failedWith(why, failure.reason());
        int root = ctx().root();
        List<KernelConfig.RestartUndo.Undo> undo = k.config().restartUndo().order();
        if (root != 0 && k.state().tasks().containsKey(root)) {
            if (k.state().cgroups().containsKey(cgroup) && k.state().cgroups().get(cgroup).state() != FreezerState.THAWED) {
                k.inRestart(failing, () -> k.freezerWrite(cgroup, FreezerState.THAWED));
            }
            if (!k.state().tasks().get(root).isZombie()) {
                k.inRestart(failing, () -> k.kill(caller, root, Signal.SIGKILL));
            }
            if (undo.contains(KernelConfig.RestartUndo.Undo.REAP)) {
                k.inRestart((s, r) -> {
                    RestartContext c = failing.apply(s, r);
                    return s.tasks().containsKey(root) ? c : c.reaped();
                }, () -> k.wait(caller, root));
            }
        }
        if (!ctx().paths().isEmpty() && undo.contains(KernelConfig.RestartUndo.Undo.UNLINK)) {
            java.util.Set<String> paths = ctx().paths();
            k.step(Ops.RESTORE_TASK, Step.NO_TASK, StepArgs.args("undo", "paths"),
                    s -> Transition.ok(null, FileCalls.unlink(s, paths).withRestart(s.restart().pathsRemoved())));
        }
        // The cgroup was made by the init's eclone (restart's entry refuses one that exists): rmdir it.
        if (k.state().cgroups().containsKey(cgroup) && k.state().members(cgroup).isEmpty()
                && undo.contains(KernelConfig.RestartUndo.Undo.RMDIR)) {
            k.step(Ops.RESTORE_TASK, Step.NO_TASK, StepArgs.args("undo", "cgroup"),
                    s -> Transition.ok(null, s.withoutCgroup(cgroup)));
        }
    }

    /** A step that moves the restart on only when it fails: its first error is the restart's. */
    private static RestartContext failure(KernelState s, Result<?> r) {
        if (r.isOk()) {
            return s.restart();
        }
        Errno e = r.status() == Result.Status.ERROR ? r.errno() : Errno.EINTR;
        return s.restart().failedWith(e, r.reason());
    }
}
