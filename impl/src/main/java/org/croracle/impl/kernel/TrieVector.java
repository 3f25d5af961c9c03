package org.croracle.impl.kernel;

import java.util.Arrays;
import java.util.Collection;

import org.pcollections.AbstractUnmodifiableList;
import org.pcollections.PVector;
import org.pcollections.TreePVector;

/**
 * A persistent list that grows at its end (a checkpoint's records: two per object it writes, half
 * a million objects in a container of 100,000 tasks): the last 32 elements in a tail array, the
 * others in a trie of 32-slot nodes. Appending copies the tail, and every 32nd append one path of
 * four nodes, where a balanced tree copies twenty nodes at every append. Edits other than
 * appending go to a {@link TreePVector} copy: the kernel only appends.
 */
final class TrieVector<E> extends AbstractUnmodifiableList<E> implements PVector<E> {
    private static final int BITS = 5;
    private static final int WIDTH = 1 << BITS;
    private static final int MASK = WIDTH - 1;
    private static final TrieVector<?> EMPTY = new TrieVector<>(0, BITS, new Object[WIDTH], new Object[0]);

    private final int size;
    /** The bit position the root's slot is read at. */
    private final int shift;
    private final Object[] root;
    /** The last elements (1 to 32 of them unless the list is empty). */
    private final Object[] tail;

    private TrieVector(int size, int shift, Object[] root, Object[] tail) {
        this.size = size;
        this.shift = shift;
        this.root = root;
        this.tail = tail;
    }

    @SuppressWarnings("unchecked")
    static <E> TrieVector<E> empty() {
        return (TrieVector<E>) EMPTY;
    }

    private int tailOffset() {
        return size - tail.length;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public E get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException("index " + i + " of " + size);
        }
        if (i >= tailOffset()) {
            return (E) tail[i - tailOffset()];
        }
        Object[] n = root;
        for (int s = shift; s > 0; s -= BITS) {
            n = (Object[]) n[(i >>> s) & MASK];
        }
        return (E) n[i & MASK];
    }

    @Override
    public PVector<E> plus(E e) {
        if (tail.length < WIDTH) {
            Object[] t = Arrays.copyOf(tail, tail.length + 1);
            t[tail.length] = e;
            return new TrieVector<>(size + 1, shift, root, t);
        }
        // the full tail goes into the trie, under a new root level if the trie is full
        Object[] r;
        int s = shift;
        if ((size >>> BITS) > (1 << shift)) {
            r = new Object[WIDTH];
            r[0] = root;
            r[1] = path(shift, tail);
            s += BITS;
        } else {
            r = pushTail(shift, root, tail);
        }
        return new TrieVector<>(size + 1, s, r, new Object[] {e});
    }

    /** The node at level s with the full tail added at the trie's end (index size - 32). */
    private Object[] pushTail(int s, Object[] parent, Object[] full) {
        int at = ((size - 1) >>> s) & MASK;
        Object[] copy = parent.clone();
        copy[at] = s == BITS ? full : parent[at] != null ? pushTail(s - BITS, (Object[]) parent[at], full)
                : path(s - BITS, full);
        return copy;
    }

    private static Object[] path(int s, Object[] leaf) {
        if (s == 0) {
            return leaf;
        }
        Object[] n = new Object[WIDTH];
        n[0] = path(s - BITS, leaf);
        return n;
    }

    /** Appends in order; the tail is copied once per 32 elements, not once per element. */
    @Override
    public PVector<E> plusAll(Collection<? extends E> list) {
        TrieVector<E> v = this;
        java.util.Iterator<? extends E> in = list.iterator();
        int left = list.size();
        while (left > 0) {
            if (v.tail.length == WIDTH) {
                v = (TrieVector<E>) v.plus(in.next());
                left--;
                continue;
            }
            int n = Math.min(WIDTH - v.tail.length, left);
            Object[] t = Arrays.copyOf(v.tail, v.tail.length + n);
            for (int i = v.tail.length; i < t.length; i++) {
                t[i] = in.next();
            }
            v = new TrieVector<>(v.size + n, v.shift, v.root, t);
            left -= n;
        }
        return v;
    }

    private TreePVector<E> tree() {
        return TreePVector.from(this);
    }

    @Override
    public PVector<E> with(int i, E e) {
        return tree().with(i, e);
    }

    @Override
    public PVector<E> plus(int i, E e) {
        return i == size ? plus(e) : tree().plus(i, e);
    }

    @Override
    public PVector<E> plusAll(int i, Collection<? extends E> list) {
        return i == size ? plusAll(list) : tree().plusAll(i, list);
    }

    @Override
    public PVector<E> minus(Object e) {
        return indexOf(e) < 0 ? this : tree().minus(e);
    }

    @Override
    public PVector<E> minusAll(Collection<?> list) {
        return tree().minusAll(list);
    }

    @Override
    public PVector<E> minus(int i) {
        return tree().minus(i);
    }

    @Override
    public PVector<E> subList(int from, int to) {
        return tree().subList(from, to);
    }
}
