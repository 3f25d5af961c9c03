package org.croracle.oracle.concurrentcheckpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.syscall.CheckpointRaceView;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.DumpRecord;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.Task;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.SpecAction;

/**
 * ConcurrentCheckpoint.tla bound to the kernel: one spec instance per container checkpoint() call
 * whose steps other calls come between ("ckpt#N"), from ckpt_ctx_alloc (its after-state must
 * satisfy Init) to the step that ends the call. The call's steps are the checkpointing task's; the
 * world's are every other task's system calls:
 *
 * <pre>
 * kernel step                                  outcome          ConcurrentCheckpoint action
 * freezer_begin_checkpoint(cgroup)             ok / EBUSY       Begin / BeginBusy
 * ckpt_count (build_tree's first walk)         ok / EBUSY       Scan1 / ScanBusy(t)
 * ckpt_scan (build_tree's second walk)         ok / EBUSY       Scan2 / ScanChanged
 * ckpt_collect(task t)                         ok               Collect(t)
 * ckpt_leak_check                              ok / EBUSY       LeakCheckPasses / LeakFound(o)
 * ckpt_dump_task(task t)                       ok / EBUSY       DumpTask(t) / ReverseLeak(t, o)
 * ckpt_visit_check                             ok / EBUSY       VisitCheck / NotVisited(o)
 * ckpt_tail                                    ok               WriteTail
 * freezer_end_checkpoint / ckpt_end            ok               End
 * open by p (a new file x in p's table f)      ok               Install(p, f, x)
 * dup by p (file x new in p's table f)         ok               Install(p, f, x)
 * close by p (p's table f's last fd of x)      ok               CloseIn(p, f, x)
 * getfd by p of task t's file x                ok               ProcOpen(p, f, t, x), f p's table
 * fork by p outside the tree, child q          ok               ShareFiles(p, q, f) / CopyFiles(p, q, f, g)
 * fork by p of the tree, child c               ok               TreeFork(p, c) / TreeForkCopy(p, c, f, g)
 * exit by p outside the tree                   ok               Exit(p)
 * attach (cgroup.procs): tree tasks S moved     ok               Leave(S) out of the call's cgroup / Join(S) into it
 * freezer.state of the call's cgroup: THAWED   ok               Thaw
 * the step that leaves its last task frozen    ok               Freeze
 * anything else                                                 none: the instance must be unchanged
 * </pre>
 * o names the object the call's ERROR record names, t the task; objects are tagged by kind (see
 * {@link ConcurrentCheckpointAbstraction}). A step that adds a file to a table already holding it,
 * or closes one of two fds of a file, changes nothing the spec sees (a holder holds an object at
 * most once) and is no action.
 */
public final class ConcurrentCheckpointBinding implements RefinementBinding {

    private static final String PREFIX = "ckpt#";

    @Override
    public String spec() {
        return "concurrentcheckpoint";
    }

    @Override
    public Set<String> instances(KernelState state) {
        CheckpointContext c = state.checkpoint();
        return bound(c) && c.active() ? Set.of(PREFIX + c.id()) : Set.of();
    }

    /** A container checkpoint whose steps other calls may come between: the spec's call. */
    private static boolean bound(CheckpointContext c) {
        return c != null && c.concurrent() && !c.subtree() && !c.self();
    }

    @Override
    public Map<String, TlaValue> abstractState(KernelState state, Step lastStep, String instance) {
        CheckpointContext c = state.checkpoint();
        if (!bound(c) || !instance.equals(PREFIX + c.id())) {
            return ConcurrentCheckpointAbstraction.NONE; // before the call's context exists
        }
        return ConcurrentCheckpointAbstraction.of(state, c);
    }

    @Override
    public Optional<SpecAction> action(KernelState before, Step step, KernelState after, String instance) {
        Object ckpt = step.args().get("ckpt");
        if (ckpt != null) {
            return instance.equals(PREFIX + ckpt) ? callStep(step, after) : Optional.empty();
        }
        if (!step.result().isOk()) {
            return Optional.empty(); // a refused call changes nothing
        }
        CheckpointContext c = before.checkpoint();
        if (!bound(c) || !instance.equals(PREFIX + c.id())) {
            return Optional.empty();
        }
        return worldStep(before, step, after, c);
    }

    private static Optional<SpecAction> callStep(Step step, KernelState after) {
        Result<?> r = step.result();
        boolean ok = r.isOk();
        boolean busy = r.status() == Result.Status.ERROR && r.errno() == Errno.EBUSY;
        CheckpointContext c = after.checkpoint();
        TlaValue task = step.args().containsKey("task") ? TlaValue.of(step.intArg("task")) : null;
        switch (step.op()) {
            case Ops.FREEZER_BEGIN_CHECKPOINT:
                return ok ? act("Begin") : busy ? act("BeginBusy") : Optional.empty();
            case Ops.CKPT_COUNT:
                return ok ? act("Scan1") : busy ? act("ScanBusy", TlaValue.of(blamed(c))) : Optional.empty();
            case Ops.CKPT_SCAN:
                return ok ? act("Scan2") : busy ? act("ScanChanged") : Optional.empty();
            case Ops.CKPT_COLLECT:
                return act("Collect", task);
            case Ops.CKPT_LEAK_CHECK:
                return ok ? act("LeakCheckPasses") : busy ? act("LeakFound", blamedObject(after, c)) : Optional.empty();
            case Ops.CKPT_DUMP_TASK:
                return ok ? act("DumpTask", task) : busy ? act("ReverseLeak", task, blamedObject(after, c)) : Optional.empty();
            case Ops.CKPT_VISIT_CHECK:
                return ok ? act("VisitCheck") : busy ? act("NotVisited", blamedObject(after, c)) : Optional.empty();
            case Ops.CKPT_TAIL:
                return ok ? act("WriteTail") : Optional.empty();
            case Ops.FREEZER_END_CHECKPOINT:
            case Ops.CKPT_END:
                return ok ? act("End") : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static Optional<SpecAction> worldStep(KernelState before, Step step, KernelState after, CheckpointContext c) {
        int p = step.actor();
        switch (step.op()) {
            case Ops.OPEN, Ops.DUP -> {
                int f = tableOf(before, p);
                Integer x = fileAt(after, f, step.intArg(step.op().equals(Ops.OPEN) ? "fd" : "newfd"));
                return x == null || holds(before, f, x) ? Optional.empty()
                        : act("Install", TlaValue.of(p), ConcurrentCheckpointAbstraction.table(f),
                                ConcurrentCheckpointAbstraction.file(x));
            }
            case Ops.CLOSE -> {
                int f = tableOf(before, p);
                Integer x = fileAt(before, f, step.intArg("fd"));
                return x == null || holds(after, f, x) ? Optional.empty()
                        : act("CloseIn", TlaValue.of(p), ConcurrentCheckpointAbstraction.table(f),
                                ConcurrentCheckpointAbstraction.file(x));
            }
            case Ops.GETFD -> {
                int f = tableOf(before, p);
                Integer x = fileAt(after, f, step.intArg("fd"));
                return x == null || holds(before, f, x) ? Optional.empty()
                        : act("ProcOpen", TlaValue.of(p), ConcurrentCheckpointAbstraction.table(f),
                                TlaValue.of(step.intArg("target")), ConcurrentCheckpointAbstraction.file(x));
            }
            case Ops.FORK -> {
                int child = (Integer) step.result().value();
                int f = tableOf(before, p);
                int g = tableOf(after, child);
                boolean inTree = CheckpointRaceView.tree(before, c).contains(p);
                TlaValue tp = TlaValue.of(p);
                TlaValue tc = TlaValue.of(child);
                if (f == g) {
                    return inTree ? act("TreeFork", tp, tc) : act("ShareFiles", tp, tc, ConcurrentCheckpointAbstraction.table(f));
                }
                return act(inTree ? "TreeForkCopy" : "CopyFiles", tp, tc, ConcurrentCheckpointAbstraction.table(f),
                        ConcurrentCheckpointAbstraction.table(g));
            }
            case Ops.EXIT -> {
                return CheckpointRaceView.tree(before, c).contains(p) ? Optional.empty() : act("Exit", TlaValue.of(p));
            }
            case Ops.ATTACH -> {
                List<Integer> left = new ArrayList<>();
                List<Integer> joined = new ArrayList<>();
                for (int t : CheckpointRaceView.tree(before, c)) {
                    boolean was = CheckpointRaceView.inCgroup(before, c, t);
                    boolean is = after.tasks().containsKey(t) && CheckpointRaceView.inCgroup(after, c, t);
                    if (was && !is) {
                        left.add(t);
                    } else if (is && !was) {
                        joined.add(t);
                    }
                }
                return !left.isEmpty() ? act("Leave", TlaValues.intSet(left))
                        : !joined.isEmpty() ? act("Join", TlaValues.intSet(joined)) : Optional.empty();
            }
            default -> {
                FreezerState was = CheckpointRaceView.freezer(before, c);
                FreezerState now = CheckpointRaceView.freezer(after, c);
                if (was == now) {
                    return Optional.empty();
                }
                return now == FreezerState.THAWED ? act("Thaw") : now == FreezerState.FROZEN ? act("Freeze") : Optional.empty();
            }
        }
    }

    private static int tableOf(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        return t == null ? 0 : t.res().files();
    }

    private static Integer fileAt(KernelState s, int table, int fd) {
        FdTable t = table == 0 ? null : s.objects().get(table, FdTable.class);
        FdTable.Fd e = t == null ? null : t.fds().get(fd);
        return e == null ? null : e.file();
    }

    private static boolean holds(KernelState s, int table, int file) {
        FdTable t = table == 0 ? null : s.objects().get(table, FdTable.class);
        return t != null && t.references().contains(file);
    }

    /** The task or object the call's ERROR record names. */
    private static int blamed(CheckpointContext c) {
        List<DumpRecord> r = c.records();
        return r.isEmpty() ? 0 : r.get(r.size() - 1).who();
    }

    private static TlaValue blamedObject(KernelState s, CheckpointContext c) {
        TlaValue o = ConcurrentCheckpointAbstraction.object(s, blamed(c));
        return o == null ? TlaValue.of(blamed(c)) : o;
    }

    private static Optional<SpecAction> act(String name, TlaValue... args) {
        return Optional.of(SpecAction.of(name, args));
    }

    @Override
    public List<String> actionNames() {
        return List.of("Begin", "BeginBusy", "Scan1", "ScanBusy", "Scan2", "ScanChanged", "Collect", "LeakCheckPasses",
                "LeakFound", "DumpTask", "ReverseLeak", "VisitCheck", "NotVisited", "WriteTail", "End", "Install",
                "CloseIn", "ProcOpen", "ShareFiles", "CopyFiles", "TreeFork", "TreeForkCopy", "Exit", "Leave", "Join", "Thaw", "Freeze");
    }

    @Override
    public List<TlaValue> candidateArguments(KernelState before, KernelState after, String instance) {
        TreeSet<Integer> pids = new TreeSet<>(after.tasks().keySet());
        List<TlaValue> out = new ArrayList<>();
        pids.forEach(i -> out.add(TlaValue.of(i)));
        after.objects().objects().forEach((id, o) -> {
            TlaValue v = ConcurrentCheckpointAbstraction.object(after, id);
            if (v != null) {
                out.add(v);
            }
        });
        return out;
    }
}
