package org.croracle.impl.restart;

/**
 * {@link IntKeyMap} for int values (a task's parent, session, group, creator): the values sit in
 * an int array too, so a table of 100,000 tasks boxes no pid (a pid above 127 is a new Integer
 * each time it is boxed). No removal: the planner only adds.
 */
final class IntIntMap {
    private final IntSlots slots;
    private int[] values;
    /** When the table grows, each value follows its key. */
    private final IntSlots.Moved grown = newSlot -> {
        int[] moved = new int[values.length * 2];
        for (int j = 0; j < newSlot.length; j++) {
            if (newSlot[j] >= 0) {
                moved[newSlot[j]] = values[j];
            }
        }
        values = moved;
    };

    /** A map that holds {@code expected} entries without growing. */
    IntIntMap(int expected) {
        slots = new IntSlots(expected);
        values = new int[slots.capacity()];
    }

    boolean containsKey(int key) {
        return slots.isUsed(slots.slot(key));
    }

    /** The key's value, or {@code otherwise} if it has none. */
    int get(int key, int otherwise) {
        int i = slots.slot(key);
        return slots.isUsed(i) ? values[i] : otherwise;
    }

    /** The key's value, which it must have. */
    int get(int key) {
        int i = slots.slot(key);
        if (!slots.isUsed(i)) {
            throw new IllegalStateException("no entry for " + key);
        }
        return values[i];
    }

    void put(int key, int value) {
        int i = slots.claim(key, grown);
        values[i] = value;
    }

    int size() {
        return slots.size();
    }
}
