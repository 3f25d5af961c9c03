package org.croracle.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.restart.Planner;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.syscall.Restarted;
import org.croracle.impl.restart.SavedImage;
import org.croracle.oracle.bench.SyntheticTrees;
import org.croracle.impl.restart.TreeView;

/**
 * {@code ./cr bench restart}: for trees of 1,000, 10,000 and 100,000 tasks, the planning time (the
 * planner on a saved tree with sessions, dead leaders, orphans and zombies) and, on the simulated
 * kernel, the checkpoint of a frozen container of that many tasks and its whole restart (read the
 * image, plan, create every task with eclone at its pid in a new PID namespace, restore, resume),
 * then how the time per task grows from the smallest tree to the largest: about 1 if the restart
 * is linear in the tasks, 100 if it is quadratic.
 */
final class RestartBench {

    static final int[] SIZES = {1_000, 10_000, 100_000};

    /**
     * pid_max of the benchmark's kernels: Linux's PID_MAX_LIMIT on 64 bits. A container of 100,000
     * tasks in one namespace needs pids above the default 32,768, as it would on Linux.
     */
    static final int PID_MAX = 4 * 1024 * 1024;

    /** Runs of the planner, and of the whole kernel restart, on 10,000 tasks before any is timed. */
    static final int WARM_UP_ROUNDS = 3;

    /** How many runs of a tree of n tasks a figure is the best of. */
    static int rounds(int n) {
        return n <= 1_000 ? 10 : n <= 10_000 ? 5 : 2;
    }

    /** A tree's shape: random parents and sessions, or a chain (each task the parent of the next). */
    static final String RANDOM = "random";
    static final String CHAIN = "chain";

    /**
     * One tree's figures (ms); checkpoint and restart are NaN if it was not restarted whole, and
     * every figure is NaN where it was not measured.
     */
    record Row(String shape, int tasks, double planning, double checkpoint, double restart) {
    }

    /** Every tree measured: the random ones by size, then the chain; for the summary and the report. */
    record Figures(List<Row> rows) {
        /** The largest random tree's row. */
        Row largest() {
            return rows.stream().filter(r -> r.shape().equals(RANDOM)).reduce((a, b) -> b).orElseThrow();
        }
    }

    /** A tree built, checkpointed and restarted whole on the kernel (times in ms); verdict null if it could not be built. */
    private record Whole(double build, double checkpoint, double restart, String verdict, int imageBytes) {
    }

    private final PrintWriter out;
    private final int maxKernelTasks;
    private final List<String> problems;

    RestartBench(PrintWriter out, int maxKernelTasks, List<String> problems) {
        this.out = out;
        this.maxKernelTasks = maxKernelTasks;
        this.problems = problems;
    }

    Figures run() {
        // Warm-up before any figure: the JIT compiles the planner and the kernel while they run,
        // and the first runs, on the smallest tree, would time the compiling (they ran at a few
        // times the per-task time of the later ones, which made any growth look like none). Each
        // size is then the best of several runs, most where a run is shortest and so most
        // easily disturbed by a collection or the machine's other work.
        SavedImage warm = SyntheticTrees.saved(SIZES[1], new SplittableRandom(1), false);
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Planner.plan(warm);
        }
        double[] planning = new double[SIZES.length];
        for (int i = 0; i < SIZES.length; i++) {
            planning[i] = plan(SIZES[i], false);
        }
        if (maxKernelTasks >= SIZES[0]) {
            for (int round = 0; round < WARM_UP_ROUNDS; round++) {
                once(Math.min(SIZES[1], maxKernelTasks), false);
            }
        }
        double[] checkpoint = new double[SIZES.length];
        double[] restart = new double[SIZES.length];
        for (int i = 0; i < SIZES.length; i++) {
            checkpoint[i] = restart[i] = Double.NaN;
            if (SIZES[i] > maxKernelTasks) {
                out.printf("restart: %,7d tasks: whole restart not measured (above --restart-max-tasks %,d)%n", SIZES[i],
                        maxKernelTasks);
                continue;
            }
            Whole w = kernelRestart(SIZES[i]);
            checkpoint[i] = w.checkpoint();
            restart[i] = w.restart();
        }
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < SIZES.length; i++) {
            rows.add(new Row(RANDOM, SIZES[i], planning[i], checkpoint[i], restart[i]));
        }
        rows.add(chain());
        out.printf("restart: time per task relative to %,d tasks (1 if linear in the tasks, 10 and 100 if quadratic):%n",
                SIZES[0]);
        growth("planning", planning);
        growth("checkpoint", checkpoint);
        growth("whole restart", restart);
        out.flush();
        return new Figures(rows);
    }

    /**
     * The deepest tree there is, a chain as long as the largest tree (each task the parent of the
     * next): any walk of the tree that recurses would overflow its thread's stack on it.
     */
    private Row chain() {
        int n = SIZES[SIZES.length - 1];
        double planning = plan(n, true);
        if (n > maxKernelTasks) {
            out.printf("restart: %,7d-task chain: whole restart not measured (above --restart-max-tasks %,d)%n", n,
                    maxKernelTasks);
            return new Row(CHAIN, n, planning, Double.NaN, Double.NaN);
        }
        Whole w = once(n, true);
        if (w.verdict() != null) {
            out.printf("restart: %,7d-task chain: whole restart %,9.1f ms (%.1f us/task), checkpoint %,9.1f ms, one run "
                    + "(%s)%n", n, w.restart(), w.restart() * 1000 / n, w.checkpoint(), w.verdict());
        }
        out.flush();
        return new Row(CHAIN, n, planning, w.checkpoint(), w.restart());
    }

    /** Goals for the largest tree (ms), and for the growth of the time per task from the smallest to the largest. */
    static final double PLANNING_GOAL_MS = 300;
    static final double CHECKPOINT_GOAL_MS = 2_000;
    static final double RESTART_GOAL_MS = 2_000;
    static final double GROWTH_GOAL = 1.3;

    /**
     * The summary's goal line: each goal for 100,000 tasks met or the factor still missing, and
     * each phase's time per task at the largest size over that at the smallest (1 if linear),
     * against its goal; null when the largest tree was not measured.
     */
    static String goals(Figures f) {
        Row small = f.rows().get(0);
        Row large = f.largest();
        if (large.tasks() != SIZES[SIZES.length - 1]) {
            return null;
        }
        StringBuilder b = new StringBuilder(String.format("restart goals, %,d tasks: planning < %.0f ms %s",
                large.tasks(), PLANNING_GOAL_MS, below(large.planning(), PLANNING_GOAL_MS)));
        if (!Double.isNaN(large.checkpoint())) {
            b.append(String.format(", checkpoint < %.0f s %s, whole restart < %.0f s %s", CHECKPOINT_GOAL_MS / 1000,
                    below(large.checkpoint(), CHECKPOINT_GOAL_MS), RESTART_GOAL_MS / 1000,
                    below(large.restart(), RESTART_GOAL_MS)));
        }
        b.append(String.format("; time per task at %,d over %,d (goal <= %.1f):", large.tasks(), small.tasks(), GROWTH_GOAL));
        b.append(growthGoal(" planning", small.planning(), large.planning(), small.tasks(), large.tasks()));
        if (!Double.isNaN(large.checkpoint()) && !Double.isNaN(small.checkpoint())) {
            b.append(growthGoal(", checkpoint", small.checkpoint(), large.checkpoint(), small.tasks(), large.tasks()));
            b.append(growthGoal(", whole restart", small.restart(), large.restart(), small.tasks(), large.tasks()));
        }
        return b.toString();
    }

    /** "met" when the figure is at or under the goal, else the factor by which it is over. */
    private static String below(double value, double goal) {
        return value <= goal ? "met" : String.format("%.1fx over", value / goal);
    }

    private static String growthGoal(String what, double smallMs, double largeMs, int smallTasks, int largeTasks) {
        double growth = (largeMs / largeTasks) / (smallMs / smallTasks);
        return String.format("%s %.2f %s", what, growth, below(growth, GROWTH_GOAL));
    }

    /** One line of the growth table: for each larger tree, its time per task over the smallest tree's. */
    private void growth(String what, double[] ms) {
        if (Double.isNaN(ms[0]) || Double.isNaN(ms[1])) {
            return;
        }
        out.printf("restart:   %-14s", what);
        for (int i = 1; i < SIZES.length && !Double.isNaN(ms[i]); i++) {
            out.printf("  %,7d: %5.2f", SIZES[i], (ms[i] / SIZES[i]) / (ms[0] / SIZES[0]));
        }
        out.println();
    }

    /** The planner on a synthetic saved tree of n tasks, best of {@link #rounds}; prints it, returns ms. */
    private double plan(int n, boolean chain) {
        SavedImage tree = SyntheticTrees.saved(n, new SplittableRandom(n), chain);
        // a single run catches a collection, or the machine's other work
        double best = Double.MAX_VALUE;
        Planner.Outcome o = null;
        int rounds = rounds(n);
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            o = Planner.plan(tree);
            best = Math.min(best, (System.nanoTime() - t0) / 1e6);
        }
        out.printf("restart: %,7d%s: planning %,9.1f ms, best of %d (%s, %,d steps)%n", n, chain ? "-task chain" : " tasks", best,
                rounds,
                o.refusal() == null ? "ok" : "refused: " + o.refusal(), o.plan() == null ? 0 : o.plan().steps().size());
        if (o.refusal() != null) {
            problems.add("restart: the planner refused the synthetic " + (chain ? "chain" : "tree") + " of " + n + " tasks: "
                    + o.refusal());
        }
        out.flush();
        return best;
    }

    /**
     * The whole restart of n tasks, best of {@link #rounds} (a single run catches a collection or
     * the machine's other work; the first run of the largest tree also grows the heap to its
     * size); prints it.
     */
    private Whole kernelRestart(int n) {
        int rounds = rounds(n);
        Whole best = null;
        for (int round = 0; round < rounds; round++) {
            Whole w = once(n, false);
            if (w.verdict() == null) {
                return w; // the tree could not be built: a problem already
            }
            best = best == null ? w : new Whole(Math.min(best.build(), w.build()), Math.min(best.checkpoint(), w.checkpoint()),
                    Math.min(best.restart(), w.restart()), best.verdict().startsWith("ok") ? w.verdict() : best.verdict(),
                    w.imageBytes());
        }
        out.printf("restart: %,7d tasks: whole restart %,9.1f ms (%.1f us/task), checkpoint %,9.1f ms, building and "
                + "freezing the tree %,9.1f ms, %s (%s; image %,d bytes)%n", n, best.restart(), best.restart() * 1000 / n,
                best.checkpoint(), best.build(), rounds == 1 ? "one run" : "best of " + rounds, best.verdict(),
                best.imageBytes());
        out.flush();
        return best;
    }

    /**
     * A container of n tasks built with fork and setsid, frozen, checkpointed, destroyed and
     * restarted whole, each phase timed.
     */
    private Whole once(int n, boolean chain) {
        Kernel k = new Kernel(KernelConfig.defaults().withPidMax(PID_MAX));
        SplittableRandom random = new SplittableRandom(n);
        long t0 = System.nanoTime();
        Result<Integer> root = k.fork(1, new ForkOptions("box", true, false));
        int c = root.isOk() ? root.value() : 0;
        k.setsid(c);
        List<Integer> live = new ArrayList<>(List.of(c));
        while (root.isOk() && live.size() < n) {
            int parent = chain ? live.get(live.size() - 1) : live.get(random.nextInt(live.size()));
            root = k.fork(parent, ForkOptions.PLAIN);
            if (root.isOk()) {
                live.add(root.value());
                if (!chain && random.nextInt(10) == 0) {
                    k.setsid(root.value());
                }
            }
        }
        if (!root.isOk()) {
            problems.add("restart: building a tree of " + n + " tasks: fork failed: " + root);
            return new Whole(Double.NaN, Double.NaN, Double.NaN, null, 0);
        }
        k.freeze("box");
        double build = (System.nanoTime() - t0) / 1e6;
        List<String> saved = TreeView.of(k.state(), c);
        k.open(1, "/ckpt/bench", 100, false, true);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        t0 = System.nanoTime();
        Result<Long> ck = k.checkpoint(1, c, 0, CheckpointIo.of(100, img));
        double checkpoint = (System.nanoTime() - t0) / 1e6;
        k.freezerWrite("box", FreezerState.THAWED);
        k.kill(1, c, Signal.SIGKILL);
        k.wait(1, c);
        k.open(1, "/ckpt/bench", 101, true, false);
        t0 = System.nanoTime();
        Result<Restarted> r = k.restart(1, 0, "r", new RestartIo(101, img.toByteArray(), -1, l -> { }));
        double restart = (System.nanoTime() - t0) / 1e6;
        // Not timed: the restarted tree is the one saved (expect same), or the figures mean nothing.
        String verdict = !ck.isOk() ? "checkpoint failed: " + ck : !r.isOk() ? "restart failed: " + r
                : !TreeView.of(k.state(), r.value().root()).equals(saved) ? "the restarted tree differs from the saved one"
                : "ok, the same tree";
        if (!verdict.startsWith("ok")) {
            problems.add("restart: " + n + " tasks: " + verdict);
        }
        return new Whole(build, checkpoint, restart, verdict, img.size());
    }
}
