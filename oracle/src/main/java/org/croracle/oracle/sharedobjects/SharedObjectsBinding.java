package org.croracle.oracle.sharedobjects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.DumpRecord;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.model.sharedobjects.SharedObjectsState;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.trace.RefinementBinding;
import org.croracle.oracle.trace.SpecAction;

/**
 * SharedObjects.tla bound to the kernel: one spec instance per checkpoint() call ("ckpt#N", N the
 * call's context id), alive from the step that makes its context (ckpt_ctx_alloc, whose after-state
 * must satisfy Init) to the step that ends the call. The table from kernel steps (those that carry
 * {@code ckpt=N}) to the spec's actions:
 *
 * <pre>
 * kernel step                                  outcome          SharedObjects action
 * checkpoint (ckpt_ctx_alloc)                  ok               none: the instance starts (Init)
 * freezer_begin_checkpoint(cgroup)             ok / EBUSY       Begin / BeginBusy
 * ckpt_begin (self, no other live task)        ok               BeginSelf
 * ckpt_count (build_tree's first walk)         ok / EBUSY       Scan / ScanBusy(t), t named by the ERROR record
 * ckpt_scan (the second walk, the same tree)   ok               none: the world stands still, the walks agree
 * ckpt_collect(task t)                         ok               Collect(t)
 * ckpt_leak_check                              ok               LeakCheckPasses (container) / LeakCheckSkipped (subtree)
 *                                              EBUSY            LeakFound(o), o named by the ERROR record
 * ckpt_dump_task(task t)                       ok               DumpTask(t)
 * ckpt_visit_check                             ok               none: every object met as collect counted it
 * ckpt_tail                                    ok               WriteTail
 * freezer_end_checkpoint / ckpt_end            ok               End
 * anything else                                                 none: the instance must be unchanged
 * </pre>
 * An I/O error writing the image (EIO) has no action: the spec assumes the stream takes every byte.
 */
public final class SharedObjectsBinding implements RefinementBinding {

    private static final String PREFIX = "ckpt#";

    @Override
    public String spec() {
        return "sharedobjects";
    }

    @Override
    public Set<String> instances(KernelState state) {
        CheckpointContext c = state.checkpoint();
        // a call whose steps other calls came between is ConcurrentCheckpoint.tla's: this spec keeps the world still
        return c != null && c.active() && !c.concurrent() ? Set.of(PREFIX + c.id()) : Set.of();
    }

    @Override
    public Map<String, TlaValue> abstractState(KernelState state, Step lastStep, String instance) {
        CheckpointContext c = state.checkpoint();
        if (c == null || !instance.equals(PREFIX + c.id())) {
            return SharedObjectsState.NONE.toTla();
        }
        return SharedObjectsAbstraction.of(state, c).toTla();
    }

    @Override
    public Optional<SpecAction> action(KernelState before, Step step, KernelState after, String instance) {
        Object ckpt = step.args().get("ckpt");
        if (ckpt == null || !instance.equals(PREFIX + ckpt)) {
            return Optional.empty();
        }
        Result<?> r = step.result();
        boolean ok = r.isOk();
        boolean busy = r.status() == Result.Status.ERROR && r.errno() == Errno.EBUSY;
        CheckpointContext c = after.checkpoint();
        switch (step.op()) {
            case Ops.FREEZER_BEGIN_CHECKPOINT:
                return ok ? act("Begin") : busy ? act("BeginBusy") : Optional.empty();
            case Ops.CKPT_BEGIN:
                return ok ? act("BeginSelf") : Optional.empty();
            case Ops.CKPT_COUNT:
                return ok ? act("Scan") : busy ? act("ScanBusy", TlaValue.of(blamed(c))) : Optional.empty();
            case Ops.CKPT_COLLECT:
                return act("Collect", TlaValue.of(step.intArg("task")));
            case Ops.CKPT_LEAK_CHECK:
                if (ok) {
                    return act(c.subtree() ? "LeakCheckSkipped" : "LeakCheckPasses");
                }
                return busy ? act("LeakFound", TlaValue.of(blamed(c))) : Optional.empty();
            case Ops.CKPT_DUMP_TASK:
                return ok ? act("DumpTask", TlaValue.of(step.intArg("task"))) : Optional.empty();
            case Ops.CKPT_TAIL:
                return ok ? act("WriteTail") : Optional.empty();
            case Ops.FREEZER_END_CHECKPOINT:
            case Ops.CKPT_END:
                return ok ? act("End") : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    /** The task or object the call's ERROR record names. */
    private static int blamed(CheckpointContext c) {
        List<DumpRecord> r = c.records();
        return r.isEmpty() ? 0 : r.get(r.size() - 1).who();
    }

    private static Optional<SpecAction> act(String name, TlaValue... args) {
        return Optional.of(SpecAction.of(name, args));
    }

    @Override
    public List<String> actionNames() {
        return List.of("Begin", "BeginSelf", "BeginBusy", "Scan", "ScanBusy", "Collect", "LeakCheckPasses",
                "LeakFound", "LeakCheckSkipped", "DumpTask", "WriteTail", "End");
    }

    @Override
    public List<TlaValue> candidateArguments(KernelState before, KernelState after, String instance) {
        TreeSet<Integer> ids = new TreeSet<>();
        CheckpointContext c = after.checkpoint();
        if (c != null) {
            ids.addAll(c.tree());
            ids.addAll(c.objrefs().keySet());
        }
        List<TlaValue> out = new ArrayList<>();
        ids.forEach(i -> out.add(TlaValue.of(i)));
        return out;
    }
}
