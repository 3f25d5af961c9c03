package org.croracle.impl.restart;

import java.util.Collection;
import java.util.Collections;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

import org.croracle.impl.kernel.PlanNode;

/**
 * Every task of a plan by container pid, the temporary ones included: in pid order for the walks
 * that must run the same way every time, and in an int-keyed table for the lookups, which the
 * planner makes several times per task (a balanced tree of 100,000 boxed pids costs a chain of
 * some seventeen nodes per lookup).
 */
final class PlanNodes {
    private final SortedMap<Integer, PlanNode> sorted = new TreeMap<>();
    private final IntKeyMap<PlanNode> byPid;

    /** A table that holds {@code expected} tasks without growing its index. */
    PlanNodes(int expected) {
        byPid = new IntKeyMap<>(expected);
    }

    PlanNode get(int pid) {
        return byPid.get(pid);
    }

    boolean contains(int pid) {
        return byPid.containsKey(pid);
    }

    /** Adds n, or replaces the task of its pid. */
    void put(PlanNode n) {
        sorted.put(n.pid(), n);
        byPid.put(n.pid(), n);
    }

    int size() {
        return byPid.size();
    }

    /** The tasks in pid order (a live view: copy it to add tasks while walking it). */
    Collection<PlanNode> values() {
        return Collections.unmodifiableCollection(sorted.values());
    }

    /** The pids in order (a live view). */
    Set<Integer> pids() {
        return Collections.unmodifiableSet(sorted.keySet());
    }

    /** The tasks by pid, in pid order, for the plan. */
    SortedMap<Integer, PlanNode> asMap() {
        return Collections.unmodifiableSortedMap(sorted);
    }
}
