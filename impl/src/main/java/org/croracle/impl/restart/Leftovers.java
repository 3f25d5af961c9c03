package org.croracle.impl.restart;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.croracle.impl.kernel.KernelState;

/**
 * What a failed restart left behind: restart is all or nothing, so after a failure the kernel
 * holds the same tasks, pids (in every namespace, lingering ones too), PID namespaces, objects
 * (with the same reference counts), files and freezer cgroups as before the call.
 */
public final class Leftovers {
    private Leftovers() {}

    /** Each thing {@code after} holds that {@code before} did not (or holds differently), one line each; empty if none. */
    public static List<String> of(KernelState before, KernelState after) {
        List<String> out = new ArrayList<>();
        after.tasks().forEach((pid, t) -> {
            if (!before.tasks().containsKey(pid)) {
                out.add("task " + pid + (t.isZombie() ? " (a zombie)" : "") + " in cgroup " + t.cgroup());
            }
        });
        after.namespaces().keySet().forEach(ns -> {
            if (!before.namespaces().containsKey(ns)) {
                out.add("pid namespace " + ns);
            }
        });
        after.pidmaps().forEach((ns, pids) -> {
            java.util.SortedSet<Integer> had = before.pidmaps().getOrDefault(ns, java.util.Collections.emptySortedSet());
            pids.stream().filter(p -> !had.contains(p)).forEach(p -> out.add("pid " + p + " of namespace " + ns));
        });
        after.lingeringPids().keySet().forEach(p -> {
            if (!before.lingeringPids().containsKey(p)) {
                out.add("lingering pid " + p);
            }
        });
        after.objects().objects().forEach((id, o) -> {
            if (!before.objects().objects().containsKey(id)) {
                out.add("object #" + id + " (" + o.getClass().getSimpleName() + ")");
            } else if (before.objects().refcount(id) != after.objects().refcount(id)) {
                out.add("object #" + id + " (" + o.getClass().getSimpleName() + "): " + before.objects().refcount(id)
                        + " references before, " + after.objects().refcount(id) + " after");
            }
        });
        after.paths().forEach((path, inode) -> {
            if (!Objects.equals(before.paths().get(path), inode)) {
                out.add("file " + path);
            }
        });
        after.cgroups().keySet().forEach(cg -> {
            if (!before.cgroups().containsKey(cg)) {
                out.add("freezer cgroup " + cg);
            }
        });
        return out;
    }
}
