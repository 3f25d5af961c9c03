package org.croracle.oracle.restart;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.kernel.Cgroup;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.ExitStatus;
import org.croracle.impl.kernel.LingeringPid;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.PlanStep;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.impl.kernel.RestartFlags;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.OpenFile;
import org.croracle.impl.kernel.SavedObjects;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.TaskResources;
import org.croracle.impl.kernel.Task;
import org.croracle.model.restart.RestartState;
import org.croracle.model.tla.TlaValue;

/**
 * The refinement mapping of one restart: the kernel's state and its restart context
 * ({@link KernelState#restart()}) to Restart.tla's variables.
 * <ul>
 * <li>{@code saved} and {@code plan}: the context's image tree and plan ({@link PlanAbstraction});
 *     {@code pc}: the context's plan position, counted without the WAIT steps the spec has not;
 *     {@code illegal}: the plan step the kernel refused, and its errno;</li>
 * <li>{@code proc}: every task of the container's namespace that is not reaped, by its pid there:
 *     parent (0: the restarter, outside), sid and pgid (0: an id not in the namespace, the
 *     restarter's session or group), alive or zombie, exit code (128 + s if killed by signal s),
 *     subreaper flag; but an exited temporary task (placeholder, ghost, keeper) is gone already,
 *     since the spec's are reaped as they exit (the Java reaps them in the next step);</li>
 * <li>{@code held}: the pids of exited temporary tasks (reaped: the kernel's lingering pids) that a sid or
 *     pgid of {@code proc} still uses;</li>
 * <li>{@code cursor}: 0 before restore_begin, then 1 + the number of tasks done in image order (a
 *     live one restored, a zombie exited); {@code stage} and {@code phase} follow from it, from
 *     the error and from restart_resume;</li>
 * <li>{@code frozen}: the restart's freezer cgroup is FROZEN;</li>
 * <li>{@code imageObjs}: what the image gives each live task to hold (objrefs of its fd table, mm,
 *     fs, sighand; per fd its file's and inode's objrefs and close-on-exec; its pending and blocked
 *     signals); {@code objs}: the same of each live task whose restore is complete, read from the
 *     kernel, every object named by the objref the restart's objhash gives it;</li>
 * <li>after a failure, once the init is dead (the namespace dies with it: zap_pid_ns_processes)
 *     the restart is cleaned up: {@code phase} aborted, no task, no held pid (the zombie init
 *     waits only for the restarter to reap it, which the spec's Cleanup includes).</li>
 * </ul>
 */
final class RestartAbstraction {
    private RestartAbstraction() {}

    static final String NO_ERROR = "none";

    /**
     * What a restart was given, in the spec's terms: its freezer cgroup (the binding's instance),
     * the caller's global pid, RESTART_FROZEN, the saved tree and the plan (also as a TLA+ value,
     * converted once per restart).
     */
    record Given(String cgroup, int caller, boolean frozenFlag, SortedMap<Integer, RestartState.SavedTask> saved,
                 RestartState.Plan plan, TlaValue planValue, SortedMap<Integer, RestartState.ObjView> imageObjs) {

        static Given of(RestartContext ctx) {
            RestartState.Plan plan = PlanAbstraction.plan(ctx);
            return new Given(ctx.cgroup(), ctx.caller(), (ctx.flags() & RestartFlags.FROZEN) != 0,
                    PlanAbstraction.saved(ctx), plan, plan.toTla(), RestartAbstraction.imageObjs(ctx));
        }
    }

    /** What the image gives each live task to hold, by objref. */
    private static SortedMap<Integer, RestartState.ObjView> imageObjs(RestartContext ctx) {
        TreeMap<Integer, RestartState.ObjView> out = new TreeMap<>();
        for (RestartContext.Saved t : ctx.saved()) {
            if (t.zombie()) {
                continue;
            }
            SavedObjects o = t.objects();
            TreeMap<Integer, RestartState.ObjView.Fd> fds = new TreeMap<>();
            o.fds().forEach((fd, e) -> fds.put(fd, new RestartState.ObjView.Fd(e.file(), e.inode(), e.cloexec())));
            out.put(t.pid(), new RestartState.ObjView(o.files(), o.mm(), o.fs(), o.sighand(), fds, names(o.pendingMask()),
                    names(o.blockedMask())));
        }
        return out;
    }

    /** The signals of a mask (bit n - 1 for signal n), by name. */
    private static TreeSet<String> names(long mask) {
        TreeSet<String> out = new TreeSet<>();
        for (Signal sig : Signal.values()) {
            if ((mask & (1L << (sig.number() - 1))) != 0) {
                out.add(sig.name());
            }
        }
        return out;
    }

    private static TreeSet<String> names(java.util.Set<Signal> signals) {
        TreeSet<String> out = new TreeSet<>();
        signals.forEach(sig -> out.add(sig.name()));
        return out;
    }

    /**
     * What each restored live task holds in the kernel, its objects named by the objrefs the
     * restart's objhash gives them (an object it does not name: minus its kernel id, which no
     * objref is).
     */
    private static TreeMap<Integer, RestartState.ObjView> objs(Given g, RestartContext ctx, KernelState s) {
        TreeMap<Integer, RestartState.ObjView> out = new TreeMap<>();
        java.util.HashMap<Integer, Integer> objref = new java.util.HashMap<>();
        ctx.objects().forEach((ref, id) -> objref.put(id, ref));
        java.util.function.IntUnaryOperator name = id -> id == 0 ? 0 : objref.getOrDefault(id, -id);
        for (int t : ctx.restored()) {
            Integer global = ctx.pids().get(t);
            Task task = global == null ? null : s.tasks().get(global);
            if (!g.imageObjs().containsKey(t) || task == null || task.isZombie()) {
                continue;
            }
            TaskResources r = task.res();
            TreeMap<Integer, RestartState.ObjView.Fd> fds = new TreeMap<>();
            FdTable table = s.objects().get(r.files(), FdTable.class);
            if (table != null) {
                table.fds().forEach((fd, e) -> {
                    OpenFile f = s.objects().get(e.file(), OpenFile.class);
                    fds.put(fd, new RestartState.ObjView.Fd(name.applyAsInt(e.file()),
                            f == null ? 0 : name.applyAsInt(f.inode()), e.cloexec()));
                });
            }
            out.put(t, new RestartState.ObjView(name.applyAsInt(r.files()), name.applyAsInt(r.mm()),
                    name.applyAsInt(r.fs()), name.applyAsInt(r.sighand()), fds, names(task.pending()),
                    names(task.blocked())));
        }
        return out;
    }

    /** Its init exists: from here on its steps are checked. */
    static boolean started(RestartContext ctx) {
        return ctx.root() != 0;
    }

    /** A restart whose steps are checked: its init exists and it has not ended. */
    static boolean live(RestartContext ctx) {
        return ctx != null && PlanAbstraction.outOfScope(ctx).isEmpty() && started(ctx) && !ctx.ended();
    }

    static RestartState of(Given g, RestartContext ctx, KernelState s) {
        List<Integer> image = g.plan().image();
        boolean aborted = ctx.failed() && started(ctx) && !alive(s, ctx.root());
        int cursor = 0;
        if (ctx.began()) {
            cursor = 1;
            while (cursor <= image.size() && done(ctx, g, image.get(cursor - 1))) {
                cursor++;
            }
        }
        String phase = aborted ? "aborted" : ctx.failed() ? "failed" : ctx.resumed() ? "done"
                : !ctx.began() ? "creating" : cursor > image.size() ? "ghosts" : "restoring";
        TreeMap<Integer, RestartState.Proc> proc = aborted ? new TreeMap<>() : proc(g, ctx, s);
        TreeSet<Integer> held = aborted ? new TreeSet<>() : held(g, ctx, s, proc);
        TreeMap<Integer, String> stage = new TreeMap<>();
        for (int t : g.saved().keySet()) {
            stage.put(t, stage(ctx, t, aborted, cursor, image));
        }
        Cgroup cg = s.cgroups().get(g.cgroup());
        boolean frozen = cg != null && cg.state() == FreezerState.FROZEN;
        return new RestartState(g.saved(), g.frozenFlag(), g.plan(), pc(ctx, ctx.position()), proc, held, stage, cursor,
                phase, error(ctx), illegal(ctx), frozen, g.imageObjs(), aborted ? new TreeMap<>() : objs(g, ctx, s));
    }

    /** The spec's pc at plan step {@code position}: 1-based, the WAIT steps left out. */
    private static int pc(RestartContext ctx, int position) {
        int pc = 1;
        for (PlanStep ps : ctx.plan().steps().subList(0, position)) {
            if (ps.op() != PlanStep.Op.WAIT) {
                pc++;
            }
        }
        return pc;
    }

    /**
     * The first error. restore_pgid is linux-cr's in-kernel pgid restore: where setpgid(2), which
     * the spec's Setpgid follows, says EPERM (a session leader, no such group in the session) it
     * says EINVAL.
     */
    private static String error(RestartContext ctx) {
        if (!ctx.failed()) {
            return NO_ERROR;
        }
        return refusedSetpgid(ctx) && ctx.error() == Errno.EINVAL ? Errno.EPERM.name() : ctx.error().name();
    }

    private static boolean refusedSetpgid(RestartContext ctx) {
        return ctx.refused() >= 0 && ctx.plan().steps().get(ctx.refused()).op() == PlanStep.Op.SETPGID;
    }

    /** The plan step the kernel refused, in the spec's terms (a refused WAIT is no plan step of the spec's). */
    private static RestartState.Illegal illegal(RestartContext ctx) {
        if (ctx.refused() < 0 || ctx.plan().steps().get(ctx.refused()).op() == PlanStep.Op.WAIT) {
            return RestartState.Illegal.NONE;
        }
        PlanStep ps = ctx.plan().steps().get(ctx.refused());
        String op = switch (ps.op()) {
            case CREATE -> "create";
            case SETSID -> "setsid";
            case SETPGID -> "setpgid";
            case SUBREAPER -> "subreaper";
            case EXIT -> "exit";
            case WAIT -> throw new IllegalStateException("no WAIT in the spec's plan");
        };
        int pid = ps.op() != PlanStep.Op.CREATE ? ps.node() : ps.pids().isEmpty() ? 0 : ps.pids().get(ps.pids().size() - 1);
        return new RestartState.Illegal(pc(ctx, ctx.refused()), op, pid, error(ctx));
    }

    private static boolean done(RestartContext ctx, Given g, int t) {
        return g.saved().get(t).zombie() ? ctx.exited().contains(t) : ctx.restored().contains(t);
    }

    private static String stage(RestartContext ctx, int t, boolean aborted, int cursor, List<Integer> image) {
        if (!ctx.pids().containsKey(t)) {
            return "none";
        } else if (aborted) {
            return "killed";
        } else if (ctx.exited().contains(t)) {
            return "exited";
        } else if (ctx.restored().contains(t)) {
            return ctx.resumed() ? "running" : "restored";
        } else if (cursor >= 1 && cursor <= image.size() && image.get(cursor - 1) == t) {
            return "active";
        }
        return "waiting";
    }

    private static boolean alive(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        return t != null && !t.isZombie();
    }

    private static TreeMap<Integer, RestartState.Proc> proc(Given g, RestartContext ctx, KernelState s) {
        TreeMap<Integer, RestartState.Proc> proc = new TreeMap<>();
        if (!started(ctx)) {
            return proc;
        }
        int ns = ctx.ns();
        for (Task t : s.tasks().values()) {
            if (t.ns() != ns || t.isZombie() && temporary(g, local(t))) {
                continue;
            }
            ExitStatus e = t.exit();
            int code = !t.isZombie() ? 0 : e.killed() ? 128 + e.signal().number() : e.code();
            proc.put(local(t), new RestartState.Proc(id(ns, s, t.ppid()), id(ns, s, t.sid()), id(ns, s, t.pgid()),
                    t.isZombie(), code, t.subreaper()));
        }
        return proc;
    }

    /** Exited temporaries, reaped (their pids lingering) or not yet, whose pid a sid or pgid of proc uses. */
    private static TreeSet<Integer> held(Given g, RestartContext ctx, KernelState s, Map<Integer, RestartState.Proc> proc) {
        TreeSet<Integer> used = new TreeSet<>();
        proc.values().forEach(p -> {
            used.add(p.sid());
            used.add(p.pgid());
        });
        TreeSet<Integer> held = new TreeSet<>();
        if (!started(ctx)) {
            return held;
        }
        for (Task t : s.tasks().values()) {
            if (t.ns() == ctx.ns() && t.isZombie() && temporary(g, local(t)) && used.contains(local(t))) {
                held.add(local(t));
            }
        }
        s.lingeringPids().forEach((global, lingering) -> {
            int pid = lingeringPid(ctx.ns(), lingering);
            if (pid != 0 && used.contains(pid)) {
                held.add(pid);
            }
        });
        return held;
    }

    private static boolean temporary(Given g, int pid) {
        String kind = g.plan().kind().get(pid);
        return kind != null && !kind.equals("task");
    }

    /** A task's pid in its own namespace (the container's: nested namespaces are out of scope). */
    private static int local(Task t) {
        return t.pidAt(t.level());
    }

    /** The container pid of the task or lingering pid with global pid {@code global}, or 0 if it has none (outside). */
    static int id(int ns, KernelState s, int global) {
        Task t = s.tasks().get(global);
        if (t != null) {
            return t.ns() == ns ? local(t) : 0;
        }
        LingeringPid g = s.lingeringPids().get(global);
        return g == null ? 0 : lingeringPid(ns, g);
    }

    private static int lingeringPid(int ns, LingeringPid g) {
        int level = g.chain().indexOf(ns);
        return level < 0 ? 0 : g.pids().get(level);
    }
}
