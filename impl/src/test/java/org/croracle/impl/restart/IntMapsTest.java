package org.croracle.impl.restart;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The planner's int-keyed maps answer as a HashMap of the same entries, through every growth of their table. */
class IntMapsTest {

    @Test
    void bothMapsAgreeWithAHashMapWhileTheyGrow() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 20; round++) {
            IntKeyMap<String> objects = new IntKeyMap<>(random.nextInt(4));
            IntIntMap ints = new IntIntMap(random.nextInt(4));
            Map<Integer, Integer> expected = new HashMap<>();
            int range = 1 + random.nextInt(5_000);
            for (int n = 0; n < 3_000; n++) {
                int key = random.nextInt(range);
                int value = random.nextInt(100_000);
                objects.put(key, "v" + value);
                ints.put(key, value);
                expected.put(key, value);
            }
            assertEquals(expected.size(), objects.size());
            assertEquals(expected.size(), ints.size());
            for (int key = -1; key <= range; key++) {
                Integer want = expected.get(key);
                assertEquals(want == null ? null : "v" + want, objects.get(key), "key " + key);
                assertEquals(want != null, objects.containsKey(key));
                assertEquals(want != null, ints.containsKey(key));
                assertEquals(want == null ? -7 : want, ints.get(key, -7));
            }
        }
        assertThrows(IllegalStateException.class, () -> new IntIntMap(1).get(3));
        assertThrows(IllegalArgumentException.class, () -> new IntKeyMap<String>(1).put(3, null));
    }

    /**
     * Keys that all start at one slot (multiples of the table's size, whose low bits are 0) and
     * keys above a dense run of pids: both still found, and a run of dense pids does not make a
     * key that starts inside it walk the run (the test would take minutes if it did).
     */
    @Test
    void keysThatStartAtTheSameSlotOrInsideARunAreFound() {
        IntIntMap strided = new IntIntMap(1_024);
        Map<Integer, Integer> expected = new HashMap<>();
        for (int i = 1; i <= 1_000; i++) {
            strided.put(i * 4_096, i);
            expected.put(i * 4_096, i);
        }
        expected.forEach((k, v) -> assertEquals(v, strided.get(k, -1), "key " + k));
        assertEquals(-1, strided.get(4_096 * 1_001, -1));

        IntKeyMap<Integer> pids = new IntKeyMap<>(100_000);
        for (int pid = 1; pid <= 100_000; pid++) {
            pids.put(pid, pid);
        }
        for (int high = 1 << 20; high < (1 << 20) + 100_000; high++) {
            assertEquals(null, pids.get(high));
            pids.put(high, -high);
        }
        for (int pid = 1; pid <= 100_000; pid++) {
            assertEquals(pid, pids.get(pid));
            assertEquals(-(pid + (1 << 20) - 1), pids.get(pid + (1 << 20) - 1));
        }
        assertEquals(200_000, pids.size());
    }
}
