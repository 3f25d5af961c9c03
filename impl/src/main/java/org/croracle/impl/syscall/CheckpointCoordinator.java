package org.croracle.impl.syscall;

import java.util.Map;
import java.util.function.Consumer;

import org.croracle.impl.checkpoint.CheckpointSteps;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointError;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Transition;

/**
 * checkpoint() as linux-cr's do_checkpoint runs it: ckpt_ctx_alloc, then one kernel step per
 * phase of the context held in the kernel state (the freezer gate, build_tree's two walks, collect
 * task by task, the leak check, the dump task by task, the visit check, the tail, the end), until the
 * context has ended. Each phase's work is in {@link CheckpointSteps}; this class only sequences
 * them, so that every step is seen by the oracle with the state before and after it. The call
 * runs either at once (no other call between its steps) or one step at a time while other tasks'
 * calls run between them ({@link Call}): only the container is frozen, the world outside is not.
 */
final class CheckpointCoordinator {
    private CheckpointCoordinator() {}

    /** A checkpoint() call whose context exists: where its image and log go, and its tail's result. */
    static final class Call {
        private final ImageWriter out;
        private final Consumer<String> log;
        private final int id;
        private Result<Long> tail;

        private Call(ImageWriter out, Consumer<String> log, int id) {
            this.out = out;
            this.log = log;
            this.id = id;
        }

        int id() {
            return id;
        }
    }

    /** checkpoint() run at once: no other call runs between its steps. */
    static Result<Long> run(Kernel k, int caller, int pid, int flags, CheckpointIo io) {
        Result<Call> call = start(k, caller, pid, flags, io, false);
        if (!call.isOk()) {
            return call.cast();
        }
        while (advance(k, call.value())) {
            // one step per phase
        }
        return result(k, call.value());
    }

    /**
     * ckpt_ctx_alloc: the call's first step. A refusal there is the call's result (and the image
     * is its ERROR record); otherwise the call is in progress. {@code concurrent} marks the
     * context as one whose steps other calls may come between.
     */
    static Result<Call> start(Kernel k, int caller, int pid, int flags, CheckpointIo io, boolean concurrent) {
        ImageWriter out = new ImageWriter(io.image());
        Consumer<String> log = io.log();
        Result<Integer> made = k.step(Ops.CHECKPOINT, caller,
                StepArgs.args("pid", pid, "flags", flags, "fd", io.fd(), "logfd", io.logfd()), s -> {
                    Transition<Integer> t = CheckpointSteps.alloc(s, caller, pid, flags, io.fd(), io.logfd(),
                            s.ckptUnprivAllowed());
                    return concurrent && t.result().isOk()
                            ? Transition.ok(t.result().value(), t.next().withCheckpoint(t.next().checkpoint().asConcurrent()))
                            : t;
                });
        if (!made.isOk()) {
            if (made.status() == Result.Status.ERROR && made.errno() != Errno.EBADF) {
                log.accept("error: " + made.reason());
                try {
                    out.writeError(made.errno().number(), made.reason());
                    out.flush();
                } catch (java.io.IOException e) {
                    log.accept("error: cannot write the ERROR record: " + e.getMessage());
                }
            }
            return made.cast();
        }
        return Result.ok(new Call(out, log, made.value()));
    }

    /** The call's next step; false once the call has returned (its context ended). */
    static boolean advance(Kernel k, Call call) {
        CheckpointContext c = k.state().checkpoint();
        if (c == null || c.id() != call.id || !c.active()) {
            return false;
        }
        ImageWriter out = call.out;
        Consumer<String> log = call.log;
        Map<String, Object> a = StepArgs.args("ckpt", call.id);
        switch (c.phase()) {
            case IDLE -> {
                if (c.gate() != null) {
                    a.put("cgroup", c.gate());
                }
                k.step(c.gate() != null ? Ops.FREEZER_BEGIN_CHECKPOINT : Ops.CKPT_BEGIN, Step.NO_TASK, a,
                        s -> CheckpointSteps.begin(s, k.config().freezer(), out, log));
            }
            case BEGUN -> k.step(Ops.CKPT_COUNT, Step.NO_TASK, a, s -> CheckpointSteps.count(s, out, log));
            case COUNTED -> k.step(Ops.CKPT_SCAN, Step.NO_TASK, a, s -> CheckpointSteps.scan(s, k.config().leakCheck(), out, log));
            case SCANNED -> {
                if (c.current() != 0) {
                    a.put("task", c.current());
                    k.step(Ops.CKPT_COLLECT, Step.NO_TASK, a, s -> CheckpointSteps.collect(s, log));
                } else {
                    long time = k.stepCount();
                    k.step(Ops.CKPT_LEAK_CHECK, Step.NO_TASK, a, s -> CheckpointSteps.leakCheck(s, k.config(), k.config().leakCheck(), time, out, log));
                }
            }
            case DUMPING -> {
                if (c.current() != 0) {
                    a.put("task", c.current());
                    k.step(Ops.CKPT_DUMP_TASK, Step.NO_TASK, a, s -> CheckpointSteps.dumpTask(s, k.config().leakCheck(), out, log));
                } else {
                    k.step(Ops.CKPT_VISIT_CHECK, Step.NO_TASK, a, s -> CheckpointSteps.visitCheck(s, k.config().leakCheck(), out, log));
                }
            }
            case DUMPED -> call.tail = k.step(Ops.CKPT_TAIL, Step.NO_TASK, a, s -> CheckpointSteps.tail(s, out, log));
            case WRITTEN, FAILED -> {
                if (c.gateTaken()) {
                    a.put("cgroup", c.gate());
                }
                k.step(c.gateTaken() ? Ops.FREEZER_END_CHECKPOINT : Ops.CKPT_END, Step.NO_TASK, a,
                        s -> CheckpointSteps.end(s, k.config().freezer()));
            }
            default -> throw new IllegalStateException("checkpoint in phase " + c.phase());
        }
        return k.state().checkpoint().active();
    }

    /** What the call returned, once it has: the checkpoint id, or EBUSY (EIO) with the reason. */
    static Result<Long> result(Kernel k, Call call) {
        CheckpointContext done = k.state().checkpoint();
        if (done.error() == CheckpointError.NONE) {
            return call.tail;
        }
        return Result.error(done.error() == CheckpointError.IO ? Errno.EIO : Errno.EBUSY, done.message());
    }
}
