package org.croracle.impl.checkpoint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.croracle.impl.image.ImageFormat;
import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.kernel.LingeringPid;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;

/** The tree a checkpoint covers (build_tree) and its TREE record (checkpoint_tree). */
public final class CheckpointTree {
    private CheckpointTree() {}

    /**
     * The root and its descendants, depth first, children in pid order (parent before children),
     * then the root's threads and theirs.
     * Walked with a stack of its own, not by recursion: a container may be a chain of 100,000
     * tasks, each the parent of the next, and the walk must not depend on the thread's stack.
     */
    public static List<Integer> of(KernelState s, int root) {
        List<Integer> out = new ArrayList<>();
        ArrayDeque<Integer> pending = new ArrayDeque<>();
        // The root's threads are not its children (their parent is the root's, outside the tree):
        // each comes with its subtree after the root's (linux-cr: children before the next thread).
        List<Task> group = s.threadGroup(s.tasks().get(root).tgid());
        for (int i = group.size() - 1; i >= 0; i--) {
            if (group.get(i).pid() != root && s.tasks().get(root).isThreadGroupLeader()) {
                pending.push(group.get(i).pid());
            }
        }
        pending.push(root);
        while (!pending.isEmpty()) {
            int pid = pending.pop();
            out.add(pid);
            java.util.SortedSet<Integer> children = s.childPids(pid);
            if (!children.isEmpty()) {
                // the lowest pid on top: visited first
                Integer[] ordered = children.toArray(new Integer[0]);
                for (int i = ordered.length - 1; i >= 0; i--) {
                    pending.push(ordered[i]);
                }
            }
        }
        return out;
    }

    /**
     * The pid of a task, or of a reaped leader whose pid lives on, as seen at namespace level
     * {@code level} of the root's chain; CKPT_PID_NULL when it has none there (a session
     * anchored outside the container).
     */
    public static int pidAt(KernelState s, int globalPid, int rootNs, int level) {
        Task t = s.tasks().get(globalPid);
        if (t != null) {
            return s.within(t.ns(), rootNs) ? t.pidAt(level) : ImageFormat.CKPT_PID_NULL;
        }
        LingeringPid g = s.lingeringPids().get(globalPid);
        if (g != null && g.chain().size() > level && g.chain().get(level) == rootNs) {
            return g.pids().get(level);
        }
        return ImageFormat.CKPT_PID_NULL;
    }

    /** TREE: every task with its ids as the root's namespace sees them. */
    public static ImageRecord.Tree record(KernelState s, List<Integer> tree) {
        Task root = s.tasks().get(tree.get(0));
        int level = root.level();
        Map<Integer, Integer> index = new HashMap<>(); // tree.indexOf for each task would be O(n^2)
        for (int i = 0; i < tree.size(); i++) {
            index.put(tree.get(i), i);
        }
        List<ImageRecord.TreeEntry> entries = new ArrayList<>();
        for (int pid : tree) {
            Task t = s.tasks().get(pid);
            int parentIndex = pid == root.pid() ? -1 : index.getOrDefault(t.ppid(), -1);
            boolean zombie = t.isZombie();
            entries.add(new ImageRecord.TreeEntry(parentIndex, t.pidAt(level),
                    pidAt(s, t.ppid(), root.ns(), level), pidAt(s, t.tgid(), root.ns(), level),
                    pidAt(s, t.pgid(), root.ns(), level), pidAt(s, t.sid(), root.ns(), level),
                    zombie ? ImageRecord.TreeEntry.ZOMBIE : ImageRecord.TreeEntry.RUNNING,
                    zombie ? t.exit().code() : 0, zombie && t.exit().killed() ? t.exit().signal().number() : 0,
                    t.pids().subList(level, t.pids().size())));
        }
        return new ImageRecord.Tree(entries);
    }
}
