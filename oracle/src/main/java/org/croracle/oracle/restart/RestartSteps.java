package org.croracle.oracle.restart;

import java.util.List;
import java.util.Optional;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Task;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.trace.KernelFacts;
import org.croracle.oracle.trace.SpecAction;

/**
 * The table from the kernel steps of one restart to Restart.tla's actions, read off the restart's
 * context before the step (pids are the container's; every step between restart()'s entry and
 * its return is the restart's, since the call is synchronous):
 *
 * <pre>
 * kernel step (during the restart)              Restart action
 * restart_fault (an injected fault, errno e)    InjectFault(e)
 * creation, in plan order:
 *   eclone by x or the restarter = ok / e       Create(pid)                (e: the step refused, StepsAreLegal)
 *   setsid by x                                 Setsid(x)
 *   restore_pgid(g) by x                        Setpgid(x, g)              (restore_pgid's EINVAL is setpgid's EPERM)
 *   subreaper by x                              SetSubreaperFlag(x)
 *   exit by placeholder x                       PlaceholderExit(x)         (by a ghost or keeper: GhostExit(x))
 *   wait by x's creator for placeholder x       (none: the spec's placeholder is reaped as it exits)
 * restore_begin by the restarter                BeginRestore
 * restore_task by t                             RestoreTask(t) if t has no subreaper flag in the image, else none
 * subreaper(on) by t after its restore_task     RestoreTask(t)             (its flag is the last thing t restores)
 * setgid, setuid by t                           (none: Restart.tla has no credentials)
 * restore_exit by saved zombie t                ZombieExit(t)
 * exit by ghost or keeper t                     GhostExit(t)
 * wait by its parent for ghost or keeper t      (none)
 * freezer_write, refrigerate, freezer_read      Freeze on the step that makes the cgroup FROZEN, else none
 * freezer_write(THAWED) before the resume       FreezeFails                (the freeze did not complete: EBUSY)
 * restart_resume by the restarter               Resume
 * a failing step with no plan step (errno e)    InjectFault(e)             (ckpt_set_error from that task)
 * after an error: kill(init, SIGKILL)           Cleanup                    (the namespace dies with its init)
 *                 thaw, wait(init), the undo    (none)
 * </pre>
 */
final class RestartSteps {
    private RestartSteps() {}

    /**
     * The action {@code step} is for the restart whose context before it is {@code run} (empty: a
     * stutter, nothing of the restart changes).
     */
    static Optional<SpecAction> action(RestartAbstraction.Given g, RestartContext run, KernelState before, Step step,
                                       KernelState after) {
        Result<?> r = step.result();
        if (r.status() == Result.Status.BLOCKED) {
            return Optional.empty();
        }
        if (step.op().equals(Ops.RESTART_FAULT)) {
            return faultOrNone(run, r);
        }
        if (run.failed()) {
            return cleanup(run, before, step, after);
        }
        if (!RestartAbstraction.started(run)) {
            return rootCreation(run, step, after);
        }
        return ofRestart(g, run, before, step, after);
    }

    /** Before the init exists only its creation is an action. */
    private static Optional<SpecAction> rootCreation(RestartContext run, Step step, KernelState after) {
        Result<?> r = step.result();
        if (!step.op().equals(Ops.ECLONE) || step.actor() != run.caller() || !r.isOk()) {
            return Optional.empty();
        }
        Task root = after.tasks().get((Integer) r.value());
        return act("Create", root.pidAt(root.level()));
    }

    /**
     * A step of a started restart without an error. The action is named after the step whatever
     * the phase (a task restoring during the creation is RestoreTask, which the spec then refuses);
     * only the subreaper flag is a plan step before restore_begin and a task's restore after it.
     */
    private static Optional<SpecAction> ofRestart(RestartAbstraction.Given g, RestartContext run, KernelState before,
                                                  Step step, KernelState after) {
        Result<?> r = step.result();
        int x = RestartAbstraction.id(run.ns(), before, step.actor());
        switch (step.op()) {
            case Ops.ECLONE: {
                int child = r.isOk() ? RestartAbstraction.id(run.ns(), after, (Integer) r.value()) : requested(step);
                return act("Create", child);
            }
            case Ops.SETSID:
                return act("Setsid", x);
            case Ops.RESTORE_PGID:
                return act("Setpgid", x, RestartAbstraction.id(run.ns(), before, step.intArg("pgid")));
            case Ops.SUBREAPER:
                if (!run.began()) {
                    return act("SetSubreaperFlag", x);
                }
                return r.isOk() ? act("RestoreTask", x) : faultOrNone(run, r);
            case Ops.EXIT:
                if ("placeholder".equals(g.plan().kind().get(x))) {
                    return act("PlaceholderExit", x);
                }
                return r.isOk() ? act("GhostExit", x) : faultOrNone(run, r);
            default:
                return r.isOk() ? restoreStep(g, run, before, step, after, x) : faultOrNone(run, r);
        }
    }

    /** A succeeding step that is no plan step: the coordinator's and the restoring tasks'. */
    private static Optional<SpecAction> restoreStep(RestartAbstraction.Given g, RestartContext run, KernelState before,
                                                    Step step, KernelState after, int t) {
        switch (step.op()) {
            case Ops.RESTORE_BEGIN:
                return act("BeginRestore");
            case Ops.RESTORE_TASK:
                if (step.actor() == Step.NO_TASK || !g.saved().containsKey(t)) {
                    return Optional.empty();
                }
                // a task with a subreaper flag in the image restores it last, by its own step
                return g.saved().get(t).sub() ? Optional.empty() : act("RestoreTask", t);
            case Ops.RESTORE_EXIT:
                return act("ZombieExit", t);
            case Ops.FREEZER_WRITE:
                if ("THAWED".equals(step.args().get("goal")) && g.cgroup().equals(step.args().get("cgroup"))) {
                    // the coordinator gives up a freeze that did not complete: the restart fails (EBUSY)
                    return act("FreezeFails");
                }
                return frozen(before, g) || !frozen(after, g) ? Optional.empty() : act("Freeze");
            case Ops.REFRIGERATE:
            case Ops.FREEZER_READ:
                return frozen(before, g) || !frozen(after, g) ? Optional.empty() : act("Freeze");
            case Ops.RESTART_RESUME:
                return act("Resume");
            default:
                return Optional.empty(); // setgid, setuid, the WAIT that reaps a temporary task, ...
        }
    }

    /** After an error: the init's death is the cleanup. */
    private static Optional<SpecAction> cleanup(RestartContext run, KernelState before, Step step, KernelState after) {
        if (RestartAbstraction.started(run) && step.op().equals(Ops.KILL) && KernelFacts.died(before, after, run.root())) {
            return act("Cleanup");
        }
        return Optional.empty();
    }

    /** A failing step that is no plan step is an error of the restart (ckpt_set_error); a succeeding one is none. */
    private static Optional<SpecAction> faultOrNone(RestartContext run, Result<?> r) {
        if (r.isOk() || !RestartAbstraction.started(run)) {
            return Optional.empty();
        }
        return act("InjectFault", TlaValue.str(r.errno().name()));
    }

    private static boolean frozen(KernelState s, RestartAbstraction.Given g) {
        Cgroup cg = s.cgroups().get(g.cgroup());
        return cg != null && cg.state() == FreezerState.FROZEN;
    }

    /** The pid an eclone asked for at the container's level (the last of its array: no nested namespaces). */
    @SuppressWarnings("unchecked")
    private static int requested(Step step) {
        List<Integer> pids = (List<Integer>) step.args().get("pids");
        return pids == null || pids.isEmpty() ? 0 : pids.get(pids.size() - 1);
    }

    private static Optional<SpecAction> act(String name, int... pids) {
        TlaValue[] args = new TlaValue[pids.length];
        for (int i = 0; i < pids.length; i++) {
            args[i] = TlaValue.of(pids[i]);
        }
        return Optional.of(SpecAction.of(name, args));
    }

    private static Optional<SpecAction> act(String name, TlaValue arg) {
        return Optional.of(SpecAction.of(name, arg));
    }
}
