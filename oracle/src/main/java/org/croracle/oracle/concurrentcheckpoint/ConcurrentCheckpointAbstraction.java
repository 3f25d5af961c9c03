package org.croracle.oracle.concurrentcheckpoint;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.croracle.impl.syscall.CheckpointRaceView;
import org.croracle.impl.kernel.CallHistory;
import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointError;
import org.croracle.impl.kernel.CheckpointPhase;
import org.croracle.impl.kernel.DumpRecord;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.KObject;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;

/**
 * The refinement mapping of ConcurrentCheckpoint.tla: a checkpoint() call whose steps other calls
 * come between, and the kernel it runs in, as the spec's variables. The world is read from the
 * kernel's tasks and objects (who holds which fd table, which files each table holds), the call
 * from its context, the history from what the kernel recorded for the call ({@link CallHistory}).
 * Tasks are global pids; fd tables and open files are the kernel's object ids moved into intervals
 * of their own ({@link #TABLE_BASE} + id, {@link #FILE_BASE} + id, as OracleConcurrentCheckpoint.tla
 * declares them): the kernel numbers both, and its pids, from overlapping ranges, and the spec tells
 * a table from a task or a file by the interval it is in.
 */
final class ConcurrentCheckpointAbstraction {
    private ConcurrentCheckpointAbstraction() {}

    /** The state of a call that does not exist yet (never Init-checked: a call starts with its context). */
    static final Map<String, TlaValue> NONE = none();

    /** The root's parent: no pid (the model's Host), never a task of the tree. */
    private static final int OUTSIDE_THE_TREE = 0;

    private static Map<String, TlaValue> none() {
        Map<String, TlaValue> v = new LinkedHashMap<>();
        TlaValue empty = set(List.of());
        TlaValue noFunction = TlaValues.function(Map.of());
        for (String name : List.of("parent", "holds", "users", "visits")) {
            v.put(name, noFunction);
        }
        for (String name : List.of("incg", "written", "tree1", "atCheck", "touched", "escaped")) {
            v.put(name, empty);
        }
        v.put("freezer", TlaValue.str("THAWED"));
        v.put("phase", TlaValue.str("idle"));
        v.put("count", TlaValue.of(0));
        v.put("arr", TlaValues.intTuple(List.of()));
        v.put("cursor", TlaValue.of(1));
        v.put("dumped", TlaValues.intTuple(List.of()));
        v.put("error", TlaValue.str("none"));
        return Map.copyOf(v);
    }

    static Map<String, TlaValue> of(KernelState s, CheckpointContext c) {
        Map<String, TlaValue> v = new LinkedHashMap<>();
        List<Integer> tree = CheckpointRaceView.tree(s, c);
        Map<TlaValue, TlaValue> parent = new LinkedHashMap<>();
        List<Integer> incg = new ArrayList<>();
        for (int t : tree) {
            // the root's parent is outside the tree, which is all the spec asks of it: an outside
            // parent's exit reparents the root, and no action of the spec changes the tree for that
            int ppid = t == c.root() ? OUTSIDE_THE_TREE : s.tasks().get(t).ppid();
            parent.put(TlaValue.of(t), TlaValue.of(ppid));
            if (CheckpointRaceView.inCgroup(s, c, t)) {
                incg.add(t);
            }
        }
        v.put("parent", TlaValues.function(parent));
        v.put("incg", TlaValues.intSet(incg));
        v.put("freezer", TlaValue.str(CheckpointRaceView.freezer(s, c).name()));
        v.put("holds", holds(s, tree));
        v.put("phase", TlaValue.str(c.phase().specName()));
        CallHistory h = c.history();
        v.put("count", TlaValue.of(h.firstWalk().size()));
        v.put("arr", scanned(c) ? TlaValues.intTuple(c.tree()) : TlaValues.intTuple(List.of()));
        v.put("cursor", TlaValue.of(c.cursor()));
        Map<TlaValue, TlaValue> users = new LinkedHashMap<>();
        Map<TlaValue, TlaValue> visits = new LinkedHashMap<>();
        c.users().forEach((id, n) -> {
            TlaValue o = object(s, id);
            if (o != null) {
                users.put(o, TlaValue.of(n));
                visits.put(o, TlaValue.of(c.visits().getOrDefault(id, 0)));
            }
        });
        v.put("users", TlaValues.function(users));
        v.put("visits", TlaValues.function(visits));
        v.put("written", objects(s, c.written()));
        List<Integer> dumped = new ArrayList<>();
        for (DumpRecord r : c.records()) {
            if (r.type().equals("task")) {
                dumped.add(r.who());
            }
        }
        v.put("dumped", TlaValues.intTuple(dumped));
        v.put("error", TlaValue.str(c.error().specName()));
        v.put("tree1", TlaValues.intSet(h.firstWalk()));
        v.put("atCheck", reached(h.atCheck(), h));
        v.put("touched", reached(h.touched(), h));
        v.put("escaped", TlaValues.intSet(h.escaped()));
        return v;
    }

    /** Whether build_tree's second walk filled the array (the context's tree is then the array). */
    private static boolean scanned(CheckpointContext c) {
        if (c.history().firstWalk().isEmpty()) {
            return false;
        }
        CheckpointPhase p = c.phase();
        if (p == CheckpointPhase.FAILED || p == CheckpointPhase.ENDED) {
            return c.error() != CheckpointError.STRANGER && c.error() != CheckpointError.CHANGED
                    && c.error() != CheckpointError.FREEZER;
        }
        return p.ordinal() >= CheckpointPhase.SCANNED.ordinal();
    }

    /**
     * Every live task and every fd table: a task holds its fd table (a zombie of the tree holds
     * nothing; a zombie outside is gone), a table holds the files at its fds.
     */
    private static TlaValue holds(KernelState s, List<Integer> tree) {
        Map<TlaValue, TlaValue> out = new LinkedHashMap<>();
        for (Task t : s.tasks().values()) {
            if (t.isZombie()) {
                if (tree.contains(t.pid())) {
                    out.put(TlaValue.of(t.pid()), set(List.of()));
                }
                continue;
            }
            int files = t.res().files();
            out.put(TlaValue.of(t.pid()), set(files == 0 ? List.of() : List.of(table(files))));
        }
        s.objects().objects().forEach((id, o) -> {
            if (o instanceof FdTable f) {
                List<TlaValue> in = new ArrayList<>();
                f.references().forEach(x -> in.add(file(x)));
                out.put(table(id), set(in));
            }
        });
        return TlaValues.function(out);
    }

    /** OracleConcurrentCheckpoint's TableBase and FileBase; object ids stay below {@link #IDS}. */
    static final int TABLE_BASE = 100_000;
    static final int FILE_BASE = 200_000;
    static final int IDS = 100_000;

    static TlaValue table(int id) {
        return TlaValue.of(TABLE_BASE + checked(id));
    }

    static TlaValue file(int id) {
        return TlaValue.of(FILE_BASE + checked(id));
    }

    private static int checked(int id) {
        if (id <= 0 || id >= IDS) {
            throw new IllegalStateException("object id " + id + " is outside the oracle's intervals (1.." + (IDS - 1) + ")");
        }
        return id;
    }

    /**
     * Object {@code id} as the spec names it: an fd table or an open file; null for another kind
     * (mm, fs, sighand, inodes: not the spec's). An object gone from the kernel was a file: a
     * collected table is held by the tree, which cannot let it go while frozen.
     */
    static TlaValue object(KernelState s, int id) {
        KObject o = s.objects().get(id);
        if (o == null || o instanceof FdTable || o.kind().equals("file")) {
            return o instanceof FdTable ? table(id) : file(id);
        }
        return null;
    }

    /**
     * What the outside reached, as the spec names it: the kernel kept which ids were fd tables, for
     * an outside task's own table is freed when it exits (unlike the tree's objects, which the
     * frozen tree keeps), and a gone id names no kind.
     */
    private static TlaValue reached(Collection<Integer> ids, CallHistory h) {
        List<TlaValue> out = new ArrayList<>();
        for (int id : ids) {
            out.add(h.tables().contains(id) ? table(id) : file(id));
        }
        return set(out);
    }

    private static TlaValue objects(KernelState s, Collection<Integer> ids) {
        List<TlaValue> out = new ArrayList<>();
        for (int id : ids) {
            TlaValue o = object(s, id);
            if (o != null) {
                out.add(o);
            }
        }
        return set(out);
    }

    private static TlaValue set(Collection<TlaValue> elements) {
        java.util.TreeSet<TlaValue> sorted = new java.util.TreeSet<>(TlaValues.ORDER);
        sorted.addAll(elements);
        return new TlaValue.Set(sorted);
    }
}
