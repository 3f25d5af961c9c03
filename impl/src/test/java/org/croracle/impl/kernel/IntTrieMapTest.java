package org.croracle.impl.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.pcollections.PSortedMap;

/**
 * The kernel's tries behave as the collections they stand for: random edits of the int-keyed map
 * (keys dense and sparse, up to the largest int) give the contents, order, first and last keys of
 * a TreeMap, the set those of a TreeSet, appends to the vector those of an ArrayList; and every
 * earlier version stays as it was.
 */
class IntTrieMapTest {

    @Test
    void randomEditsMatchATreeMapAndKeepEveryVersion() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 50; round++) {
            int bound = round % 3 == 0 ? 40 : round % 3 == 1 ? 5_000 : Integer.MAX_VALUE;
            PSortedMap<Integer, Integer> m = Persistent.intMap();
            TreeMap<Integer, Integer> expected = new TreeMap<>();
            List<PSortedMap<Integer, Integer>> versions = new ArrayList<>();
            List<TreeMap<Integer, Integer>> contents = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int key = random.nextInt(bound);
                if (random.nextInt(3) == 0) {
                    m = m.minus(key);
                    expected.remove(key);
                } else {
                    int value = random.nextInt(10);
                    m = m.plus(key, value);
                    expected.put(key, value);
                }
                versions.add(m);
                contents.add(new TreeMap<>(expected));
                assertEquals(expected, m);
                assertEquals(expected.size(), m.size());
                assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(m.entrySet()));
                if (!expected.isEmpty()) {
                    assertEquals(expected.firstKey(), m.firstKey());
                    assertEquals(expected.lastKey(), m.lastKey());
                }
                assertEquals(expected.get(key), m.get(key));
                assertEquals(expected.containsKey(key), m.containsKey(key));
            }
            for (int i = 0; i < versions.size(); i++) {
                assertEquals(contents.get(i), versions.get(i));
                assertEquals(new ArrayList<>(contents.get(i).keySet()), new ArrayList<>(versions.get(i).keySet()));
            }
            assertEquals(expected.headMap(bound / 2), m.headMap(bound / 2));
        }
    }

    @Test
    void anEditorMatchesATreeMapAndChangesNoMapItStartedFromOrBuilt() {
        SplittableRandom random = new SplittableRandom(11);
        for (int round = 0; round < 50; round++) {
            int bound = round % 3 == 0 ? 40 : round % 3 == 1 ? 5_000 : Integer.MAX_VALUE;
            PSortedMap<Integer, Integer> start = Persistent.intMap();
            for (int i = 0; i < 100; i++) {
                start = start.plus(random.nextInt(bound), i);
            }
            TreeMap<Integer, Integer> startContents = new TreeMap<>(start);
            Persistent.IntMapEditor<Integer> e = Persistent.edit(start);
            TreeMap<Integer, Integer> expected = new TreeMap<>(start);
            List<PSortedMap<Integer, Integer>> built = new ArrayList<>();
            List<TreeMap<Integer, Integer>> contents = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int key = random.nextInt(bound);
                if (random.nextInt(3) == 0) {
                    e.remove(key);
                    expected.remove(key);
                } else {
                    int value = random.nextInt(10);
                    e.put(key, value);
                    expected.put(key, value);
                }
                assertEquals(expected.get(key), e.get(key));
                assertEquals(expected.containsKey(key), e.containsKey(key));
                assertEquals(expected.size(), e.size());
                if (random.nextInt(20) == 0) {
                    built.add(e.build());
                    contents.add(new TreeMap<>(expected));
                }
            }
            PSortedMap<Integer, Integer> last = e.build();
            assertEquals(expected, last);
            assertEquals(new ArrayList<>(expected.entrySet()), new ArrayList<>(last.entrySet()));
            assertEquals(startContents, start);
            for (int i = 0; i < built.size(); i++) {
                assertEquals(contents.get(i), built.get(i));
            }
        }
    }

    @Test
    void theSetMatchesATreeSet() {
        SplittableRandom random = new SplittableRandom(11);
        org.pcollections.PSortedSet<Integer> set = Persistent.set(IntTrieSet.empty());
        java.util.TreeSet<Integer> expected = new java.util.TreeSet<>();
        for (int i = 0; i < 2_000; i++) {
            int e = random.nextInt(i % 2 == 0 ? 100 : 1 << 20);
            if (random.nextInt(4) == 0) {
                set = set.minus(e);
                expected.remove(e);
            } else {
                set = set.plus(e);
                expected.add(e);
            }
            assertEquals(expected, set);
            assertEquals(expected.contains(e), set.contains(e));
        }
        assertEquals(new ArrayList<>(expected), new ArrayList<>(set));
        assertEquals(expected.first(), set.first());
        assertEquals(expected.last(), set.last());
    }

    @Test
    void theVectorAppendsAsAListAndKeepsEveryVersion() {
        org.pcollections.PVector<Integer> v = Persistent.list(TrieVector.empty());
        List<Integer> expected = new ArrayList<>();
        List<org.pcollections.PVector<Integer>> kept = new ArrayList<>();
        for (int i = 0; i < 40_000; i++) { // past 32, 32^2 and 32^3 elements: the trie grows three levels
            v = v.plus(i * 7);
            expected.add(i * 7);
            if (Integer.bitCount(i + 1) == 1 || i % 997 == 0) {
                kept.add(v);
            }
        }
        assertEquals(expected, v);
        assertEquals(expected.hashCode(), v.hashCode());
        for (org.pcollections.PVector<Integer> old : kept) {
            assertEquals(expected.subList(0, old.size()), old);
        }
        assertEquals(expected.subList(5, 70), v.subList(5, 70));
        assertEquals(List.of(1, 2, 3), Persistent.list(TrieVector.<Integer>empty()).plus(1).plus(3).plus(1, 2));
    }

    @Test
    void aNegativeKeyKeepsTheOrder() {
        PSortedMap<Integer, String> m = Persistent.<String>intMap().plus(3, "c").plus(-1, "a").plus(0, "b");
        assertEquals(List.of(-1, 0, 3), new ArrayList<>(m.keySet()));
    }
}
