package org.croracle.impl.restart;

/**
 * The keys of an int-keyed hash table (open addressing) for the planner's tables
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

    /**
     * The key's slot if it has one, else the free slot it would take. A key below the capacity
     * starts at its own index, and higher ones at their low bits moved by a multiple of their
     * high bits: a tree's pids (1 to about its size, which the capacity is at least twice) each
     * sit at their own index, and a walk of the tasks in pid order reads each array in order,
     * where a spreading hash made every step of such a walk a jump across the heap (at 100,000
     * tasks that was a third of the planner's time). A collision then steps by an odd amount of
     * the key's own, not to the next slot: pids fill a run of slots, and a key that starts
     * inside that run must not walk to its end.
     */
    int slot(int key) {
        int mask = keys.length - 1;
        int i = (key + (key >>> Integer.numberOfTrailingZeros(keys.length)) * 0x9E3779B9) & mask;
        if (!used[i] || keys[i] == key) {
            return i;
        }
        int step = ((key * 0x9E3779B9) >>> 16) | 1; // odd: in a table of 2^k slots it reaches every one
        do {
            i = (i + step) & mask;
        } while (used[i] && keys[i] != key);
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
