package org.croracle.impl.kernel;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

import org.croracle.impl.freezer.Cgroup;
import org.croracle.impl.pid.PidAllocator;

/**
 * The whole state of the simulated kernel, immutable: every kernel step builds a new one, so a
 * failed call leaves nothing behind and the oracle sees the state before and after each step.
 *
 * @param tasks   every task that exists (zombies included), by global pid
 * @param cgroups every freezer cgroup, by name; the root cgroup "/" always exists
 * @param pids    the root PID namespace's pid allocator
 */
public record KernelState(SortedMap<Integer, Task> tasks, SortedMap<String, Cgroup> cgroups, PidAllocator pids) {

    public KernelState {
        tasks = Collections.unmodifiableSortedMap(new TreeMap<>(tasks));
        cgroups = Collections.unmodifiableSortedMap(new TreeMap<>(cgroups));
    }

    /** A kernel with one task: {@code host}, pid 1 of the root namespace, in the root cgroup. */
    public static KernelState boot(int pidMax) {
        PidAllocator pids = PidAllocator.fresh(pidMax);
        int hostPid = pids.next(p -> false).orElseThrow();
        Task host = new Task(hostPid, 0, Cgroup.ROOT, RunState.RUNNING, 0);
        return new KernelState(new TreeMap<>(Map.of(hostPid, host)),
                new TreeMap<>(Map.of(Cgroup.ROOT, Cgroup.create(Cgroup.ROOT))), pids.allocated(hostPid));
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

    public List<Task> children(int pid) {
        return tasks.values().stream().filter(t -> t.ppid() == pid).toList();
    }

    public KernelState withTask(Task task) {
        TreeMap<Integer, Task> copy = new TreeMap<>(tasks);
        copy.put(task.pid(), task);
        return new KernelState(copy, cgroups, pids);
    }

    public KernelState withoutTask(int pid) {
        TreeMap<Integer, Task> copy = new TreeMap<>(tasks);
        copy.remove(pid);
        return new KernelState(copy, cgroups, pids);
    }

    /** Applies {@code change} to every task for which it returns a different task. */
    public KernelState mapTasks(UnaryOperator<Task> change) {
        TreeMap<Integer, Task> copy = new TreeMap<>();
        tasks.forEach((pid, t) -> copy.put(pid, change.apply(t)));
        return new KernelState(copy, cgroups, pids);
    }

    public KernelState withCgroup(Cgroup cgroup) {
        TreeMap<String, Cgroup> copy = new TreeMap<>(cgroups);
        copy.put(cgroup.name(), cgroup);
        return new KernelState(tasks, copy, pids);
    }

    public KernelState withPids(PidAllocator newPids) {
        return new KernelState(tasks, cgroups, newPids);
    }
}
