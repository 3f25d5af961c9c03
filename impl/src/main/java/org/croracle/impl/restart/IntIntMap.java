package org.croracle.impl.restart;

/**
 * {@link IntKeyMap} for int values (a task's parent, session, group, creator): the values sit in
 * an int array too, so a table of 100,000 tasks boxes no pid (a pid above 127 is a new Integer
 * each time it is boxed). No removal: the planner only adds.
 */
final class IntIntMap {
    private int[] keys;
    private int[] values;
    private boolean[] used;
    private int size;

    /** A map that holds {@code expected} entries without growing. */
    IntIntMap(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new int[capacity];
        values = new int[capacity];
        used = new boolean[capacity];
    }

    private int slot(int key) {
        int mask = keys.length - 1;
        int i = (key * 0x9E3779B9) >>> 7 & mask; // as IntKeyMap: dense pids spread over the table
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    boolean containsKey(int key) {
        return used[slot(key)];
    }

    /** The key's value, or {@code otherwise} if it has none. */
    int get(int key, int otherwise) {
        int i = slot(key);
        return used[i] ? values[i] : otherwise;
    }

    /** The key's value, which it must have. */
    int get(int key) {
        int i = slot(key);
        if (!used[i]) {
            throw new IllegalStateException("no entry for " + key);
        }
        return values[i];
    }

    void put(int key, int value) {
        int i = slot(key);
        if (!used[i]) {
            if (2 * (size + 1) > keys.length) {
                grow();
                i = slot(key);
            }
            size++;
            used[i] = true;
            keys[i] = key;
        }
        values[i] = value;
    }

    int size() {
        return size;
    }

    private void grow() {
        int[] oldKeys = keys;
        int[] oldValues = values;
        boolean[] oldUsed = used;
        keys = new int[oldKeys.length * 2];
        values = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        for (int j = 0; j < oldKeys.length; j++) {
            if (oldUsed[j]) {
                int i = slot(oldKeys[j]);
                used[i] = true;
                keys[i] = oldKeys[j];
                values[i] = oldValues[j];
            }
        }
    }
}
