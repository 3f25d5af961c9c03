package org.croracle.oracle.freeze;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.Lookahead;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.kernel.Sighand;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.fromspec.SpecDriver;
import org.croracle.oracle.trace.SpecAction;

/**
 * Freeze.tla's behaviours as kernel calls, for one freezer cgroup "cg" (the inverse of
 * {@link FreezeBinding}'s table). Spec task ids map to the pids the kernel gives. Where Freeze
 * abstracts a choice away (who a task's parent is, which PID namespace it lives in), the realizer
 * makes it when the task is created (an attached task is born into its own namespace, into a
 * namespace whose init stays outside the cgroup, or plainly; a forked one plainly or as a new
 * namespace's init), and a later step that needs another choice is "not steerable" here.
 */
public final class FreezeDriver implements SpecDriver {

    static final String CG = "cg";
    /** The cgroup tasks come from and go to through cgroup.procs (THAWED: nothing freezes it). */
    private static final String ELSEWHERE = "elsewhere";
    private static final TlaValue OUTSIDE = FreezeBinding.OUTSIDE;

    private final int tasks;
    private final org.croracle.impl.syscall.KernelConfig config;

    /** @param tasks the model's Tasks constant is 1..tasks */
    public FreezeDriver(int tasks) {
        this(tasks, org.croracle.impl.syscall.KernelConfig.defaults());
    }

    /** A driver whose kernels are built with {@code config} (tests plant broken freezers there). */
    public FreezeDriver(int tasks, org.croracle.impl.syscall.KernelConfig config) {
        this.tasks = tasks;
        this.config = config;
    }

    /** Next's action names (and error branches), for coverage. */
    public static final List<String> ACTIONS = List.of("Fork", "Attach", "AttachBusy", "AttachGroup", "Detach", "Exit", "ExitReaped", "Syscall",
            "SleepBegin", "SleepEnd", "Refrigerate", "Zapped", "ExitZapping", "Reap", "WriteFrozen", "WriteThawed",
            "WriteBusy", "Settle", "CheckpointBegin", "CheckpointBeginBusy", "CheckpointEnd");

    @Override
    public String spec() {
        return "freeze";
    }

    @Override
    public Map<String, TlaValue> initialState() {
        Map<String, TlaValue> s = new TreeMap<>();
        s.put("freezer", new TlaValue.Str("THAWED"));
        s.put("tstate", new TlaValue.Function(new TreeMap<>(org.croracle.model.tla.TlaValues.ORDER)));
        s.put("ckpt", new TlaValue.Int(0));
        return s;
    }

    @Override
    public List<SpecAction> candidates(Map<String, TlaValue> s) {
        List<Integer> members = members(s);
        List<Integer> free = new ArrayList<>();
        for (int c = 1; c <= tasks; c++) {
            if (!members.contains(c)) {
                free.add(c);
            }
        }
        List<SpecAction> out = new ArrayList<>();
        for (int p : members) {
            for (int c : free) {
                out.add(SpecAction.of("Fork", i(p), i(c)));
            }
        }
        for (int c : free) {
            out.add(SpecAction.of("Attach", i(c)));
        }
        out.add(SpecAction.of("AttachBusy"));
        for (int c : free) {
            TlaValue one = org.croracle.model.tla.TlaValues.intSet(List.of(c));
            out.add(SpecAction.of("AttachGroup", one, org.croracle.model.tla.TlaValues.intSet(List.of())));
            out.add(SpecAction.of("AttachGroup", one, one));
        }
        for (int t : members) {
            out.add(SpecAction.of("Detach", org.croracle.model.tla.TlaValues.intSet(List.of(t))));
        }
        for (int t : members) {
            for (String a : List.of("Exit", "ExitReaped", "Syscall", "SleepBegin", "SleepEnd", "Refrigerate")) {
                out.add(SpecAction.of(a, i(t)));
            }
        }
        for (SortedSet<Integer> set : subsets(members)) {
            TlaValue sv = org.croracle.model.tla.TlaValues.intSet(set);
            out.add(SpecAction.of("Zapped", sv));
            for (int t : members) {
                out.add(SpecAction.of("ExitZapping", i(t), sv));
            }
        }
        for (int t : members) {
            out.add(SpecAction.of("Reap", OUTSIDE, i(t)));
            for (int w : members) {
                out.add(SpecAction.of("Reap", i(w), i(t)));
            }
        }
        for (String a : List.of("WriteFrozen", "WriteThawed", "WriteBusy", "Settle", "CheckpointBegin",
                "CheckpointBeginBusy", "CheckpointEnd")) {
            out.add(SpecAction.of(a));
        }
        return out;
    }

    static List<Integer> members(Map<String, TlaValue> s) {
        List<Integer> out = new ArrayList<>();
        for (TlaValue k : ((TlaValue.Function) s.get("tstate")).mapping().keySet()) {
            out.add(((TlaValue.Int) k).value());
        }
        return out;
    }

    private static List<SortedSet<Integer>> subsets(List<Integer> of) {
        List<SortedSet<Integer>> out = new ArrayList<>();
        for (int mask = 1; mask < (1 << of.size()); mask++) {
            SortedSet<Integer> s = new TreeSet<>();
            for (int b = 0; b < of.size(); b++) {
                if ((mask & (1 << b)) != 0) {
                    s.add(of.get(b));
                }
            }
            out.add(s);
        }
        return out;
    }

    private static TlaValue i(int n) {
        return new TlaValue.Int(n);
    }

    private static int id(TlaValue v) {
        return ((TlaValue.Int) v).value();
    }

    @Override
    public Realizer start() {
        return new FreezeRealizer(new Kernel(config));
    }

    /** One behaviour's kernel: host, the tasks of cg, and (lazily) a namespace init outside cg. */
    private static final class FreezeRealizer implements Realizer {
        private final Kernel k;
        private final Map<Integer, Integer> pidOf = new HashMap<>();
        private final Map<Integer, Integer> idOf = new HashMap<>();
        /** A namespace init outside cg whose namespace holds members (0: none yet, or it died). */
        private int outsideInit;

        FreezeRealizer(Kernel k) {
            this.k = k;
        }

        @Override
        public Kernel kernel() {
            return k;
        }

        @Override
        public String instance() {
            return CG;
        }

        private KernelState s() {
            return k.state();
        }

        private Task task(int specId) {
            return s().tasks().get(pidOf.get(specId));
        }

        /** The members of cg (pids) in the namespace of init {@code init}, other than the init. */
        private SortedSet<Integer> membersUnder(int init) {
            SortedSet<Integer> out = new TreeSet<>();
            Task i = s().tasks().get(init);
            for (Task m : s().members(CG)) {
                if (m.pid() != init && i != null && s().within(m.ns(), i.ns())) {
                    out.add(idOf.get(m.pid()));
                }
            }
            return out;
        }

        private boolean isInit(Task t) {
            return s().namespaces().get(t.ns()).init() == t.pid();
        }

        @Override
        public String unsteerable(SpecAction a, Map<String, TlaValue> before) {
            boolean cgExists = s().cgroups().containsKey(CG);
            switch (a.name()) {
                case "WriteFrozen", "WriteThawed", "WriteBusy", "Settle", "CheckpointBegin", "CheckpointBeginBusy",
                     "CheckpointEnd" -> {
                    return cgExists ? null : "the cgroup exists once a task was attached (no mkdir in the kernel API)";
                }
                case "AttachGroup", "Detach" -> {
                    return ids(a.args().get(0)).size() == 1 ? null
                            : "the driver's tasks are processes of one thread: one moves at a time";
                }
                case "Exit" -> {
                    Task t = task(id(a.args().get(0)));
                    if (isInit(t) && Lookahead.zapWaitsFor(s(), t.pid()) != 0) {
                        return "a task of its namespace that left the cgroup is asleep: the zap would wait for it";
                    }
                    return isInit(t) && !membersUnder(t.pid()).isEmpty() ? "its exit would zap members" : null;
                }
                case "ExitReaped" -> {
                    Task t = task(id(a.args().get(0)));
                    if (isInit(t) && Lookahead.zapWaitsFor(s(), t.pid()) != 0) {
                        return "a task of its namespace that left the cgroup is asleep: the zap would wait for it";
                    }
                    if (isInit(t) && !membersUnder(t.pid()).isEmpty()) {
                        return "its exit would zap members";
                    }
                    Task p = s().tasks().get(t.ppid());
                    if (p == null || !p.runnable()) {
                        return "its parent cannot ignore SIGCHLD now";
                    }
                    boolean zombieChildren = s().children(t.pid()).stream().anyMatch(Task::isZombie);
                    return zombieChildren ? "its zombie children would be released too" : null;
                }
                case "ExitZapping" -> {
                    Task t = task(id(a.args().get(0)));
                    if (Lookahead.zapWaitsFor(s(), t.pid()) != 0) {
                        return "a task of its namespace that left the cgroup is asleep: the zap would wait for it";
                    }
                    SortedSet<Integer> want = ids(a.args().get(1));
                    return isInit(t) && membersUnder(t.pid()).equals(want) ? null : "not the members of its namespace";
                }
                case "Zapped" -> {
                    if (outsideInit != 0 && s().tasks().containsKey(outsideInit)
                            && Lookahead.zapWaitsFor(s(), outsideInit) != 0) {
                        return "a task of its namespace that left the cgroup is asleep: the zap would wait for it";
                    }
                    return outsideInit != 0 && s().tasks().containsKey(outsideInit) && !s().tasks().get(outsideInit).isZombie()
                            && membersUnder(outsideInit).equals(ids(a.args().get(0))) ? null
                            : "no namespace init outside the cgroup holds exactly these members";
                }
                case "Reap" -> {
                    Task t = task(id(a.args().get(1)));
                    Task parent = s().tasks().get(t.ppid());
                    boolean parentIn = parent != null && CG.equals(parent.cgroup());
                    if (a.args().get(0).equals(OUTSIDE)) {
                        return !parentIn && parent != null && parent.runnable() ? null : "its parent is not outside";
                    }
                    return parentIn && parent.pid() == pidOf.get(id(a.args().get(0))) ? null : "not its parent";
                }
                case "Refrigerate" -> {
                    return k.pendingRefrigerations().contains(pidOf.get(id(a.args().get(0)))) ? null : "no freeze pending";
                }
                default -> {
                    return null;
                }
            }
        }

        private static SortedSet<Integer> ids(TlaValue set) {
            SortedSet<Integer> out = new TreeSet<>();
            for (TlaValue v : ((TlaValue.Set) set).elements()) {
                out.add(id(v));
            }
            return out;
        }

        @Override
        public String realize(SpecAction a, Map<String, TlaValue> before, Map<String, TlaValue> after, SplittableRandom random) {
            String wrong = calls(a, random);
            for (int pid : k.pendingSignals()) { // a fatal signal takes effect before the next call, as in the scenario runner
                k.deliverPendingSignal(pid);
            }
            return wrong;
        }

        private String calls(SpecAction a, SplittableRandom random) {
            List<TlaValue> args = a.args();
            switch (a.name()) {
                case "Attach" -> {
                    int mode = random.nextInt(3);
                    int by = k.hostPid();
                    ForkOptions o = new ForkOptions(CG, mode == 0, false);
                    if (mode == 1) { // into the namespace of an init that stays outside cg
                        if (outsideInit == 0 || !s().tasks().containsKey(outsideInit) || s().tasks().get(outsideInit).isZombie()) {
                            Result<Integer> init = k.fork(k.hostPid(), ForkOptions.NEWPID);
                            if (!init.isOk()) {
                                return "host could not fork a namespace init: " + init.errno();
                            }
                            outsideInit = init.value();
                        }
                        by = outsideInit;
                    }
                    return created(k.fork(by, o), id(args.get(0)));
                }
                case "AttachBusy" -> {
                    return expect(k.fork(k.hostPid(), ForkOptions.intoCgroup(CG)), Errno.EBUSY);
                }
                case "AttachGroup" -> {
                    // a task of another cgroup (running, or asleep if in D) written to cg's cgroup.procs
                    int specId = ids(args.get(0)).first();
                    Result<Integer> born = k.fork(k.hostPid(), ForkOptions.intoCgroup(ELSEWHERE));
                    String bad = created(born, specId);
                    if (bad == null && !ids(args.get(1)).isEmpty()) {
                        bad = expect(k.sleepBegin(born.value()), null);
                    }
                    return bad != null ? bad : expect(k.attach(k.hostPid(), born.value(), CG), null);
                }
                case "Detach" -> {
                    return expect(k.attach(k.hostPid(), pidOf.get(ids(args.get(0)).first()), ELSEWHERE), null);
                }
                case "Fork" -> {
                    ForkOptions o = random.nextInt(3) == 0 ? ForkOptions.NEWPID : ForkOptions.PLAIN;
                    return created(k.fork(pidOf.get(id(args.get(0))), o), id(args.get(1)));
                }
                case "Exit", "ExitZapping" -> {
                    return expect(k.exit(pidOf.get(id(args.get(0))), 0), null);
                }
                case "ExitReaped" -> {
                    int pid = pidOf.get(id(args.get(0)));
                    int parent = s().tasks().get(pid).ppid();
                    String bad = expect(k.sigaction(parent, Signal.SIGCHLD, Sighand.Disposition.IGNORE), null);
                    if (bad == null) {
                        bad = expect(k.exit(pid, 0), null);
                    }
                    String restored = expect(k.sigaction(parent, Signal.SIGCHLD, Sighand.Disposition.DEFAULT), null);
                    return bad != null ? bad : restored;
                }
                case "Zapped" -> {
                    String bad = expect(k.kill(k.hostPid(), outsideInit, Signal.SIGKILL), null);
                    outsideInit = 0;
                    return bad;
                }
                case "Reap" -> {
                    int pid = pidOf.get(id(args.get(1)));
                    return expect(k.wait(s().tasks().get(pid).ppid(), pid), null);
                }
                case "Syscall" -> {
                    return expect(k.getppid(pidOf.get(id(args.get(0)))), null);
                }
                case "SleepBegin" -> {
                    return expect(k.sleepBegin(pidOf.get(id(args.get(0)))), null);
                }
                case "SleepEnd" -> {
                    return expect(k.sleepEnd(pidOf.get(id(args.get(0)))), null);
                }
                case "Refrigerate" -> {
                    return expect(k.refrigerate(pidOf.get(id(args.get(0)))), null);
                }
                case "WriteFrozen" -> {
                    return expect(k.freezerWrite(CG, FreezerState.FROZEN), null);
                }
                case "WriteThawed" -> {
                    return expect(k.freezerWrite(CG, FreezerState.THAWED), null);
                }
                case "WriteBusy" -> {
                    return expect(k.freezerWrite(CG, random.nextBoolean() ? FreezerState.FROZEN : FreezerState.THAWED), Errno.EBUSY);
                }
                case "Settle" -> {
                    Result<org.croracle.impl.kernel.FreezerReading> r = k.freezerRead(CG);
                    return !r.isOk() ? "freezer_read: " + r.errno() : r.value().settled() ? null : "freezer_read did not settle";
                }
                case "CheckpointBegin" -> {
                    return expect(k.freezerBeginCheckpoint(CG), null);
                }
                case "CheckpointBeginBusy" -> {
                    return expect(k.freezerBeginCheckpoint(CG), Errno.EBUSY);
                }
                case "CheckpointEnd" -> {
                    return expect(k.freezerEndCheckpoint(CG), null);
                }
                default -> {
                    return "no kernel call for " + a.name();
                }
            }
        }

        private String created(Result<Integer> r, int specId) {
            if (!r.isOk()) {
                return "fork: " + r.errno() + (r.reason() == null ? "" : " (" + r.reason() + ")");
            }
            pidOf.put(specId, r.value());
            idOf.put(r.value(), specId);
            return null;
        }

        /** Null if the result is ok (want null) or that errno. */
        private static String expect(Result<?> r, Errno want) {
            if (want == null) {
                return r.isOk() ? null : r.status() + " " + r.errno() + (r.reason() == null ? "" : " (" + r.reason() + ")");
            }
            return !r.isOk() && r.errno() == want ? null : "expected " + want + ", got " + (r.isOk() ? "ok" : r.errno());
        }

        @Override
        public Map<String, TlaValue> abstractState() {
            Map<String, TlaValue> kernel = FreezeAbstraction.of(s(), CG).toTla();
            SortedMap<TlaValue, TlaValue> renamed = new TreeMap<>(org.croracle.model.tla.TlaValues.ORDER);
            ((TlaValue.Function) kernel.get("tstate")).mapping().forEach((pid, st) ->
                    renamed.put(new TlaValue.Int(idOf.getOrDefault(((TlaValue.Int) pid).value(), -((TlaValue.Int) pid).value())), st));
            Map<String, TlaValue> out = new TreeMap<>(kernel);
            out.put("tstate", new TlaValue.Function(renamed));
            return out;
        }
    }
}
