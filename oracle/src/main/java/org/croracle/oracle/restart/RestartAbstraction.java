package org.croracle.oracle.restart;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.Ghost;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;
import org.croracle.model.restart.RestartState;

/**
 * The refinement mapping of one restart: the kernel's state and what the restart's steps told so
 * far ({@link RestartRun}) to Restart.tla's variables.
 * <ul>
 * <li>{@code proc}: every task of the container's namespace that is not reaped, by its pid there:
 *     parent (0: the restarter, outside), sid and pgid (0: an id not in the namespace, the
 *     restarter's session or group), alive or zombie, exit code (128 + s if killed by signal s),
 *     subreaper flag; but an exited temporary task (placeholder, ghost, keeper) is gone already,
 *     since the spec's are reaped as they exit (the Java reaps them in the next step);</li>
 * <li>{@code held}: the pids of exited temporary tasks (reaped: the kernel's ghosts) that a sid or
 *     pgid of {@code proc} still uses;</li>
 * <li>{@code cursor}: 0 before restore_begin, then 1 + the number of tasks done in image order (a
 *     live one restored, a zombie exited); {@code stage} and {@code phase} follow from it, from
 *     the error and from restart_resume;</li>
 * <li>{@code frozen}: the restart's freezer cgroup is FROZEN;</li>
 * <li>after a failure, once the init is dead (the namespace dies with it: zap_pid_ns_processes)
 *     the restart is cleaned up: {@code phase} aborted, no task, no held pid (the zombie init
 *     waits only for the restarter to reap it, which the spec's Cleanup includes).</li>
 * </ul>
 */
final class RestartAbstraction {
    private RestartAbstraction() {}

    static RestartState of(RestartRun run, KernelState s) {
        RestartRun.Given g = run.given();
        List<Integer> image = g.plan().image();
        boolean aborted = run.failed() && run.started() && !alive(s, run.root());
        int cursor = 0;
        if (run.restoring()) {
            cursor = 1;
            while (cursor <= image.size() && done(run, g, image.get(cursor - 1))) {
                cursor++;
            }
        }
        String phase = aborted ? "aborted" : run.failed() ? "failed" : run.resumed() ? "done"
                : !run.restoring() ? "creating" : cursor > image.size() ? "ghosts" : "restoring";
        TreeMap<Integer, RestartState.Proc> proc = aborted ? new TreeMap<>() : proc(run, s);
        TreeSet<Integer> held = aborted ? new TreeSet<>() : held(run, s, proc);
        TreeMap<Integer, String> stage = new TreeMap<>();
        for (int t : g.saved().keySet()) {
            stage.put(t, stage(run, t, aborted, cursor, image));
        }
        Cgroup cg = s.cgroups().get(g.cgroup());
        boolean frozen = cg != null && cg.state() == FreezerState.FROZEN;
        return new RestartState(g.saved(), g.frozenFlag(), g.plan(), run.pc(), proc, held, stage, cursor, phase,
                run.error(), run.illegal(), frozen);
    }

    private static boolean done(RestartRun run, RestartRun.Given g, int t) {
        return g.saved().get(t).zombie() ? run.exited().contains(t) : run.restored().contains(t);
    }

    private static String stage(RestartRun run, int t, boolean aborted, int cursor, List<Integer> image) {
        if (!run.created().contains(t)) {
            return "none";
        } else if (aborted) {
            return "killed";
        } else if (run.exited().contains(t)) {
            return "exited";
        } else if (run.restored().contains(t)) {
            return run.resumed() ? "running" : "restored";
        } else if (cursor >= 1 && cursor <= image.size() && image.get(cursor - 1) == t) {
            return "active";
        }
        return "waiting";
    }

    private static boolean alive(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        return t != null && !t.isZombie();
    }

    private static TreeMap<Integer, RestartState.Proc> proc(RestartRun run, KernelState s) {
        TreeMap<Integer, RestartState.Proc> proc = new TreeMap<>();
        if (!run.started()) {
            return proc;
        }
        for (Task t : s.tasks().values()) {
            if (t.ns() != run.ns() || t.isZombie() && temporary(run, local(t))) {
                continue;
            }
            ExitStatus e = t.exit();
            int code = !t.isZombie() ? 0 : e.killed() ? 128 + e.signal().number() : e.code();
            proc.put(local(t), new RestartState.Proc(id(run, s, t.ppid()), id(run, s, t.sid()), id(run, s, t.pgid()),
                    t.isZombie(), code, t.subreaper()));
        }
        return proc;
    }

    /** Exited temporaries, reaped (kernel ghosts) or not yet, whose pid a sid or pgid of proc uses. */
    private static TreeSet<Integer> held(RestartRun run, KernelState s, Map<Integer, RestartState.Proc> proc) {
        TreeSet<Integer> used = new TreeSet<>();
        proc.values().forEach(p -> {
            used.add(p.sid());
            used.add(p.pgid());
        });
        TreeSet<Integer> held = new TreeSet<>();
        if (!run.started()) {
            return held;
        }
        for (Task t : s.tasks().values()) {
            if (t.ns() == run.ns() && t.isZombie() && temporary(run, local(t)) && used.contains(local(t))) {
                held.add(local(t));
            }
        }
        s.ghosts().forEach((global, ghost) -> {
            int pid = ghostPid(run, ghost);
            if (pid != 0 && used.contains(pid)) {
                held.add(pid);
            }
        });
        return held;
    }

    private static boolean temporary(RestartRun run, int pid) {
        String kind = run.given().plan().kind().get(pid);
        return kind != null && !kind.equals("task");
    }

    /** A task's pid in its own namespace (the container's: nested namespaces are out of scope). */
    private static int local(Task t) {
        return t.pidAt(t.level());
    }

    /** The container pid of the task or ghost with global pid {@code global}, or 0 if it has none (outside). */
    static int id(RestartRun run, KernelState s, int global) {
        Task t = s.tasks().get(global);
        if (t != null) {
            return t.ns() == run.ns() ? local(t) : 0;
        }
        Ghost g = s.ghosts().get(global);
        return g == null ? 0 : ghostPid(run, g);
    }

    private static int ghostPid(RestartRun run, Ghost g) {
        int level = g.chain().indexOf(run.ns());
        return level < 0 ? 0 : g.pids().get(level);
    }
}
