package org.croracle.oracle.eclone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SplittableRandom;

import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Sighand;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Step;
import org.croracle.model.tla.TlaValue;
import org.croracle.model.tla.TlaValues;
import org.croracle.oracle.fromspec.SpecDriver;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.trace.SpecAction;

/**
 * Eclone.tla's behaviours as kernel calls (the inverse of {@link EcloneBinding}'s table), under the
 * oracle's constants, which are the kernel's (pid_max 32768, RESERVED_PIDS 300, 32 levels). The
 * spec leaves the new task's id and its namespace's id free; the driver picks the ones the kernel
 * will give (the task's global pid, the next namespace id), so identities need no renaming. Where
 * Next computes an argument (the pid vector ComputedPids, the errno of CloneErrno, SetPgidErrno,
 * WaitErrno), TLC computes it ({@link #resolve}).
 */
public final class EcloneDriver implements SpecDriver {

    /** Next's actions (and error branches), for coverage. */
    public static final List<String> ACTIONS = List.of("Clone", "CloneFail", "Exit", "NamespaceInitExit",
            "Kill", "KillHarmless", "KillFail", "DropPrivilege", "SetSubreaper", "SetSid", "SetSidFail", "SetPgid",
            "SetPgidFail", "RestorePgid", "Wait", "WaitFail", "OtherStep");

    /**
     * The kills tried (Eclone's KillFact: signal, the target's disposition, whether it can die now,
     * same user): SIGKILL and SIGSTOP, and SIGTERM left at its default, handled, ignored or
     * blocked; the target's disposition is set by sigaction or sigprocmask just before the kill (a
     * step that changes no pid). A target that cannot run now needs a freezer, which this driver
     * does not use.
     */
    private static final List<String[]> KILLS = List.of(new String[] {"SIGKILL", "default"},
            new String[] {"SIGSTOP", "default"}, new String[] {"SIGTERM", "default"}, new String[] {"SIGTERM", "handler"},
            new String[] {"SIGTERM", "ignore"}, new String[] {"SIGTERM", "blocked"});

    /** Tasks alive at most: keeps a behaviour's tree small enough to read. */
    private static final int MAX_TASKS = 8;

    private final org.croracle.impl.syscall.KernelConfig config;

    public EcloneDriver() {
        this(org.croracle.impl.syscall.KernelConfig.defaults());
    }

    /** With {@code config}'s strategies (a planted bug, say). */
    public EcloneDriver(org.croracle.impl.syscall.KernelConfig config) {
        this.config = config;
    }

    @Override
    public String spec() {
        return "eclone";
    }

    @Override
    public Map<String, TlaValue> initialState() {
        return new EcloneBinding().abstractState(new Kernel().state(), null, EcloneBinding.INSTANCE);
    }

    private static SortedMap<TlaValue, TlaValue> tasks(Map<String, TlaValue> s) {
        return ((TlaValue.Function) s.get("task")).mapping();
    }

    private static TlaValue field(TlaValue record, String name) {
        return ((TlaValue.Record) record).fields().get(name);
    }

    private static List<TlaValue> alive(Map<String, TlaValue> s) {
        List<TlaValue> out = new ArrayList<>();
        tasks(s).forEach((id, t) -> {
            if (field(t, "state").equals(new TlaValue.Str("alive"))) {
                out.add(id);
            }
        });
        return out;
    }

    @Override
    public List<SpecAction> candidates(Map<String, TlaValue> s) {
        List<TlaValue> alive = alive(s);
        List<TlaValue> ids = new ArrayList<>(tasks(s).keySet());
        List<TlaValue> groups = new ArrayList<>(ids);
        groups.addAll(((TlaValue.Function) s.get("ghost")).mapping().keySet());
        List<SpecAction> out = new ArrayList<>();
        for (TlaValue c : alive) {
            int level = elements(field(tasks(s).get(c), "pids")).size() - 1;
            if (alive.size() < MAX_TASKS) {
                for (boolean b : new boolean[] {false, true}) {
                    for (boolean cp : new boolean[] {false, true}) {
                        for (boolean th : new boolean[] {false, true}) {
                            for (List<Integer> r : requests(s, c, level)) {
                                out.add(SpecAction.of("Clone?", c, TlaValue.of(b), TlaValue.of(cp), TlaValue.of(th),
                                        TlaValues.intTuple(r)));
                            }
                        }
                    }
                }
            }
            out.add(SpecAction.of("Exit", c));
            out.add(SpecAction.of("NamespaceInitExit", c));
            out.add(SpecAction.of("DropPrivilege", c));
            out.add(SpecAction.of("SetSubreaper", c, TlaValue.of(true)));
            out.add(SpecAction.of("SetSubreaper", c, TlaValue.of(false)));
            out.add(SpecAction.of("SetSid?", c));
            out.add(SpecAction.of("OtherStep"));
            for (TlaValue t : ids) {
                for (TlaValue g : groups) {
                    out.add(SpecAction.of("SetPgid?", c, t, g));
                }
                out.add(SpecAction.of("Wait?", c, t));
            }
            for (TlaValue g : groups) {
                out.add(SpecAction.of("RestorePgid", c, g));
            }
            List<TlaValue> targets = new ArrayList<>(ids);
            targets.add(TlaValue.of(NO_SUCH_TASK));
            for (TlaValue t : targets) {
                for (String[] kill : KILLS) {
                    for (boolean same : new boolean[] {true, false}) {
                        out.add(SpecAction.of("Kill?", c, t, killFact(kill[0], kill[1], same)));
                    }
                }
            }
        }
        return out;
    }

    /** Requests worth trying: none, automatic, a free pid, a used one, reserved, out of range, too long. */
    private static List<List<Integer>> requests(Map<String, TlaValue> s, TlaValue c, int level) {
        List<Integer> used = new ArrayList<>();
        for (TlaValue t : tasks(s).values()) {
            List<TlaValue> pids = elements(field(t, "pids"));
            used.add(((TlaValue.Int) pids.get(pids.size() - 1)).value());
        }
        int some = used.get(used.size() - 1);
        List<List<Integer>> out = new ArrayList<>(List.of(List.of(), List.of(0), List.of(some + 7), List.of(some), List.of(5),
                List.of(-1), List.of(32768), List.of(some + 11, 0)));
        if (level >= 1) {
            out.add(List.of(some + 13, some + 5));
            out.add(List.of(0, some + 9));
        }
        List<Integer> tooLong = new ArrayList<>();
        for (int i = 0; i <= level + 1; i++) {
            tooLong.add(0);
        }
        out.add(tooLong);
        return out;
    }

    @Override
    public SpecAction resolve(SpecAction a, Map<String, TlaValue> s, SpecOracle model) {
        List<TlaValue> x = a.args();
        switch (a.name()) {
            case "Clone?" -> {
                String e = str(model.evaluate("CloneErrno", x, s));
                if (e == null) {
                    return null;
                }
                if (!e.equals("ok")) {
                    return SpecAction.of("CloneFail", x.get(0), x.get(1), x.get(2), x.get(3), x.get(4), TlaValue.str(e));
                }
                TlaValue computed = model.evaluate("ComputedPids", List.of(x.get(0), x.get(1), x.get(4)), s).orElse(null);
                if (computed == null) {
                    return null;
                }
                TlaValue v = new TlaValue.Tuple(elements(computed)); // TLC gives [i \in 1..n |-> ...] as a function
                TlaValue k = elements(v).get(0);
                boolean b = x.get(1).equals(TlaValue.of(true));
                TlaValue ns = TlaValue.of(b ? nextNs(s) : 0);
                return SpecAction.of("Clone", x.get(0), k, x.get(1), x.get(2), x.get(3), x.get(4), ns, v);
            }
            case "SetSid?" -> {
                boolean ok = model.successors("SetSid", x, s, 1).size() == 1;
                return ok ? SpecAction.of("SetSid", x.get(0)) : SpecAction.of("SetSidFail", x.get(0), TlaValue.str("EPERM"));
            }
            case "SetPgid?" -> {
                String e = str(model.evaluate("SetPgidErrno", x, s));
                return e == null ? null : e.equals("ok") ? SpecAction.of("SetPgid", x.get(0), x.get(1), x.get(2))
                        : SpecAction.of("SetPgidFail", x.get(0), x.get(1), x.get(2), TlaValue.str(e));
            }
            case "Kill?" -> {
                String e = str(model.evaluate("KillErrno", x, s));
                if (e == null) {
                    return null;
                }
                if (!e.equals("ok")) {
                    return SpecAction.of("KillFail", x.get(0), x.get(1), x.get(2), TlaValue.str(e));
                }
                boolean kills = model.evaluate("KillKills", x, s).map(v -> v.equals(TlaValue.of(true))).orElse(false);
                return SpecAction.of(kills ? "Kill" : "KillHarmless", x.get(0), x.get(1), x.get(2));
            }
            case "Wait?" -> {
                String e = str(model.evaluate("WaitErrno", x, s));
                return e == null ? null : e.equals("ok") ? SpecAction.of("Wait", x.get(0), x.get(1))
                        : SpecAction.of("WaitFail", x.get(0), x.get(1), TlaValue.str(e));
            }
            default -> {
                return a;
            }
        }
    }

    /** A pid no task has: kill's ESRCH. */
    private static final int NO_SUCH_TASK = 30000;

    private static TlaValue killFact(String sig, String disp, boolean same) {
        return TlaValues.record(Map.of("sig", TlaValue.str(sig), "disp", TlaValue.str(disp), "now", TlaValue.of(true),
                "same", TlaValue.of(same)));
    }

    /** The id the kernel gives the next namespace: one more than any it gave (ids are not reused). */
    private int nextNs = -1;

    private int nextNs(Map<String, TlaValue> s) {
        return nextNs;
    }

    /** A tuple's elements, also when TLC built it as a function on 1..n. */
    static List<TlaValue> elements(TlaValue v) {
        if (v instanceof TlaValue.Tuple t) {
            return t.elements();
        }
        return new ArrayList<>(((TlaValue.Function) v).mapping().values());
    }

    private static String str(java.util.Optional<TlaValue> v) {
        return v.isPresent() && v.get() instanceof TlaValue.Str st ? st.value() : null;
    }

    @Override
    public Realizer start() {
        EcloneRealizer r = new EcloneRealizer();
        nextNs = r.k.state().nextNsId();
        return r;
    }

    /** One behaviour's kernel; spec ids are the kernel's (global pids, namespace ids). */
    private final class EcloneRealizer implements Realizer {
        private final Kernel k = new Kernel(config);
        private Step last;
        private KernelState beforeLast;

        EcloneRealizer() {
            k.addStepListener((before, step, after) -> {
                last = step;
                beforeLast = before;
            });
        }

        @Override
        public Kernel kernel() {
            return k;
        }

        @Override
        public String instance() {
            return EcloneBinding.INSTANCE;
        }

        @Override
        public String unsteerable(SpecAction action, Map<String, TlaValue> before) {
            if (!action.name().startsWith("Kill")) {
                return null; // the identities are the kernel's own
            }
            // whether sender and target are the same user is the kernel's (the spec has no uids)
            KernelState s = k.state();
            Task c = s.tasks().get(i(action.args().get(0)));
            Task t = s.tasks().get(i(action.args().get(1)));
            boolean same = t == null || c.uid() == t.uid();
            TlaValue fact = action.args().get(2);
            return same == ((TlaValue.Record) fact).fields().get("same").equals(TlaValue.of(true)) ? null
                    : "sender and target are " + (same ? "" : "not ") + "the same user";
        }

        @Override
        public String realize(SpecAction a, Map<String, TlaValue> before, Map<String, TlaValue> after, SplittableRandom random) {
            String wrong = calls(a);
            for (int pid : k.pendingSignals()) {
                k.deliverPendingSignal(pid);
            }
            nextNs = k.state().nextNsId();
            return wrong;
        }

        private String calls(SpecAction a) {
            List<TlaValue> x = a.args();
            switch (a.name()) {
                case "Clone", "CloneFail" -> {
                    int c = i(x.get(0));
                    int at = a.name().equals("Clone") ? 1 : 0;
                    boolean b = x.get(1 + at).equals(TlaValue.of(true));
                    boolean cp = x.get(2 + at).equals(TlaValue.of(true));
                    boolean th = x.get(3 + at).equals(TlaValue.of(true));
                    List<Integer> r = new ArrayList<>();
                    for (TlaValue p : elements(x.get(4 + at))) {
                        r.add(i(p));
                    }
                    // CLONE_THREAD with the CLONE_SIGHAND and CLONE_VM it needs
                    ForkOptions o = new ForkOptions(null, b, cp, false, th, false, th, th);
                    Result<Integer> res = r.isEmpty() ? k.fork(c, o) : k.eclone(c, o, r);
                    if (a.name().equals("CloneFail")) {
                        return expect(res, ((TlaValue.Str) x.get(5)).value());
                    }
                    String bad = expect(res, null);
                    return bad != null ? bad : res.value() == i(x.get(1)) ? null
                            : "the kernel gave pid " + res.value() + ", the spec's Clone " + x.get(1);
                }
                case "Exit", "NamespaceInitExit" -> {
                    return expect(k.exit(i(x.get(0)), 0), null);
                }
                case "DropPrivilege" -> {
                    return expect(k.setuid(i(x.get(0)), 1000), null);
                }
                case "SetSubreaper" -> {
                    return expect(k.subreaper(i(x.get(0)), x.get(1).equals(TlaValue.of(true))), null);
                }
                case "SetSid" -> {
                    return expect(k.setsid(i(x.get(0))), null);
                }
                case "SetSidFail" -> {
                    return expect(k.setsid(i(x.get(0))), "EPERM");
                }
                case "SetPgid", "SetPgidFail" -> {
                    Result<Void> r = k.setpgid(i(x.get(0)), i(x.get(1)), i(x.get(2)));
                    return expect(r, a.name().equals("SetPgid") ? null : ((TlaValue.Str) x.get(3)).value());
                }
                case "RestorePgid" -> {
                    return expect(k.restorePgid(i(x.get(0)), i(x.get(1))), null);
                }
                case "Wait", "WaitFail" -> {
                    Result<?> r = k.wait(i(x.get(0)), i(x.get(1)));
                    return expect(r, a.name().equals("Wait") ? null : ((TlaValue.Str) x.get(2)).value());
                }
                case "Kill", "KillHarmless", "KillFail" -> {
                    int c = i(x.get(0));
                    int t = i(x.get(1));
                    Map<String, TlaValue> fact = ((TlaValue.Record) x.get(2)).fields();
                    Signal sig = Signal.valueOf(((TlaValue.Str) fact.get("sig")).value());
                    String disp = ((TlaValue.Str) fact.get("disp")).value();
                    if (k.state().tasks().containsKey(t) && !k.state().tasks().get(t).isZombie() && sig.catchable()) {
                        // the target's disposition, as the fact gives it (steps that change no pid):
                        // ignoring the signal first discards one left pending by an earlier blocked kill
                        k.sigaction(t, sig, Sighand.Disposition.IGNORE);
                        k.sigmask(t, disp.equals("blocked"), sig);
                        k.sigaction(t, sig, switch (disp) {
                            case "handler" -> Sighand.Disposition.HANDLE;
                            case "ignore" -> Sighand.Disposition.IGNORE;
                            default -> Sighand.Disposition.DEFAULT;
                        });
                    }
                    return expect(k.kill(c, t, sig), a.name().equals("KillFail") ? ((TlaValue.Str) x.get(3)).value() : null);
                }
                case "OtherStep" -> {
                    return expect(k.getppid(k.hostPid()), null);
                }
                default -> {
                    return "no kernel call for " + a.name();
                }
            }
        }

        private static int i(TlaValue v) {
            return ((TlaValue.Int) v).value();
        }

        private static String expect(Result<?> r, String errno) {
            if (errno == null) {
                return r.isOk() ? null : r.status() + " " + r.errno() + (r.reason() == null ? "" : " (" + r.reason() + ")");
            }
            return !r.isOk() && r.errno() != null && r.errno().name().equals(errno) ? null
                    : "expected " + errno + ", got " + (r.isOk() ? "ok" : r.status() + " " + r.errno());
        }

        @Override
        public Map<String, TlaValue> abstractState() {
            return new EcloneBinding().abstractState(beforeLast, last, k.state(), EcloneBinding.INSTANCE);
        }
    }
}
