package org.croracle.oracle.concurrentcheckpoint;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.DumpRecord;
import org.croracle.impl.kernel.FdTable;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Transition;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.CheckpointRaceView;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.syscall.Lookahead;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.fromspec.SpecDriver;
import org.croracle.oracle.trace.SpecAction;

/**
 * ConcurrentCheckpoint.tla's behaviours on the kernel: one container checkpoint() whose steps
 * interleave with the calls of tasks outside the container. Each initial state is a world the
 * driver builds with ordinary system calls (host forks p outside the container; p forks the
 * container's init into cgroup "box", sharing p's fd table or copying it; init forks a; files
 * opened here and there; the cgroup frozen or not) and then enters checkpoint() on the init with
 * {@link Kernel#checkpointStart}: the spec's first state is the kernel's right after
 * ckpt_ctx_alloc. A step of the call is {@link Kernel#checkpointStep}; a step of the world is the
 * system call the binding maps to it, by the task the spec names (an outside task's open, close,
 * /proc/PID/fd open, fork with or without CLONE_FILES, exit; a running tree task's open, close,
 * fork; a write of the cgroup's freezer.state). The identities are the binding's
 * ({@link ConcurrentCheckpointAbstraction}): pids as they are, fd tables and files the kernel's
 * object ids moved into intervals of their own, so nothing is renamed.
 *
 * <p>Where the spec leaves a choice to the kernel, the driver asks the kernel's own functions,
 * run on the current state without making a step: the pid a fork gives its child, the id of the
 * table it copies or of the file an open makes (a fresh holder or object of the spec), and which
 * task or object a failing check names (the spec lets any that fails it be named; the kernel names
 * the first in its own order, and the other candidates are not steerable). Where the kernel would
 * not fail the check at all (a kernel with a planted bug), every candidate stays steerable, so that
 * the replay takes the spec's failing step and the kernel is seen not to.
 *
 * <p>Two kinds of world. Race worlds, searched exhaustively: each offers only the outside calls of
 * one race, only in its window of the call (a usage leak; a file installed in a shared table after
 * collect, then the sharer's exit: a reverse leak; the double fork, close and exit that make counts
 * match by coincidence: "not visited"; a tree task in another cgroup; a thawed cgroup at the gate,
 * with tree forks and freezer writes before it; a /proc/PID/fd open before the gate). Open worlds,
 * random walks only: every outside task but host and every tree task may make any call at any
 * point of the call, up to a budget of world steps per behaviour (after which the call runs to
 * its end) and of live tasks.
 *
 * <p>Not driven, each for a reason the spec states: {@code ScanChanged} is no step of any
 * behaviour of the spec (once the first walk passed, every task of the tree is frozen in a
 * CHECKPOINTING cgroup, which nothing forks from, leaves or thaws: README, "The second scan's
 * check is not necessary here"); {@code Grab} and {@code Drop} are the spec's shorthand for a task
 * holding a file, or no table, directly, while a kernel task holds files only through its fd table
 * and always holds one (their kernel counterparts are {@code CopyFiles} and {@code Exit}, which
 * are driven). {@code Leave} and {@code Join} are host's {@code echo PID > cgroup.procs} of a tree
 * task, to cgroup "other" or to the call's cgroup (the driver's tasks are processes of one thread,
 * so each moves alone).
 */
public final class ConcurrentCheckpointDriver implements SpecDriver {

    /** The spec's actions this driver takes (every action the binding maps, but the unreachable one). */
    public static final List<String> ACTIONS = new ConcurrentCheckpointBinding().actionNames().stream()
            .filter(a -> !a.equals("ScanChanged")).toList();

    /** The spec's actions no replayed behaviour takes, and why (the class comment says more). */
    public static final Map<String, String> NOT_DRIVEN = notDriven();

    private static Map<String, String> notDriven() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ScanChanged", "no behaviour of the spec takes it: after the first walk every tree task is frozen in a "
                + "CHECKPOINTING cgroup, which nothing forks from, leaves or thaws");
        m.put("Grab", "a kernel task holds files only through its fd table (the kernel's counterpart, CopyFiles, is taken)");
        m.put("Drop", "a live kernel task always holds an fd table (the kernel's counterpart, Exit, is taken)");
        return java.util.Collections.unmodifiableMap(m);
    }

    private static final String BOX = ConcurrentCheckpointWorkload.BOX;
    private static final String OTHER = "other";

    /** Outside calls a world offers (action names), in which phases of the call, how many per behaviour. */
    private record Policy(Set<String> repertoire, Window window, int budget, int maxTasks, boolean outsideIsP) {
    }

    /** Where in the call a world's outside acts. */
    private enum Window {
        ANYWHERE, BEFORE_THE_GATE, AFTER_THE_FIRST_COLLECT;

        boolean open(String phase, int cursor) {
            return switch (this) {
                case ANYWHERE -> !phase.equals("ended");
                case BEFORE_THE_GATE -> phase.equals("idle");
                case AFTER_THE_FIRST_COLLECT -> phase.equals("scanned") && cursor >= 2;
            };
        }
    }

    private static final Set<String> WORLD_ACTIONS = Set.of("Install", "CloseIn", "ProcOpen", "ShareFiles", "CopyFiles",
            "Exit", "TreeFork", "TreeForkCopy", "Leave", "Join", "Thaw", "Freeze");

    /** The race worlds, searched exhaustively. */
    private enum Race {
        /** p shares the init's fd table: the leak check finds it (LeakFound). */
        USAGE_LEAK(Set.of(), Window.ANYWHERE, 0),
        /** p shares the init's table and, after collect, opens a file in it and exits (ReverseLeak). */
        REVERSE_LEAK(Set.of("Install", "Exit"), Window.AFTER_THE_FIRST_COLLECT, 2),
        /** p shares the init's table holding F, a's copy holds F; after collect p forks, closes F, exits (NotVisited). */
        NOT_VISITED(Set.of("CopyFiles", "CloseIn", "Exit"), Window.AFTER_THE_FIRST_COLLECT, 3),
        /** A task of the tree in another cgroup (ScanBusy). */
        STRANGER(Set.of(), Window.ANYWHERE, 0),
        /** The cgroup thawed at the start: tree forks and freezer writes before the gate (BeginBusy, TreeFork, Freeze). */
        THAWED(Set.of("Freeze", "Thaw", "TreeFork", "TreeForkCopy"), Window.BEFORE_THE_GATE, 2),
        /** p opens /proc/PID/fd/N of a container task before the gate (ProcOpen, then LeakFound). */
        PROC_FD(Set.of("ProcOpen"), Window.BEFORE_THE_GATE, 1),
        /**
         * The cgroup thawed at the start, a tree task in another cgroup: tree tasks move out of
         * the call's cgroup and into it, and the cgroup is frozen, before the gate (Leave, Join,
         * then ScanBusy or a success).
         */
        MOVES(Set.of("Leave", "Join", "Freeze", "Thaw"), Window.BEFORE_THE_GATE, 3);

        final Policy policy;

        Race(Set<String> repertoire, Window window, int budget) {
            policy = new Policy(repertoire, window, budget, 5, true);
        }
    }

    /** Open worlds: four bits of structure (p has a file, the init shares p's table, a shares the init's, a has a file). */
    private static final int OPEN_WORLDS = 16;
    private static final Policy OPEN = new Policy(WORLD_ACTIONS, Window.ANYWHERE, 8, 7, false);

    private final KernelConfig config;

    /** The behaviour being replayed: the generator asks for candidates of the one it started last. */
    private Run running;

    public ConcurrentCheckpointDriver() {
        this(KernelConfig.defaults());
    }

    /** With {@code config}'s strategies (a test plants a broken one). */
    public ConcurrentCheckpointDriver(KernelConfig config) {
        this.config = config;
    }

    @Override
    public String spec() {
        return "concurrentcheckpoint";
    }

    @Override
    public Map<String, TlaValue> initialState() {
        throw new IllegalStateException("a checkpoint's first state is the kernel's, after ckpt_ctx_alloc");
    }

    /** FromSpecConcurrentCheckpoint.tla's: the action as Next takes it (the history, the call or the world unchanged). */
    @Override
    public String generator(String action) {
        return "Gen" + action;
    }

    @Override
    public int initialStates() {
        return Race.values().length + OPEN_WORLDS;
    }

    /** The race worlds are; the open worlds are walked only. */
    @Override
    public boolean searchedExhaustively(int init) {
        return init < Race.values().length;
    }

    /** How many of the initial states are race worlds (the rest are open worlds). */
    public static int raceWorlds() {
        return Race.values().length;
    }

    @Override
    public Realizer start() {
        return start(0);
    }

    @Override
    public Realizer start(int init) {
        running = new Run(new Kernel(config), init);
        return running;
    }

    @Override
    public List<SpecAction> candidates(Map<String, TlaValue> s) {
        Run r = running;
        List<SpecAction> out = new ArrayList<>();
        String phase = str(s.get("phase"));
        int cursor = num(s.get("cursor"));
        List<TlaValue> arr = elements(s.get("arr"));
        TlaValue next = cursor <= arr.size() ? arr.get(cursor - 1) : null;
        switch (phase) {
            case "idle" -> {
                out.add(SpecAction.of("Begin"));
                out.add(SpecAction.of("BeginBusy"));
            }
            case "begun" -> {
                out.add(SpecAction.of("Scan1"));
                for (TlaValue t : keys(s.get("parent"))) {
                    out.add(SpecAction.of("ScanBusy", t));
                }
            }
            case "counted" -> {
                out.add(SpecAction.of("Scan2"));
                out.add(SpecAction.of("ScanChanged"));
            }
            case "scanned" -> {
                if (next != null) {
                    out.add(SpecAction.of("Collect", next));
                }
                out.add(SpecAction.of("LeakCheckPasses"));
                for (TlaValue o : keys(s.get("users"))) {
                    out.add(SpecAction.of("LeakFound", o));
                }
            }
            case "dumping" -> {
                if (next != null) {
                    out.add(SpecAction.of("DumpTask", next));
                    for (TlaValue o : reach(s, next)) {
                        out.add(SpecAction.of("ReverseLeak", next, o));
                    }
                }
                out.add(SpecAction.of("VisitCheck"));
                for (TlaValue o : keys(s.get("users"))) {
                    out.add(SpecAction.of("NotVisited", o));
                }
            }
            case "dumped" -> out.add(SpecAction.of("WriteTail"));
            case "written", "failed" -> out.add(SpecAction.of("End"));
            default -> {
                return out; // the call has returned: the world no longer matters to the spec
            }
        }
        if (r != null && r.worldSteps < r.policy.budget && r.policy.window.open(phase, cursor)) {
            r.worldCandidates(out);
        }
        return out;
    }

    /** What checkpoint_task(t) may meet: t's objects and the files of its tables. */
    private static List<TlaValue> reach(Map<String, TlaValue> s, TlaValue t) {
        Map<TlaValue, TlaValue> holds = ((TlaValue.Function) s.get("holds")).mapping();
        List<TlaValue> out = new ArrayList<>();
        TlaValue mine = holds.get(t);
        if (mine == null) {
            return out;
        }
        for (TlaValue o : ((TlaValue.Set) mine).elements()) {
            out.add(o);
            TlaValue files = holds.get(o);
            if (files != null) {
                out.addAll(((TlaValue.Set) files).elements());
            }
        }
        return out;
    }

    private static String str(TlaValue v) {
        return ((TlaValue.Str) v).value();
    }

    private static int num(TlaValue v) {
        return ((TlaValue.Int) v).value();
    }

    private static List<TlaValue> keys(TlaValue v) {
        return v instanceof TlaValue.Function f ? new ArrayList<>(f.mapping().keySet()) : List.of();
    }

    private static List<TlaValue> elements(TlaValue v) {
        if (v instanceof TlaValue.Tuple t) {
            return t.elements();
        }
        return new ArrayList<>(((TlaValue.Function) v).mapping().values());
    }

    /** One behaviour: its kernel, the world built, and the checkpoint() entered on it. */
    private final class Run implements Realizer {
        private final Kernel k;
        private final Policy policy;
        private final int host;
        /** The outside task the race worlds' calls are made by. */
        private int p;
        private int init;
        private int worldSteps;
        private int paths;

        Run(Kernel k, int world) {
            this.k = k;
            host = k.hostPid();
            if (world < Race.values().length) {
                Race race = Race.values()[world];
                policy = race.policy;
                build(race);
            } else {
                policy = OPEN;
                int bits = world - Race.values().length;
                build((bits & 1) != 0, (bits & 2) != 0, (bits & 4) != 0, (bits & 8) != 0, true, false);
            }
        }

        private void build(Race race) {
            switch (race) {
                case USAGE_LEAK -> build(true, true, false, false, true, false);
                case REVERSE_LEAK -> build(false, true, false, false, true, false);
                case NOT_VISITED -> build(true, true, false, false, true, false);
                case STRANGER -> build(false, false, false, true, true, true);
                case THAWED -> build(false, false, false, true, false, false);
                case PROC_FD -> build(false, false, false, true, true, false);
                case MOVES -> build(false, false, false, false, false, true);
            }
        }

        /**
         * host forks p; p may open a file; p forks the init into the cgroup, sharing its table or
         * copying it; the init forks a, sharing or copying; a may open a file; the init may fork a
         * task into another cgroup; the cgroup may be frozen.
         */
        private void build(boolean pFile, boolean initShares, boolean aShares, boolean aFile, boolean frozen,
                           boolean stranger) {
            p = k.fork(host, ForkOptions.PLAIN).value();
            if (pFile) {
                k.open(p, "/tmp/p0", 3, true, true);
            }
            init = k.fork(p, new ForkOptions(BOX, true, false, initShares, false, false, false, false)).value();
            int a = k.fork(init, new ForkOptions(null, false, false, aShares, false, false, false, false)).value();
            if (aFile) {
                k.open(a, "/tmp/a0", lowestFree(k.state(), a), true, true);
            }
            if (stranger) {
                k.fork(init, ForkOptions.intoCgroup(OTHER));
            }
            if (frozen) {
                k.freeze(BOX);
            }
        }

        @Override
        public Kernel kernel() {
            return k;
        }

        private String instance = "ckpt#?";

        @Override
        public String instance() {
            return instance;
        }

        @Override
        public Map<String, TlaValue> initialState() {
            // entered now, after the refinement checker: ckpt_ctx_alloc is checked against Init
            int fd = lowestFree(k.state(), host);
            k.open(host, "/ckpt/image", fd, false, true);
            Result<Integer> id = k.checkpointStart(host, init, 0,
                    new CheckpointIo(fd, new ByteArrayOutputStream(), fd, line -> { }));
            if (!id.isOk()) {
                throw new IllegalStateException("the driver's world does not enter checkpoint(): " + id);
            }
            instance = "ckpt#" + id.value();
            return abstractState();
        }

        @Override
        public Map<String, TlaValue> abstractState() {
            return new ConcurrentCheckpointBinding().abstractState(k.state(), null, instance);
        }

        // ---- the world's candidates ----

        void worldCandidates(List<SpecAction> out) {
            KernelState s = k.state();
            CheckpointContext c = s.checkpoint();
            List<Integer> tree = CheckpointRaceView.tree(s, c);
            boolean room = s.tasks().values().stream().filter(t -> !t.isZombie()).count() < policy.maxTasks;
            for (Task t : s.tasks().values()) {
                if (t.isZombie() || t.pid() == host || t.res().files() == 0) {
                    continue;
                }
                boolean inTree = tree.contains(t.pid());
                if (!inTree && policy.outsideIsP && t.pid() != p) {
                    continue;
                }
                TlaValue pid = TlaValue.of(t.pid());
                TlaValue f = ConcurrentCheckpointAbstraction.table(t.res().files());
                FdTable table = s.objects().get(t.res().files(), FdTable.class);
                if (offers("Install")) {
                    Integer x = opened(s, t);
                    if (x != null) {
                        out.add(SpecAction.of("Install", pid, f, ConcurrentCheckpointAbstraction.file(x)));
                    }
                }
                if (offers("CloseIn")) {
                    for (int x : table.references()) {
                        out.add(SpecAction.of("CloseIn", pid, f, ConcurrentCheckpointAbstraction.file(x)));
                    }
                }
                if (room && offers(inTree ? "TreeFork" : "ShareFiles")) {
                    Integer child = forked(s, t.pid(), true)[0];
                    if (child != null) {
                        out.add(inTree ? SpecAction.of("TreeFork", pid, TlaValue.of(child))
                                : SpecAction.of("ShareFiles", pid, TlaValue.of(child), f));
                    }
                }
                if (room && offers(inTree ? "TreeForkCopy" : "CopyFiles")) {
                    Integer[] child = forked(s, t.pid(), false);
                    if (child[0] != null) {
                        out.add(SpecAction.of(inTree ? "TreeForkCopy" : "CopyFiles", pid, TlaValue.of(child[0]), f,
                                ConcurrentCheckpointAbstraction.table(child[1])));
                    }
                }
                if (inTree) {
                    boolean inCg = CheckpointRaceView.inCgroup(s, c, t.pid());
                    if (offers(inCg ? "Leave" : "Join")) {
                        out.add(SpecAction.of(inCg ? "Leave" : "Join", TlaValues.intSet(List.of(t.pid()))));
                    }
                    continue;
                }
                if (offers("Exit")) {
                    out.add(SpecAction.of("Exit", pid));
                }
                if (offers("ProcOpen")) {
                    for (int m : tree) {
                        Task tt = s.tasks().get(m);
                        if (tt == null || tt.isZombie() || tt.res().files() == 0) {
                            continue;
                        }
                        for (int x : s.objects().get(tt.res().files(), FdTable.class).references()) {
                            out.add(SpecAction.of("ProcOpen", pid, f, TlaValue.of(m), ConcurrentCheckpointAbstraction.file(x)));
                        }
                    }
                }
            }
            if (offers("Thaw")) {
                out.add(SpecAction.of("Thaw"));
            }
            if (offers("Freeze")) {
                out.add(SpecAction.of("Freeze"));
            }
        }

        private boolean offers(String action) {
            return policy.repertoire.contains(action);
        }

        /** The file an open by t at its lowest free fd would make (the kernel's open, on the state as it is). */
        private Integer opened(KernelState s, Task t) {
            int fd = lowestFree(s, t.pid());
            Transition<Integer> tr = Lookahead.open(s, t, path(), fd, true, true);
            if (!tr.result().isOk()) {
                return null;
            }
            Task after = tr.next().tasks().get(t.pid());
            FdTable.Fd e = tr.next().objects().get(after.res().files(), FdTable.class).fds().get(fd);
            return e == null ? null : e.file();
        }

        /** The child a fork by {@code parent} would make, and its fd table (the kernel's clone, on the state as it is). */
        private Integer[] forked(KernelState s, int parent, boolean files) {
            Transition<Integer> tr = Lookahead.clone(s, config, parent, forkOptions(files));
            if (!tr.result().isOk()) {
                return new Integer[] {null, null};
            }
            int child = tr.result().value();
            return new Integer[] {child, tr.next().tasks().get(child).res().files()};
        }

        private String path() {
            return "/tmp/w" + paths;
        }

        // ---- steering the call's failing checks ----

        @Override
        public String unsteerable(SpecAction a, Map<String, TlaValue> before) {
            TlaValue named = switch (a.name()) {
                case "ScanBusy" -> a.args().get(0);
                case "LeakFound", "NotVisited" -> a.args().get(0);
                case "ReverseLeak" -> a.args().get(1);
                default -> null;
            };
            if (named == null) {
                return null;
            }
            TlaValue kernel = namedByTheKernel(a.name());
            return kernel == null || kernel.equals(named) ? null
                    : "the kernel's check names " + kernel + " first, not " + named;
        }

        /**
         * The task or object the kernel's next step of the call names when it fails with the
         * spec's reason, or null if it would not fail so: the kernel's step, run on the state as
         * it is, its image discarded.
         */
        private TlaValue namedByTheKernel(String action) {
            KernelState s = k.state();
            Transition<?> tr = Lookahead.check(s, config, switch (action) {
                case "ScanBusy" -> Lookahead.Check.SCAN;
                case "LeakFound" -> Lookahead.Check.LEAK_CHECK;
                case "ReverseLeak" -> Lookahead.Check.DUMP_TASK;
                default -> Lookahead.Check.VISIT_CHECK;
            });
            if (tr.result().isOk()) {
                return null;
            }
            List<DumpRecord> records = tr.next().checkpoint().records();
            int who = records.isEmpty() ? 0 : records.get(records.size() - 1).who();
            if (action.equals("ScanBusy")) {
                return TlaValue.of(who);
            }
            return ConcurrentCheckpointAbstraction.object(tr.next(), who);
        }

        // ---- making a step happen ----

        @Override
        public String realize(SpecAction a, Map<String, TlaValue> before, Map<String, TlaValue> after,
                              SplittableRandom random) {
            if (!WORLD_ACTIONS.contains(a.name())) {
                Result<Boolean> r = k.checkpointStep();
                return r.isOk() ? null : "checkpoint-step: " + r;
            }
            worldSteps++;
            List<TlaValue> x = a.args();
            Result<?> r;
            switch (a.name()) {
                case "Install" -> {
                    int pid = num(x.get(0));
                    r = k.open(pid, path(), lowestFree(k.state(), pid), true, true);
                    paths++;
                }
                case "CloseIn" -> {
                    int pid = num(x.get(0));
                    Integer fd = fdOf(k.state(), pid, num(x.get(2)) - ConcurrentCheckpointAbstraction.FILE_BASE);
                    if (fd == null) {
                        return "task " + pid + " has no fd of " + x.get(2);
                    }
                    r = k.close(pid, fd);
                }
                case "ProcOpen" -> {
                    int pid = num(x.get(0));
                    int target = num(x.get(2));
                    Integer fd = fdOf(k.state(), target, num(x.get(3)) - ConcurrentCheckpointAbstraction.FILE_BASE);
                    if (fd == null) {
                        return "task " + target + " has no fd of " + x.get(3);
                    }
                    r = k.getfd(pid, target, fd, lowestFree(k.state(), pid));
                }
                case "ShareFiles", "TreeFork" -> r = k.fork(num(x.get(0)), forkOptions(true));
                case "CopyFiles", "TreeForkCopy" -> r = k.fork(num(x.get(0)), forkOptions(false));
                case "Exit" -> r = k.exit(num(x.get(0)), 0);
                case "Leave", "Join" -> {
                    TlaValue moved = ((TlaValue.Set) x.get(0)).elements().iterator().next();
                    r = k.attach(host, num(moved), a.name().equals("Leave") ? OTHER : BOX);
                }
                case "Thaw" -> r = k.freezerWrite(BOX, FreezerState.THAWED);
                default -> r = k.freeze(BOX);
            }
            return r.isOk() ? null : "the kernel refused " + a + ": " + r;
        }
    }

    private static ForkOptions forkOptions(boolean files) {
        return new ForkOptions(null, false, false, files, false, false, false, false);
    }

    private static int lowestFree(KernelState s, int pid) {
        Task t = s.tasks().get(pid);
        FdTable table = t == null || t.res().files() == 0 ? null : s.objects().get(t.res().files(), FdTable.class);
        return table == null ? 0 : table.lowestFree();
    }

    /** The fd at which task {@code pid}'s table holds file {@code file} (the driver never puts one file at two). */
    private static Integer fdOf(KernelState s, int pid, int file) {
        Task t = s.tasks().get(pid);
        if (t == null || t.res().files() == 0) {
            return null;
        }
        for (Map.Entry<Integer, FdTable.Fd> e : s.objects().get(t.res().files(), FdTable.class).fds().entrySet()) {
            if (e.getValue().file() == file) {
                return e.getKey();
            }
        }
        return null;
    }
}
