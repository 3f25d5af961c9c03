package org.croracle.oracle.eclone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.PidNamespace;
import org.croracle.model.eclone.EcloneState;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.trace.KernelFacts;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.SpecAction;

/**
 * Eclone.tla bound to the kernel: one instance (the whole pid space), tasks identified by their
 * global pid, and this table from kernel steps to Eclone's actions:
 *
 * <pre>
 * kernel step                      outcome        Eclone action
 * fork / eclone(by c) = k          ok             Clone(c, k, newpid, parent, thread, pids, k's namespace, k's pid vector)
 *                                  errno e        CloneFail(c, newpid, parent, thread, pids, e)   (fork: pids = << >>;
 *                                                 a CLONE_THREAD without CLONE_SIGHAND and CLONE_VM: OtherStep)
 * subreaper(by t, on)              ok             SetSubreaper(t, on)
 * setsid(by t)                     ok / errno e   SetSid(t) / SetSidFail(t, e)
 * setpgid(by c, t, g)              ok / errno e   SetPgid(c, t, g) / SetPgidFail(c, t, g, e)  (0 resolved; a
 *                                                 negative g: OtherStep)
 * exit / restore_exit(by t), a pending fatal   ok  NamespaceInitExit(t) if t is a namespace's init, else Exit(t)
 * signal taken by t (delivered, unblocked)
 * kill(by c, t, sig)               ok, t died     Kill(c, t, fact)        (fact: the signal, t's disposition of it,
 *                                  ok, t lives    KillHarmless(c, t, fact) whether t can die now, same user:
 *                                  ESRCH / EPERM  KillFail(c, t, fact, e)  killFact)
 * wait(by w, child k)              ok / errno e   Wait(w, k) / WaitFail(w, k, e)
 * setuid(by t, uid != 0)           ok, t was uid 0  DropPrivilege(t)
 * blocked calls, calls by a dead task, fork into a cgroup that refuses the child (EBUSY,
 * the freezer's business), failed exits, anything else   OtherStep (pids unchanged)
 * </pre>
 */
public final class EcloneBinding implements RefinementBinding {

    public static final String INSTANCE = "pids";

    @Override
    public String spec() {
        return "eclone";
    }

    @Override
    public Set<String> instances(KernelState state) {
        return Set.of(INSTANCE);
    }

    @Override
    public Map<String, TlaValue> abstractState(KernelState state, Step lastStep, String instance) {
        return abstractState(null, lastStep, state, instance);
    }

    @Override
    public Map<String, TlaValue> abstractState(KernelState previous, Step lastStep, KernelState state, String instance) {
        EcloneState.LastClone last = null;
        if (lastStep != null && isClone(lastStep) && lastStep.result().isOk()) {
            int child = (Integer) lastStep.result().value();
            last = EcloneAbstraction.clone(state, child, requested(lastStep), newPid(lastStep));
        }
        return EcloneAbstraction.of(state, last, killedInit(previous, lastStep, state)).toTla();
    }

    /** The kill that killed a namespace's init (not the root's) in this step, or null. */
    private static EcloneState.LastKill killedInit(KernelState previous, Step step, KernelState state) {
        if (previous == null || step == null || !step.op().equals(Ops.KILL) || !step.result().isOk()) {
            return null;
        }
        int target = step.intArg("target");
        Task sender = previous.tasks().get(step.actor());
        Task t = previous.tasks().get(target);
        if (sender == null || t == null || !isInit(previous, t) || !KernelFacts.died(previous, state, target)) {
            return null;
        }
        return new EcloneState.LastKill(target, sender.ns(), (String) step.args().get("signal"));
    }

    private static boolean isInit(KernelState s, Task t) {
        PidNamespace ns = s.namespaces().get(t.ns());
        return ns.init() == t.pid() && ns.id() != PidNamespace.ROOT;
    }

    private static boolean isClone(Step step) {
        return step.op().equals(Ops.FORK) || step.op().equals(Ops.ECLONE);
    }

    @SuppressWarnings("unchecked")
    private static List<Integer> requested(Step step) {
        Object pids = step.args().get("pids");
        return pids == null ? List.of() : (List<Integer>) pids;
    }

    private static boolean newPid(Step step) {
        return Boolean.TRUE.equals(step.args().get("newpid"));
    }

    @Override
    public Optional<SpecAction> action(KernelState before, Step step, KernelState after, String instance) {
        Result<?> r = step.result();
        Task caller = before.tasks().get(step.actor());
        if (r.status() == Result.Status.BLOCKED || caller == null || caller.isZombie()) {
            return other(); // the call never ran
        }
        int c = caller.pid();
        switch (step.op()) {
            case Ops.FORK:
            case Ops.ECLONE: {
                if (refusedByFreezer(before, caller, step)) {
                    return other();
                }
                TlaValue b = TlaValue.of(newPid(step));
                boolean thread = Boolean.TRUE.equals(step.args().get("thread"));
                TlaValue cp = TlaValue.of(Boolean.TRUE.equals(step.args().get("parent")));
                TlaValue th = TlaValue.of(thread);
                TlaValue req = TlaValues.intTuple(requested(step));
                if (r.isOk()) {
                    Task child = after.tasks().get((Integer) r.value());
                    int ns = newPid(step) ? child.ns() : 0;
                    return act("Clone", TlaValue.of(c), TlaValue.of(child.pid()), b, cp, th, req, TlaValue.of(ns),
                            TlaValues.intTuple(child.pids()));
                }
                boolean sighand = Boolean.TRUE.equals(step.args().get("sighand"));
                boolean vm = Boolean.TRUE.equals(step.args().get("vm"));
                boolean wellFormedThread = thread && sighand && vm;
                if (!wellFormedThread && (thread || sighand || step.args().containsKey("files") || vm)) {
                    return other(); // copy_process's sharing-flag checks are not Eclone's business
                }
                return act("CloneFail", TlaValue.of(c), b, cp, th, req, TlaValue.str(r.errno().name()));
            }
            case Ops.EXIT:
            case Ops.RESTORE_EXIT: { // a restarted zombie's exit with its saved status
                if (!r.isOk()) {
                    return other();
                }
                return exitOf(before, c);
            }
            case Ops.KILL: {
                int target = step.intArg("target");
                TlaValue k = killFact(before, caller, target, Signal.valueOf((String) step.args().get("signal")));
                if (!r.isOk()) {
                    return r.errno() == Errno.ESRCH || r.errno() == Errno.EPERM
                            ? act("KillFail", TlaValue.of(c), TlaValue.of(target), k, TlaValue.str(r.errno().name()))
                            : other();
                }
                return act(KernelFacts.died(before, after, target) ? "Kill" : "KillHarmless", TlaValue.of(c),
                        TlaValue.of(target), k);
            }
            case Ops.SIGNAL_DELIVERY:
                return r.isOk() ? exitOf(before, c) : other();
            case Ops.SIGMASK:
                return r.isOk() && KernelFacts.died(before, after, c) ? exitOf(before, c) : other();
            case Ops.WAIT: {
                TlaValue k = TlaValue.of(step.intArg("child"));
                return r.isOk() ? act("Wait", TlaValue.of(c), k)
                        : act("WaitFail", TlaValue.of(c), k, TlaValue.str(r.errno().name()));
            }
            case Ops.SETSID:
                return r.isOk() ? act("SetSid", TlaValue.of(c)) : act("SetSidFail", TlaValue.of(c), TlaValue.str(r.errno().name()));
            case Ops.SETPGID: {
                int target = step.intArg("target") == 0 ? c : step.intArg("target");
                int group = step.intArg("pgid") == 0 ? target : step.intArg("pgid");
                if (r.isOk()) {
                    return act("SetPgid", TlaValue.of(c), TlaValue.of(target), TlaValue.of(group));
                }
                if (step.intArg("pgid") < 0) {
                    return other(); // a negative pgid (EINVAL): not Eclone's
                }
                return act("SetPgidFail", TlaValue.of(c), TlaValue.of(target), TlaValue.of(group),
                        TlaValue.str(r.errno().name()));
            }
            case Ops.RESTORE_PGID:
                return r.isOk() ? act("RestorePgid", TlaValue.of(c), TlaValue.of(step.intArg("pgid"))) : other();
            case Ops.SUBREAPER:
                return r.isOk() ? act("SetSubreaper", TlaValue.of(c), TlaValue.of(step.args().get("on") == Boolean.TRUE))
                        : other();
            case Ops.SETUID:
                return r.isOk() && caller.privileged() && step.intArg("uid") != 0
                        ? act("DropPrivilege", TlaValue.of(c)) : other();
            default:
                return other();
        }
    }

    /**
     * What Eclone's kill rules need of the kernel beyond the pid space (a KillFact): the signal, the
     * target's disposition of it ("blocked" when it is in the target's mask), whether the target
     * can carry out a fatal signal now (it runs, and for an init no task of its namespace is frozen
     * or asleep, which zap_pid_ns_processes would wait for), and whether sender and target are the
     * same user.
     */
    static TlaValue killFact(KernelState s, Task sender, int target, Signal sig) {
        Task t = s.tasks().get(target);
        String disp = "default";
        boolean now = true;
        boolean same = true;
        if (t != null) {
            if (sig.catchable() && t.blocked().contains(sig)) {
                disp = "blocked";
            } else if (sig.catchable() && !t.isZombie()) {
                disp = switch (s.objects().get(t.res().sighand(), Sighand.class).of(sig)) {
                    case IGNORE -> "ignore";
                    case HANDLE -> "handler";
                    default -> "default";
                };
            }
            now = t.isZombie() || t.runnable() && (!isInit(s, t) || s.tasks().values().stream()
                    .noneMatch(u -> u.pid() != target && s.within(u.ns(), t.ns()) && !u.isZombie() && !u.runnable()));
            same = sender.uid() == t.uid();
        }
        return TlaValues.record(Map.of("sig", TlaValue.str(sig.name()), "disp", TlaValue.str(disp),
                "now", TlaValue.of(now), "same", TlaValue.of(same)));
    }

    /** A fork into a cgroup that refuses new tasks fails in the freezer, before any pid is looked at. */
    private static boolean refusedByFreezer(KernelState before, Task caller, Step step) {
        Object target = step.args().get("cgroup");
        if (target == null || target.equals(caller.cgroup())) {
            return false;
        }
        Cgroup cg = before.cgroups().get((String) target);
        return cg != null && cg.state() != FreezerState.THAWED;
    }

    /** The exit of task t: a namespace's init takes its namespace with it. */
    private static Optional<SpecAction> exitOf(KernelState before, int t) {
        Task task = before.tasks().get(t);
        PidNamespace ns = before.namespaces().get(task.ns());
        boolean init = ns.init() == t && ns.id() != PidNamespace.ROOT;
        return act(init ? "NamespaceInitExit" : "Exit", TlaValue.of(t));
    }

    private static Optional<SpecAction> other() {
        return act("OtherStep");
    }

    private static Optional<SpecAction> act(String name, TlaValue... args) {
        return Optional.of(SpecAction.of(name, args));
    }

    @Override
    public List<String> actionNames() {
        return List.of("Clone", "CloneFail", "Exit", "NamespaceInitExit", "Kill", "KillHarmless", "KillFail", "Wait",
                "WaitFail", "DropPrivilege", "SetSubreaper", "SetSid", "SetSidFail", "SetPgid", "SetPgidFail", "OtherStep");
    }

    @Override
    public List<TlaValue> candidateArguments(KernelState before, KernelState after, String instance) {
        TreeSet<Integer> pids = new TreeSet<>();
        for (KernelState s : new KernelState[] {before, after}) {
            if (s != null) {
                pids.addAll(s.tasks().keySet());
            }
        }
        List<TlaValue> out = new ArrayList<>();
        pids.forEach(p -> out.add(TlaValue.of(p)));
        return out;
    }
}
