package org.croracle.impl.syscall;

import static org.croracle.impl.syscall.StepArgs.args;
import static org.croracle.impl.syscall.StepArgs.cloneArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

import org.croracle.impl.checkpoint.RaceHistory;
import org.croracle.impl.freezer.Freezer;
import org.croracle.impl.fs.FileCalls;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.FreezerReading;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.StepListener;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.mm.MemoryCalls;
import org.croracle.impl.process.CgroupCalls;
import org.croracle.impl.process.Sessions;
import org.croracle.impl.process.TaskCalls;
import org.croracle.impl.signal.SignalCalls;

/**
 * The simulated kernel: its system calls, the cgroupfs writes and reads of the freezer, and the
 * kernel-internal steps that matter to C/R (a task entering the refrigerator). Every call is one
 * step: it is recorded with the state before and after it, and it either succeeds or leaves the
 * state as it was (a restart's context aside, which records its failure). Not thread-safe.
 */
public final class Kernel {

    private final KernelConfig config;
    private final Freezer freezer;
    private final List<StepListener> listeners = new ArrayList<>();
    private KernelState state;
    private long steps;
    /**
     * A fault armed for the next restart() (fault injection, as Linux's fail-nth): the named
     * restart step fails with the errno. Consumed by that restart whether it gets there or not.
     */
    private RestartFault armedRestartFault;
    /** While a step of a restart runs: how it moves the restart's context on (see {@link #inRestart}). */
    private BiFunction<KernelState, Result<?>, RestartContext> restartProgress;
    /** The checkpoint() started by {@link #checkpointStart} and not yet waited for, or null. */
    private CheckpointCoordinator.Call checkpointCall;

    public Kernel() {
        this(KernelConfig.defaults());
    }

    public Kernel(KernelConfig config) {
        this(config, KernelState.boot());
    }

    /**
     * A kernel that goes on from {@code state} (immutable, so any number of kernels may share it):
     * an exhaustive search tries every call on one state, each on a kernel of its own. Its step
     * count starts at 0 (it is only the time a checkpoint's header records).
     */
    public Kernel(KernelConfig config, KernelState state) {
        this.config = config;
        this.freezer = config.freezer();
        this.state = java.util.Objects.requireNonNull(state);
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
        return step(Ops.KILL, pid, args("target", target, "signal", sig.name()), s -> Sessions.kill(s, config.initProtection(), pid, target, sig));
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
        return Sessions.pendingSignals(state);
    }

    /** A running task takes the fatal signal that was pending (a kernel-internal step). */
    public Result<Void> deliverPendingSignal(int pid) {
        return step(Ops.SIGNAL_DELIVERY, pid, args(), s -> Sessions.deliverPending(s, pid));
    }

    // ---- files, memory, signals: calls of a running task on the objects it holds ----

    /** A call made by a task that must be able to run. */
    private <T> Result<T> call(String op, int pid, Map<String, Object> args, BiFunction<KernelState, Task, Transition<T>> body) {
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

    /**
     * open("/proc/TARGET/fd/TARGETFD") at fd {@code fd} (pidfd_getfd): a reference of the caller
     * to another task's open file; refused (EBUSY) while a checkpoint holds the target's cgroup.
     */
    public Result<Integer> getfd(int pid, int target, int targetFd, int fd) {
        return call(Ops.GETFD, pid, args("target", target, "targetfd", targetFd, "fd", fd), (s, t) -> {
            Task other = s.tasks().get(target);
            boolean held = other != null && s.cgroup(other.cgroup()).map(freezer::holdsForCheckpoint).orElse(false);
            return FileCalls.getfd(s, t, other, targetFd, fd, held);
        });
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
        return call(Ops.SIGMASK, pid, args("block", block, "signal", sig.name()), (s, t) -> Sessions.sigmask(s, t, block, sig));
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

    /**
     * echo TARGET > CGROUP/cgroup.procs by {@code caller}: the target's thread group moves to the
     * freezer cgroup (created THAWED if it does not exist); EBUSY while either side is not THAWED
     * ({@link CgroupCalls#attach} has the order of the checks).
     */
    public Result<Void> attach(int caller, int target, String cgroup) {
        return step(Ops.ATTACH, caller, args("target", target, "cgroup", cgroup),
                s -> CgroupCalls.attach(s, freezer, caller, target, cgroup));
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
        pendingRefrigerations().forEach(this::refrigerate);
        Result<FreezerReading> read = freezerRead(cgroup);
        return read.isOk() ? Result.ok(read.value().state()) : read.cast();
    }

    /** cgroup_freezer_begin_checkpoint (called by checkpoint()). */
    public Result<Void> freezerBeginCheckpoint(String cgroup) {
        return step(Ops.FREEZER_BEGIN_CHECKPOINT, Step.NO_TASK, args("cgroup", cgroup), s -> freezer.beginCheckpoint(s, cgroup));
    }

    /** cgroup_freezer_end_checkpoint (called when checkpoint() returns). */
    public Result<Void> freezerEndCheckpoint(String cgroup) {
        return step(Ops.FREEZER_END_CHECKPOINT, Step.NO_TASK, args("cgroup", cgroup), s -> freezer.endCheckpoint(s, cgroup));
    }

    // ---- checkpoint and restart ----

    /** echo VALUE > /proc/sys/kernel/ckpt_unpriv_allowed (a step: the oracle sees the change). */
    public Result<Void> sysctlCkptUnprivAllowed(int value) {
        return step(Ops.SYSCTL, Step.NO_TASK, args("name", "kernel.ckpt_unpriv_allowed", "value", value),
                s -> value < 0 || value > 2 ? Transition.error(Errno.EINVAL, "ckpt_unpriv_allowed is 0 (root only), 1 (unprivileged checkpoint) or 2 (unprivileged checkpoint and restart)", s)
                        : Transition.ok(null, s.withCkptUnprivAllowed(value)));
    }

    /**
     * checkpoint(pid, fd, flags, logfd) by {@code caller}: pid 0 checkpoints the caller itself;
     * otherwise pid is a global pid the caller can see. Returns the checkpoint id. The call is a
     * sequence of kernel steps (ckpt_ctx_alloc, then SharedObjects.tla's actions, one per step),
     * so the oracle checks each; its context stays in the kernel state after it returns.
     */
    public Result<Long> checkpoint(int caller, int pid, int flags, CheckpointIo io) {
        if (checkpointInProgress()) {
            return Result.error(Errno.EBUSY, "a checkpoint is in progress (call " + state.checkpoint().id() + ")");
        }
        return CheckpointCoordinator.run(this, caller, pid, flags, io);
    }

    /**
     * checkpoint(pid, fd, flags, logfd) by {@code caller}, entered but not run to its end: its
     * first step (ckpt_ctx_alloc) is made, and each later one by {@link #checkpointStep()}, while
     * other tasks' calls run between them (only the container is frozen; the world outside is
     * not). Returns the call's context id; a refusal at ckpt_ctx_alloc is the call's result, and
     * nothing stays in progress.
     */
    public Result<Integer> checkpointStart(int caller, int pid, int flags, CheckpointIo io) {
        if (checkpointInProgress()) {
            return Result.error(Errno.EBUSY, "a checkpoint is in progress (call " + state.checkpoint().id() + ")");
        }
        Result<CheckpointCoordinator.Call> call = CheckpointCoordinator.start(this, caller, pid, flags, io, true);
        if (!call.isOk()) {
            return call.cast();
        }
        checkpointCall = call.value();
        return Result.ok(call.value().id());
    }

    /** Whether a checkpoint started by {@link #checkpointStart} has not returned yet. */
    public boolean checkpointInProgress() {
        return checkpointCall != null && state.checkpoint() != null && state.checkpoint().active();
    }

    /**
     * The next step of the checkpoint in progress (the freezer gate, the scan, one task's collect,
     * the leak check, one task's dump, the visit check and tail, the end). Returns whether the
     * call is still in progress after it; ESRCH if no checkpoint is in progress.
     */
    public Result<Boolean> checkpointStep() {
        if (!checkpointInProgress()) {
            return Result.error(Errno.ESRCH, "no checkpoint is in progress");
        }
        return Result.ok(CheckpointCoordinator.advance(this, checkpointCall));
    }

    /** Runs the checkpoint in progress to its end and returns what checkpoint() returned. */
    public Result<Long> checkpointWait() {
        if (checkpointCall == null) {
            return Result.error(Errno.ESRCH, "no checkpoint was started");
        }
        while (CheckpointCoordinator.advance(this, checkpointCall)) {
            // one step per phase
        }
        Result<Long> r = CheckpointCoordinator.result(this, checkpointCall);
        checkpointCall = null;
        return r;
    }

    /**
     * restart(pid, fd, flags, logfd) with user-cr's work included (see {@link RestartCoordinator}):
     * all or nothing, the caller gets the first error; its progress is kernel state.
     */
    public Result<Restarted> restart(int caller, int flags, String cgroup, RestartIo io) {
        RestartFault armed = armedRestartFault;
        armedRestartFault = null;
        return RestartCoordinator.run(this, caller, flags, cgroup, io, armed);
    }

    /**
     * Fault injection: the next restart() fails with {@code fault}'s errno at its named step (a
     * test's way of making a restart fail after it has created tasks); null disarms.
     */
    public void injectRestartFault(RestartFault fault) {
        armedRestartFault = fault;
    }

    // ---- stepping ----

    /** Makes {@code call}'s steps the running restart's: each moves its context on by {@code progress}. */
    <R extends Result<?>> R inRestart(BiFunction<KernelState, Result<?>, RestartContext> progress, Supplier<R> call) {
        restartProgress = progress;
        try {
            return call.get();
        } finally {
            restartProgress = null;
        }
    }

    <T> Result<T> step(String op, int actor, Map<String, Object> args, Function<KernelState, Transition<T>> call) {
        KernelState before = state;
        Transition<T> t = call.apply(before);
        // Every operation returns the state to continue with: on failure the one it started from (a
        // restart's context then records the failure), unless it is broken (all or nothing is each
        // operation's duty, and the oracle checks it).
        KernelState after = t.next();
        if (restartProgress != null) {
            after = after.withRestart(restartProgress.apply(after, t.result()));
        }
        after = RaceHistory.after(after);
        state = after;
        Step step = new Step(++steps, op, actor, args, t.result());
        for (StepListener l : listeners) {
            l.onStep(before, step, after);
        }
        return t.result();
    }
}
