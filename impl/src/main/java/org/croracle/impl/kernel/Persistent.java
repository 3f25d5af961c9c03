package org.croracle.impl.kernel;

import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;

import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.PVector;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;
import org.pcollections.TreePVector;

/**
 * The persistent (immutable, structure-sharing) form of the collections the kernel state is made
 * of. A state keeps its maps in this form, so that the next step changes one entry in O(log n)
 * ({@code plus}, {@code minus}) and shares the rest, while the state before it, which the oracle
 * still holds, stays exactly as it was. A collection already in this form is returned as it is (it
 * cannot change); any other one is copied once, in its own order.
 */
public final class Persistent {
    private Persistent() {}

    @SuppressWarnings("unchecked")
    public static <K, V> PSortedMap<K, V> map(SortedMap<K, V> m) {
        if (m instanceof IntTrieMap<?> p) {
            return (PSortedMap<K, V>) p;
        }
        return m instanceof TreePMap<K, V> p ? p : TreePMap.fromSortedMap(m);
    }

    /**
     * An empty persistent map of non-negative int keys (pids, object ids): the kind the kernel's
     * large tables are made of, for the lookups and edits they take at every step.
     */
    public static <V> PSortedMap<Integer, V> intMap() {
        return IntTrieMap.empty();
    }

    /** A persistent set of non-negative ints (pids, object ids) with one element, of the same kind. */
    public static PSortedSet<Integer> intSet(int element) {
        return IntTrieSet.empty().plus(element);
    }

    @SuppressWarnings("unchecked")
    public static <E> PSortedSet<E> set(SortedSet<E> s) {
        if (s instanceof IntTrieSet p) {
            return (PSortedSet<E>) p;
        }
        return s instanceof TreePSet<E> p ? p : TreePSet.from(s.comparator() == null ? naturalOrder() : s.comparator(), s);
    }

    public static <E> PVector<E> list(List<E> l) {
        if (l instanceof TrieVector<E> p) {
            return p;
        }
        return l instanceof TreePVector<E> p ? p : TreePVector.from(l);
    }

    @SuppressWarnings("unchecked")
    private static <E> java.util.Comparator<? super E> naturalOrder() {
        return (java.util.Comparator<? super E>) java.util.Comparator.naturalOrder();
    }
}
