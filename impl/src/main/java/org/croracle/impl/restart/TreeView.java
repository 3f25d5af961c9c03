package org.croracle.impl.restart;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.croracle.impl.checkpoint.CheckpointTree;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Signal;
import org.croracle.impl.kernel.Task;
import org.croracle.impl.objects.ObjectKinds;
import org.croracle.impl.objects.ObjectNames;

/**
 * A tree as `expect same` compares it, with every name that restart may change taken out: tasks
 * by their pids inside the tree's namespace (depth first, children by pid), objects renamed in the
 * order the walk first meets them (as objrefs are), pids outside the namespace as "outside". Two
 * trees are the same when their lines are equal.
 */
public final class TreeView {
    private TreeView() {}

    public static List<String> of(KernelState s, int rootPid) {
        Task root = s.tasks().get(rootPid);
        int level = root.level();
        Map<Integer, String> names = new HashMap<>();
        List<String> objectLines = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        for (int pid : depthFirst(s, rootPid, level)) {
            Task t = s.tasks().get(pid);
            // The root's own pid is its namespace's (1 for a container) or the caller's (a self restart).
            StringBuilder b = new StringBuilder("task ").append(pid == rootPid ? "root" : t.pids().subList(level, t.pids().size()));
            b.append(" parent=").append(pid == rootPid ? "outside" : rel(s, t.ppid(), root));
            b.append(" sid=").append(rel(s, t.sid(), root)).append(" pgid=").append(rel(s, t.pgid(), root));
            b.append(t.isThreadGroupLeader() ? "" : " thread-of=" + rel(s, t.tgid(), root));
            b.append(t.isZombie() ? " zombie(" + t.exit() + ")" : " alive");
            b.append(" uid=").append(t.uid()).append(" gid=").append(t.gid());
            b.append(t.subreaper() ? " subreaper" : "");
            b.append(" blocked=").append(sorted(t.blocked())).append(" pending=").append(sorted(t.pending()));
            b.append(t.doomedBy() == null ? "" : " doomed=" + t.doomedBy());
            if (!t.isZombie()) {
                b.append(" files=").append(name(s, t.res().files(), names, objectLines));
                b.append(" mm=").append(name(s, t.res().mm(), names, objectLines));
                b.append(" fs=").append(name(s, t.res().fs(), names, objectLines));
                b.append(" sighand=").append(name(s, t.res().sighand(), names, objectLines));
            }
            lines.add(b.toString());
        }
        lines.addAll(objectLines);
        return lines;
    }

    /**
     * The tree depth first, children by their pid in the root's namespace (global pids differ after
     * a restart). With a stack of its own: a chain of 100,000 tasks would overflow the thread's.
     */
    private static List<Integer> depthFirst(KernelState s, int root, int level) {
        List<Integer> out = new ArrayList<>();
        ArrayDeque<Integer> pending = new ArrayDeque<>();
        // the root's threads (whose parent is outside) come with their subtrees after the root's
        List<Task> group = new ArrayList<>(s.threadGroup(root));
        group.sort(Comparator.comparingInt((Task t) -> t.pidAt(level)).reversed());
        group.stream().filter(t -> t.pid() != root).forEach(t -> pending.push(t.pid()));
        pending.push(root);
        while (!pending.isEmpty()) {
            int pid = pending.pop();
            out.add(pid);
            List<Task> children = new ArrayList<>(s.children(pid));
            children.sort(Comparator.comparingInt((Task t) -> t.pidAt(level)).reversed());
            children.forEach(c -> pending.push(c.pid())); // the lowest pid pushed last: visited first
        }
        return out;
    }

    private static String rel(KernelState s, int pid, Task root) {
        int p = CheckpointTree.pidAt(s, pid, root.ns(), root.level());
        return p == 0 ? "outside" : Integer.toString(p);
    }

    private static String sorted(java.util.Set<Signal> sigs) {
        if (sigs.isEmpty()) {
            return "[]"; // most tasks: no stream for nothing
        }
        return sigs.stream().map(Signal::name).sorted().collect(Collectors.joining(",", "[", "]"));
    }

    /** The object's canonical name, describing it (and what it refers to) at its first encounter. */
    private static String name(KernelState s, int id, Map<Integer, String> names, List<String> out) {
        if (id == 0) {
            return "-";
        }
        String known = names.get(id);
        if (known != null) {
            return known;
        }
        String n = "o" + (names.size() + 1);
        names.put(id, n);
        int slot = out.size();
        out.add(null); // keeps first-encounter order: filled in below
        String text = ObjectKinds.describe(s.objects().get(id), new ObjectNames() {
            @Override
            public String name(int other) {
                return TreeView.name(s, other, names, out);
            }

            @Override
            public String nameIfNamed(int other, String otherwise) {
                return names.getOrDefault(other, otherwise);
            }
        });
        out.set(slot, n + " " + text);
        return n;
    }

    /**
     * Every line where two views differ, the first {@code shown} of them in full, or null if they
     * are the same: a restart that gets three things wrong shows all three, not one per run.
     */
    public static String differences(List<String> expected, List<String> actual, int shown) {
        List<String> out = new java.util.ArrayList<>();
        int count = 0;
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(nothing)";
            String a = i < actual.size() ? actual.get(i) : "(nothing)";
            if (!e.equals(a)) {
                if (++count <= shown) {
                    out.add("line " + (i + 1) + ": saved   " + e + "\n        restored " + a);
                }
            }
        }
        if (count == 0) {
            return null;
        }
        String head = count == 1 ? "" : count + " lines differ" + (count > shown ? " (the first " + shown + " shown)" : "") + ":\n";
        return head + String.join("\n", out);
    }

    /** The first line where two views differ, or null if they are the same. */
    public static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(nothing)";
            String a = i < actual.size() ? actual.get(i) : "(nothing)";
            if (!e.equals(a)) {
                return "line " + (i + 1) + ": saved   " + e + "\n        restored " + a;
            }
        }
        return null;
    }
}
