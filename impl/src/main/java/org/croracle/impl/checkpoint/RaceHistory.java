package org.croracle.impl.checkpoint;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.croracle.impl.kernel.CallHistory;
import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointPhase;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.RunState;
import org.croracle.impl.kernel.Task;

/**
 * The world outside a checkpoint() call whose steps other calls come between, as
 * ConcurrentCheckpoint.tla sees it: which tasks run (every task outside the tree, and tasks of the
 * tree the freezer does not hold), what they reach (their fd table and its files), and the call's
 * {@link CallHistory} brought up to date after every kernel step. linux-cr keeps none of this: it
 * is there so that an oracle can check what the call's checks promise.
 */
public final class RaceHistory {
    private RaceHistory() {}

    /** {@code s} with its concurrent checkpoint's history brought up to date (s itself if there is none). */
    public static KernelState after(KernelState s) {
        CheckpointContext c = s.checkpoint();
        if (c == null || !c.concurrent() || !c.active() || c.subtree()) {
            return s;
        }
        CheckpointPhase p = c.phase();
        boolean inDump = p == CheckpointPhase.DUMPING || p == CheckpointPhase.DUMPED;
        boolean inCall = p.ordinal() >= CheckpointPhase.BEGUN.ordinal() && p.ordinal() <= CheckpointPhase.DUMPED.ordinal();
        SortedSet<Integer> reached = inDump ? outsideReach(s, c) : new TreeSet<>();
        SortedSet<Integer> ran = new TreeSet<>();
        if (inCall) {
            for (int t : tree(s, c)) {
                if (!held(s, c, t)) {
                    ran.add(t);
                }
            }
        }
        CallHistory h = c.history().plus(reached, tablesAmong(s, reached), ran);
        return h == c.history() ? s : s.withCheckpoint(c.withHistory(h));
    }

    /** The tree now: the root and its descendants (none once the root is gone). */
    public static List<Integer> tree(KernelState s, CheckpointContext c) {
        return s.tasks().get(c.root()) == null ? List.of() : CheckpointTree.of(s, c.root());
    }

    /**
     * The state of the call's freezer cgroup as a user sees it once it settles: a FREEZING cgroup
     * whose tasks are all frozen is FROZEN, one whose tasks still run is THAWED (they run).
     */
    public static FreezerState freezer(KernelState s, CheckpointContext c) {
        Cgroup cg = c.gate() == null ? null : s.cgroups().get(c.gate());
        if (cg == null || cg.isRoot()) {
            return FreezerState.THAWED;
        }
        if (cg.state() == FreezerState.FREEZING) {
            boolean all = s.members(cg.name()).stream().filter(t -> !t.isZombie())
                    .allMatch(t -> t.state() == RunState.FROZEN);
            return all ? FreezerState.FROZEN : FreezerState.THAWED;
        }
        return cg.state();
    }

    /** Whether task {@code t} of the tree is in the call's cgroup (a zombie counts as held: it cannot run). */
    public static boolean inCgroup(KernelState s, CheckpointContext c, int t) {
        Task task = s.tasks().get(t);
        return task.isZombie() || task.cgroup().equals(c.gate());
    }

    /** Whether the freezer holds task {@code t} of the tree. */
    public static boolean held(KernelState s, CheckpointContext c, int t) {
        FreezerState f = freezer(s, c);
        return inCgroup(s, c, t) && (f == FreezerState.FROZEN || f == FreezerState.CHECKPOINTING);
    }

    /** The fd tables among {@code ids}, objects of {@code s}. */
    public static Set<Integer> tablesAmong(KernelState s, Set<Integer> ids) {
        Set<Integer> out = new HashSet<>();
        for (int id : ids) {
            if (s.objects().get(id) instanceof FdTable) {
                out.add(id);
            }
        }
        return out;
    }

    /** fd tables and open files that a running task outside the tree, or of the tree but not held, reaches. */
    public static SortedSet<Integer> outsideReach(KernelState s, CheckpointContext c) {
        Set<Integer> inside = new HashSet<>(tree(s, c));
        SortedSet<Integer> out = new TreeSet<>();
        for (Task t : s.tasks().values()) {
            if (t.isZombie() || inside.contains(t.pid()) && held(s, c, t.pid())) {
                continue;
            }
            int table = t.res().files();
            KObject o = table == 0 ? null : s.objects().get(table);
            if (o instanceof FdTable) {
                out.add(table);
                out.addAll(o.references());
            }
        }
        return out;
    }
}
