package org.croracle.impl.syscall;

import java.io.OutputStream;
import java.util.List;

import org.croracle.impl.checkpoint.CheckpointSteps;
import org.croracle.impl.fs.FileCalls;
import org.croracle.impl.image.ImageWriter;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.process.TaskCalls;

/**
 * What the kernel would do next on a state as it is, without taking the step: the kernel's own
 * call run on an immutable state whose successor is then discarded, so asking changes nothing.
 * A driver that makes a spec's action happen must sometimes know the kernel's choice first (the
 * pid a fork would get, the file an open would make, the task or object a failing check of
 * checkpoint() names first, whether an init's exit would wait on a frozen task); it asks the
 * kernel here rather than predicting the answer a second way, which could drift from the kernel.
 */
public final class Lookahead {
    private Lookahead() {}

    /** One of checkpoint()'s steps that can fail with EBUSY, as the kernel orders them. */
    public enum Check {
        /** The two scans of the tree (EBUSY when they disagree: the tree changed). */
        SCAN,
        /** The collect phase's users against the kernel's reference counts (usage leak). */
        LEAK_CHECK,
        /** The dump of the next task, marking what it visits (reverse leak). */
        DUMP_TASK,
        /** After the dump, every collected object visited (not visited). */
        VISIT_CHECK
    }

    /** The kernel's step of the checkpoint in progress on {@code s} for {@code check}, its image and log discarded. */
    public static Transition<Void> check(KernelState s, KernelConfig config, Check check) {
        ImageWriter out = new ImageWriter(OutputStream.nullOutputStream());
        return switch (check) {
            case SCAN -> CheckpointSteps.count(s, out, line -> { });
            case LEAK_CHECK -> CheckpointSteps.leakCheck(s, config, config.leakCheck(), 0, out, line -> { });
            case DUMP_TASK -> CheckpointSteps.dumpTask(s, config.leakCheck(), out, line -> { });
            case VISIT_CHECK -> CheckpointSteps.visitCheck(s, config.leakCheck(), out, line -> { });
        };
    }

    /** The kernel's clone() by {@code parent} on {@code s}; its result is the child's global pid. */
    public static Transition<Integer> clone(KernelState s, KernelConfig config, int parent, ForkOptions options) {
        return TaskCalls.clone(s, config, config.freezer(), config.allocPid(), parent, options, List.of());
    }

    /** The kernel's open() of {@code path} at {@code fd} by {@code t} on {@code s}. */
    public static Transition<Integer> open(KernelState s, Task t, String path, int fd, boolean read, boolean write) {
        return FileCalls.open(s, t, path, fd, read, write);
    }

    /**
     * If {@code pid} is a namespace's init whose exit would have to kill a frozen or sleeping task:
     * that task (a frozen task takes its SIGKILL only once thawed, so zap_pid_ns_processes would
     * wait for it); else 0.
     */
    public static int zapWaitsFor(KernelState s, int pid) {
        return TaskCalls.zapWaitsFor(s, pid);
    }
}
