package org.croracle.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.checkpoint.CheckpointIo;
import org.croracle.impl.freezer.FreezerState;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.ForkOptions;
import org.croracle.impl.kernel.Kernel;
import org.croracle.impl.kernel.Result;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.restart.ImageLoader;
import org.croracle.impl.restart.Planner;
import org.croracle.impl.restart.RestartIo;
import org.croracle.impl.restart.Restarted;
import org.croracle.impl.restart.SavedImage;

/**
 * {@code ./cr bench restart}: planning time for trees of 1,000, 10,000 and 100,000 tasks (the
 * planner on a saved tree with sessions, dead leaders, orphans and zombies), and the whole
 * restart (read, plan, create, restore, on the simulated kernel) where the kernel can hold the tree.
 */
final class RestartBench {

    private final PrintWriter out;
    private final int maxKernelTasks;

    RestartBench(PrintWriter out, int maxKernelTasks) {
        this.out = out;
        this.maxKernelTasks = maxKernelTasks;
    }

    /** Returns the planning time of the largest tree, in milliseconds, for the summary. */
    double run() {
        double plan = 0;
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            SavedImage tree = syntheticTree(n, new SplittableRandom(n));
            Planner.plan(tree); // warm-up
            // best of 3: a single run catches the JIT compiling the planner, or a collection
            plan = Double.MAX_VALUE;
            Planner.Outcome o = null;
            for (int round = 0; round < 3; round++) {
                long t0 = System.nanoTime();
                o = Planner.plan(tree);
                plan = Math.min(plan, (System.nanoTime() - t0) / 1e6);
            }
            out.printf("restart: %,7d tasks: planning %,9.1f ms, best of 3 (%s, %,d steps)%n", n, plan,
                    o.refusal() == null ? "ok" : "refused: " + o.refusal(), o.plan() == null ? 0 : o.plan().steps().size());
            out.flush();
        }
        for (int n : new int[] {1_000, 10_000, 100_000}) {
            if (n > maxKernelTasks) {
                out.printf("restart: %,7d tasks: whole restart not measured (above --restart-max-tasks %,d: the "
                        + "kernel keeps immutable snapshots for the oracle, so each step costs O(tasks) and the whole "
                        + "restart O(tasks^2): 10,000 tasks take minutes, 100,000 would take hours)%n", n, maxKernelTasks);
                continue;
            }
            kernelRestart(n);
            out.flush();
        }
        return plan;
    }

    /** A container of n tasks built with fork and setsid, frozen, checkpointed, destroyed, restarted. */
    private void kernelRestart(int n) {
        Kernel k = new Kernel();
        SplittableRandom random = new SplittableRandom(n);
        int c = k.fork(1, new ForkOptions("box", true, false)).value();
        k.setsid(c);
        List<Integer> live = new ArrayList<>(List.of(c));
        while (live.size() < n) {
            int parent = live.get(random.nextInt(live.size()));
            Result<Integer> child = k.fork(parent, ForkOptions.PLAIN);
            live.add(child.value());
            if (random.nextInt(10) == 0) {
                k.setsid(child.value());
            }
        }
        k.freeze("box");
        k.open(1, "/ckpt/bench", 100, false, true);
        ByteArrayOutputStream img = new ByteArrayOutputStream();
        long t0 = System.nanoTime();
        Result<Long> ck = k.checkpoint(1, c, 0, CheckpointIo.of(100, img));
        double checkpoint = (System.nanoTime() - t0) / 1e6;
        k.freezerWrite("box", FreezerState.THAWED);
        k.kill(1, c, Signal.SIGKILL);
        k.wait(1, c);
        k.open(1, "/ckpt/bench", 101, true, false);
        t0 = System.nanoTime();
        Result<Restarted> r = k.restart(1, 0, "r", new RestartIo(101, img.toByteArray(), -1, l -> { }));
        double restart = (System.nanoTime() - t0) / 1e6;
        out.printf("restart: %,7d tasks: checkpoint %,9.1f ms, restart %,9.1f ms (%s; image %,d bytes)%n", n, checkpoint,
                restart, ck.isOk() && r.isOk() ? "ok" : ck + " / " + r, img.size());
    }

    /**
     * A saved tree of n tasks: random parents; one task in ten starts a session, and a tenth of
     * those leaders are dead (their members are orphans of the init, their sessions need ghosts);
     * one task in twenty is a zombie.
     */
    static SavedImage syntheticTree(int n, SplittableRandom random) {
        int[] parent = new int[n + 1];
        int[] sid = new int[n + 1];
        boolean[] dead = new boolean[n + 1];
        sid[1] = 1;
        for (int pid = 2; pid <= n; pid++) {
            parent[pid] = 1 + random.nextInt(pid - 1);
            while (dead[parent[pid]]) {
                parent[pid] = parent[parent[pid]] == 0 ? 1 : parent[parent[pid]];
            }
            sid[pid] = random.nextInt(10) == 0 ? pid : sid[parent[pid]];
            if (sid[pid] == pid && random.nextInt(10) == 0 && pid > 2) {
                dead[pid] = true;
            }
        }
        List<SavedImage.SavedTask> tasks = new ArrayList<>();
        int index = 0;
        for (int pid = 1; pid <= n; pid++) {
            if (dead[pid]) {
                continue;
            }
            int p = pid == 1 ? 0 : parent[pid];
            while (p != 0 && dead[p]) {
                p = 1; // a dead parent's children were adopted by the init
            }
            boolean zombie = pid > 1 && random.nextInt(20) == 0;
            ImageRecord.TreeEntry e = new ImageRecord.TreeEntry(-1, pid, p, pid, sid[pid], sid[pid],
                    zombie ? ImageRecord.TreeEntry.ZOMBIE : ImageRecord.TreeEntry.RUNNING, 0, 0, List.of(pid));
            tasks.add(new SavedImage.SavedTask(index++, e, new ImageRecord.Task(index - 1, 0, 0, 0, 0, 0, 0),
                    ImageRecord.TaskObjs.NONE));
        }
        return new SavedImage(0, tasks, java.util.Map.of());
    }
}
