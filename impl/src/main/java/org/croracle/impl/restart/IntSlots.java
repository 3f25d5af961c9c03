package org.croracle.impl.restart;

/**
 * The keys of an int-keyed hash table (open addressing, linear probing) for the planner's tables
 * of a whole tree: keys sit in one int array, so a lookup among 100,000 tasks reads one or two
 * slots of it instead of a chain of entries and boxed keys scattered over the heap. The maps over
 * it ({@link IntKeyMap}, {@link IntIntMap}) keep their values in arrays of their own, slot for
 * slot. No removal: the planner only adds.
 */
final class IntSlots {
    private int[] keys;
    private boolean[] used;
    private int size;

    /** A table that holds {@code expected} keys without growing. */
    IntSlots(int expected) {
        int capacity = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
        keys = new int[capacity];
        used = new boolean[capacity];
    }

    int capacity() {
        return keys.length;
    }

    int size() {
        return size;
    }

    /** The key's slot if it has one, else the free slot it would take. */
    int slot(int key) {
        int mask = keys.length - 1;
        int i = (key * 0x9E3779B9) >>> 7 & mask; // the product's middle bits: dense pids spread over the table
        while (used[i] && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    boolean isUsed(int slot) {
        return used[slot];
    }

    /**
     * The slot of {@code key}, taken for it if it had none. The table may grow first: then
     * {@code moved} receives, for each old slot, the new one its key went to, so that the caller
     * moves its values alike.
     */
    int claim(int key, Moved moved) {
        int i = slot(key);
        if (used[i]) {
            return i;
        }
        if (2 * (size + 1) > keys.length) {
            moved.to(grow());
            i = slot(key);
        }
        used[i] = true;
        keys[i] = key;
        size++;
        return i;
    }

    /** What a map does with its values when the table grows. */
    interface Moved {
        /** {@code newSlot[j]} is where old slot j's key went (-1 for an empty slot); the table is twice as large. */
        void to(int[] newSlot);
    }

    private int[] grow() {
        int[] oldKeys = keys;
        boolean[] oldUsed = used;
        keys = new int[oldKeys.length * 2];
        used = new boolean[oldKeys.length * 2];
        int[] newSlot = new int[oldKeys.length];
        for (int j = 0; j < oldKeys.length; j++) {
            newSlot[j] = -1;
            if (oldUsed[j]) {
                int i = slot(oldKeys[j]);
                used[i] = true;
                keys[i] = oldKeys[j];
                newSlot[j] = i;
            }
        }
        return newSlot;
    }
}
