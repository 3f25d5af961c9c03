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

    /** An editor of a persistent map of int keys, starting from {@code m}'s entries. */
    public static <V> IntMapEditor<V> edit(SortedMap<Integer, V> m) {
        return new IntMapEditor<>(map(m));
    }

    /**
     * Many edits of a map by one kernel step, then the persistent map they make: for a map of
     * non-negative int keys ({@link #intMap}) each node on the edited paths is copied once per
     * step, not once per edit; any other map is edited entry by entry. The map it starts from
     * never changes, nor does one it has built.
     */
    public static final class IntMapEditor<V> {
        private IntTrieMap.Editor<V> trie;
        private PSortedMap<Integer, V> other;

        @SuppressWarnings("unchecked")
        private IntMapEditor(PSortedMap<Integer, V> m) {
            if (m instanceof IntTrieMap<?> t) {
                trie = ((IntTrieMap<V>) t).edit();
            } else {
                other = m;
            }
        }

        public V get(int key) {
            return trie != null ? trie.get(key) : other.get(key);
        }

        public V getOrDefault(int key, V otherwise) {
            if (trie == null) {
                return other.getOrDefault(key, otherwise);
            }
            return trie.containsKey(key) ? trie.get(key) : otherwise;
        }

        public boolean containsKey(int key) {
            return trie != null ? trie.containsKey(key) : other.containsKey(key);
        }

        public int size() {
            return trie != null ? trie.size() : other.size();
        }

        public void put(int key, V value) {
            if (trie != null && key < 0) {
                other = trie.build(); // a key the trie does not hold: edited as a balanced tree from now on
                trie = null;
            }
            if (trie != null) {
                trie.put(key, value);
            } else {
                other = other.plus(key, value);
            }
        }

        public void remove(int key) {
            if (trie != null) {
                trie.remove(key);
            } else {
                other = other.minus(key);
            }
        }

        /** The map as edited so far (the editor may go on). */
        public PSortedMap<Integer, V> build() {
            return trie != null ? trie.build() : other;
        }
    }

    /**
     * The keys of a persistent map of int keys, as a persistent set: for a map of non-negative
     * keys ({@link #intMap}) the set is the map's own trie, made in no time and taking no room.
     */
    public static PSortedSet<Integer> keys(SortedMap<Integer, ?> m) {
        PSortedMap<Integer, ?> p = map(m);
        return p instanceof IntTrieMap<?> t ? IntTrieSet.of(t) : TreePSet.from(p.keySet());
    }

    /** An editor of a persistent set of ints, starting from {@code s}'s elements. */
    public static IntSetEditor edit(SortedSet<Integer> s) {
        return new IntSetEditor(set(s));
    }

    /** A set's {@link IntMapEditor}: many additions by one kernel step, then the persistent set. */
    public static final class IntSetEditor {
        private IntMapEditor<Object> trie;
        private PSortedSet<Integer> other;

        @SuppressWarnings("unchecked")
        private IntSetEditor(PSortedSet<Integer> s) {
            if (s instanceof IntTrieSet t) {
                trie = new IntMapEditor<>((PSortedMap<Integer, Object>) t.map());
            } else {
                other = s;
            }
        }

        public boolean contains(int e) {
            return trie != null ? trie.containsKey(e) : other.contains(e);
        }

        public void add(int e) {
            if (trie != null && e < 0) {
                other = build(); // an element the trie does not hold: a balanced tree from now on
                trie = null;
            }
            if (trie != null) {
                if (!trie.containsKey(e)) {
                    trie.put(e, Boolean.TRUE); // an element already there keeps its value (its trie may be a map's)
                }
            } else {
                other = other.plus(e);
            }
        }

        public PSortedSet<Integer> build() {
            return trie != null ? IntTrieSet.of(trie.build()) : other;
        }
    }

    @SuppressWarnings("unchecked")
    private static <E> java.util.Comparator<? super E> naturalOrder() {
        return (java.util.Comparator<? super E>) java.util.Comparator.naturalOrder();
    }
}
