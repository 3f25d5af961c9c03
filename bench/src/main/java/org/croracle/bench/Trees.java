package org.croracle.bench;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.FreezerState;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.restart.SavedImage;
import org.croracle.oracle.bench.SyntheticTrees;
import org.croracle.impl.syscall.CheckpointIo;
import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.syscall.KernelConfig;

/**
 * The trees the planning, checkpoint and restart benchmarks work on: a random tree (random
 * parents, one task in ten a session leader) or a chain (each task the parent of the next, the
 * deepest tree there is, which a recursive walk could not get through).
 */
final class Trees {
    private Trees() {}

    /** Tree shapes, as the benchmarks' parameter names them. */
    static final String RANDOM = "random";
    static final String CHAIN = "chain";

    /**
     * pid_max of the benchmarks' kernels: Linux's PID_MAX_LIMIT on 64 bits. A container of 100,000
     * tasks in one namespace needs pids above the default 32,768, as it would on Linux.
     */
    static final int PID_MAX = 4 * 1024 * 1024;
    /** The fd the image goes to and comes from. */
    static final int IMAGE_FD = 100;

    /** A kernel with a frozen container of n tasks; {@link #root} is its init. */
    record Frozen(Kernel kernel, int root) {
    }

    static Frozen frozen(int n, String shape) {
        Kernel k = new Kernel(KernelConfig.defaults().withPidMax(PID_MAX));
        SplittableRandom random = new SplittableRandom(n);
        int c = require(k.fork(1, new ForkOptions("box", true, false)), "fork");
        k.setsid(c);
        List<Integer> live = new ArrayList<>(List.of(c));
        boolean chain = CHAIN.equals(shape);
        while (live.size() < n) {
            int parent = chain ? live.get(live.size() - 1) : live.get(random.nextInt(live.size()));
            int child = require(k.fork(parent, ForkOptions.PLAIN), "fork");
            live.add(child);
            if (!chain && random.nextInt(10) == 0) {
                k.setsid(child);
            }
        }
        require(k.freeze("box"), "freeze");
        require(k.open(1, "/ckpt/bench", IMAGE_FD, false, true), "open");
        return new Frozen(k, c);
    }

    /** A frozen container's image, written by checkpoint(). */
    static byte[] checkpoint(Frozen f) {
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        require(f.kernel().checkpoint(1, f.root(), 0, CheckpointIo.of(IMAGE_FD, img)), "checkpoint");
        return img.toByteArray();
    }

    /** The container thawed, killed and reaped, and its image opened for reading at fd IMAGE_FD + 1: ready to restart. */
    static void destroy(Frozen f) {
        Kernel k = f.kernel();
        require(k.freezerWrite("box", FreezerState.THAWED), "thaw");
        require(k.kill(1, f.root(), Signal.SIGKILL), "kill");
        require(k.wait(1, f.root()), "wait");
        require(k.open(1, "/ckpt/bench", IMAGE_FD + 1, true, false), "open");
    }

    /**
     * A saved tree of n tasks as the planner gets it. Random: random parents; one task in ten
     * starts a session, and a tenth of those leaders are dead (their members are orphans of the
     * init, their sessions need ghosts); one task in twenty is a zombie. Chain: each task the
     * parent of the next, all in the init's session.
     */
    static SavedImage saved(int n, String shape) {
        return SyntheticTrees.saved(n, new SplittableRandom(n), CHAIN.equals(shape));
    }

    static <T> T require(Result<T> r, String what) {
        if (!r.isOk()) {
            throw new IllegalStateException("benchmark setup: " + what + " failed: " + r);
        }
        return r.value();
    }
}
