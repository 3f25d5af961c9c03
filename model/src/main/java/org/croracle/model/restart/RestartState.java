package org.croracle.model.restart;

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
 * The abstract state of {@code specs/restart/Restart.tla}: one restart() of a container, pids
 * relative to the container's namespace (its init is 1; 0 is the restarter, outside it).
 *
 * @param saved      the saved tree, by pid
 * @param frozenFlag RESTART_FROZEN
 * @param plan       the plan the restart runs
 * @param pc         the plan step to run next (1-based)
 * @param proc       the tasks of the new namespace not reaped, by pid
 * @param held       pids of exited temporary tasks that a sid or pgid still uses
 * @param stage      per saved task: none, waiting, active, restored, exited, running, killed
 * @param cursor     the restore cursor: an index into {@code plan.image} (0 before the restore)
 * @param phase      creating, restoring, ghosts, done, failed, aborted
 * @param error      the first error, "none" while there is none
 * @param illegal    the first plan step the kernel refused, or {@link Illegal#NONE}
 * @param frozen     the restored tree was frozen (RESTART_FROZEN)
 * @param imageObjs  what the image gives each live saved task to hold, by pid
 * @param objs       what each restored live task holds, by pid
 */
public record RestartState(SortedMap<Integer, SavedTask> saved, boolean frozenFlag, Plan plan, int pc,
                           SortedMap<Integer, Proc> proc, SortedSet<Integer> held, SortedMap<Integer, String> stage,
                           int cursor, String phase, String error, Illegal illegal, boolean frozen,
                           SortedMap<Integer, ObjView> imageObjs, SortedMap<Integer, ObjView> objs) {

    /**
     * What a task holds, by the image's objrefs (a kernel object the restart's objhash does not
     * name: a number no objref is): [files, mm, fs, sighand, fds (fd to [file, inode, cloexec]),
     * pending, blocked (signal names)].
     */
    public record ObjView(int files, int mm, int fs, int sighand, SortedMap<Integer, Fd> fds, SortedSet<String> pending,
                          SortedSet<String> blocked) {
        public record Fd(int file, int inode, boolean cloexec) {
            TlaValue toTla() {
                return TlaValues.record(Map.of("file", TlaValue.of(file), "inode", TlaValue.of(inode),
                        "cloexec", TlaValue.of(cloexec)));
            }
        }

        public ObjView {
            fds = sorted(fds);
            pending = Collections.unmodifiableSortedSet(new TreeSet<>(pending));
            blocked = Collections.unmodifiableSortedSet(new TreeSet<>(blocked));
        }

        TlaValue toTla() {
            Map<TlaValue, TlaValue> f = new LinkedHashMap<>();
            fds.forEach((fd, e) -> f.put(TlaValue.of(fd), e.toTla()));
            return TlaValues.record(Map.of("files", TlaValue.of(files), "mm", TlaValue.of(mm), "fs", TlaValue.of(fs),
                    "sighand", TlaValue.of(sighand), "fds", TlaValues.function(f), "pending", names(pending),
                    "blocked", names(blocked)));
        }

        private static TlaValue names(SortedSet<String> set) {
            SortedSet<TlaValue> out = new TreeSet<>(org.croracle.model.tla.TlaValues.ORDER);
            set.forEach(n -> out.add(TlaValue.str(n)));
            return new TlaValue.Set(out);
        }
    }

    /** A task of the image's tree: [ppid, sid, pgid, zombie, code, sub]; 0 for an id outside the container. */
    public record SavedTask(int ppid, int sid, int pgid, boolean zombie, int code, boolean sub) {
        TlaValue toTla() {
            return TlaValues.record(Map.of("ppid", TlaValue.of(ppid), "sid", TlaValue.of(sid), "pgid", TlaValue.of(pgid),
                    "zombie", TlaValue.of(zombie), "code", TlaValue.of(code), "sub", TlaValue.of(sub)));
        }
    }

    /** A task of the new namespace as the kernel holds it: [parent, sid, pgid, state, code, sub]. */
    public record Proc(int parent, int sid, int pgid, boolean zombie, int code, boolean sub) {
        TlaValue toTla() {
            return TlaValues.record(Map.of("parent", TlaValue.of(parent), "sid", TlaValue.of(sid),
                    "pgid", TlaValue.of(pgid), "state", TlaValue.str(zombie ? "zombie" : "alive"),
                    "code", TlaValue.of(code), "sub", TlaValue.of(sub)));
        }
    }

    /**
     * A plan step: [op, actor, pid, pgid, sib]; op is create, setsid, setpgid, exit or subreaper
     * (pgid: 1 on, 0 off); actor 0 is the restarter.
     */
    public record PlanStep(String op, int actor, int pid, int pgid, boolean sib) {
        TlaValue toTla() {
            return TlaValues.record(Map.of("op", TlaValue.str(op), "actor", TlaValue.of(actor), "pid", TlaValue.of(pid),
                    "pgid", TlaValue.of(pgid), "sib", TlaValue.of(sib)));
        }
    }

    /**
     * A plan that the restart runs (so one the planner accepted: ok, no refusal).
     *
     * @param steps the steps, in order
     * @param image the restore order: every saved task
     * @param kind  task, ghost, placeholder or keeper, of everything the plan creates
     * @param rule  how each task or ghost but the root is created
     * @param live  what exists once every step ran
     * @param at    the index of the step creating each
     */
    public record Plan(List<PlanStep> steps, List<Integer> image, SortedMap<Integer, String> kind,
                       SortedMap<Integer, String> rule, SortedSet<Integer> live, SortedMap<Integer, Integer> at) {
        public Plan {
            steps = List.copyOf(steps);
            image = List.copyOf(image);
            kind = sorted(kind);
            rule = sorted(rule);
            live = Collections.unmodifiableSortedSet(new TreeSet<>(live));
            at = sorted(at);
        }

        public TlaValue toTla() {
            Map<String, TlaValue> f = new LinkedHashMap<>();
            f.put("ok", TlaValue.of(true));
            f.put("why", TlaValues.record(Map.of("task", TlaValue.of(0), "reason", TlaValue.str(""))));
            f.put("steps", new TlaValue.Tuple(steps.stream().map(PlanStep::toTla).toList()));
            f.put("image", TlaValues.intTuple(image));
            f.put("kind", strings(kind));
            f.put("rule", strings(rule));
            f.put("live", TlaValues.intSet(live));
            Map<TlaValue, TlaValue> idx = new LinkedHashMap<>();
            at.forEach((pid, i) -> idx.put(TlaValue.of(pid), TlaValue.of(i)));
            f.put("at", TlaValues.function(idx));
            return TlaValues.record(f);
        }
    }

    /** The first plan step the kernel refused: [at, op, pid, errno]. */
    public record Illegal(int at, String op, int pid, String errno) {
        public static final Illegal NONE = new Illegal(0, "", 0, "");

        TlaValue toTla() {
            return TlaValues.record(Map.of("at", TlaValue.of(at), "op", TlaValue.str(op), "pid", TlaValue.of(pid),
                    "errno", TlaValue.str(errno)));
        }
    }

    public RestartState {
        saved = sorted(saved);
        proc = sorted(proc);
        held = Collections.unmodifiableSortedSet(new TreeSet<>(held));
        stage = sorted(stage);
        imageObjs = sorted(imageObjs);
        objs = sorted(objs);
    }

    /**
     * The spec's variables. {@code planValue} is {@link Plan#toTla()} of this state's plan, which
     * no step changes: a caller that abstracts many states of one restart converts it once.
     */
    public Map<String, TlaValue> toTla(TlaValue planValue) {
        Map<TlaValue, TlaValue> s = new LinkedHashMap<>();
        saved.forEach((pid, t) -> s.put(TlaValue.of(pid), t.toTla()));
        Map<TlaValue, TlaValue> p = new LinkedHashMap<>();
        proc.forEach((pid, t) -> p.put(TlaValue.of(pid), t.toTla()));
        Map<String, TlaValue> vars = new LinkedHashMap<>();
        vars.put("saved", TlaValues.function(s));
        vars.put("frozenFlag", TlaValue.of(frozenFlag));
        vars.put("plan", planValue);
        vars.put("pc", TlaValue.of(pc));
        vars.put("proc", TlaValues.function(p));
        vars.put("held", TlaValues.intSet(held));
        vars.put("stage", strings(stage));
        vars.put("cursor", TlaValue.of(cursor));
        vars.put("phase", TlaValue.str(phase));
        vars.put("error", TlaValue.str(error));
        vars.put("illegal", illegal.toTla());
        vars.put("frozen", TlaValue.of(frozen));
        vars.put("imageObjs", views(imageObjs));
        vars.put("objs", views(objs));
        return TlaValue.state(vars);
    }

    public Map<String, TlaValue> toTla() {
        return toTla(plan.toTla());
    }

    private static TlaValue views(Map<Integer, ObjView> byPid) {
        Map<TlaValue, TlaValue> m = new LinkedHashMap<>();
        byPid.forEach((pid, v) -> m.put(TlaValue.of(pid), v.toTla()));
        return TlaValues.function(m);
    }

    private static TlaValue strings(Map<Integer, String> byPid) {
        Map<TlaValue, TlaValue> m = new LinkedHashMap<>();
        byPid.forEach((pid, v) -> m.put(TlaValue.of(pid), TlaValue.str(v)));
        return TlaValues.function(m);
    }

    private static <K, V> SortedMap<K, V> sorted(Map<K, V> m) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(m));
    }
}
