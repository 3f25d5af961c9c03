package org.croracle.model.eclone;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;

/**
 * The abstract state of {@code specs/eclone/Eclone.tla}: PID namespaces, their pidmaps, the tasks
 * with their pid vectors, and the history variable {@code lastClone}.
 */
public record EcloneState(SortedMap<Integer, Namespace> namespaces, SortedMap<Integer, SortedSet<Integer>> pidmaps,
                          SortedMap<Integer, TaskPids> tasks, SortedMap<Integer, Ghost> ghosts, LastClone lastClone,
                          LastKill lastKill) {

    /** A reaped session or group leader whose pids are kept: [pids, chain]. */
    public record Ghost(List<Integer> pids, List<Integer> chain) {
        public Ghost {
            pids = List.copyOf(pids);
            chain = List.copyOf(chain);
        }

        TlaValue toTla() {
            return TlaValues.record(Map.of("pids", TlaValues.intTuple(pids), "chain", TlaValues.intTuple(chain)));
        }
    }

    /** The spec's "no task" (NoTask in OracleEclone.cfg). */
    public static final int NO_TASK = 0;

    /** A namespace: [parent, level, last, init]. */
    public record Namespace(int parent, int level, int last, int init) {
        TlaValue toTla() {
            return TlaValues.record(Map.of("parent", TlaValue.of(parent), "level", TlaValue.of(level),
                    "last", TlaValue.of(last), "init", TlaValue.of(init)));
        }
    }

    /** A task: [pids, ns, parent, tgid (its thread group's leader), sid, pgid, state, priv, subreaper]. */
    public record TaskPids(List<Integer> pids, int ns, int parent, int tgid, int sid, int pgid, boolean zombie, boolean privileged,
                           boolean subreaper) {
        public TaskPids {
            pids = List.copyOf(pids);
        }

        /** The record's fields in ascending order. */
        private static final String[] FIELDS = {"ns", "parent", "pgid", "pids", "priv", "sid", "state", "subreaper", "tgid"};

        TlaValue toTla() {
            return TlaValues.record(FIELDS, TlaValue.of(ns), TlaValue.of(parent), TlaValue.of(pgid), TlaValues.intTuple(pids),
                    TlaValue.of(privileged), TlaValue.of(sid), TlaValue.str(zombie ? "zombie" : "alive"),
                    TlaValue.of(subreaper), TlaValue.of(tgid));
        }
    }

    /** The eclone the last step made: [child, req, newns, priv]; {@link #NONE} after any other step. */
    public record LastClone(int child, List<Integer> req, boolean newns, boolean privileged) {
        public static final LastClone NONE = new LastClone(NO_TASK, List.of(), false, true);

        public LastClone {
            req = List.copyOf(req);
        }

        TlaValue toTla() {
            return TlaValues.record(Map.of("child", TlaValue.of(child), "req", TlaValues.intTuple(req),
                    "newns", TlaValue.of(newns), "priv", TlaValue.of(privileged)));
        }
    }

    /**
     * The kill that killed a namespace's init in the last step: the init, the sender's namespace,
     * the signal; {@link #NONE} after any other step.
     */
    public record LastKill(int init, int from, String sig) {
        public static final LastKill NONE = new LastKill(NO_TASK, 0, "");

        TlaValue toTla() {
            return TlaValues.record(Map.of("init", TlaValue.of(init), "from", TlaValue.of(from), "sig", TlaValue.str(sig)));
        }
    }

    public EcloneState {
        namespaces = Collections.unmodifiableSortedMap(new TreeMap<>(namespaces));
        TreeMap<Integer, SortedSet<Integer>> maps = new TreeMap<>();
        pidmaps.forEach((k, v) -> maps.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        pidmaps = Collections.unmodifiableSortedMap(maps);
        tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
        ghosts = Collections.unmodifiableSortedMap(new TreeMap<>(ghosts));
    }

    public Map<String, TlaValue> toTla() {
        Map<TlaValue, TlaValue> ns = new LinkedHashMap<>();
        namespaces.forEach((id, n) -> ns.put(TlaValue.of(id), n.toTla()));
        Map<TlaValue, TlaValue> maps = new LinkedHashMap<>();
        pidmaps.forEach((id, set) -> maps.put(TlaValue.of(id), TlaValues.intSet(set)));
        Map<TlaValue, TlaValue> task = new LinkedHashMap<>();
        tasks.forEach((pid, t) -> task.put(TlaValue.of(pid), t.toTla()));
        Map<TlaValue, TlaValue> ghost = new LinkedHashMap<>();
        ghosts.forEach((pid, g) -> ghost.put(TlaValue.of(pid), g.toTla()));
        return TlaValue.state(Map.of(
                "ns", TlaValues.function(ns),
                "pidmap", TlaValues.function(maps),
                "task", TlaValues.function(task),
                "ghost", TlaValues.function(ghost),
                "lastClone", lastClone.toTla(),
                "lastKill", lastKill.toTla()));
    }
}
