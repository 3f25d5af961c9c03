package org.croracle.impl.kernel;

import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;

import org.pcollections.AbstractUnmodifiableSet;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePSet;

/**
 * A persistent sorted set of non-negative ints (object ids, pids): the keys of an
 * {@link IntTrieMap}, for the same reason (a set of half a million objects is asked and grown at
 * every object a checkpoint writes). Negative elements and the navigation that returns other sets
 * go to a {@link TreePSet} copy: the kernel's steps have neither. The trie may be another map's,
 * whose values the set ignores: a set of the keys costs nothing more than the map.
 */
final class IntTrieSet extends AbstractUnmodifiableSet<Integer> implements PSortedSet<Integer> {
    private static final IntTrieSet EMPTY = new IntTrieSet(IntTrieMap.empty());

    private final PSortedMap<Integer, ?> map;

    private IntTrieSet(PSortedMap<Integer, ?> map) {
        this.map = map;
    }

    static IntTrieSet empty() {
        return EMPTY;
    }

    /** The set of a map's keys (values ignored). */
    static IntTrieSet of(PSortedMap<Integer, ?> map) {
        return map.isEmpty() ? EMPTY : new IntTrieSet(map);
    }

    /** The map whose keys the set is. */
    PSortedMap<Integer, ?> map() {
        return map;
    }

    @Override
    public boolean contains(Object o) {
        return map.containsKey(o);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Iterator<Integer> iterator() {
        return ((IntTrieMap<?>) map).keys().iterator();
    }

    @Override
    public PSortedSet<Integer> plus(Integer e) {
        if (e < 0) {
            return tree().plus(e);
        }
        if (map.containsKey(e)) {
            return this; // and its value, which may be another map's, stays
        }
        @SuppressWarnings("unchecked")
        PSortedMap<Integer, Object> keys = (PSortedMap<Integer, Object>) map;
        return new IntTrieSet(keys.plus(e, Boolean.TRUE));
    }

    @Override
    public PSortedSet<Integer> plusAll(Collection<? extends Integer> list) {
        PSortedSet<Integer> s = this;
        for (Integer e : list) {
            s = s.plus(e);
        }
        return s;
    }

    @Override
    public PSortedSet<Integer> minus(Object e) {
        PSortedMap<Integer, ?> m = map.minus(e);
        return m == map ? this : m.isEmpty() ? EMPTY : new IntTrieSet(m);
    }

    @Override
    public PSortedSet<Integer> minusAll(Collection<?> list) {
        PSortedSet<Integer> s = this;
        for (Object e : list) {
            s = s.minus(e);
        }
        return s;
    }

    private PSortedSet<Integer> tree() {
        return TreePSet.from(this);
    }

    @Override
    public Comparator<? super Integer> comparator() {
        return null; // ascending: the elements' natural order
    }

    @Override
    public Integer first() {
        return map.firstKey();
    }

    @Override
    public Integer last() {
        return map.lastKey();
    }

    @Override
    public PSortedSet<Integer> minusFirst() {
        return isEmpty() ? this : minus(first());
    }

    @Override
    public PSortedSet<Integer> minusLast() {
        return isEmpty() ? this : minus(last());
    }

    @Override
    public Integer pollFirst() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Integer pollLast() {
        throw new UnsupportedOperationException();
    }

    @Override
    public PSortedSet<Integer> descendingSet() {
        return tree().descendingSet();
    }

    @Override
    public Iterator<Integer> descendingIterator() {
        return tree().descendingIterator();
    }

    @Override
    public PSortedSet<Integer> headSet(Integer to) {
        return tree().headSet(to);
    }

    @Override
    public PSortedSet<Integer> headSet(Integer to, boolean inclusive) {
        return tree().headSet(to, inclusive);
    }

    @Override
    public PSortedSet<Integer> tailSet(Integer from) {
        return tree().tailSet(from);
    }

    @Override
    public PSortedSet<Integer> tailSet(Integer from, boolean inclusive) {
        return tree().tailSet(from, inclusive);
    }

    @Override
    public PSortedSet<Integer> subSet(Integer from, Integer to) {
        return tree().subSet(from, to);
    }

    @Override
    public PSortedSet<Integer> subSet(Integer from, boolean fromInclusive, Integer to, boolean toInclusive) {
        return tree().subSet(from, fromInclusive, to, toInclusive);
    }

    @Override
    public Integer lower(Integer e) {
        return tree().lower(e);
    }

    @Override
    public Integer floor(Integer e) {
        return tree().floor(e);
    }

    @Override
    public Integer ceiling(Integer e) {
        return tree().ceiling(e);
    }

    @Override
    public Integer higher(Integer e) {
        return tree().higher(e);
    }
}
