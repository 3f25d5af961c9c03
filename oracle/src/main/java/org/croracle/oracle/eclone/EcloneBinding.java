package org.croracle.oracle.eclone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.kernel.Cgroup;
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
 * fork / eclone(by c) = k          ok             Clone(c, k, newpid, parent, pids, k's namespace, k's pid vector)
 *                                  errno e        CloneFail(c, newpid, parent, pids, e)   (fork: pids = << >>;
 *                                                 a thread counts as CLONE_PARENT)
 * subreaper(by t, on)              ok             SetSubreaper(t, on)
 * setsid(by t)                     ok / errno e   SetSid(t) / SetSidFail(t, e)
 * setpgid(by c, t, g)              ok / errno e   SetPgid(c, t, g) / SetPgidFail(c, t, g, e)  (0 resolved)
 * exit / restore_exit(by t), kill that killed t,  ok  NamespaceInitExit(t) if t is a namespace's init, else Exit(t)
 * a pending fatal signal taken by t
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
        EcloneState.LastClone last = null;
        if (lastStep != null && isClone(lastStep) && lastStep.result().isOk()) {
            int child = (Integer) lastStep.result().value();
            last = EcloneAbstraction.clone(state, child, requested(lastStep), newPid(lastStep));
        }
        return EcloneAbstraction.of(state, last).toTla();
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
                // A thread is, for pids and parents, a CLONE_PARENT sibling.
                boolean thread = Boolean.TRUE.equals(step.args().get("thread"));
                TlaValue cp = TlaValue.of(Boolean.TRUE.equals(step.args().get("parent")) || thread);
                TlaValue req = TlaValues.intTuple(requested(step));
                if (r.isOk()) {
                    Task child = after.tasks().get((Integer) r.value());
                    int ns = newPid(step) ? child.ns() : 0;
                    return act("Clone", TlaValue.of(c), TlaValue.of(child.pid()), b, cp, req, TlaValue.of(ns),
                            TlaValues.intTuple(child.pids()));
                }
                if (thread || step.args().containsKey("files") || step.args().containsKey("vm")) {
                    return other(); // copy_process's sharing-flag checks are not Eclone's business
                }
                return act("CloneFail", TlaValue.of(c), b, cp, req, TlaValue.str(r.errno().name()));
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
                return r.isOk() && KernelFacts.died(before, after, target)
                        ? exitOf(before, target) : other();
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
                if (r.errno() == org.croracle.impl.kernel.Errno.EINVAL) {
                    return other(); // a negative pgid or a thread that does not lead its group: not Eclone's
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
        return List.of("Clone", "CloneFail", "Exit", "NamespaceInitExit", "Wait", "WaitFail", "DropPrivilege",
                "SetSubreaper", "SetSid", "SetSidFail", "SetPgid", "SetPgidFail", "OtherStep");
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
