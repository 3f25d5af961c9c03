package org.croracle.impl.kernel;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

import org.croracle.impl.checkpoint.CheckpointContext;
import org.croracle.impl.freezer.Cgroup;
import org.croracle.impl.pid.PidNamespace;

/**
 * The whole state of the simulated kernel, immutable: every kernel step builds a new one, so a
 * failed call leaves nothing behind and the oracle sees the state before and after each step.
 *
 * @param tasks      every task that exists (zombies included), by global pid
 * @param cgroups    every freezer cgroup, by name; the root cgroup "/" always exists
 * @param namespaces every PID namespace, by id
 * @param pidmaps    per namespace, the pids in use (the pidmap bitmaps)
 * @param nextNsId   the id the next namespace gets
 * @param ghosts     reaped tasks whose pid is still some task's session or group id: their pids
 *                   stay allocated (the struct pid lives on) until nobody uses them
 * @param objects    every kernel object (fd tables, files, inodes, mms, fs, sighands) and its refcount
 * @param paths      the simulated filesystem: path -> regular inode (the path holds a reference)
 * @param checkpoint the context of the last checkpoint() call (ckpt_ctx), or null before the first:
 *                   the call's progress is kernel state, so every step of it is seen by the oracle
 */
public record KernelState(SortedMap<Integer, Task> tasks, SortedMap<String, Cgroup> cgroups,
                          SortedMap<Integer, PidNamespace> namespaces, SortedMap<Integer, SortedSet<Integer>> pidmaps,
                          int nextNsId, SortedMap<Integer, Ghost> ghosts, ObjectTable objects,
                          SortedMap<String, Integer> paths, CheckpointContext checkpoint) {

    public KernelState {
        tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
        cgroups = Collections.unmodifiableSortedMap(new TreeMap<>(cgroups));
        namespaces = Collections.unmodifiableSortedMap(new TreeMap<>(namespaces));
        pidmaps = Collections.unmodifiableSortedMap(new TreeMap<>(pidmaps));
        ghosts = Collections.unmodifiableSortedMap(new TreeMap<>(ghosts));
        paths = Collections.unmodifiableSortedMap(new TreeMap<>(paths));
    }

    /** The global pid of the root namespace's init. */
    public static final int HOST_PID = 1;

    /** A kernel with one task: {@code host}, pid 1 of the root namespace, uid 0, in the root cgroup. */
    public static KernelState boot() {
        ObjectTable.Builder objects = ObjectTable.EMPTY.edit();
        TaskResources res = new TaskResources(objects.create(org.croracle.impl.fs.FdTable.EMPTY),
                objects.create(org.croracle.impl.mm.Mm.EMPTY), objects.create(new org.croracle.impl.fs.FsInfo("/")),
                objects.create(org.croracle.impl.signal.Sighand.DEFAULTS));
        res.ids().forEach(objects::ref);
        Task host = new Task(List.of(HOST_PID), PidNamespace.ROOT, 0, HOST_PID, HOST_PID, HOST_PID, Cgroup.ROOT,
                RunState.RUNNING, ExitStatus.NONE, 0, 0, false, null, res, Set.of(), Set.of());
        PidNamespace root = new PidNamespace(PidNamespace.ROOT, PidNamespace.ROOT, 0, HOST_PID, HOST_PID);
        return new KernelState(new TreeMap<>(Map.of(HOST_PID, host)),
                new TreeMap<>(Map.of(Cgroup.ROOT, Cgroup.create(Cgroup.ROOT))),
                new TreeMap<>(Map.of(PidNamespace.ROOT, root)),
                new TreeMap<>(Map.of(PidNamespace.ROOT, Collections.unmodifiableSortedSet(new TreeSet<>(List.of(HOST_PID))))),
                PidNamespace.ROOT + 1, new TreeMap<>(), objects.build(), new TreeMap<>(), null);
    }

    /** The namespaces of a task's chain, outermost first (index = level). */
    public List<Integer> chain(int nsId) {
        PidNamespace n = namespaces.get(nsId);
        Integer[] out = new Integer[n.level() + 1];
        while (true) {
            out[n.level()] = n.id();
            if (n.level() == 0) {
                break;
            }
            n = namespaces.get(n.parent());
        }
        return List.of(out);
    }

    /** Whether namespace {@code inner} is {@code outer} or nested in it. */
    public boolean within(int inner, int outer) {
        PidNamespace n = namespaces.get(inner);
        PidNamespace o = namespaces.get(outer);
        if (n == null || o == null || n.level() < o.level()) {
            return false;
        }
        return chain(inner).get(o.level()) == outer;
    }

    public Optional<Task> task(int pid) {
        return Optional.ofNullable(tasks.get(pid));
    }

    public Optional<Cgroup> cgroup(String name) {
        return Optional.ofNullable(cgroups.get(name));
    }

    /** The tasks of a cgroup, zombies included, in pid order. */
    public List<Task> members(String cgroup) {
        return tasks.values().stream().filter(t -> t.cgroup().equals(cgroup)).toList();
    }

    /** Whether the task with global pid {@code target} has a pid in namespace {@code nsId}. */
    public boolean visibleIn(int target, int nsId) {
        Task t = tasks.get(target);
        return t != null && within(t.ns(), nsId);
    }

    /**
     * Whether the global pid {@code pid} has a number in namespace {@code nsId}: a task's, or a
     * reaped group or session leader's (a ghost's). This is what find_vpid needs to name a process
     * group from inside a namespace.
     */
    public boolean pidVisibleIn(int pid, int nsId) {
        if (tasks.containsKey(pid)) {
            return visibleIn(pid, nsId);
        }
        Ghost g = ghosts.get(pid);
        return g != null && g.chain().contains(nsId);
    }

    /** Whether any task uses {@code pid} as its session or process group id (which keeps the pid allocated). */
    public boolean anchors(int pid) {
        return tasks.values().stream().anyMatch(t -> t.sid() == pid || t.pgid() == pid);
    }

    public List<Task> children(int pid) {
        return tasks.values().stream().filter(t -> t.ppid() == pid).toList();
    }

    public KernelState withTask(Task task) {
        TreeMap<Integer, Task> copy = new TreeMap<>(tasks);
        copy.put(task.pid(), task);
        return new KernelState(copy, cgroups, namespaces, pidmaps, nextNsId, ghosts, objects, paths, checkpoint);
    }

    public KernelState withoutTask(int pid) {
        TreeMap<Integer, Task> copy = new TreeMap<>(tasks);
        copy.remove(pid);
        return new KernelState(copy, cgroups, namespaces, pidmaps, nextNsId, ghosts, objects, paths, checkpoint);
    }

    /** Applies {@code change} to every task for which it returns a different task. */
    public KernelState mapTasks(UnaryOperator<Task> change) {
        TreeMap<Integer, Task> copy = new TreeMap<>();
        tasks.forEach((pid, t) -> copy.put(pid, change.apply(t)));
        return new KernelState(copy, cgroups, namespaces, pidmaps, nextNsId, ghosts, objects, paths, checkpoint);
    }

    public KernelState withCgroup(Cgroup cgroup) {
        TreeMap<String, Cgroup> copy = new TreeMap<>(cgroups);
        copy.put(cgroup.name(), cgroup);
        return new KernelState(tasks, copy, namespaces, pidmaps, nextNsId, ghosts, objects, paths, checkpoint);
    }

    public KernelState withObjects(ObjectTable newObjects, SortedMap<String, Integer> newPaths) {
        return new KernelState(tasks, cgroups, namespaces, pidmaps, nextNsId, ghosts, newObjects, newPaths, checkpoint);
    }

    public KernelState withObjects(ObjectTable newObjects) {
        return withObjects(newObjects, paths);
    }

    public KernelState withGhosts(SortedMap<Integer, Ghost> newGhosts) {
        return new KernelState(tasks, cgroups, namespaces, pidmaps, nextNsId, newGhosts, objects, paths, checkpoint);
    }

    public KernelState withPidState(SortedMap<Integer, PidNamespace> newNamespaces,
                                    SortedMap<Integer, SortedSet<Integer>> newPidmaps, int newNextNsId) {
        return new KernelState(tasks, cgroups, newNamespaces, newPidmaps, newNextNsId, ghosts, objects, paths, checkpoint);
    }

    public KernelState withCheckpoint(CheckpointContext ctx) {
        return new KernelState(tasks, cgroups, namespaces, pidmaps, nextNsId, ghosts, objects, paths, ctx);
    }
}
