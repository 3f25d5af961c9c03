package org.croracle.oracle.restart;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.croracle.impl.kernel.Errno;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.PlanNode;
import org.croracle.impl.kernel.RestartContext;
import org.croracle.impl.kernel.RestartFlags;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.fromspec.SpecDriver;
import org.croracle.oracle.fromspec.SteppedCall;
import org.croracle.oracle.trace.SpecAction;

/**
 * Restart.tla's behaviours on the kernel. The spec's Init is a saved tree, RESTART_FROZEN and a
 * plan; so is the driver's: each initial state is a container tree it builds with ordinary system
 * calls (a session, a group, a zombie, the orphan of a dead session leader, an orphan a subreaper
 * adopted (a placeholder hands it over), a dead group leader, a child sharing the init's fd table
 * with a close-on-exec file and a pipe in it and a pending signal), freezes, checkpoints, destroys and restarts, with
 * RESTART_FROZEN or without; the spec's first state is the kernel's right after restart()'s entry
 * (the image read and planned, the Java plan in the state as the binding puts it). The identities
 * are the container's pids, as the binding's.
 *
 * <p>restart() runs on a thread of its own that stops after each step the binding maps to an
 * action, so that each spec step is one kernel step, checked as it happens. The spec's free
 * choices are steered where the kernel allows: an injected fault (InjectFault) is a fault the
 * driver's kernel injects at the restart's next fault point (there is one before each plan step,
 * each task's restore, each temporary task's exit and the freeze), a freeze that does not complete
 * (FreezeFails) is the restart's init in an uninterruptible sleep (disk I/O) while the coordinator
 * freezes, so that it never reaches the refrigerator, and the ghosts exit in the kernel's order only; the final
 * stutter (Ended) is restart()'s return.
 */
public final class RestartDriver implements SpecDriver {

    /** Next's actions but the planner's refusal (not bound: a refused restart has no instance), for coverage. */
    public static final List<String> ACTIONS = List.of("Create", "Setsid", "Setpgid", "PlaceholderExit",
            "SetSubreaperFlag", "BeginRestore", "RestoreTask", "ZombieExit", "GhostExit", "Freeze", "FreezeFails",
            "Resume", "InjectFault", "Cleanup", "Ended");

    /**
     * The errno of an injected fault: which error it is does not change the protocol (MCRestart's
     * one injected errno); the kernel's own failures carry theirs.
     */
    public static final String FAULT = "EIO";

    private static final String BOX = "box";
    private static final String INTO = "restored";
    private static final int FD = 90;

    /** The container trees the driver builds. */
    private enum World { LONE_INIT, SESSION_AND_GROUP, ZOMBIE, DEAD_SESSION_LEADER, SUBREAPER_ORPHAN, DEAD_GROUP_LEADER,
        SHARED_OBJECTS }

    private final KernelConfig config;
    private Run running;

    public RestartDriver() {
        this(KernelConfig.defaults());
    }

    /** With {@code config}'s strategies (a test plants a broken one); the driver adds its faults and freezer. */
    public RestartDriver(KernelConfig config) {
        this.config = config;
    }

    @Override
    public String spec() {
        return "restart";
    }

    @Override
    public Map<String, TlaValue> initialState() {
        throw new IllegalStateException("a restart's first state is the kernel's, after restart()'s entry");
    }

    @Override
    public int initialStates() {
        return World.values().length * 2;
    }

    @Override
    public boolean stutter(String action) {
        return action.equals("Ended");
    }

    @Override
    public List<SpecAction> candidates(Map<String, TlaValue> s) {
        List<SpecAction> out = new ArrayList<>();
        TlaValue.Record plan = (TlaValue.Record) s.get("plan");
        List<TlaValue> steps = elements(plan.fields().get("steps"));
        int pc = ((TlaValue.Int) s.get("pc")).value();
        if (pc <= steps.size()) {
            TlaValue.Record st = (TlaValue.Record) steps.get(pc - 1);
            TlaValue pid = st.fields().get("pid");
            switch (((TlaValue.Str) st.fields().get("op")).value()) {
                case "create" -> out.add(SpecAction.of("Create", pid));
                case "setsid" -> out.add(SpecAction.of("Setsid", pid));
                case "setpgid" -> out.add(SpecAction.of("Setpgid", pid, st.fields().get("pgid")));
                case "exit" -> out.add(SpecAction.of("PlaceholderExit", pid));
                case "subreaper" -> out.add(SpecAction.of("SetSubreaperFlag", pid));
                default -> { }
            }
        }
        for (String a : List.of("BeginRestore", "Freeze", "FreezeFails", "Resume", "Cleanup", "Ended")) {
            out.add(SpecAction.of(a));
        }
        for (TlaValue t : ((TlaValue.Function) s.get("stage")).mapping().keySet()) {
            out.add(SpecAction.of("RestoreTask", t));
            out.add(SpecAction.of("ZombieExit", t));
        }
        for (TlaValue t : ((TlaValue.Function) s.get("proc")).mapping().keySet()) {
            out.add(SpecAction.of("GhostExit", t));
        }
        out.add(SpecAction.of("InjectFault", TlaValue.str(FAULT)));
        return out;
    }

    private static List<TlaValue> elements(TlaValue v) {
        if (v instanceof TlaValue.Tuple t) {
            return t.elements();
        }
        return new ArrayList<>(((TlaValue.Function) v).mapping().values());
    }

    @Override
    public Realizer start() {
        return start(0);
    }

    @Override
    public Realizer start(int init) {
        if (running != null) {
            running.call.abandon(); // the previous behaviour's call, stopped where the generator left it
        }
        World world = World.values()[init / 2];
        boolean frozen = init % 2 == 1;
        running = new Run(config, world, frozen);
        return running;
    }

    /** Builds the container in cgroup {@link #BOX}; returns its init's global pid. */
    private static int build(Kernel k, World w) {
        int host = k.hostPid();
        int init = k.fork(host, new ForkOptions(BOX, true, false)).value();
        switch (w) {
            case LONE_INIT -> k.setsid(init);
            case SESSION_AND_GROUP -> { // a session leader with a child, and a group of two in the init's session
                k.setsid(init);
                int a = k.fork(init, ForkOptions.PLAIN).value();
                int b = k.fork(init, ForkOptions.PLAIN).value();
                k.setsid(a);
                k.fork(a, ForkOptions.PLAIN);
                k.setpgid(b, 0, 0);
                int c = k.fork(init, ForkOptions.PLAIN).value();
                k.setpgid(c, 0, b);
            }
            case ZOMBIE -> { // an exited child, not reaped
                int a = k.fork(init, ForkOptions.PLAIN).value();
                k.exit(a, 7);
            }
            case DEAD_SESSION_LEADER -> { // the orphan of a session leader that died: a ghost session leader
                k.setsid(init);
                int a = k.fork(init, ForkOptions.PLAIN).value();
                k.setsid(a);
                k.fork(a, ForkOptions.PLAIN);
                k.exit(a, 0);
                k.wait(init, a);
            }
            case SUBREAPER_ORPHAN -> { // a subreaper adopted a task of a session whose leader lies below it, not its child
                int sub = k.fork(init, ForkOptions.PLAIN).value();
                k.subreaper(sub, true);
                int a = k.fork(sub, ForkOptions.PLAIN).value();
                int leader = k.fork(a, ForkOptions.PLAIN).value();
                k.setsid(leader);
                int m = k.fork(leader, ForkOptions.PLAIN).value();
                k.fork(m, ForkOptions.PLAIN);
                k.exit(m, 0);
                k.wait(leader, m);
            }
            case SHARED_OBJECTS -> { // a child sharing the init's fd table, a close-on-exec file, a pipe, a pending signal
                k.setsid(init);
                k.open(init, "/tmp/shared", 3, true, true);
                k.cloexec(init, 3, true);
                k.pipe(init, 4, 5);
                int a = k.fork(init, new ForkOptions(null, false, false, true, false, false, false, false)).value();
                k.fork(init, ForkOptions.PLAIN);
                k.sigmask(a, true, Signal.SIGUSR1);
                k.kill(init, a, Signal.SIGUSR1);
            }
            case DEAD_GROUP_LEADER -> { // a group whose leader died: a ghost group leader
                int a = k.fork(init, ForkOptions.PLAIN).value();
                k.setpgid(a, 0, 0);
                int b = k.fork(init, ForkOptions.PLAIN).value();
                k.setpgid(b, 0, a);
                k.exit(a, 0);
                k.wait(init, a);
            }
        }
        return init;
    }

    /** One behaviour: its kernel, the world restarted, and restart() stopped after each of its actions. */
    private static final class Run implements Realizer {
        private Kernel k;
        private final SteppedCall call;
        private final RestartBinding binding = new RestartBinding();
        private final int host;
        private final boolean frozenFlag;
        private final byte[] image;
        /** The errno the restart's next fault point injects, or null. */
        private volatile Errno fault;
        /** The init begins an uninterruptible sleep at the restart's next fault point (the freeze's). */
        private volatile boolean sleepAtFreeze;

        Run(KernelConfig config, World world, boolean frozenFlag) {
            k = new Kernel(config.withRestartFaults(at -> {
                if (sleepAtFreeze) {
                    // the next fault point is the freeze's: the init begins its sleep just before it
                    sleepAtFreeze = false;
                    k.sleepBegin(k.state().restart().root());
                }
                Errno e = fault;
                fault = null;
                return e;
            }));
            this.frozenFlag = frozenFlag;
            host = k.hostPid();
            int init = build(k, world);
            k.freeze(BOX);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            k.open(host, "/ckpt/" + BOX, FD, false, true);
            Result<Long> ck = k.checkpoint(host, init, 0, CheckpointIo.of(FD, out));
            k.close(host, FD);
            if (!ck.isOk()) {
                throw new IllegalStateException("the driver's world " + world + " does not checkpoint: " + ck);
            }
            k.freezerWrite(BOX, FreezerState.THAWED);
            k.kill(host, init, Signal.SIGKILL);
            for (int pid : k.pendingSignals()) {
                k.deliverPendingSignal(pid);
            }
            k.wait(host, init);
            image = out.toByteArray();
            k.open(host, "/ckpt/" + BOX, FD, true, false);
            call = new SteppedCall(k, this::stopsAfter);
        }

        /** After restart()'s entry, and after every step the binding maps to an action of the restart. */
        private boolean stopsAfter(KernelState before, Step step, KernelState after) {
            if (step.op().equals(Ops.RESTART)) {
                return step.result().isOk();
            }
            RestartContext ctx = before.restart();
            return ctx != null && ctx.cgroup().equals(INTO) && !ctx.ended()
                    && binding.action(before, step, after, INTO).isPresent();
        }

        @Override
        public Kernel kernel() {
            return k;
        }

        @Override
        public String instance() {
            return INTO;
        }

        @Override
        public Map<String, TlaValue> initialState() {
            call.start(() -> k.restart(host, frozenFlag ? RestartFlags.FROZEN : 0, INTO,
                    new RestartIo(FD, image, -1, line -> { })), "restart-call");
            RestartContext c = k.state().restart();
            return c == null || call.finished() ? null : abstractState();
        }

        @Override
        public String unsteerable(SpecAction action, Map<String, TlaValue> before) {
            if (call.finished()) {
                return "restart() has returned";
            }
            RestartContext ctx = k.state().restart();
            String phase = ((TlaValue.Str) before.get("phase")).value();
            switch (action.name()) {
                case "InjectFault" -> {
                    return faultPointNext(ctx, before, phase) ? null : "no fault point comes before the kernel's next step";
                }
                case "GhostExit" -> {
                    int t = ((TlaValue.Int) action.args().get(0)).value();
                    Integer first = firstTemporary(ctx, before);
                    return first != null && first == t ? null : "the kernel's temporary tasks exit in its own order";
                }
                default -> {
                    return null;
                }
            }
        }

        /** The restart's next event is a fault point: before a plan step, a task's restore, a temporary's exit, the freeze. */
        private boolean faultPointNext(RestartContext ctx, Map<String, TlaValue> s, String phase) {
            if (ctx == null || ctx.root() == 0) {
                return false; // before the init exists the spec's instance does not either
            }
            switch (phase) {
                case "creating":
                    return ctx.position() < ctx.plan().steps().size();
                case "restoring": {
                    TlaValue.Record plan = (TlaValue.Record) s.get("plan");
                    List<TlaValue> image = elements(plan.fields().get("image"));
                    int cursor = ((TlaValue.Int) s.get("cursor")).value();
                    TlaValue active = image.get(cursor - 1);
                    return ((TlaValue.Function) s.get("stage")).mapping().get(active).equals(TlaValue.str("active"));
                }
                case "ghosts":
                    return firstTemporary(ctx, s) != null || frozenFlag && !((TlaValue.Bool) s.get("frozen")).value();
                default:
                    return false;
            }
        }

        /** The temporary task the kernel makes exit next (keepers, ghost group leaders, ghost session leaders), or null. */
        private static Integer firstTemporary(RestartContext ctx, Map<String, TlaValue> s) {
            Map<TlaValue, TlaValue> proc = ((TlaValue.Function) s.get("proc")).mapping();
            for (PlanNode.Kind kind : List.of(PlanNode.Kind.KEEPER, PlanNode.Kind.GHOST_GROUP, PlanNode.Kind.GHOST_SESSION)) {
                for (PlanNode n : ctx.plan().nodes().values()) {
                    if (n.kind() == kind && proc.containsKey(TlaValue.of(n.pid()))) {
                        return n.pid();
                    }
                }
            }
            return null;
        }

        @Override
        public String realize(SpecAction a, Map<String, TlaValue> before, Map<String, TlaValue> after, SplittableRandom random) {
            switch (a.name()) {
                case "Ended":
                    return call.finish();
                case "InjectFault":
                    fault = Errno.valueOf(((TlaValue.Str) a.args().get(0)).value());
                    break;
                case "FreezeFails": {
                    // the init sleeps uninterruptibly (disk I/O) while the coordinator freezes: it never
                    // reaches the refrigerator, the cgroup stays FREEZING and the restart fails (EBUSY);
                    // its sleep ends once the coordinator has given the freeze up
                    int root = k.state().restart().root();
                    sleepAtFreeze = true;
                    String wrong = call.next();
                    k.sleepEnd(root);
                    return wrong;
                }
                default:
                    break;
            }
            String wrong = call.next();
            fault = null;
            return wrong;
        }

        @Override
        public Map<String, TlaValue> abstractState() {
            return binding.abstractState(k.state(), null, INTO);
        }
    }
}
