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
}
