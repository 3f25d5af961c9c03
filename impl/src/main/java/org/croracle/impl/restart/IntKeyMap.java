package org.croracle.impl.restart;

import java.util.function.IntFunction;

/**
 * A mutable hash map from ints (pids) to non-null values, for the planner's tables of a whole
 * tree: keys sit in one int array (open addressing, linear probing), so a lookup among 100,000
 * tasks reads one or two slots of it instead of a chain of entries and boxed keys scattered over
 * the heap. No removal: the planner only adds.
 */
final class IntKeyMap<V> {
    private int[] keys;
    private Object[] values;
    private int size;

    /** A map that holds {@code expected} entries without growing. */
    IntKeyMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new int[capacity];
        values = new Object[capacity];
    }

    private int slot(int key) {
        int mask = keys.length - 1;
        int i = (key * 0x9E3779B9) >>> 7 & mask; // the product's middle bits: dense pids spread over the table
        while (values[i] != null && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        return (V) values[slot(key)];
    }

    V getOrDefault(int key, V otherwise) {
        V v = get(key);
        return v == null ? otherwise : v;
    }

    boolean containsKey(int key) {
        return values[slot(key)] != null;
    }

    void put(int key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("a null value for " + key);
        }
        int i = slot(key);
        if (values[i] == null) {
            if (2 * (size + 1) > keys.length) {
                grow();
                i = slot(key);
            }
            size++;
        }
        keys[i] = key;
        values[i] = value;
    }

    V computeIfAbsent(int key, IntFunction<V> make) {
        V v = get(key);
        if (v == null) {
            v = make.apply(key);
            put(key, v);
        }
        return v;
    }

    int size() {
        return size;
    }

    private void grow() {
        int[] oldKeys = keys;
        Object[] oldValues = values;
        keys = new int[oldKeys.length * 2];
        values = new Object[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldValues[j] != null) {
                int i = slot(oldKeys[j]);
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }
}
