package org.croracle.impl.restart;

import java.util.function.IntFunction;

/**
 * A mutable hash map from ints (pids) to non-null values, for the planner's tables of a whole
 * tree, over {@link IntSlots}. No removal: the planner only adds.
 */
final class IntKeyMap<V> {
    private final IntSlots slots;
    private Object[] values;
    /** When the table grows, each value follows its key. */
    private final IntSlots.Moved grown = newSlot -> {
        Object[] moved = new Object[values.length * 2];
        for (int j = 0; j < newSlot.length; j++) {
            if (newSlot[j] >= 0) {
                moved[newSlot[j]] = values[j];
            }
        }
        values = moved;
    };

    /** A map that holds {@code expected} entries without growing. */
    IntKeyMap(int expected) {
        slots = new IntSlots(expected);
        values = new Object[slots.capacity()];
    }

    @SuppressWarnings("unchecked")
    V get(int key) {
        return (V) values[slots.slot(key)];
    }

    V getOrDefault(int key, V otherwise) {
        V v = get(key);
        return v == null ? otherwise : v;
    }

    boolean containsKey(int key) {
        return slots.isUsed(slots.slot(key));
    }

    void put(int key, V value) {
        if (value == null) {
            throw new IllegalArgumentException("a null value for " + key);
        }
        int i = slots.claim(key, grown);
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
        return slots.size();
    }
}
