package org.croracle.impl.syscall;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Mutant;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.StepListener;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.process.Sessions;
import org.croracle.impl.process.TaskCalls;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointError;
import org.croracle.impl.checkpoint.CheckpointSteps;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.kernel.Plan;
import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.PlanStep;
import org.croracle.impl.restart.Planner;
import org.croracle.impl.restart.Prepared;
import org.croracle.impl.kernel.RestartFlags;
import org.croracle.impl.restart.RestoreSteps;
import org.croracle.impl.restart.SavedImage;

import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.fs.FileCalls;
import org.croracle.impl.mm.MemoryCalls;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.signal.SignalCalls;
import org.croracle.impl.kernel.FreezerReading;
import org.croracle.impl.kernel.FreezerState;

/**
 * The simulated kernel: its system calls, the cgroupfs writes and reads of the freezer, and the
 * kernel-internal steps that matter to C/R (a task entering the refrigerator). Every call is one
 * step: it is recorded with the state before and after it, and it either succeeds or leaves the
 * state as it was. Not thread-safe: one kernel belongs to one thread.
 */
public final class Kernel {

    private final KernelConfig config;
    private final Freezer freezer;
    private final List<StepListener> listeners = new ArrayList<>();
    private KernelState state;
    private long steps;

    public Kernel() {
        this(KernelConfig.defaults());
    }

    public Kernel(KernelConfig config) {
        this.config = config;
        this.freezer = config.freezer();
        this.state = KernelState.boot();
    }

    KernelConfig config() {
        return config;
    }

    /** How many steps this kernel has made (the checkpoint's header records it as its time). */
    long stepCount() {
        return steps;
    }

    public KernelState state() {
        return state;
    }

    /** pid of {@code host}, the root namespace's init. */
    public int hostPid() {
        return KernelState.HOST_PID;
    }

    public void addStepListener(StepListener listener) {
        listeners.add(listener);
    }

    // ---- process system calls ----

    /** fork() (clone() with CLONE_NEWPID if asked); returns the child's global pid. */
    public Result<Integer> fork(int parent, ForkOptions options) {
        return step(Ops.FORK, parent, cloneArgs(options, null),
                s -> TaskCalls.clone(s, config, freezer, config.allocPid(), parent, options, List.of()));
    }

    /**
     * eclone() with a pid array (outermost first, right-aligned to the caller's innermost levels,
     * 0 for automatic); returns the child's global pid.
     */
    public Result<Integer> eclone(int parent, ForkOptions options, List<Integer> pids) {
        List<Integer> requested = List.copyOf(pids);
        return step(Ops.ECLONE, parent, cloneArgs(options, requested),
                s -> TaskCalls.clone(s, config, freezer, config.allocPid(), parent, options, requested));
    }

    private static Map<String, Object> cloneArgs(ForkOptions options, List<Integer> pids) {
        Map<String, Object> args = new LinkedHashMap<>();
        if (pids != null) {
            args.put("pids", pids);
        }
        if (options.newPid()) {
            args.put("newpid", true);
        }
        if (options.parent()) {
            args.put("parent", true);
        }
        for (String[] flag : new String[][] {{"files", String.valueOf(options.files())}, {"vm", String.valueOf(options.vm())},
                {"fs", String.valueOf(options.fs())}, {"sighand", String.valueOf(options.sighand())},
                {"thread", String.valueOf(options.thread())}}) {
            if (Boolean.parseBoolean(flag[1])) {
                args.put(flag[0], true);
            }
        }
        if (options.cgroup() != null) {
            args.put("cgroup", options.cgroup());
        }
        return args;
    }

    /** setsid(); returns the new session id. */
    public Result<Integer> setsid(int pid) {
        return step(Ops.SETSID, pid, args(), s -> Sessions.setsid(s, config.sessionRules(), pid));
    }

    /**
     * restore_task's pgid restore: task {@code pid} joins group {@code pgid} (global pids), linux-cr's
     * rules. A step of restart; public so that spec-driven conformance can take Eclone's RestorePgid.
     */
    public Result<Void> restorePgid(int pid, int pgid) {
        return step(Ops.RESTORE_PGID, pid, args("pgid", pgid), s -> Sessions.restorePgid(s, pid, pgid));
    }

    /** setpgid(target, pgid) (global pids; 0 = the caller / the target itself). */
    public Result<Void> setpgid(int pid, int target, int pgid) {
        return step(Ops.SETPGID, pid, args("target", target, "pgid", pgid), s -> Sessions.setpgid(s, pid, target, pgid));
    }

    /** kill(target, sig) (target: a global pid). */
    public Result<Void> kill(int pid, int target, Signal sig) {
        return step(Ops.KILL, pid, args("target", target, "signal", sig.name()), s -> Sessions.kill(s, pid, target, sig));
    }

    /** prctl(PR_SET_CHILD_SUBREAPER, on). */
    public Result<Void> subreaper(int pid, boolean on) {
        return step(Ops.SUBREAPER, pid, args("on", on), s -> TaskCalls.subreaper(s, pid, on));
    }

    /** setgid(gid). */
    public Result<Void> setgid(int pid, int gid) {
        return step(Ops.SETGID, pid, args("gid", gid), s -> TaskCalls.setgid(s, pid, gid));
    }

    /**
     * The running tasks with a fatal signal pending (sent while they were frozen or asleep) that
     * can take it now (an init waits while its namespace has a frozen task).
     */
    public List<Integer> pendingSignals() {
        return state.tasks().values().stream()
                .filter(t -> t.runnable() && t.doomedBy() != null && TaskCalls.zapWaitsFor(state, t.pid()) == 0)
                .map(Task::pid).toList();
    }

    /** A running task takes the fatal signal that was pending (a kernel-internal step). */
    public Result<Void> deliverPendingSignal(int pid) {
        return step(Ops.SIGNAL_DELIVERY, pid, args(), s -> Sessions.deliverPending(s, pid));
    }

    // ---- files, memory, signals: calls of a running task on the objects it holds ----

    /** A call made by a task that must be able to run. */
    private <T> Result<T> call(String op, int pid, Map<String, Object> args,
                               java.util.function.BiFunction<KernelState, Task, Transition<T>> body) {
        return step(op, pid, args, s -> {
            Transition<T> bad = TaskCalls.checkCaller(s, pid);
            return bad != null ? bad : body.apply(s, s.tasks().get(pid));
        });
    }

    /** open(PATH) at fd N with flags r, w or rw. */
    public Result<Integer> open(int pid, String path, int fd, boolean read, boolean write) {
        return call(Ops.OPEN, pid, args("path", path, "fd", fd, "read", read, "write", write),
                (s, t) -> FileCalls.open(s, t, path, fd, read, write));
    }

    public Result<Void> pipe(int pid, int readFd, int writeFd) {
        return call(Ops.PIPE, pid, args("read", readFd, "write", writeFd), (s, t) -> FileCalls.pipe(s, t, readFd, writeFd));
    }

    public Result<Void> socketpair(int pid, int fdA, int fdB) {
        return call(Ops.SOCKETPAIR, pid, args("a", fdA, "b", fdB), (s, t) -> FileCalls.socketpair(s, t, fdA, fdB));
    }

    public Result<Integer> dup(int pid, int fd, int newFd) {
        return call(Ops.DUP, pid, args("fd", fd, "newfd", newFd), (s, t) -> FileCalls.dup(s, t, fd, newFd));
    }

    public Result<Void> close(int pid, int fd) {
        return call(Ops.CLOSE, pid, args("fd", fd), (s, t) -> FileCalls.close(s, t, fd));
    }

    public Result<Long> seek(int pid, int fd, long offset) {
        return call(Ops.SEEK, pid, args("fd", fd, "offset", offset), (s, t) -> FileCalls.seek(s, t, fd, offset));
    }

    public Result<Void> cloexec(int pid, int fd, boolean on) {
        return call(Ops.CLOEXEC, pid, args("fd", fd, "on", on), (s, t) -> FileCalls.cloexec(s, t, fd, on));
    }

    public Result<Integer> send(int pid, int fd, String text) {
        return call(Ops.SEND, pid, args("fd", fd, "text", text), (s, t) -> FileCalls.send(s, t, fd, text));
    }

    public Result<String> recv(int pid, int fd, int count) {
        return call(Ops.RECV, pid, args("fd", fd, "count", count), (s, t) -> FileCalls.recv(s, t, fd, count));
    }

    /** mmap a named region of N pages, private or shared, anonymous or backed by PATH (null). */
    public Result<Void> mmap(int pid, String name, int pages, boolean shared, String path) {
        return call(Ops.MMAP, pid, args("name", name, "pages", pages, "shared", shared, "file", String.valueOf(path)),
                (s, t) -> MemoryCalls.mmap(s, t, name, pages, shared, path));
    }

    public Result<Void> writePage(int pid, String name, int page, int value) {
        return call(Ops.WRITE_PAGE, pid, args("name", name, "page", page, "byte", value),
                (s, t) -> MemoryCalls.write(s, t, name, page, value));
    }

    /** Writes byte B into every page of a region (memset over the whole mapping): all its pages become dirty. */
    public Result<Void> fill(int pid, String name, int value) {
        return call(Ops.FILL, pid, args("name", name, "byte", value), (s, t) -> MemoryCalls.fill(s, t, name, value));
    }

    public Result<Void> sigaction(int pid, Signal sig, Sighand.Disposition disposition) {
        return call(Ops.SIGACTION, pid, args("signal", sig.name(), "action", disposition.name()),
                (s, t) -> SignalCalls.sigaction(s, t, sig, disposition));
    }

    /** sigprocmask: unblocking a pending signal delivers it (a fatal one kills the caller). */
    public Result<Void> sigmask(int pid, boolean block, Signal sig) {
        return call(Ops.SIGMASK, pid, args("block", block, "signal", sig.name()), (s, t) -> {
            Transition<SignalCalls.Effect> r = SignalCalls.sigmask(s, t, block, sig);
            KernelState next = r.next();
            if (r.result().isOk() && r.result().value() == SignalCalls.Effect.FATAL) {
                next = TaskCalls.die(next, pid, ExitStatus.killed(sig));
            }
            return new Transition<>(r.result().isOk() ? Result.ok(null) : r.result().cast(), next);
        });
    }

    /** setuid(uid). */
    public Result<Void> setuid(int pid, int uid) {
        return step(Ops.SETUID, pid, args("uid", uid), s -> TaskCalls.setuid(s, pid, uid));
    }

    public Result<Void> exit(int pid, int status) {
        return step(Ops.EXIT, pid, args("status", status), s -> TaskCalls.exit(s, pid, status));
    }

    /** wait4(child, WNOHANG); returns the reaped child's exit status. */
    public Result<ExitStatus> wait(int pid, int child) {
        return step(Ops.WAIT, pid, args("child", child), s -> TaskCalls.wait(s, pid, child));
    }

    public Result<Integer> getppid(int pid) {
        return step(Ops.GETPPID, pid, args(), s -> TaskCalls.getppid(s, pid));
    }

    /** The task enters uninterruptible sleep (for example a vfork parent waiting for its child). */
    public Result<Void> sleepBegin(int pid) {
        return step(Ops.SLEEP_BEGIN, pid, args(), s -> TaskCalls.sleepBegin(s, freezer, pid));
    }

    /** The uninterruptible sleep of the task ends. */
    public Result<Void> sleepEnd(int pid) {
        return step(Ops.SLEEP_END, pid, args(), s -> TaskCalls.sleepEnd(s, pid));
    }

    // ---- freezer ----

    /** The tasks that would now enter the refrigerator, in pid order. */
    public List<Integer> pendingRefrigerations() {
        return state.tasks().keySet().stream().filter(pid -> freezer.shouldRefrigerate(state, pid)).toList();
    }

    /** A task with a freeze pending enters the refrigerator (a kernel-internal step). */
    public Result<Void> refrigerate(int pid) {
        return step(Ops.REFRIGERATE, pid, args(), s -> freezer.refrigerate(s, pid));
    }

    /** echo GOAL > CGROUP/freezer.state */
    public Result<FreezerState> freezerWrite(String cgroup, FreezerState goal) {
        return step(Ops.FREEZER_WRITE, Step.NO_TASK, args("cgroup", cgroup, "goal", goal.name()),
                s -> freezer.write(s, cgroup, goal));
    }

    /** cat CGROUP/freezer.state (which settles a FREEZING cgroup whose tasks are all frozen). */
    public Result<FreezerReading> freezerRead(String cgroup) {
        return step(Ops.FREEZER_READ, Step.NO_TASK, args("cgroup", cgroup), s -> freezer.read(s, cgroup));
    }

    /** Freezes a cgroup the way a user does: write FROZEN, let every task reach the refrigerator, read. */
    public Result<FreezerState> freeze(String cgroup) {
        Result<FreezerState> written = freezerWrite(cgroup, FreezerState.FROZEN);
        if (!written.isOk()) {
            return written;
        }
        for (int pid : pendingRefrigerations()) {
            refrigerate(pid);
        }
        Result<FreezerReading> read = freezerRead(cgroup);
        return read.isOk() ? Result.ok(read.value().state()) : read.cast();
    }

    /** cgroup_freezer_begin_checkpoint (called by checkpoint()). */
    public Result<Void> freezerBeginCheckpoint(String cgroup) {
        return step(Ops.FREEZER_BEGIN_CHECKPOINT, Step.NO_TASK, args("cgroup", cgroup),
                s -> freezer.beginCheckpoint(s, cgroup));
    }

    /** cgroup_freezer_end_checkpoint (called when checkpoint() returns). */
    public Result<Void> freezerEndCheckpoint(String cgroup) {
        return step(Ops.FREEZER_END_CHECKPOINT, Step.NO_TASK, args("cgroup", cgroup),
                s -> freezer.endCheckpoint(s, cgroup));
    }

    // ---- checkpoint ----

    /** /proc/sys/kernel/ckpt_unpriv_allowed (0, 1 or 2; 1 by default). */
    public int ckptUnprivAllowed() {
        return state.ckptUnprivAllowed();
    }

    /** echo VALUE > /proc/sys/kernel/ckpt_unpriv_allowed (a step: the oracle sees the change). */
    public Result<Void> sysctlCkptUnprivAllowed(int value) {
        return step(Ops.SYSCTL, Step.NO_TASK, args("name", "kernel.ckpt_unpriv_allowed", "value", value),
                s -> value < 0 || value > 2 ? Transition.error(Errno.EINVAL, "ckpt_unpriv_allowed is 0, 1 or 2", s)
                        : Transition.ok(null, s.withCkptUnprivAllowed(value)));
    }

    /**
     * checkpoint(pid, fd, flags, logfd) by {@code caller}: pid 0 checkpoints the caller itself;
     * otherwise pid is a global pid the caller can see. Returns the checkpoint id. The call is a
     * sequence of kernel steps (ckpt_ctx_alloc, then SharedObjects.tla's actions, one per step),
     * so the oracle checks each; its context stays in the kernel state after it returns.
     */
    public Result<Long> checkpoint(int caller, int pid, int flags, CheckpointIo io) {
        return CheckpointCoordinator.run(this, caller, pid, flags, io);
    }

    // ---- restart ----

    /**
     * restart(pid, fd, flags, logfd) with user-cr's work included: the image is read and checked,
     * the tree planned ({@link Planner}), every task created by legal steps (eclone at its saved
     * pids, setsid, setpgid) in a new PID namespace and freezer cgroup {@code cgroup}, then each
     * task restores itself in image order, zombies exit with their status, the temporary tasks
     * exit, and (RESTART_FROZEN) the cgroup is frozen. All or nothing: on any error every task of
     * the restart is killed and reaped, and the caller gets the first error.
     */
    public Result<Restarted> restart(int caller, int flags, String cgroup, RestartIo io) {
        Consumer<String> log = io.log();
        SavedImage[] image = new SavedImage[1];
        Plan[] plan = new Plan[1];
        Result<Prepared> entry = step(Ops.RESTART, caller, args("fd", io.fd(), "flags", flags, "logfd", io.logfd(), "cgroup", cgroup),
                s -> {
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
                    if (s.ckptUnprivAllowed() < 2 && !c.privileged()) {
                        return Transition.error(Errno.EPERM, "restart needs CAP_SYS_ADMIN (ckpt_unpriv_allowed is "
                                + s.ckptUnprivAllowed() + ")", s);
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
                    ImageLoader.Loaded loaded = ImageLoader.load(io.image(), config);
                    if (loaded.refusal() != null) {
                        return Transition.error(Errno.EINVAL, loaded.refusal().toString(), s);
                    }
                    if ((flags & RestartFlags.TASKSELF) != 0) {
                        SavedImage img = loaded.image();
                        if (img.tasks().size() != 1 || img.tasks().get(0).zombie()) {
                            return Transition.error(Errno.EINVAL, "RESTART_TASKSELF needs an image of one live task, not "
                                    + img.tasks().size(), s);
                        }
                        ImageRecord.Task rec = img.tasks().get(0).task();
                        if (!c.privileged() && (rec.uid() != c.uid() || rec.gid() != c.gid())) {
                            return Transition.error(Errno.EPERM, "the image's credentials (uid " + rec.uid() + ", gid "
                                    + rec.gid() + ") are not the caller's and it lacks CAP_SYS_ADMIN", s);
                        }
                        image[0] = img;
                        return Transition.ok(new Prepared(img, null), s);
                    }
                    Planner.Outcome planned = Planner.plan(loaded.image(), config);
                    if (planned.refusal() != null) {
                        return Transition.error(Errno.EINVAL, "cannot rebuild the tree: " + planned.refusal(), s);
                    }
                    image[0] = loaded.image();
                    plan[0] = planned.plan();
                    return Transition.ok(new Prepared(image[0], plan[0]), s);
                });
        if (!entry.isOk()) {
            if (entry.status() == Result.Status.ERROR) {
                log.accept("error: " + entry.reason());
            }
            return entry.cast();
        }
        if ((flags & RestartFlags.TASKSELF) != 0) {
            return restartSelf(caller, image[0], log);
        }
        log.accept("plan: " + plan[0].steps().size() + " steps for " + image[0].tasks().size() + " tasks and "
                + (plan[0].nodes().size() - image[0].tasks().size()) + " temporary ones");
        Map<Integer, Integer> global = new java.util.HashMap<>();
        Result<?> failure = null;
        int rootGlobal = 0;
        // MakeForest: every task exists before any restores.
        int[] counter = {0};
        for (PlanStep ps : plan[0].steps()) {
            Result<?> injected = injected(caller, counter);
            Result<?> r = injected != null ? injected : switch (ps.op()) {
                case CREATE -> {
                    int actor = ps.actor() == 0 ? caller : global.get(ps.actor());
                    ForkOptions o = new ForkOptions(ps.actor() == 0 ? cgroup : null, ps.newPid(), ps.cloneParent());
                    Result<Integer> made = eclone(actor, o, ps.pids());
                    if (made.isOk()) {
                        global.put(ps.node(), made.value());
                    }
                    yield made;
                }
                case SETSID -> setsid(global.get(ps.node()));
                case SETPGID -> restorePgid(global.get(ps.node()), global.get(ps.pgid()));
                case SUBREAPER -> subreaper(global.get(ps.node()), ps.pgid() != 0);
                case EXIT -> exit(global.get(ps.node()), 0);
                case WAIT -> wait(global.get(ps.actor()), global.get(ps.node()));
            };
            if (ps.actor() == 0 && r.isOk()) {
                rootGlobal = global.get(ps.node());
            }
            if (!r.isOk()) {
                failure = r;
                log.accept("error: " + ps + ": " + r);
                break;
            }
        }
        // Mutant GHOSTS_EXIT_BEFORE_RESTORE (tests only): the temporary tasks exit as soon as the tree exists.
        boolean ghostsEarly = config.has(Mutant.GHOSTS_EXIT_BEFORE_RESTORE);
        if (failure == null && ghostsEarly) {
            failure = exitTemporaries(plan[0], global, caller, counter, log);
        }
        // Each task restores itself in image order (one active cursor); a zombie then exits.
        if (failure == null) {
            // do_restore_coord: every task exists; the coordinator activates the first one.
            step(Ops.RESTORE_BEGIN, caller, args("cgroup", cgroup), s -> Transition.ok(null, s));
        }
        Map<Integer, Integer> objects = new java.util.HashMap<>();
        java.util.Set<String> paths = new java.util.TreeSet<>();
        for (int i = 0; failure == null && i < image[0].tasks().size(); i++) {
            SavedImage.SavedTask t = image[0].tasks().get(i);
            int pid = global.get(t.pid());
            Result<?> injected = injected(caller, counter);
            Result<?> r = injected != null ? injected : step(Ops.RESTORE_TASK, pid, args("task", t.index()),
                    s -> RestoreSteps.restoreTask(s, pid, t, image[0], objects, paths));
            ImageRecord.Task rec = t.task();
            Task now = state.tasks().get(pid);
            if (r.isOk() && rec.gid() != now.gid()) {
                r = setgid(pid, rec.gid());
            }
            if (r.isOk() && rec.uid() != now.uid()) {
                r = setuid(pid, rec.uid()); // as the caller could: a restart never raises privilege
            }
            if (r.isOk() && (rec.flags() & ImageRecord.Task.SUBREAPER) != 0) {
                r = subreaper(pid, true);
            }
            if (r.isOk() && t.zombie()) {
                ExitStatus status = t.entry().exitSignal() != 0
                        ? ExitStatus.killed(RestoreSteps.signal(t.entry().exitSignal()))
                        : ExitStatus.exited(t.entry().exitCode());
                r = step(Ops.RESTORE_EXIT, pid, args("status", status.toString()),
                        s -> Transition.ok(null, TaskCalls.restoredZombie(s, pid, status)));
            }
            if (!r.isOk()) {
                failure = r;
                log.accept("error: restoring task " + t.pid() + ": " + r);
            }
        }
        if (failure == null && !ghostsEarly) {
            failure = exitTemporaries(plan[0], global, caller, counter, log);
        }
        if (failure == null && (flags & RestartFlags.FROZEN) != 0) {
            Result<?> injected = injected(caller, counter);
            Result<FreezerState> frozen = injected != null ? injected.cast() : freeze(cgroup);
            if (!frozen.isOk() || frozen.value() != FreezerState.FROZEN) {
                failure = frozen.isOk() ? Result.error(Errno.EBUSY, "cgroup " + cgroup + " did not freeze") : frozen;
            }
        }
        if (failure != null) {
            abortRestart(caller, rootGlobal, cgroup, paths);
            return failure.status() == Result.Status.ERROR ? Result.error(failure.errno(), failure.reason())
                    : Result.error(Errno.EINTR, "a restarting task could not run: " + failure.reason());
        }
        Map<Integer, Integer> restored = new java.util.TreeMap<>();
        for (SavedImage.SavedTask t : image[0].tasks()) {
            restored.put(t.pid(), global.get(t.pid()));
        }
        // ckpt_set_success: the coordinator wakes every task, and they return to user space together.
        step(Ops.RESTART_RESUME, caller, args("cgroup", cgroup), s -> Transition.ok(null, s));
        log.accept("restart: " + restored.size() + " tasks restored, root " + rootGlobal);
        return Result.ok(new Restarted(rootGlobal, restored));
    }

    /**
     * The ghosts and anchors exit (placeholders did during the creation) and are reaped by
     * whoever is their parent then; their pids live on while their sessions and groups do.
     * Returns the failure, or null.
     */
    private Result<?> exitTemporaries(Plan plan, Map<Integer, Integer> global, int caller, int[] counter,
                                      Consumer<String> log) {
        for (PlanNode.Kind kind : List.of(PlanNode.Kind.ANCHOR, PlanNode.Kind.GHOST_GROUP, PlanNode.Kind.GHOST_SESSION)) {
            for (PlanNode n : plan.nodes().values()) {
                if (n.kind() != kind) {
                    continue;
                }
                int pid = global.get(n.pid());
                Result<?> injected = injected(caller, counter);
                Result<?> r = injected != null ? injected : exit(pid, 0);
                // a parent that ignores SIGCHLD has released it already (found by the round trip on Linux)
                if (r.isOk() && state.tasks().containsKey(pid)) {
                    r = wait(state.tasks().get(pid).ppid(), pid);
                }
                if (!r.isOk()) {
                    log.accept("error: temporary task " + n.pid() + " exiting: " + r);
                    return r;
                }
            }
        }
        return null;
    }

    /**
     * RESTART_TASKSELF: the caller becomes the task of the image (its objects, signals, credentials
     * and subreaper flag; its pid stays its own); the checkpoint() it made returns 0 to it. The
     * credentials were checked before: the steps below cannot fail.
     */
    private Result<Restarted> restartSelf(int caller, SavedImage image, Consumer<String> log) {
        SavedImage.SavedTask t = image.tasks().get(0);
        step(Ops.RESTORE_TASK, caller, args("task", 0), s -> RestoreSteps.restoreTask(s, caller, t, image,
                new java.util.HashMap<>(), new java.util.TreeSet<>()));
        ImageRecord.Task rec = t.task();
        Task now = state.tasks().get(caller);
        if (rec.gid() != now.gid()) {
            setgid(caller, rec.gid());
        }
        if (rec.uid() != now.uid()) {
            setuid(caller, rec.uid());
        }
        if (((rec.flags() & ImageRecord.Task.SUBREAPER) != 0) != now.subreaper()) {
            subreaper(caller, (rec.flags() & ImageRecord.Task.SUBREAPER) != 0);
        }
        log.accept("restart: task " + caller + " restored itself" + (image.self() ? "; its checkpoint() returns 0" : ""));
        return Result.ok(new Restarted(caller, Map.of(t.pid(), caller)));
    }

    /**
     * A fault injected (by a test) at the restart's next step, or null. It is a kernel step of its
     * own (ckpt_set_error, the state unchanged), so that an observer sees the error where it happens.
     */
    private Result<?> injected(int caller, int[] counter) {
        int at = counter[0]++;
        Errno e = config.restartFaults().at(at);
        return e == null ? null : step(Ops.RESTART_FAULT, caller, args("at", at),
                s -> Transition.error(e, "fault injected at restart step " + at, s));
    }

    /** The restart failed: its namespace dies with its init (SIGKILL), the caller reaps it; added files go. */
    private void abortRestart(int caller, int root, String cgroup, java.util.Set<String> paths) {
        if (root != 0 && state.tasks().containsKey(root)) {
            if (state.cgroups().containsKey(cgroup) && state.cgroups().get(cgroup).state() != FreezerState.THAWED) {
                freezerWrite(cgroup, FreezerState.THAWED);
            }
            if (!state.tasks().get(root).isZombie()) {
                kill(caller, root, Signal.SIGKILL);
            }
            wait(caller, root);
        }
        if (!paths.isEmpty()) {
            step(Ops.RESTORE_TASK, Step.NO_TASK, args("undo", "paths"), s -> Transition.ok(null, FileCalls.unlink(s, paths)));
        }
    }

    // ---- stepping ----

    /** Step arguments in call order (name, value, name, value...). */
    static Map<String, Object> args(Object... nameValue) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            m.put((String) nameValue[i], nameValue[i + 1]);
        }
        return m;
    }

    <T> Result<T> step(String op, int actor, Map<String, Object> args,
                               Function<KernelState, Transition<T>> call) {
        KernelState before = state;
        Transition<T> t = call.apply(before);
        // Every operation returns the state to continue with: on failure the one it started from,
        // unless it is broken (all or nothing is each operation's duty, and the oracle checks it).
        KernelState after = t.next();
        state = after;
        Step step = new Step(++steps, op, actor, args, t.result());
        for (StepListener l : listeners) {
            l.onStep(before, step, after);
        }
        return t.result();
    }
}
