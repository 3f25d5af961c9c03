package org.croracle.oracle.sharedobjects;

import org.croracle.impl.kernel.CheckpointContext;

import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Task;
import org.croracle.model.sharedobjects.SharedObjectsState;

/**
 * The refinement mapping of SharedObjects.tla: a checkpoint call's context and the kernel it runs
 * in, as the spec's variables. The world (who holds what) is read from the kernel's objects, not
 * from the context, so the oracle checks the call's bookkeeping against the kernel itself.
 */
public final class SharedObjectsAbstraction {
    private SharedObjectsAbstraction() {}

    public static SharedObjectsState of(KernelState s, CheckpointContext ctx) {
        TreeMap<Integer, List<Integer>> slots = new TreeMap<>();
        for (int pid : ctx.tree()) {
            Task t = s.tasks().get(pid);
            slots.put(pid, t == null ? List.of() : t.res().ids());
        }
        // The objects the tree reaches, with their kinds and references.
        TreeMap<Integer, String> kind = new TreeMap<>();
        TreeMap<Integer, List<Integer>> refsOf = new TreeMap<>();
        Deque<Integer> todo = new ArrayDeque<>();
        slots.values().forEach(todo::addAll);
        while (!todo.isEmpty()) {
            int id = todo.pop();
            if (kind.containsKey(id)) {
                continue;
            }
            KObject o = s.objects().get(id);
            kind.put(id, o.kind());
            refsOf.put(id, o.references());
            todo.addAll(o.references());
        }
        // Who holds each inside the tree; the rest of the kernel's count is outside (or the context's).
        TreeMap<Integer, Integer> inTree = new TreeMap<>();
        slots.values().forEach(l -> l.forEach(id -> inTree.merge(id, 1, Integer::sum)));
        refsOf.values().forEach(l -> l.forEach(id -> inTree.merge(id, 1, Integer::sum)));
        TreeMap<Integer, Integer> outside = new TreeMap<>();
        TreeMap<Integer, Integer> ctxRefs = new TreeMap<>();
        TreeMap<Integer, Integer> objref = new TreeMap<>();
        TreeMap<Integer, Integer> users = new TreeMap<>();
        for (int id : kind.keySet()) {
            int mine = ctx.ctxRefs().getOrDefault(id, 0);
            ctxRefs.put(id, mine);
            outside.put(id, s.objects().refcount(id) - inTree.getOrDefault(id, 0) - (ctx.refsHeld() ? mine : 0));
            objref.put(id, ctx.objrefs().getOrDefault(id, 0));
            users.put(id, ctx.users().getOrDefault(id, 0));
        }
        TreeSet<Integer> strangers = new TreeSet<>();
        for (int pid : ctx.tree()) {
            Task t = s.tasks().get(pid);
            if (t != null && pid != ctx.caller() && !t.isZombie() && ctx.gate() != null && !t.cgroup().equals(ctx.gate())) {
                strangers.add(pid);
            }
        }
        List<SharedObjectsState.Rec> image = new ArrayList<>();
        ctx.records().forEach(r -> image.add(new SharedObjectsState.Rec(r.type(), r.who(), r.ref(), r.kind(), r.uses(), r.shared())));
        return new SharedObjectsState(ctx.tree(), kind, slots, refsOf, outside, ctxRefs, strangers, ctx.subtree(),
                freezer(s, ctx), phase(ctx), ctx.cursor(), objref, users, ctx.written(), image,
                ctx.error().specName());
    }

    /**
     * The call's phase as SharedObjects.tla names it: its Scan is build_tree as one step (the world
     * stands still during the call, so the two walks agree) and its WriteTail includes the visit
     * check, so the kernel's phase between the two walks is its "scanned" and the one between the
     * visit check and the tail its "dumping".
     */
    private static String phase(CheckpointContext ctx) {
        return switch (ctx.phase()) {
            case COUNTED -> "scanned";
            case DUMPED -> "dumping";
            default -> ctx.phase().specName();
        };
    }

    /** The gate as cgroup_freezer_begin_checkpoint sees it (a FREEZING cgroup whose tasks are all frozen is FROZEN). */
    private static String freezer(KernelState s, CheckpointContext ctx) {
        if (ctx.gate() == null) {
            return "NONE";
        }
        Cgroup cg = s.cgroups().get(ctx.gate());
        if (cg == null || cg.isRoot()) {
            return FreezerState.THAWED.name();
        }
        if (cg.state() == FreezerState.FREEZING && s.members(cg.name()).stream()
                .filter(t -> !t.isZombie()).allMatch(t -> t.state() == RunState.FROZEN)) {
            return FreezerState.FROZEN.name();
        }
        return cg.state().name();
    }
}
