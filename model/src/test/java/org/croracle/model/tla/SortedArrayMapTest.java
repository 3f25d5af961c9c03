package org.croracle.model.tla;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/** The array-backed sorted map behind records and functions behaves as a TreeMap of the same entries. */
class SortedArrayMapTest {

    @Test
    void randomMapsAgreeWithATreeMapOnEveryQuery() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 500; round++) {
            // in random order: both the small maps' insertion sort and the larger ones' sort
            Map<TlaValue, TlaValue> source = new LinkedHashMap<>();
            int n = random.nextInt(40);
            for (int i = 0; i < n; i++) {
                source.put(TlaValue.of(random.nextInt(100)), TlaValue.of(random.nextInt(5)));
            }
            TreeMap<TlaValue, TlaValue> tree = new TreeMap<>(TlaValues.ORDER);
            tree.putAll(source);
            SortedArrayMap<TlaValue, TlaValue> array = SortedArrayMap.of(source, TlaValues.ORDER);
            assertEquals(tree, array);
            assertEquals(array, tree);
            assertEquals(tree.hashCode(), array.hashCode());
            assertEquals(List.copyOf(tree.keySet()), List.copyOf(array.keySet()));
            assertEquals(List.copyOf(tree.values()), List.copyOf(array.values()));
            for (int k = -1; k <= 100; k++) {
                TlaValue key = TlaValue.of(k);
                assertEquals(tree.get(key), array.get(key), "get " + k);
                assertEquals(tree.containsKey(key), array.containsKey(key));
                assertEquals(tree.headMap(key), array.headMap(key), "headMap " + k);
                assertEquals(tree.tailMap(key), array.tailMap(key), "tailMap " + k);
            }
            if (!tree.isEmpty()) {
                assertEquals(tree.firstKey(), array.firstKey());
                assertEquals(tree.lastKey(), array.lastKey());
                assertEquals(tree.subMap(tree.firstKey(), tree.lastKey()), array.subMap(tree.firstKey(), tree.lastKey()));
            }
        }
    }

    @Test
    void aKeyOfAnotherKindIsAbsentAndTheMapCannotBeChanged() {
        SortedArrayMap<String, TlaValue> fields = SortedArrayMap.of(Map.of("b", TlaValue.of(2), "a", TlaValue.of(1)), null);
        assertEquals(List.of("a", "b"), List.copyOf(fields.keySet()));
        assertNull(fields.get(3));
        assertFalse(fields.containsKey(TlaValue.of(1)));
        assertThrows(UnsupportedOperationException.class, () -> fields.put("c", TlaValue.of(3)));
        assertThrows(UnsupportedOperationException.class, () -> fields.entrySet().clear());
        assertSame(fields, SortedArrayMap.of(fields, null), "an array map in the same order is kept, not copied");
    }

    @Test
    void keysGivenAsSortedMustBeSorted() {
        TlaValue.Record r = TlaValues.record(new String[] {"a", "b"}, TlaValue.of(1), TlaValue.of(2));
        assertEquals(TlaValues.record(Map.of("b", TlaValue.of(2), "a", TlaValue.of(1))), r);
        assertThrows(IllegalArgumentException.class,
                () -> TlaValues.record(new String[] {"b", "a"}, TlaValue.of(1), TlaValue.of(2)));
        assertThrows(IllegalArgumentException.class, () -> TlaValues.record(new String[] {"a"}, TlaValue.of(1), TlaValue.of(2)));
        assertTrue(r.fields() instanceof SortedArrayMap);
    }
}
