package org.croracle.impl.kernel;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

import org.pcollections.PMap;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * Every task of a kernel state by global pid, with the indexes the process calls look tasks up by:
 * a task's children (the tasks whose parent it is), a thread group's members, a freezer cgroup's
 * members, a process group's members per session, and how many tasks use a pid as their session or
 * group id (which keeps it allocated). Without them a call that asks "does a group with this id
 * exist" scans every task, and a restart that makes n tasks makes n such calls.
 *
 * <p>Persistent: {@link #plus} and {@link #minus} make a new table in O(log n) and share the rest
 * with this one, which never changes. To everyone else it is a read-only map by pid, equal to any
 * map with the same tasks (the indexes are derived from the tasks, so they add nothing to equality).
 */
final class TaskTable extends AbstractMap<Integer, Task> implements SortedMap<Integer, Task> {

    public static final TaskTable EMPTY = new TaskTable(IntTrieMap.empty(), IntTrieMap.empty(), IntTrieMap.empty(),
            TreePMap.empty(), IntTrieMap.empty(), IntTrieMap.empty());

    private final PSortedMap<Integer, Task> byPid;
    /** parent's global pid -> its children */
    private final PMap<Integer, PSortedSet<Integer>> children;
    /** tgid -> the thread group's tasks, its leader included */
    private final PMap<Integer, PSortedSet<Integer>> threads;
    /** cgroup name -> its tasks */
    private final PMap<String, PSortedSet<Integer>> cgroups;
    /** pgid -> sid -> how many tasks of that group are in that session */
    private final PMap<Integer, PMap<Integer, Integer>> groups;
    /** pid -> how many tasks have it as their session id or group id (a task with sid = pgid counts once) */
    private final PMap<Integer, Integer> anchors;

    private TaskTable(PSortedMap<Integer, Task> byPid, PMap<Integer, PSortedSet<Integer>> children,
                      PMap<Integer, PSortedSet<Integer>> threads, PMap<String, PSortedSet<Integer>> cgroups,
                      PMap<Integer, PMap<Integer, Integer>> groups, PMap<Integer, Integer> anchors) {
        this.byPid = byPid;
        this.children = children;
        this.threads = threads;
        this.cgroups = cgroups;
        this.groups = groups;
        this.anchors = anchors;
    }

    /** The table of these tasks: the map itself if it is one, else a table built from it. */
    public static TaskTable of(SortedMap<Integer, Task> tasks) {
        if (tasks instanceof TaskTable t) {
            return t;
        }
        TaskTable t = EMPTY;
        for (Task task : tasks.values()) {
            t = t.plus(task);
        }
        return t;
    }

    /** This table with {@code task} added, or replacing the task with its pid. */
    public TaskTable plus(Task task) {
        int pid = task.pid();
        Task old = byPid.get(pid);
        PMap<Integer, PSortedSet<Integer>> ch = children;
        PMap<Integer, PSortedSet<Integer>> th = threads;
        PMap<String, PSortedSet<Integer>> cg = cgroups;
        PMap<Integer, PMap<Integer, Integer>> gr = groups;
        PMap<Integer, Integer> an = anchors;
        // Most steps change a task's state or objects only: its index entries stay as they are.
        if (old == null || old.ppid() != task.ppid()) {
            ch = add(old == null ? ch : remove(ch, old.ppid(), pid), task.ppid(), pid);
        }
        if (old == null || old.tgid() != task.tgid()) {
            th = add(old == null ? th : remove(th, old.tgid(), pid), task.tgid(), pid);
        }
        if (old == null || !old.cgroup().equals(task.cgroup())) {
            cg = add(old == null ? cg : remove(cg, old.cgroup(), pid), task.cgroup(), pid);
        }
        if (old == null || old.sid() != task.sid() || old.pgid() != task.pgid()) {
            if (old != null) {
                gr = group(gr, old, -1);
                an = anchor(an, old, -1);
            }
            gr = group(gr, task, 1);
            an = anchor(an, task, 1);
        }
        return new TaskTable(byPid.plus(pid, task), ch, th, cg, gr, an);
    }

    /** This table without the task with this pid. */
    public TaskTable minus(int pid) {
        Task old = byPid.get(pid);
        if (old == null) {
            return this;
        }
        return new TaskTable(byPid.minus(pid), remove(children, old.ppid(), pid), remove(threads, old.tgid(), pid),
                remove(cgroups, old.cgroup(), pid), group(groups, old, -1), anchor(anchors, old, -1));
    }

    /** The tasks whose parent is {@code pid}, in pid order. */
    public List<Task> children(int pid) {
        return tasks(children.get(pid));
    }

    /** The pids of the tasks whose parent is {@code pid}, ascending (an immutable set). */
    public java.util.SortedSet<Integer> childPids(int pid) {
        PSortedSet<Integer> pids = children.get(pid);
        return pids == null ? TreePSet.empty() : pids;
    }

    /** The tasks of thread group {@code tgid} (its leader included), in pid order. */
    public List<Task> threadGroup(int tgid) {
        return tasks(threads.get(tgid));
    }

    /** The tasks of a freezer cgroup, in pid order. */
    public List<Task> members(String cgroup) {
        return tasks(cgroups.get(cgroup));
    }

    /** Whether some task is in process group {@code pgid}. */
    public boolean groupExists(int pgid) {
        return groups.containsKey(pgid);
    }

    /** Whether some task is in process group {@code pgid} and session {@code sid}. */
    public boolean groupInSession(int pgid, int sid) {
        PMap<Integer, Integer> sessions = groups.get(pgid);
        return sessions != null && sessions.containsKey(sid);
    }

    /** Whether some task uses {@code pid} as its session or process group id. */
    public boolean anchors(int pid) {
        return anchors.containsKey(pid);
    }

    private List<Task> tasks(PSortedSet<Integer> pids) {
        if (pids == null) {
            return List.of();
        }
        List<Task> out = new ArrayList<>(pids.size());
        for (int pid : pids) {
            out.add(byPid.get(pid));
        }
        return List.copyOf(out);
    }

    private static <K> PMap<K, PSortedSet<Integer>> add(PMap<K, PSortedSet<Integer>> index, K key, int pid) {
        PSortedSet<Integer> now = index.get(key);
        // A balanced tree while small: most of these sets (a parent's children, a thread group)
        // hold a task or two, which a trie would hold in a path of four 32-slot nodes. A large one
        // (a container's cgroup, the children of its init) becomes a trie, which adds a task by
        // copying four nodes where a tree of 100,000 copies seventeen and compares at each.
        if (now == null) {
            return index.plus(key, TreePSet.singleton(pid));
        }
        if (now.size() == LARGE && now instanceof TreePSet<Integer>) {
            now = IntTrieSet.empty().plusAll(now);
        }
        return index.plus(key, now.plus(pid));
    }

    /** The size from which an index's set is a trie (the size of one trie node). */
    private static final int LARGE = 32;

    private static <K> PMap<K, PSortedSet<Integer>> remove(PMap<K, PSortedSet<Integer>> index, K key, int pid) {
        PSortedSet<Integer> fewer = index.get(key).minus(pid);
        return fewer.isEmpty() ? index.minus(key) : index.plus(key, fewer);
    }

    private static PMap<Integer, PMap<Integer, Integer>> group(PMap<Integer, PMap<Integer, Integer>> index, Task t, int delta) {
        PMap<Integer, Integer> sessions = index.get(t.pgid());
        PMap<Integer, Integer> changed = count(sessions == null ? TreePMap.empty() : sessions, t.sid(), delta);
        return changed.isEmpty() ? index.minus(t.pgid()) : index.plus(t.pgid(), changed);
    }

    private static PMap<Integer, Integer> anchor(PMap<Integer, Integer> index, Task t, int delta) {
        PMap<Integer, Integer> out = count(index, t.sid(), delta);
        return t.pgid() == t.sid() ? out : count(out, t.pgid(), delta);
    }

    private static PMap<Integer, Integer> count(PMap<Integer, Integer> index, int key, int delta) {
        int n = index.getOrDefault(key, 0) + delta;
        return n == 0 ? index.minus(key) : index.plus(key, n);
    }

    // ---- the read-only map by pid ----

    @Override
    public Task get(Object pid) {
        return byPid.get(pid);
    }

    @Override
    public boolean containsKey(Object pid) {
        return byPid.containsKey(pid);
    }

    @Override
    public int size() {
        return byPid.size();
    }

    @Override
    public boolean isEmpty() {
        return byPid.isEmpty();
    }

    @Override
    public Set<Entry<Integer, Task>> entrySet() {
        return byPid.entrySet();
    }

    @Override
    public Set<Integer> keySet() {
        return byPid instanceof IntTrieMap<Task> m ? m.keys() : byPid.keySet();
    }

    @Override
    public Collection<Task> values() {
        return byPid.values();
    }

    @Override
    public Comparator<? super Integer> comparator() {
        return byPid.comparator();
    }

    @Override
    public SortedMap<Integer, Task> subMap(Integer fromKey, Integer toKey) {
        return byPid.subMap(fromKey, toKey);
    }

    @Override
    public SortedMap<Integer, Task> headMap(Integer toKey) {
        return byPid.headMap(toKey);
    }

    @Override
    public SortedMap<Integer, Task> tailMap(Integer fromKey) {
        return byPid.tailMap(fromKey);
    }

    @Override
    public Integer firstKey() {
        return byPid.firstKey();
    }

    @Override
    public Integer lastKey() {
        return byPid.lastKey();
    }
}
