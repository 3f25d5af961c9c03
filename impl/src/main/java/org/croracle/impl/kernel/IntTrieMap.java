package org.croracle.impl.kernel;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.pcollections.AbstractUnmodifiableMap;
import org.pcollections.PSortedMap;
import org.pcollections.PSortedSet;
import org.pcollections.TreePMap;
import org.pcollections.TreePSet;

/**
 * A persistent sorted map from non-negative ints (pids, object ids, objrefs) to values: a trie of
 * 32-slot nodes indexed by the key's bits, five at a time from the highest. A container of 100,000
 * tasks has about half a million objects: a balanced tree compares about twenty boxed keys per
 * lookup there and copies as many nodes per edit, while the trie reads one slot per level (four
 * levels below a million) and an edit copies those four nodes only. Slots in order are keys in
 * ascending order, so iterating is the sorted order the kernel's state is defined in.
 *
 * <p>Negative keys do not occur in the kernel; a map given one becomes a {@link TreePMap}, which
 * orders them. The navigation methods that return other maps (head, tail, sub, descending) are
 * answered by a balanced-tree copy: the kernel's steps do not use them.
 */
final class IntTrieMap<V> extends AbstractUnmodifiableMap<Integer, V> implements PSortedMap<Integer, V> {
    private static final int BITS = 5;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;
    /**
     * The extra slot past the 32 of every node: the token of the {@link Editor} that made the node
     * and may still change it in place, or null.
     */
    private static final int OWNER = WIDTH;
    /** A null value in a slot (an empty slot is Java's null). */
    private static final Object NULL = new Object();
    private static final IntTrieMap<?> EMPTY = new IntTrieMap<>(null, 0, 0);

    /** The root node, null when empty; leaves (shift 0) hold values, other nodes their children. */
    private final Object[] root;
    /** The bit position the root's slot is read at: the root covers keys below 1 << (shift + 5). */
    private final int shift;
    private final int size;

    private IntTrieMap(Object[] root, int shift, int size) {
        this.root = root;
        this.shift = shift;
        this.size = size;
    }

    @SuppressWarnings("unchecked")
    static <V> IntTrieMap<V> empty() {
        return (IntTrieMap<V>) EMPTY;
    }

    /** The slot's content for a key (the value, or NULL for a null value), null if absent. */
    private Object slot(int key) {
        return slot(root, shift, key);
    }

    private static Object slot(Object[] root, int shift, int key) {
        if (key < 0 || root == null || (key >>> shift) >>> BITS != 0) {
            return null;
        }
        Object[] n = root;
        for (int s = shift; s > 0; s -= BITS) {
            n = (Object[]) n[(key >>> s) & MASK];
            if (n == null) {
                return null;
            }
        }
        return n[key & MASK];
    }

    @SuppressWarnings("unchecked")
    private static <V> V value(Object slot) {
        return slot == NULL ? null : (V) slot;
    }

    /** The value at a key, or null (without boxing the key). */
    V get(int key) {
        return value(slot(key));
    }

    @Override
    public V get(Object key) {
        return key instanceof Integer k ? value(slot(k)) : null;
    }

    @Override
    public V getOrDefault(Object key, V otherwise) {
        Object slot = key instanceof Integer k ? slot(k) : null;
        return slot == null ? otherwise : value(slot);
    }

    @Override
    public boolean containsKey(Object key) {
        return key instanceof Integer k && slot(k) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public PSortedMap<Integer, V> plus(Integer key, V value) {
        int k = key;
        if (k < 0) {
            return tree().plus(key, value);
        }
        Object old = slot(k);
        Object v = value == null ? NULL : value;
        if (old == v) {
            return this;
        }
        Object[] r = root;
        int s = shift;
        if (r == null) {
            s = 0;
        }
        while ((k >>> s) >>> BITS != 0) {
            if (r != null) {
                Object[] up = new Object[WIDTH + 1];
                up[0] = r;
                r = up;
            }
            s += BITS;
        }
        return new IntTrieMap<>(put(r, s, k, v), s, old == null ? size + 1 : size);
    }

    private static Object[] put(Object[] node, int s, int key, Object v) {
        Object[] copy = node == null ? new Object[WIDTH + 1] : copy(node);
        int i = (key >>> s) & MASK;
        copy[i] = s == 0 ? v : put((Object[]) copy[i], s - BITS, key, v);
        return copy;
    }

    @Override
    public PSortedMap<Integer, V> minus(Object key) {
        if (!(key instanceof Integer k) || slot(k) == null) {
            return this;
        }
        Object[] r = remove(root, shift, k);
        return r == null ? empty() : new IntTrieMap<>(r, shift, size - 1);
    }

    /** The node without the key, or null if nothing is left in it. */
    private static Object[] remove(Object[] node, int s, int key) {
        int i = (key >>> s) & MASK;
        Object child = s == 0 ? null : remove((Object[]) node[i], s - BITS, key);
        if (child == null && alone(node, i)) {
            return null;
        }
        Object[] copy = copy(node);
        copy[i] = child;
        return copy;
    }

    /** A copy of a node that no editor may change. */
    private static Object[] copy(Object[] node) {
        Object[] copy = node.clone();
        copy[OWNER] = null;
        return copy;
    }

    /** Whether no slot of the node but {@code i} is used. */
    private static boolean alone(Object[] node, int i) {
        for (int j = 0; j < WIDTH; j++) {
            if (j != i && node[j] != null) {
                return false;
            }
        }
        return true;
    }

    /** An editor that starts from this map's entries. */
    Editor<V> edit() {
        return new Editor<>(this);
    }

    /**
     * Many edits of one map by one kernel step (a fork adds a task's objects and takes a reference
     * on each; a checkpoint step adds a task's objects to the objhash). A persistent edit copies
     * every node on the key's path; here a node is copied once, by the first edit that reaches it,
     * and changed in place by the later ones, so a step that edits k nearby keys copies about one
     * path instead of k. The map it started from never changes: only a node this editor made
     * carries its token and is changed in place. {@link #build} gives the editor a new token, so a
     * map it built never changes either.
     */
    static final class Editor<V> {
        private Object token = new Object();
        private Object[] root;
        private int shift;
        private int size;

        private Editor(IntTrieMap<V> from) {
            root = from.root;
            shift = from.shift;
            size = from.size;
        }

        V get(int key) {
            return value(slot(root, shift, key));
        }

        boolean containsKey(int key) {
            return slot(root, shift, key) != null;
        }

        int size() {
            return size;
        }

        /** Sets the key's value; the key is not negative. */
        void put(int key, V value) {
            if (key < 0) {
                throw new IllegalArgumentException("negative key " + key);
            }
            Object v = value == null ? NULL : value;
            if (root == null) {
                shift = 0;
            }
            while ((key >>> shift) >>> BITS != 0) {
                if (root != null) {
                    Object[] up = owned(null);
                    up[0] = root;
                    root = up;
                }
                shift += BITS;
            }
            root = owned(root);
            Object[] n = root;
            for (int s = shift; s > 0; s -= BITS) {
                int i = (key >>> s) & MASK;
                Object[] child = owned((Object[]) n[i]);
                n[i] = child;
                n = child;
            }
            int i = key & MASK;
            if (n[i] == null) {
                size++;
            }
            n[i] = v;
        }

        void remove(int key) {
            if (slot(root, shift, key) == null) {
                return;
            }
            root = remove(root, shift, key);
            size--;
        }

        private Object[] remove(Object[] node, int s, int key) {
            int i = (key >>> s) & MASK;
            Object[] child = s == 0 ? null : remove((Object[]) node[i], s - BITS, key);
            if (child == null && alone(node, i)) {
                return null;
            }
            Object[] mine = owned(node);
            mine[i] = child;
            return mine;
        }

        /** The node if this editor made it, else a copy that it makes (a new node for null). */
        private Object[] owned(Object[] node) {
            if (node != null && node[OWNER] == token) {
                return node;
            }
            Object[] mine = node == null ? new Object[WIDTH + 1] : node.clone();
            mine[OWNER] = token;
            return mine;
        }

        /** The map as edited so far; later edits copy what they change again. */
        IntTrieMap<V> build() {
            token = new Object();
            return root == null ? empty() : new IntTrieMap<>(root, shift, size);
        }
    }

    @Override
    public PSortedMap<Integer, V> plusAll(Map<? extends Integer, ? extends V> map) {
        boolean trieKeys = true;
        for (Integer k : map.keySet()) {
            trieKeys &= k != null && k >= 0;
        }
        if (!trieKeys) {
            PSortedMap<Integer, V> m = this;
            for (Map.Entry<? extends Integer, ? extends V> e : map.entrySet()) {
                m = m.plus(e.getKey(), e.getValue());
            }
            return m;
        }
        if (map.isEmpty()) {
            return this;
        }
        // through an editor: a restored task adds its objects to the restart's objhash of every
        // object so far, and entry by entry each would copy a whole path of the trie
        Editor<V> editor = edit();
        map.forEach(editor::put);
        return editor.build();
    }

    @Override
    public PSortedMap<Integer, V> minusAll(Collection<?> keys) {
        PSortedMap<Integer, V> m = this;
        for (Object k : keys) {
            m = m.minus(k);
        }
        return m;
    }

    /** The keys in ascending order, as a view (no copy). */
    Set<Integer> keys() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Integer> iterator() {
                Cursor c = new Cursor();
                return new Iterator<>() {
                    @Override
                    public boolean hasNext() {
                        return c.hasNext();
                    }

                    @Override
                    public Integer next() {
                        return c.next().getKey();
                    }
                };
            }

            @Override
            public boolean contains(Object o) {
                return containsKey(o);
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @Override
    public Set<Map.Entry<Integer, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<Integer, V>> iterator() {
                return new Cursor();
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** Walks the trie depth first, slots in order: the entries in ascending key order. */
    private final class Cursor implements Iterator<Map.Entry<Integer, V>> {
        private final Object[][] nodes = new Object[8][];
        private final int[] at = new int[8];
        private final int leaf = shift / BITS;
        private int level;
        private Map.Entry<Integer, V> next;

        Cursor() {
            nodes[0] = root;
            at[0] = -1;
            level = root == null ? -1 : 0;
            advance();
        }

        private void advance() {
            while (level >= 0) {
                int p = ++at[level];
                if (p >= WIDTH) {
                    level--;
                    continue;
                }
                Object c = nodes[level][p];
                if (c == null) {
                    continue;
                }
                if (level == leaf) {
                    int key = 0;
                    for (int l = 0; l <= leaf; l++) {
                        key |= at[l] << (shift - l * BITS);
                    }
                    next = new AbstractMap.SimpleImmutableEntry<>(key, value(c));
                    return;
                }
                level++;
                nodes[level] = (Object[]) c;
                at[level] = -1;
            }
            next = null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Map.Entry<Integer, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Map.Entry<Integer, V> e = next;
            advance();
            return e;
        }
    }

    /** The same entries in a balanced tree, for the navigation this map does not answer itself. */
    private PSortedMap<Integer, V> tree() {
        return TreePMap.<Integer, V>empty().plusAll(this);
    }

    @Override
    public Comparator<? super Integer> comparator() {
        return null; // ascending: the keys' natural order
    }

    @Override
    public Map.Entry<Integer, V> firstEntry() {
        Iterator<Map.Entry<Integer, V>> i = entrySet().iterator();
        return i.hasNext() ? i.next() : null;
    }

    @Override
    public Map.Entry<Integer, V> lastEntry() {
        if (root == null) {
            return null;
        }
        Object[] n = root;
        int key = 0;
        for (int s = shift; ; s -= BITS) {
            int i = WIDTH - 1;
            while (n[i] == null) {
                i--;
            }
            key |= i << s;
            if (s == 0) {
                return new AbstractMap.SimpleImmutableEntry<>(key, value(n[i]));
            }
            n = (Object[]) n[i];
        }
    }

    @Override
    public Integer firstKey() {
        Map.Entry<Integer, V> e = firstEntry();
        if (e == null) {
            throw new NoSuchElementException();
        }
        return e.getKey();
    }

    @Override
    public Integer lastKey() {
        Map.Entry<Integer, V> e = lastEntry();
        if (e == null) {
            throw new NoSuchElementException();
        }
        return e.getKey();
    }

    @Override
    public PSortedSet<Integer> keySet() {
        return TreePSet.from(keys());
    }

    @Override
    public PSortedSet<Integer> navigableKeySet() {
        return keySet();
    }

    @Override
    public PSortedSet<Integer> descendingKeySet() {
        return tree().descendingKeySet();
    }

    @Override
    public PSortedMap<Integer, V> descendingMap() {
        return tree().descendingMap();
    }

    @Override
    public PSortedMap<Integer, V> headMap(Integer to) {
        return tree().headMap(to);
    }

    @Override
    public PSortedMap<Integer, V> headMap(Integer to, boolean inclusive) {
        return tree().headMap(to, inclusive);
    }

    @Override
    public PSortedMap<Integer, V> tailMap(Integer from) {
        return tree().tailMap(from);
    }

    @Override
    public PSortedMap<Integer, V> tailMap(Integer from, boolean inclusive) {
        return tree().tailMap(from, inclusive);
    }

    @Override
    public PSortedMap<Integer, V> subMap(Integer from, Integer to) {
        return tree().subMap(from, to);
    }

    @Override
    public PSortedMap<Integer, V> subMap(Integer from, boolean fromInclusive, Integer to, boolean toInclusive) {
        return tree().subMap(from, fromInclusive, to, toInclusive);
    }

    @Override
    public PSortedMap<Integer, V> minusFirstEntry() {
        return isEmpty() ? this : minus(firstKey());
    }

    @Override
    public PSortedMap<Integer, V> minusLastEntry() {
        return isEmpty() ? this : minus(lastKey());
    }

    @Override
    public Map.Entry<Integer, V> lowerEntry(Integer key) {
        return tree().lowerEntry(key);
    }

    @Override
    public Integer lowerKey(Integer key) {
        return tree().lowerKey(key);
    }

    @Override
    public Map.Entry<Integer, V> floorEntry(Integer key) {
        return tree().floorEntry(key);
    }

    @Override
    public Integer floorKey(Integer key) {
        return tree().floorKey(key);
    }

    @Override
    public Map.Entry<Integer, V> ceilingEntry(Integer key) {
        return tree().ceilingEntry(key);
    }

    @Override
    public Integer ceilingKey(Integer key) {
        return tree().ceilingKey(key);
    }

    @Override
    public Map.Entry<Integer, V> higherEntry(Integer key) {
        return tree().higherEntry(key);
    }

    @Override
    public Integer higherKey(Integer key) {
        return tree().higherKey(key);
    }
}
