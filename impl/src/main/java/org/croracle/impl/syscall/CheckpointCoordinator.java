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

/**
 * checkpoint() as linux-cr's do_checkpoint runs it: ckpt_ctx_alloc, then one kernel step per
 * phase of the context held in the kernel state (the freezer gate, the two scans, collect task by
 * task, the leak check, the dump task by task, the tail, the end), until the context has ended.
 * Each phase's work is in {@link CheckpointSteps}; this class only sequences them, so that every
 * step is seen by the oracle with the state before and after it.
 */
final class CheckpointCoordinator {
    private CheckpointCoordinator() {}

    static Result<Long> run(Kernel k, int caller, int pid, int flags, CheckpointIo io) {
        ImageWriter out = new ImageWriter(io.image());
        Consumer<String> log = io.log();
        Result<Integer> made = k.step(Ops.CHECKPOINT, caller,
                StepArgs.args("pid", pid, "flags", flags, "fd", io.fd(), "logfd", io.logfd()),
                s -> CheckpointSteps.alloc(s, caller, pid, flags, io.fd(), io.logfd(), s.ckptUnprivAllowed()));
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
        int id = made.value();
        Result<Long> tail = null;
        while (k.state().checkpoint().active()) {
            CheckpointContext c = k.state().checkpoint();
            Map<String, Object> a = StepArgs.args("ckpt", id);
            switch (c.phase()) {
                case IDLE -> {
                    if (c.gate() != null) {
                        a.put("cgroup", c.gate());
                    }
                    k.step(c.gate() != null ? Ops.FREEZER_BEGIN_CHECKPOINT : Ops.CKPT_BEGIN, Step.NO_TASK, a,
                            s -> CheckpointSteps.begin(s, k.config().freezer(), out, log));
                }
                case BEGUN -> k.step(Ops.CKPT_SCAN, Step.NO_TASK, a, s -> CheckpointSteps.scan(s, out, log));
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
                        k.step(Ops.CKPT_DUMP_TASK, Step.NO_TASK, a, s -> CheckpointSteps.dumpTask(s, out, log));
                    } else {
                        tail = k.step(Ops.CKPT_TAIL, Step.NO_TASK, a, s -> CheckpointSteps.tail(s, out, log));
                    }
                }
                case WRITTEN, FAILED -> {
                    if (c.gateTaken()) {
                        a.put("cgroup", c.gate());
                    }
                    k.step(c.gateTaken() ? Ops.FREEZER_END_CHECKPOINT : Ops.CKPT_END, Step.NO_TASK, a,
                            s -> CheckpointSteps.end(s, k.config().freezer()));
                }
                default -> throw new IllegalStateException("checkpoint in phase " + c.phase());
            }
        }
        CheckpointContext done = k.state().checkpoint();
        if (done.error() == CheckpointError.NONE) {
            return tail;
        }
        return Result.error(done.error() == CheckpointError.IO ? Errno.EIO : Errno.EBUSY, done.message());
    }
}
