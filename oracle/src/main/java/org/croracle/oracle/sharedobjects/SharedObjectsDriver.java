package org.croracle.oracle.sharedobjects;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.croracle.impl.kernel.CheckpointContext;
import org.croracle.impl.kernel.CheckpointFlags;
import org.croracle.impl.kernel.CheckpointPhase;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Ops;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.model.sharedobjects.SharedObjectsState;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.fromspec.SpecDriver;
import org.croracle.oracle.fromspec.SteppedCall;
import org.croracle.oracle.trace.SpecAction;

/**
 * SharedObjects.tla's behaviours on the kernel. The spec's Init chooses a world (a frozen tree and
 * who holds which object) and then runs one checkpoint() call through it; so does the driver: each
 * initial state is a world it builds with ordinary system calls (a container init, maybe a child
 * sharing its fd table or mm, or a zombie; a dup'ed file, a pipe, a file-backed shared mapping;
 * host keeping an object the container inherited, the other end of its pipe, or the fd table
 * itself; a container or subtree checkpoint, a thawed cgroup, a descendant in another cgroup, a
 * self checkpoint), and the spec's first state is the kernel's right after ckpt_ctx_alloc. The
 * identities are the kernel's (pids, object ids), so nothing is renamed.
 *
 * <p>checkpoint() is one system call that makes all of the call's steps; the driver runs it as a
 * {@link SteppedCall} that stops after each of them, so that each spec step of a behaviour is one
 * kernel step, checked as it happens.
 */
public final class SharedObjectsDriver implements SpecDriver {

    /** Next's actions (and error branches), for coverage: the binding's. */
    public static final List<String> ACTIONS = new SharedObjectsBinding().actionNames();

    private static final String BOX = SharedObjectsWorkload.BOX;
    private static final String OTHER = SharedObjectsWorkload.OTHER;

    /** How the call is made and what holds the tree's cgroup. */
    private enum Mode { CONTAINER, SUBTREE, THAWED, STRANGER, SELF, SELF_SUBTREE }

    /** The init's one child: none, a copy, one sharing the fd table, one sharing the mm, a zombie. */
    private enum Child { NONE, COPY, FILES, VM, ZOMBIE }

    /** What the init holds besides its fd table and mm. */
    private enum Objs { NONE, DUP, PIPE, MAPPED_FILE }

    /** What host keeps of the container's: nothing, an inherited file, the other end of a pipe, the fd table. */
    private enum Outside { NONE, FILE, PIPE_END, FD_TABLE }

    private static final int WORLDS = Mode.values().length * Child.values().length * Objs.values().length
            * Outside.values().length;

    private final KernelConfig config;
    private CheckpointThread running;

    public SharedObjectsDriver() {
        this(KernelConfig.defaults());
    }

    /** With {@code config}'s strategies (a test plants a broken one). */
    public SharedObjectsDriver(KernelConfig config) {
        this.config = config;
    }

    @Override
    public String spec() {
        return "sharedobjects";
    }

    @Override
    public Map<String, TlaValue> initialState() {
        return SharedObjectsState.NONE.toTla();
    }

    @Override
    public int initialStates() {
        return WORLDS;
    }

    @Override
    public List<SpecAction> candidates(Map<String, TlaValue> s) {
        List<SpecAction> out = new ArrayList<>();
        for (String a : List.of("Begin", "BeginSelf", "BeginBusy", "Scan", "LeakCheckPasses", "LeakCheckSkipped",
                "WriteTail", "End")) {
            out.add(SpecAction.of(a));
        }
        for (TlaValue t : elements(s.get("tree"))) {
            out.add(SpecAction.of("ScanBusy", t));
            out.add(SpecAction.of("Collect", t));
            out.add(SpecAction.of("DumpTask", t));
        }
        for (TlaValue o : ((TlaValue.Function) s.get("kind")).mapping().keySet()) {
            out.add(SpecAction.of("LeakFound", o));
        }
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
            running.abandon(); // the previous behaviour's call, stopped where the generator left it
        }
        int w = init;
        Outside outside = Outside.values()[w % Outside.values().length];
        w /= Outside.values().length;
        Objs objs = Objs.values()[w % Objs.values().length];
        w /= Objs.values().length;
        Child child = Child.values()[w % Child.values().length];
        w /= Child.values().length;
        Mode mode = Mode.values()[w % Mode.values().length];
        Kernel k = new Kernel(config);
        int[] call = world(k, mode, child, objs, outside);
        running = new CheckpointThread(k, call[0], call[1], call[2]);
        return running;
    }

    /** Builds a world; returns the checkpoint call to make: caller, pid, flags. */
    private static int[] world(Kernel k, Mode mode, Child child, Objs objs, Outside outside) {
        int host = k.hostPid();
        if (outside == Outside.FILE) {
            k.open(host, "/etc/conf", 10, true, true);
        } else if (outside == Outside.PIPE_END) {
            k.pipe(host, 18, 19);
        }
        int init = k.fork(host, new ForkOptions(BOX, true, false, outside == Outside.FD_TABLE, false, false, false, false))
                .value();
        if (outside == Outside.PIPE_END) {
            k.close(init, 18); // a logger: host keeps the read end, the container the write end
            k.close(host, 19);
        }
        switch (objs) {
            case DUP -> {
                k.open(init, "/tmp/x", 3, true, true);
                k.dup(init, 3, 4);
            }
            case PIPE -> k.pipe(init, 3, 4);
            case MAPPED_FILE -> k.mmap(init, "m0", 2, true, "/var/log");
            default -> { }
        }
        switch (child) {
            case COPY -> k.fork(init, ForkOptions.PLAIN);
            case FILES -> k.fork(init, new ForkOptions(null, false, false, true, false, false, false, false));
            case VM -> k.fork(init, new ForkOptions(null, false, false, false, true, false, false, false));
            case ZOMBIE -> k.exit(k.fork(init, ForkOptions.PLAIN).value(), 7);
            default -> { }
        }
        if (mode == Mode.STRANGER) {
            k.fork(init, ForkOptions.intoCgroup(OTHER));
        }
        if (mode == Mode.CONTAINER || mode == Mode.SUBTREE || mode == Mode.STRANGER) {
            k.freeze(BOX);
        }
        return switch (mode) {
            case SUBTREE -> new int[] {host, init, CheckpointFlags.SUBTREE};
            case SELF -> new int[] {init, 0, 0};
            case SELF_SUBTREE -> new int[] {init, 0, CheckpointFlags.SUBTREE};
            default -> new int[] {host, init, 0};
        };
    }

    /**
     * One behaviour's checkpoint() call, run by a {@link SteppedCall} that stops after each of the
     * call's steps (after the refinement checker has checked it) until the generator asks for the
     * next.
     */
    private static final class CheckpointThread implements Realizer {
        private final Kernel k;
        private final int caller;
        private final int pid;
        private final int flags;
        private final SteppedCall call;
        private Step last;
        /** The kernel right after the call's last step so far (the caller closes its image file after the call). */
        private volatile KernelState atLastStep;
        private String instance = "ckpt#?";

        CheckpointThread(Kernel k, int caller, int pid, int flags) {
            this.k = k;
            this.caller = caller;
            this.pid = pid;
            this.flags = flags;
            k.addStepListener((before, step, after) -> {
                last = step;
                if (step.op().equals(Ops.CHECKPOINT) || step.args().containsKey("ckpt")) {
                    atLastStep = after;
                }
            });
            call = new SteppedCall(k, (before, step, after) -> stops(step, after));
        }

        @Override
        public Kernel kernel() {
            return k;
        }

        @Override
        public String instance() {
            return instance;
        }

        @Override
        public Map<String, TlaValue> initialState() {
            // started now, after the refinement checker: a step is checked before the call stops after it
            call.start(() -> SharedObjectsWorkload.checkpoint(k, caller, pid, flags), "checkpoint-call");
            CheckpointContext c = k.state().checkpoint();
            if (c == null) {
                return null;
            }
            instance = "ckpt#" + c.id();
            return abstractState();
        }

        /**
         * After ckpt_ctx_alloc and after every step of the call that is a spec step but its last
         * (End): wait for the next spec step. build_tree's first walk and the dump's last task are
         * followed by a step the spec does not see (the second walk, the visit check): the call
         * goes on to it.
         */
        private static boolean stops(Step step, KernelState after) {
            if (step.op().equals(Ops.CHECKPOINT)) {
                return step.result().isOk();
            }
            boolean unseenNext = step.op().equals(Ops.CKPT_COUNT) && step.result().isOk()
                    || step.op().equals(Ops.CKPT_DUMP_TASK) && step.result().isOk() 
                    && after.checkpoint().phase() == CheckpointPhase.DUMPING && after.checkpoint().current() == 0;
            return step.args().containsKey("ckpt") && !unseenNext && !step.op().equals(Ops.FREEZER_END_CHECKPOINT)
                    && !step.op().equals(Ops.CKPT_END);
        }

        void abandon() {
            call.abandon();
        }

        @Override
        public String unsteerable(SpecAction action, Map<String, TlaValue> before) {
            return call.finished() ? "the call has returned" : null; // the call decides; the worlds leave it one choice
        }

        @Override
        public String realize(SpecAction a, Map<String, TlaValue> before, Map<String, TlaValue> after, SplittableRandom random) {
            if (call.finished()) {
                return "the kernel's checkpoint() had already returned";
            }
            String wrong = call.next();
            return wrong == null ? null : "checkpoint() failed: " + wrong;
        }

        @Override
        public Map<String, TlaValue> abstractState() {
            return new SharedObjectsBinding().abstractState(atLastStep != null ? atLastStep : k.state(), last, instance);
        }
    }
}
