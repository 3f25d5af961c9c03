package org.croracle.impl.restart;

import java.util.AbstractCollection;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.IntFunction;

import org.croracle.impl.kernel.PlanNode;

/**
 * Every task of a plan by container pid, the temporary ones included: in pid order for the walks
 * that must run the same way every time, and in an int-keyed table for the lookups, which the
 * planner makes several times per task (a balanced tree of 100,000 boxed pids costs a chain of
 * some seventeen nodes per lookup).
 *
 * <p>The pid order is an int array sorted once when a walk needs it, not a balanced tree: the
 * image lists its tasks depth first, so a tree would take them in no order at all, and every
 * insertion and every step of a walk would follow entries scattered over the heap (at 100,000
 * tasks the planner spent three times as long per task as at 1,000 in those). Tasks added later
 * (ghosts, placeholders, keepers) mostly come above every pid so far and keep the array sorted.
 */
final class PlanNodes {
    private final IntKeyMap<PlanNode> byPid;
    /** The pids, in the order {@link #put} met them until {@link #order} sorts them. */
    private int[] pids;
    private int count;
    private boolean sorted = true;
    /** Changes since the table was made: a walk that sees it change fails, as a walk of a tree would. */
    private int changes;

    /** A table that holds {@code expected} tasks without growing its index. */
    PlanNodes(int expected) {
        byPid = new IntKeyMap<>(expected);
        pids = new int[Math.max(16, expected)];
    }

    PlanNode get(int pid) {
        return byPid.get(pid);
    }

    boolean contains(int pid) {
        return byPid.containsKey(pid);
    }

    /** Adds n, or replaces the task of its pid. */
    void put(PlanNode n) {
        int pid = n.pid();
        if (!byPid.containsKey(pid)) {
            if (count == pids.length) {
                pids = Arrays.copyOf(pids, 2 * count);
            }
            if (count > 0 && pid < pids[count - 1]) {
                sorted = false;
            }
            pids[count++] = pid;
        }
        byPid.put(pid, n);
        changes++;
    }

    int size() {
        return count;
    }

    /** The pids in ascending order (the array itself, valid up to {@link #count}). */
    private int[] order() {
        if (!sorted) {
            Arrays.sort(pids, 0, count);
            sorted = true;
        }
        return pids;
    }

    /** The tasks in pid order (a live view: copy it to add tasks while walking it). */
    Collection<PlanNode> values() {
        return new AbstractCollection<>() {
            @Override
            public Iterator<PlanNode> iterator() {
                return walk(byPid::get);
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /** The pids in order (a live view). */
    Set<Integer> pids() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Integer> iterator() {
                return walk(Integer::valueOf);
            }

            @Override
            public boolean contains(Object o) {
                return o instanceof Integer pid && byPid.containsKey(pid);
            }

            @Override
            public int size() {
                return count;
            }
        };
    }

    /** Each pid in ascending order, as {@code what} makes of it. */
    private <T> Iterator<T> walk(IntFunction<T> what) {
        int[] in = order();
        int expected = changes;
        return new Iterator<>() {
            private int at;

            @Override
            public boolean hasNext() {
                return at < count;
            }

            @Override
            public T next() {
                if (changes != expected) {
                    throw new ConcurrentModificationException("a task was added to the plan during a walk of its tasks");
                }
                if (at >= count) {
                    throw new NoSuchElementException();
                }
                return what.apply(in[at++]);
            }
        };
    }

    /** The tasks by pid, in pid order, for the plan (which copies them, in that order, once). */
    SortedMap<Integer, PlanNode> asMap() {
        return new Ordered();
    }

    /**
     * The tasks as a sorted map that can only be read in order: what the plan's own copy reads
     * (a sorted map is copied in one pass, any other map entry by entry into a balanced tree).
     */
    private final class Ordered extends AbstractMap<Integer, PlanNode> implements SortedMap<Integer, PlanNode> {
        @Override
        public Set<Map.Entry<Integer, PlanNode>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<Integer, PlanNode>> iterator() {
                    return walk(pid -> new SimpleImmutableEntry<>(pid, byPid.get(pid)));
                }

                @Override
                public int size() {
                    return count;
                }
            };
        }

        @Override
        public PlanNode get(Object pid) {
            return pid instanceof Integer p ? byPid.get(p) : null;
        }

        @Override
        public boolean containsKey(Object pid) {
            return pid instanceof Integer p && byPid.containsKey(p);
        }

        @Override
        public Comparator<? super Integer> comparator() {
            return null; // ascending
        }

        @Override
        public Integer firstKey() {
            if (count == 0) {
                throw new NoSuchElementException();
            }
            return order()[0];
        }

        @Override
        public Integer lastKey() {
            if (count == 0) {
                throw new NoSuchElementException();
            }
            return order()[count - 1];
        }

        @Override
        public SortedMap<Integer, PlanNode> subMap(Integer from, Integer to) {
            throw new UnsupportedOperationException("the plan's tasks are read in order only");
        }

        @Override
        public SortedMap<Integer, PlanNode> headMap(Integer to) {
            throw new UnsupportedOperationException("the plan's tasks are read in order only");
        }

        @Override
        public SortedMap<Integer, PlanNode> tailMap(Integer from) {
            throw new UnsupportedOperationException("the plan's tasks are read in order only");
        }
    }
}
