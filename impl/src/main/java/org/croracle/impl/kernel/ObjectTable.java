package org.croracle.impl.kernel;

import java.util.SortedMap;

import org.pcollections.PSortedMap;

/**
 * Every kernel object with its reference count, which counts every holder: tasks, other objects
 * (an fd table holds its files, a file its inode, a mapping its file), and the filesystem's path
 * table. Immutable; an operation edits a {@link Builder} and builds the next table, which shares
 * every entry the operation did not touch with this one (persistent maps: an edit costs O(log n)).
 */
public record ObjectTable(SortedMap<Integer, KObject> objects, SortedMap<Integer, Integer> refs, int nextId) {

    public static final ObjectTable EMPTY = new ObjectTable(IntTrieMap.empty(), IntTrieMap.empty(), 1);

    public ObjectTable {
        objects = Persistent.map(objects);
        refs = Persistent.map(refs);
    }

    public KObject get(int id) {
        return objects.get(id);
    }

    @SuppressWarnings("unchecked")
    public <T extends KObject> T get(int id, Class<T> type) {
        KObject o = objects.get(id);
        return type.isInstance(o) ? (T) o : null;
    }

    public int refcount(int id) {
        return refs.getOrDefault(id, 0);
    }

    public Builder edit() {
        return new Builder(this);
    }

    /** A table being changed by one operation. */
    public static final class Builder {
        // Editors: an operation that creates or references several objects copies each trie node
        // it changes once, not once per change.
        private final Persistent.IntMapEditor<KObject> objects;
        private final Persistent.IntMapEditor<Integer> refs;
        private int nextId;

        private Builder(ObjectTable t) {
            objects = Persistent.edit(t.objects);
            refs = Persistent.edit(t.refs);
            nextId = t.nextId;
        }

        /**
         * A new object, taking a reference on everything it refers to. It starts with no holder: the
         * caller must give it one ({@link #ref}, or by putting it into a holder with {@link #replace}).
         */
        public int create(KObject o) {
            int id = nextId++;
            objects.put(id, o);
            refs.put(id, 0);
            o.references().forEach(this::ref);
            return id;
        }

        public KObject get(int id) {
            return objects.get(id);
        }

        @SuppressWarnings("unchecked")
        public <T extends KObject> T get(int id, Class<T> type) {
            KObject o = objects.get(id);
            return type.isInstance(o) ? (T) o : null;
        }

        /** Replaces an object's contents; references it gains or loses are counted. */
        public void replace(int id, KObject o) {
            KObject old = objects.get(id);
            objects.put(id, o);
            o.references().forEach(this::ref);
            if (old != null) {
                old.references().forEach(this::unref);
            }
        }

        public void ref(int id) {
            refs.put(id, refs.getOrDefault(id, 0) + 1);
        }

        /** Drops a reference; an object nobody holds is freed, and drops its own references. */
        public void unref(int id) {
            int n = refs.getOrDefault(id, 0) - 1;
            if (n > 0) {
                refs.put(id, n);
                return;
            }
            refs.remove(id);
            KObject o = objects.get(id);
            objects.remove(id);
            if (o != null) {
                o.references().forEach(this::unref);
            }
        }

        public boolean exists(int id) {
            return objects.containsKey(id);
        }

        public java.util.Collection<Integer> ids() {
            PSortedMap<Integer, KObject> now = objects.build();
            return now instanceof IntTrieMap<KObject> m ? m.keys() : now.keySet();
        }

        public ObjectTable build() {
            return new ObjectTable(objects.build(), refs.build(), nextId);
        }
    }
}
