package org.croracle.bench;

import java.util.concurrent.TimeUnit;

import org.croracle.impl.restart.Planner;
import org.croracle.impl.restart.SavedImage;
import org.croracle.impl.syscall.Restarted;
import org.croracle.impl.syscall.RestartIo;
import org.croracle.impl.kernel.Result;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Planning, checkpoint() and the whole restart() of a container, per tree size and shape: the
 * time of one call (ms). Divided by the tasks, a linear call has the same time per task at every
 * size. Each measured call gets a tree of its own (built in the iteration's setup, not timed): a
 * checkpoint or a restart changes the kernel it runs on. A single call of a small tree would time
 * the JIT compiling the kernel, so each fork first checkpoints and restarts a few trees of 10,000
 * tasks (not measured), as the warm-up iterations of the largest trees alone could not afford.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 2, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xms4g", "-Xmx4g"})
public class TreeBenchmarks {

    /** The tree a benchmark works on. */
    @State(Scope.Thread)
    public static class Tree {
        @Param({"1000", "10000", "100000"})
        public int tasks;

        @Param({Trees.RANDOM, Trees.CHAIN})
        public String shape;

        SavedImage saved;
        Trees.Frozen frozen;
        byte[] image;

        @Setup(Level.Trial)
        public void saved() {
            saved = Trees.saved(tasks, shape);
            SavedImage warm = Trees.saved(10_000, Trees.RANDOM);
            for (int round = 0; round < 5; round++) {
                Planner.plan(warm); // the planner compiled before a call is timed
            }
        }
    }

    /** Checkpoints and restarts of trees of 10,000 tasks, so that the kernel's code is compiled before a call is timed. */
    static void warmUp() {
        for (int round = 0; round < 3; round++) {
            Trees.Frozen f = Trees.frozen(10_000, Trees.RANDOM);
            byte[] image = Trees.checkpoint(f);
            Trees.destroy(f);
            Trees.require(f.kernel().restart(1, 0, "r", new RestartIo(Trees.IMAGE_FD + 1, image, -1, l -> { })), "restart");
        }
    }

    /** A frozen container, for checkpoint(). */
    @State(Scope.Thread)
    public static class ToCheckpoint extends Tree {
        @Setup(Level.Trial)
        public void warm() {
            warmUp();
        }

        @Setup(Level.Iteration)
        public void build() {
            frozen = Trees.frozen(tasks, shape);
        }
    }

    /** A container checkpointed and destroyed, for restart(). */
    @State(Scope.Thread)
    public static class ToRestart extends Tree {
        @Setup(Level.Trial)
        public void warm() {
            warmUp();
        }

        @Setup(Level.Iteration)
        public void build() {
            frozen = Trees.frozen(tasks, shape);
            image = Trees.checkpoint(frozen);
            Trees.destroy(frozen);
        }
    }

    @Benchmark
    public Planner.Outcome planning(Tree t) {
        Planner.Outcome o = Planner.plan(t.saved);
        if (o.refusal() != null) {
            throw new IllegalStateException("the planner refused the benchmark's tree: " + o.refusal());
        }
        return o;
    }

    @Benchmark
    public byte[] checkpoint(ToCheckpoint t) {
        return Trees.checkpoint(t.frozen);
    }

    @Benchmark
    public Restarted restart(ToRestart t) {
        Result<Restarted> r = t.frozen.kernel().restart(1, 0, "r", new RestartIo(Trees.IMAGE_FD + 1, t.image, -1, l -> { }));
        return Trees.require(r, "restart");
    }
}
