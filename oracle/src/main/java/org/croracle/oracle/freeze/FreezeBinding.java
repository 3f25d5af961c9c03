package org.croracle.oracle.freeze;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerReading;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Task;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.trace.KernelFacts;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.SpecAction;

/**
 * Freeze.tla bound to the kernel: one spec instance per non-root freezer cgroup, and this table
 * from kernel steps to Freeze's actions (for the cgroup {@code cg} being checked; "member" means a
 * task of {@code cg} in the state before the step):
 *
 * <pre>
 * kernel step                    outcome              condition                 Freeze action
 * fork / eclone(by p) = c        ok                   p and c in cg             Fork(p, c)
 *                                ok                   c in cg, p not            Attach(c)
 *                                ok / error           p in cg, c not            Syscall(p)
 *                                EBUSY (attach)       target cgroup is cg       AttachBusy
 * attach(target, cgroup)         ok, tasks S moved    cgroup is cg              AttachGroup(S, D), D those asleep
 *   (echo PID > cgroup.procs)    ok, tasks S moved    S were in cg              Detach(S)
 *                                EBUSY                cgroup is cg, not THAWED  AttachBusy
 *                                ok / error           the writer in cg          Syscall(writer)
 * exit / restore_exit(by t)      ok                   t in cg                   Exit(t)
 * kill(target t), signal delivery  ok, t died         t in cg                   Exit(t)
 *   (any death of t)               t reaped at once     t in cg (a thread)        ExitReaped(t)
 *                                  others vanished      t in cg (an init)         ExitZapping(t, S)
 *                                  others vanished      t not in cg               Zapped(S)
 * wait(by w, child t)            ok                   t in cg                   Reap(w or Outside, t)
 *                                ok / error           w in cg, t not reaped     Syscall(w)
 * getppid(by t), failed calls    any but blocked      t in cg                   Syscall(t)
 * sleep_begin / sleep_end(t)     ok                   t in cg                   SleepBegin(t) / SleepEnd(t)
 * refrigerate(t)                 ok                   t in cg                   Refrigerate(t)
 * freezer_write(cg, FROZEN)      ok                                             WriteFrozen
 * freezer_write(cg, THAWED)      ok                                             WriteThawed
 * freezer_write(cg, _)           EBUSY                                          WriteBusy
 * freezer_read(cg)               ok, settled                                    Settle
 * freezer_begin_checkpoint(cg)   ok / EBUSY                                     CheckpointBegin / CheckpointBeginBusy
 * freezer_end_checkpoint(cg)     ok                                             CheckpointEnd
 * anything else, blocked calls,
 * calls by a dead task (ESRCH)                                                  none: cg must be unchanged
 * </pre>
 */
public final class FreezeBinding implements RefinementBinding {

    public static final TlaValue OUTSIDE = new TlaValue.ModelValue("Outside");

    @Override
    public String spec() {
        return "freeze";
    }

    @Override
    public Set<String> instances(KernelState state) {
        TreeSet<String> names = new TreeSet<>(state.cgroups().keySet());
        names.remove(Cgroup.ROOT);
        return names;
    }

    @Override
    public Map<String, TlaValue> abstractState(KernelState state, Step lastStep, String cgroup) {
        return FreezeAbstraction.of(state, cgroup).toTla();
    }

    @Override
    public Optional<SpecAction> action(KernelState before, Step step, KernelState after, String cg) {
        Result<?> r = step.result();
        int actor = step.actor();
        if (r.status() == Result.Status.BLOCKED || callerWasDead(before, step)) {
            return Optional.empty(); // the call never ran
        }
        boolean ok = r.isOk();
        boolean actorIn = in(before, actor, cg);
        switch (step.op()) {
            case Ops.FORK:
            case Ops.ECLONE: {
                String target = (String) step.args().getOrDefault("cgroup", cgroupOf(before, actor));
                if (ok) {
                    int child = (Integer) r.value();
                    boolean childIn = in(after, child, cg);
                    if (childIn && actorIn) {
                        return act("Fork", pid(actor), pid(child));
                    } else if (childIn) {
                        return act("Attach", pid(child));
                    }
                } else if (r.errno() == Errno.EBUSY && cg.equals(target) && !actorIn) {
                    return act("AttachBusy");
                }
                return actorIn ? act("Syscall", pid(actor)) : Optional.empty();
            }
            case Ops.ATTACH:
                return attach(before, step, after, cg, actorIn);
            case Ops.EXIT:
            case Ops.RESTORE_EXIT: // a restarted zombie's exit with its saved status
                return ok ? death(before, after, actor, cg, syscall(actorIn, actor)) : syscall(actorIn, actor);
            case Ops.WAIT: {
                int child = step.intArg("child");
                if (ok && in(before, child, cg)) {
                    return act("Reap", actorIn ? pid(actor) : OUTSIDE, pid(child));
                }
                return syscall(actorIn, actor);
            }
            case Ops.KILL: {
                int target = step.intArg("target");
                if (ok && KernelFacts.died(before, after, target)) {
                    return death(before, after, target, cg, syscall(actorIn, actor));
                }
                return syscall(actorIn, actor);
            }
            case Ops.SIGNAL_DELIVERY:
                return ok ? death(before, after, actor, cg, Optional.empty()) : Optional.empty();
            case Ops.SIGMASK:
                // unblocking a pending fatal signal kills the caller
                if (ok && KernelFacts.died(before, after, actor)) {
                    return death(before, after, actor, cg, syscall(actorIn, actor));
                }
                return syscall(actorIn, actor);
            case Ops.SLEEP_BEGIN:
                return ok && actorIn ? act("SleepBegin", pid(actor)) : syscall(actorIn, actor);
            case Ops.SLEEP_END:
                return ok && actorIn ? act("SleepEnd", pid(actor)) : Optional.empty();
            case Ops.REFRIGERATE:
                return ok && actorIn ? act("Refrigerate", pid(actor)) : Optional.empty();
            case Ops.FREEZER_WRITE:
                if (!cg.equals(step.stringArg("cgroup"))) {
                    return Optional.empty();
                }
                if (ok) {
                    return act("FROZEN".equals(step.stringArg("goal")) ? "WriteFrozen" : "WriteThawed");
                }
                return r.errno() == Errno.EBUSY ? act("WriteBusy") : Optional.empty();
            case Ops.FREEZER_READ:
                return ok && cg.equals(step.stringArg("cgroup")) && ((FreezerReading) r.value()).settled()
                        ? act("Settle") : Optional.empty();
            case Ops.FREEZER_BEGIN_CHECKPOINT:
                if (!cg.equals(step.stringArg("cgroup"))) {
                    return Optional.empty();
                }
                return ok ? act("CheckpointBegin") : r.errno() == Errno.EBUSY ? act("CheckpointBeginBusy") : Optional.empty();
            case Ops.FREEZER_END_CHECKPOINT:
                return ok && cg.equals(step.stringArg("cgroup")) ? act("CheckpointEnd") : Optional.empty();
            default:
                // Any other system call of a member: the freezer only sees that the task could run.
                return syscall(actorIn, actor);
        }
    }

    /**
     * echo PID > cgroup.procs: the tasks that moved into cg (each running or asleep, as it was),
     * or out of it; a refusal because cg is not THAWED; else the writer's own system call.
     */
    private static Optional<SpecAction> attach(KernelState before, Step step, KernelState after, String cg,
                                               boolean actorIn) {
        Result<?> r = step.result();
        String target = step.stringArg("cgroup");
        if (r.isOk()) {
            TreeSet<Integer> in = new TreeSet<>();
            TreeSet<Integer> asleep = new TreeSet<>();
            TreeSet<Integer> out = new TreeSet<>();
            for (Task t : after.tasks().values()) {
                boolean was = in(before, t.pid(), cg);
                boolean is = t.cgroup().equals(cg);
                if (is && !was) {
                    in.add(t.pid());
                    if (t.state() == RunState.DSLEEP) {
                        asleep.add(t.pid());
                    }
                } else if (was && !is) {
                    out.add(t.pid());
                }
            }
            if (!in.isEmpty()) {
                return act("AttachGroup", TlaValues.intSet(in), TlaValues.intSet(asleep));
            }
            if (!out.isEmpty()) {
                return act("Detach", TlaValues.intSet(out));
            }
        } else if (r.errno() == Errno.EBUSY && cg.equals(target)
                && before.cgroups().containsKey(cg) && before.cgroups().get(cg).state() != FreezerState.THAWED) {
            return act("AttachBusy");
        }
        return syscall(actorIn, step.actor());
    }

    /**
     * Task t died in this step. For cgroup cg: t itself exits (a zombie), or exits and is reaped at
     * once (a thread), or, if t was a namespace's init, other members vanished with it (zap).
     * {@code otherwise} is the action when nothing of cg died.
     */
    private static Optional<SpecAction> death(KernelState before, KernelState after, int t, String cg,
                                              Optional<SpecAction> otherwise) {
        TreeSet<Integer> vanished = new TreeSet<>();
        for (Task m : before.members(cg)) {
            if (m.pid() != t && !after.tasks().containsKey(m.pid())) {
                vanished.add(m.pid());
            }
        }
        TlaValue zapped = TlaValues.intSet(vanished);
        if (in(before, t, cg)) {
            if (!after.tasks().containsKey(t)) {
                return act("ExitReaped", pid(t));
            }
            return vanished.isEmpty() ? act("Exit", pid(t)) : act("ExitZapping", pid(t), zapped);
        }
        return vanished.isEmpty() ? otherwise : act("Zapped", zapped);
    }

    /** ESRCH for a caller that is not a live task: nobody made this call. */
    private static boolean callerWasDead(KernelState before, Step step) {
        if (step.actor() == Step.NO_TASK || step.result().errno() != Errno.ESRCH) {
            return false;
        }
        Task t = before.tasks().get(step.actor());
        return t == null || t.isZombie();
    }

    private static Optional<SpecAction> syscall(boolean actorIn, int actor) {
        return actorIn ? act("Syscall", pid(actor)) : Optional.empty();
    }

    private static boolean in(KernelState s, int pid, String cg) {
        Task t = s.tasks().get(pid);
        return t != null && t.cgroup().equals(cg);
    }

    private static String cgroupOf(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        return t == null ? null : t.cgroup();
    }

    private static TlaValue pid(int pid) {
        return TlaValue.of(pid);
    }

    private static Optional<SpecAction> act(String name, TlaValue... args) {
        return Optional.of(SpecAction.of(name, args));
    }

    @Override
    public List<String> actionNames() {
        return List.of("Fork", "Attach", "AttachBusy", "AttachGroup", "Detach", "Exit", "ExitReaped", "Zapped", "ExitZapping", "Reap", "Syscall", "SleepBegin", "SleepEnd",
                "Refrigerate", "WriteFrozen", "WriteThawed", "WriteBusy", "Settle",
                "CheckpointBegin", "CheckpointBeginBusy", "CheckpointEnd");
    }

    @Override
    public List<TlaValue> candidateArguments(KernelState before, KernelState after, String cg) {
        TreeSet<Integer> pids = new TreeSet<>();
        for (KernelState s : new KernelState[] {before, after}) {
            if (s != null) {
                s.members(cg).forEach(t -> pids.add(t.pid()));
            }
        }
        List<TlaValue> out = new ArrayList<>();
        pids.forEach(p -> out.add(pid(p)));
        out.add(OUTSIDE);
        return out;
    }
}
