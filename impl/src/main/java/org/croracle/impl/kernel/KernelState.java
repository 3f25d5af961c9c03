package org.croracle.impl.kernel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

import java.util.Set;
import java.util.SortedSet;


/**
 * The whole state of the simulated kernel, immutable: every kernel step builds a new one, so a
 * failed call leaves nothing behind and the oracle sees the state before and after each step.
 *
 * @param tasks      every task that exists (zombies included), by global pid: a {@link TaskTable},
 *                   which also indexes them by parent, group, session, thread group and cgroup
 * @param cgroups    every freezer cgroup, by name; the root cgroup "/" always exists
 * @param namespaces every PID namespace, by id
 * @param pidmaps    per namespace, the pids in use (the pidmap bitmaps), each an immutable set
 *                   ({@link Persistent#set}, so that allocating a pid does not copy the others)
 * @param nextNsId   the id the next namespace gets
 * @param lingeringPids reaped tasks whose pid is still some task's session or group id: their pids
 *                   stay allocated (the struct pid lives on) until nobody uses them
 * @param objects    every kernel object (fd tables, files, inodes, mms, fs, sighands) and its refcount
 * @param paths      the simulated filesystem: path -> regular inode (the path holds a reference)
 * @param checkpoint the context of the last checkpoint() call (ckpt_ctx), or null before the first:
 *                   the call's progress is kernel state, so every step of it is seen by the oracle
 * @param ckptUnprivAllowed /proc/sys/kernel/ckpt_unpriv_allowed: 0, checkpoint and restart need
 *                   CAP_SYS_ADMIN; 1 (the default), an unprivileged task may checkpoint its own
 *                   tasks; 2, it may restart too
 * @param restart    the context of the last restart() call whose entry checks passed, or null
 *                   before the first: like a checkpoint's, its progress is kernel state
 */
public record KernelState(SortedMap<Integer, Task> tasks, SortedMap<String, Cgroup> cgroups,
                          SortedMap<Integer, PidNamespace> namespaces, SortedMap<Integer, SortedSet<Integer>> pidmaps,
                          int nextNsId, SortedMap<Integer, LingeringPid> lingeringPids, ObjectTable objects,
                          SortedMap<String, Integer> paths, CheckpointContext checkpoint,
                          int ckptUnprivAllowed, RestartContext restart) {

    public KernelState {
        // Persistent collections, not copies: each step's state shares what it did not change with
        // the state before it, and neither can change (a step costs O(log n), not O(n)).
        tasks = TaskTable.of(tasks);
        cgroups = Persistent.map(cgroups);
        namespaces = Persistent.map(namespaces);
        pidmaps = Persistent.map(pidmaps);
        lingeringPids = Persistent.map(lingeringPids);
        paths = Persistent.map(paths);
    }

    /** The global pid of the root namespace's init. */
    public static final int HOST_PID = 1;

    /** A kernel with one task: {@code host}, pid 1 of the root namespace, uid 0, in the root cgroup. */
    public static KernelState boot() {
        ObjectTable.Builder objects = ObjectTable.EMPTY.edit();
        TaskResources res = new TaskResources(objects.create(org.croracle.impl.kernel.FdTable.EMPTY),
                objects.create(org.croracle.impl.kernel.Mm.EMPTY), objects.create(new org.croracle.impl.kernel.FsInfo("/")),
                objects.create(org.croracle.impl.kernel.Sighand.DEFAULTS));
        res.ids().forEach(objects::ref);
        Task host = new Task(List.of(HOST_PID), PidNamespace.ROOT, 0, HOST_PID, HOST_PID, HOST_PID, Cgroup.ROOT,
                RunState.RUNNING, ExitStatus.NONE, 0, 0, false, null, res, Set.of(), Set.of());
        PidNamespace root = new PidNamespace(PidNamespace.ROOT, PidNamespace.ROOT, 0, HOST_PID, HOST_PID);
        return new KernelState(new TreeMap<>(Map.of(HOST_PID, host)),
                new TreeMap<>(Map.of(Cgroup.ROOT, Cgroup.create(Cgroup.ROOT))),
                new TreeMap<>(Map.of(PidNamespace.ROOT, root)),
                new TreeMap<>(Map.of(PidNamespace.ROOT, Persistent.intSet(HOST_PID))),
                PidNamespace.ROOT + 1, new TreeMap<>(), objects.build(), new TreeMap<>(), null, 1, null);
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
        return table().members(cgroup);
    }

    /** Whether the task with global pid {@code target} has a pid in namespace {@code nsId}. */
    public boolean visibleIn(int target, int nsId) {
        Task t = tasks.get(target);
        return t != null && within(t.ns(), nsId);
    }

    /**
     * Whether the global pid {@code pid} has a number in namespace {@code nsId}: a task's, or a
     * reaped group or session leader's (a lingering pid). This is what find_vpid needs to name a process
     * group from inside a namespace.
     */
    public boolean pidVisibleIn(int pid, int nsId) {
        if (tasks.containsKey(pid)) {
            return visibleIn(pid, nsId);
        }
        LingeringPid g = lingeringPids.get(pid);
        return g != null && g.chain().contains(nsId);
    }

    /** Whether any task uses {@code pid} as its session or process group id (which keeps the pid allocated). */
    public boolean anchors(int pid) {
        return table().anchors(pid);
    }

    /** Whether a process group with id {@code pgid} has a member. */
    public boolean groupExists(int pgid) {
        return table().groupExists(pgid);
    }

    /** Whether a process group with id {@code pgid} has a member in session {@code sid}. */
    public boolean groupInSession(int pgid, int sid) {
        return table().groupInSession(pgid, sid);
    }

    /** The tasks whose parent is {@code pid}, in pid order. */
    public List<Task> children(int pid) {
        return table().children(pid);
    }

    /**
     * The pids of the tasks whose parent is {@code pid}, ascending: {@link #children} without
     * looking each task up, for the walks of a whole tree.
     */
    public SortedSet<Integer> childPids(int pid) {
        return table().childPids(pid);
    }

    /** The tasks of thread group {@code tgid}, its leader included, in pid order. */
    public List<Task> threadGroup(int tgid) {
        return table().threadGroup(tgid);
    }

    /** The constructor made {@code tasks} a table. */
    private TaskTable table() {
        return (TaskTable) tasks;
    }

    public KernelState withTask(Task task) {
        return new KernelState(table().plus(task), cgroups, namespaces, pidmaps, nextNsId, lingeringPids, objects, paths, checkpoint, ckptUnprivAllowed, restart);
    }

    public KernelState withoutTask(int pid) {
        return new KernelState(table().minus(pid), cgroups, namespaces, pidmaps, nextNsId, lingeringPids, objects, paths, checkpoint, ckptUnprivAllowed, restart);
    }

    /** rmdir of a freezer cgroup (its caller makes sure that no task is in it). */
    public KernelState withoutCgroup(String name) {
        return new KernelState(tasks, Persistent.map(cgroups).minus(name), namespaces, pidmaps, nextNsId, lingeringPids, objects, paths, checkpoint, ckptUnprivAllowed, restart);
    }

    public KernelState withCgroup(Cgroup cgroup) {
        return new KernelState(tasks, Persistent.map(cgroups).plus(cgroup.name(), cgroup), namespaces, pidmaps, nextNsId, lingeringPids, objects, paths, checkpoint, ckptUnprivAllowed, restart);
    }

    public KernelState withObjects(ObjectTable newObjects, SortedMap<String, Integer> newPaths) {
        return new KernelState(tasks, cgroups, namespaces, pidmaps, nextNsId, lingeringPids, newObjects, newPaths, checkpoint, ckptUnprivAllowed, restart);
    }

    public KernelState withObjects(ObjectTable newObjects) {
        return withObjects(newObjects, paths);
    }

    public KernelState withLingeringPids(SortedMap<Integer, LingeringPid> newLingeringPids) {
        return new KernelState(tasks, cgroups, namespaces, pidmaps, nextNsId, newLingeringPids, objects, paths, checkpoint, ckptUnprivAllowed, restart);
    }

    public KernelState withPidState(SortedMap<Integer, PidNamespace> newNamespaces,
                                    SortedMap<Integer, SortedSet<Integer>> newPidmaps, int newNextNsId) {
        return new KernelState(tasks, cgroups, newNamespaces, newPidmaps, newNextNsId, lingeringPids, objects, paths, checkpoint, ckptUnprivAllowed, restart);
    }

    public KernelState withCkptUnprivAllowed(int value) {
        return new KernelState(tasks, cgroups, namespaces, pidmaps, nextNsId, lingeringPids, objects, paths, checkpoint, value, restart);
    }

    public KernelState withCheckpoint(CheckpointContext ctx) {
        return new KernelState(tasks, cgroups, namespaces, pidmaps, nextNsId, lingeringPids, objects, paths, ctx, ckptUnprivAllowed, restart);
    }

    public KernelState withRestart(RestartContext ctx) {
        return new KernelState(tasks, cgroups, namespaces, pidmaps, nextNsId, lingeringPids, objects, paths, checkpoint, ckptUnprivAllowed, ctx);
    }
}
