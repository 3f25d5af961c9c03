package org.croracle.model.tla;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.BiConsumer;
import java.util.function.IntFunction;

/**
 * An immutable sorted map held in two arrays, keys in order: the fields of a record and the
 * mapping of a function. The oracle builds an abstract state at every kernel step, a record per
 * task and a function per variable, and compares it with the last one; a red-black tree allocates
 * a node per entry and rebalances on every insertion, where these are built once, read by binary
 * search and compared array against array.
 */
final class SortedArrayMap<K, V> extends AbstractMap<K, V> implements SortedMap<K, V> {
    private final Object[] keys;
    private final Object[] values;
    /** The order of the keys; null for their natural order. */
    private final Comparator<? super K> order;
    private int hash;

    private SortedArrayMap(Object[] keys, Object[] values, Comparator<? super K> order) {
        this.keys = keys;
        this.values = values;
        this.order = order;
    }

    /** The entries of {@code map}, sorted by {@code order} (null: natural); a later duplicate key is impossible in a map. */
    static <K, V> SortedArrayMap<K, V> of(Map<? extends K, ? extends V> map, Comparator<? super K> order) {
        if (map instanceof SortedArrayMap<?, ?> same && same.order == order) {
            @SuppressWarnings("unchecked")
            SortedArrayMap<K, V> kept = (SortedArrayMap<K, V>) same;
            return kept;
        }
        int n = map.size();
        Object[] keys = new Object[n];
        Object[] values = new Object[n];
        int i = 0;
        boolean sorted = true;
        for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
            keys[i] = e.getKey();
            values[i] = e.getValue();
            if (i > 0 && sorted && compare(order, keys[i - 1], keys[i]) >= 0) {
                sorted = false;
            }
            i++;
        }
        if (!sorted && n <= 16) {
            // A record's handful of fields: an insertion sort of the two arrays in place.
            for (int j = 1; j < n; j++) {
                Object k = keys[j];
                Object v = values[j];
                int at = j - 1;
                while (at >= 0 && compare(order, keys[at], k) > 0) {
                    keys[at + 1] = keys[at];
                    values[at + 1] = values[at];
                    at--;
                }
                keys[at + 1] = k;
                values[at + 1] = v;
            }
            return new SortedArrayMap<>(keys, values, order);
        }
        if (!sorted) {
            Integer[] index = new Integer[n];
            Arrays.setAll(index, j -> j);
            Arrays.sort(index, (a, b) -> compare(order, keys[a], keys[b]));
            Object[] k2 = new Object[n];
            Object[] v2 = new Object[n];
            for (int j = 0; j < n; j++) {
                k2[j] = keys[index[j]];
                v2[j] = values[index[j]];
            }
            return new SortedArrayMap<>(k2, v2, order);
        }
        return new SortedArrayMap<>(keys, values, order);
    }

    /** Keys already in natural ascending order, with their values; refused if they are not. */
    static <K, V> SortedArrayMap<K, V> ofSorted(K[] keys, V[] values) {
        if (keys.length != values.length) {
            throw new IllegalArgumentException(keys.length + " keys and " + values.length + " values");
        }
        for (int i = 1; i < keys.length; i++) {
            if (compare(null, keys[i - 1], keys[i]) >= 0) {
                throw new IllegalArgumentException("keys not in ascending order: " + keys[i - 1] + ", " + keys[i]);
            }
        }
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] == null || values[i] == null) {
                throw new NullPointerException("a null key or value at " + i);
            }
        }
        return new SortedArrayMap<>(keys, values, null);
    }

    @SuppressWarnings("unchecked")
    private static <K> int compare(Comparator<? super K> order, Object a, Object b) {
        return order == null ? ((Comparable<Object>) a).compareTo(b) : order.compare((K) a, (K) b);
    }

    private int indexOf(Object key) {
        if (key == null) {
            return -1;
        }
        int lo = 0;
        int hi = keys.length - 1;
        try {
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = compare(order, keys[mid], key);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
        } catch (ClassCastException e) {
            return -1; // a key of another kind is not in the map
        }
        return -(lo + 1);
    }

    @Override
    public int size() {
        return keys.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @SuppressWarnings("unchecked")
    @Override
    public V get(Object key) {
        int i = indexOf(key);
        return i >= 0 ? (V) values[i] : null;
    }

    @SuppressWarnings("unchecked")
    @Override
    public void forEach(BiConsumer<? super K, ? super V> action) {
        for (int i = 0; i < keys.length; i++) {
            action.accept((K) keys[i], (V) values[i]);
        }
    }

    @Override
    public Set<K> keySet() {
        return new AbstractSet<>() {
            @Override
            @SuppressWarnings("unchecked")
            public Iterator<K> iterator() {
                return over(keys.length, i -> (K) keys[i]);
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public java.util.Collection<V> values() {
        return new java.util.AbstractCollection<>() {
            @Override
            @SuppressWarnings("unchecked")
            public Iterator<V> iterator() {
                return over(values.length, i -> (V) values[i]);
            }

            @Override
            public int size() {
                return values.length;
            }
        };
    }

    /** The elements {@code at(0)} to {@code at(size - 1)}, in order. */
    private static <T> Iterator<T> over(int size, IntFunction<T> at) {
        return new Iterator<>() {
            int next;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public T next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                return at.apply(next++);
            }
        };
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            @SuppressWarnings("unchecked")
            public Iterator<Map.Entry<K, V>> iterator() {
                return over(keys.length, i -> new SimpleImmutableEntry<>((K) keys[i], (V) values[i]));
            }

            @Override
            public int size() {
                return keys.length;
            }
        };
    }

    @Override
    public boolean equals(Object o) {
        if (o == this) {
            return true;
        }
        if (o instanceof SortedArrayMap<?, ?> other && other.order == order) {
            return Arrays.equals(keys, other.keys) && Arrays.equals(values, other.values);
        }
        return super.equals(o);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = super.hashCode();
            hash = h;
        }
        return h;
    }

    @Override
    public Comparator<? super K> comparator() {
        return order;
    }

    @SuppressWarnings("unchecked")
    @Override
    public K firstKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return (K) keys[0];
    }

    @SuppressWarnings("unchecked")
    @Override
    public K lastKey() {
        if (keys.length == 0) {
            throw new NoSuchElementException();
        }
        return (K) keys[keys.length - 1];
    }

    /** The first index whose key is at or above {@code key}. */
    private int ceiling(K key) {
        int i = indexOf(key);
        return i >= 0 ? i : -(i + 1);
    }

    private SortedArrayMap<K, V> range(int from, int to) {
        return new SortedArrayMap<>(Arrays.copyOfRange(keys, from, Math.max(from, to)),
                Arrays.copyOfRange(values, from, Math.max(from, to)), order);
    }

    @Override
    public SortedMap<K, V> subMap(K fromKey, K toKey) {
        if (compare(order, fromKey, toKey) > 0) {
            throw new IllegalArgumentException("fromKey > toKey");
        }
        return range(ceiling(fromKey), ceiling(toKey));
    }

    @Override
    public SortedMap<K, V> headMap(K toKey) {
        return range(0, ceiling(toKey));
    }

    @Override
    public SortedMap<K, V> tailMap(K fromKey) {
        return range(ceiling(fromKey), keys.length);
    }
}
