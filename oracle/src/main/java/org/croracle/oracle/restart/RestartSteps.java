package org.croracle.oracle.restart;

import java.util.List;
import java.util.Optional;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Task;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.trace.KernelFacts;
import org.croracle.oracle.trace.SpecAction;

/**
 * The table from the kernel steps of one restart to Restart.tla's actions (pids are the
 * container's; every step between restart()'s entry and its return is the restart's, since the
 * call is synchronous):
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

    /** The run after a step, and the action the step is (empty: a stutter, nothing of the restart changes). */
    record Next(RestartRun run, Optional<SpecAction> action) {
    }

    static Next next(RestartRun run, KernelState before, Step step, KernelState after) {
        Result<?> r = step.result();
        if (r.status() == Result.Status.BLOCKED) {
            return none(run);
        }
        if (step.op().equals(Ops.RESTART_FAULT)) {
            return faultOrNone(run, r);
        }
        if (run.failed()) {
            return cleanup(run, before, step, after);
        }
        if (!run.started()) {
            return rootCreation(run, step, after);
        }
        return ofRestart(run, before, step, after);
    }

    /** Before the init exists only its creation matters; a failure before it ends the restart unchecked. */
    private static Next rootCreation(RestartRun run, Step step, KernelState after) {
        Result<?> r = step.result();
        if (!step.op().equals(Ops.ECLONE) || step.actor() != run.given().caller()) {
            return r.isOk() ? none(run) : new Next(run.fails(r.errno().name()).ends(), Optional.empty());
        }
        if (!r.isOk()) {
            return new Next(run.fails(r.errno().name()).ends(), Optional.empty());
        }
        Task root = after.tasks().get((Integer) r.value());
        RestartRun started = run.withRoot(root.pid(), root.ns()).stepDone(root.pidAt(root.level()));
        return new Next(started, act("Create", root.pidAt(root.level())));
    }

    /**
     * A step of a started restart without an error. The action is named after the step whatever
     * the phase (a task restoring during the creation is RestoreTask, which the spec then refuses);
     * only the subreaper flag is a plan step before restore_begin and a task's restore after it.
     */
    private static Next ofRestart(RestartRun run, KernelState before, Step step, KernelState after) {
        Result<?> r = step.result();
        int x = RestartAbstraction.id(run, before, step.actor());
        switch (step.op()) {
            case Ops.ECLONE: {
                int child = r.isOk() ? RestartAbstraction.id(run, after, (Integer) r.value()) : requested(step);
                return planStep(run, r, "create", child, act("Create", child));
            }
            case Ops.SETSID:
                return planStep(run, r, "setsid", x, act("Setsid", x));
            case Ops.RESTORE_PGID: {
                int g = RestartAbstraction.id(run, before, step.intArg("pgid"));
                return planStep(run, r, "setpgid", x, act("Setpgid", x, g));
            }
            case Ops.SUBREAPER:
                if (!run.restoring()) {
                    return planStep(run, r, "subreaper", x, act("SetSubreaperFlag", x));
                }
                return r.isOk() ? new Next(run.taskRestored(x), act("RestoreTask", x)) : faultOrNone(run, r);
            case Ops.EXIT:
                if ("placeholder".equals(run.given().plan().kind().get(x))) {
                    return planStep(run, r, "exit", x, act("PlaceholderExit", x));
                }
                return r.isOk() ? new Next(run, act("GhostExit", x)) : faultOrNone(run, r);
            default:
                return r.isOk() ? restoreStep(run, before, step, after, x) : faultOrNone(run, r);
        }
    }

    /** A plan step: done (pc moves on) or refused by the kernel (recorded in illegal, the restart fails). */
    private static Next planStep(RestartRun run, Result<?> r, String op, int pid, Optional<SpecAction> action) {
        if (r.isOk()) {
            return new Next(run.stepDone(op.equals("create") ? pid : 0), action);
        }
        // restore_pgid is linux-cr's in-kernel pgid restore: where setpgid(2), which the spec's
        // Setpgid follows, says EPERM (a session leader, no such group in the session) it says EINVAL.
        Errno e = op.equals("setpgid") && r.errno() == Errno.EINVAL ? Errno.EPERM : r.errno();
        return new Next(run.stepRefused(op, pid, e.name()), action);
    }

    /** A succeeding step that is no plan step: the coordinator's and the restoring tasks'. */
    private static Next restoreStep(RestartRun run, KernelState before, Step step, KernelState after, int t) {
        switch (step.op()) {
            case Ops.RESTORE_BEGIN:
                return new Next(run.restoreBegins(), act("BeginRestore"));
            case Ops.RESTORE_TASK:
                if (step.actor() == Step.NO_TASK || !run.given().saved().containsKey(t)) {
                    return none(run);
                }
                // a task with a subreaper flag in the image restores it last, by its own step
                return run.given().saved().get(t).sub() ? none(run) : new Next(run.taskRestored(t), act("RestoreTask", t));
            case Ops.RESTORE_EXIT:
                return new Next(run.zombieExited(t), act("ZombieExit", t));
            case Ops.FREEZER_WRITE:
                if ("THAWED".equals(step.args().get("goal")) && run.given().cgroup().equals(step.args().get("cgroup"))) {
                    // the coordinator gives up a freeze that did not complete: the restart fails (EBUSY)
                    return new Next(run.fails(Errno.EBUSY.name()), act("FreezeFails"));
                }
                return frozen(before, run) || !frozen(after, run) ? none(run) : new Next(run, act("Freeze"));
            case Ops.REFRIGERATE:
            case Ops.FREEZER_READ:
                return frozen(before, run) || !frozen(after, run) ? none(run) : new Next(run, act("Freeze"));
            case Ops.RESTART_RESUME:
                return new Next(run.resumes(), act("Resume"));
            default:
                return none(run); // setgid, setuid, the WAIT that reaps a temporary task, ...
        }
    }

    /** After an error: the init's death is the cleanup; its reaping ends the restart. */
    private static Next cleanup(RestartRun run, KernelState before, Step step, KernelState after) {
        if (!run.started()) {
            return new Next(run.ends(), Optional.empty());
        }
        if (step.op().equals(Ops.KILL) && KernelFacts.died(before, after, run.root())) {
            return new Next(run, act("Cleanup"));
        }
        if (step.op().equals(Ops.WAIT) && before.tasks().containsKey(run.root()) && !after.tasks().containsKey(run.root())) {
            return new Next(run.ends(), Optional.empty());
        }
        return none(run);
    }

    /** A failing step that is no plan step is an error of the restart (ckpt_set_error); a succeeding one is none. */
    private static Next faultOrNone(RestartRun run, Result<?> r) {
        if (r.isOk()) {
            return none(run);
        }
        String e = r.errno().name();
        return new Next(run.fails(e), run.started() ? act("InjectFault", TlaValue.str(e)) : Optional.empty());
    }

    private static boolean frozen(KernelState s, RestartRun run) {
        Cgroup cg = s.cgroups().get(run.given().cgroup());
        return cg != null && cg.state() == FreezerState.FROZEN;
    }

    /** The pid an eclone asked for at the container's level (the last of its array: no nested namespaces). */
    @SuppressWarnings("unchecked")
    private static int requested(Step step) {
        List<Integer> pids = (List<Integer>) step.args().get("pids");
        return pids == null || pids.isEmpty() ? 0 : pids.get(pids.size() - 1);
    }

    private static Next none(RestartRun run) {
        return new Next(run, Optional.empty());
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
