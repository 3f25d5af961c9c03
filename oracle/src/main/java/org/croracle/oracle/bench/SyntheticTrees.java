package org.croracle.oracle.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.restart.SavedImage;

/**
 * Saved trees of any size, made directly rather than by running a workload, for the benchmarks
 * of planning and restart ({@code ./cr bench restart} and the JMH benchmarks measure the same trees).
 */
public final class SyntheticTrees {
    private SyntheticTrees() {}

    /**
     * A saved tree of n tasks: random parents; one task in ten starts a session, and a tenth of
     * those leaders are dead (their members are orphans of the init, their sessions need ghosts);
     * one task in twenty is a zombie. A chain instead: each task the parent of the next, one session.
     */
    public static SavedImage saved(int n, SplittableRandom random, boolean chain) {
        int[] parent = new int[n + 1];
        int[] sid = new int[n + 1];
        boolean[] dead = new boolean[n + 1];
        sid[1] = 1;
        for (int pid = 2; pid <= n; pid++) {
            if (chain) {
                parent[pid] = pid - 1;
                sid[pid] = 1;
                continue;
            }
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
            boolean zombie = !chain && pid > 1 && random.nextInt(20) == 0;
            ImageRecord.TreeEntry e = new ImageRecord.TreeEntry(-1, pid, p, pid, sid[pid], sid[pid],
                    zombie ? ImageRecord.TreeEntry.ZOMBIE : ImageRecord.TreeEntry.RUNNING, 0, 0, List.of(pid));
            tasks.add(new SavedImage.SavedTask(index++, e, new ImageRecord.Task(index - 1, 0, 0, 0, 0, 0, 0),
                    ImageRecord.TaskObjs.NONE));
        }
        return new SavedImage(0, tasks, java.util.Map.of());
    }
}
