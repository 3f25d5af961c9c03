package org.croracle.impl.restart;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

import org.croracle.impl.image.ImageRecord;
import org.croracle.impl.image.ObjType;

/**
 * An image read and validated for restart: the tree, each task's own records and objrefs, and
 * each object with the records that carry its state (the objects it refers to are other entries).
 *
 * @param flags   CONTAINER's flags (subtree, self)
 * @param tasks   the tasks in image (depth-first) order
 * @param objects objref -> object
 */
public record SavedImage(int flags, List<SavedTask> tasks, Map<Integer, SavedObject> objects) {

    public SavedImage {
        tasks = List.copyOf(tasks);
        objects = ByObjref.of(objects);
    }

    /**
     * The objects of a checked image by objref, which numbers them 1, 2, 3...: an array at their
     * objref. The restart looks each task's objects up by objref as it restores the task, and in
     * Map.copyOf's table every lookup went to a salted, random slot among half a million (at
     * 100,000 tasks nearly each one a cache miss, at 1,000 none). Objrefs that are not 1 to n
     * (an image built by hand) keep such a table.
     */
    private static final class ByObjref extends AbstractMap<Integer, SavedObject> {
        private final SavedObject[] byRef;

        private ByObjref(SavedObject[] byRef) {
            this.byRef = byRef;
        }

        static Map<Integer, SavedObject> of(Map<Integer, SavedObject> objects) {
            if (objects instanceof ByObjref) {
                return objects;
            }
            SavedObject[] byRef = new SavedObject[objects.size() + 1];
            for (Map.Entry<Integer, SavedObject> e : objects.entrySet()) {
                int ref = e.getKey() == null ? -1 : e.getKey();
                if (ref < 1 || ref >= byRef.length || e.getValue() == null) {
                    return Map.copyOf(objects);
                }
                byRef[ref] = e.getValue();
            }
            return new ByObjref(byRef);
        }

        @Override
        public SavedObject get(Object objref) {
            return objref instanceof Integer ref && ref >= 1 && ref < byRef.length ? byRef[ref] : null;
        }

        @Override
        public boolean containsKey(Object objref) {
            return get(objref) != null;
        }

        @Override
        public int size() {
            return byRef.length - 1;
        }

        @Override
        public Set<Map.Entry<Integer, SavedObject>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<Integer, SavedObject>> iterator() {
                    return new Iterator<>() {
                        private int ref = 1;

                        @Override
                        public boolean hasNext() {
                            return ref < byRef.length;
                        }

                        @Override
                        public Map.Entry<Integer, SavedObject> next() {
                            if (ref >= byRef.length) {
                                throw new NoSuchElementException();
                            }
                            int at = ref++;
                            return new SimpleImmutableEntry<>(at, byRef[at]);
                        }
                    };
                }

                @Override
                public int size() {
                    return byRef.length - 1;
                }
            };
        }
    }

    /** One task: its TREE entry, TASK record and TASK_OBJS. */
    public record SavedTask(int index, ImageRecord.TreeEntry entry, ImageRecord.Task task, ImageRecord.TaskObjs objs) {
        public int pid() {
            return entry.pid();
        }

        public boolean zombie() {
            return entry.state() == ImageRecord.TreeEntry.ZOMBIE;
        }
    }

    /** An object: its type and its state records in image order (for an MM: MM, then VMA and PGARRs). */
    public record SavedObject(int objref, ObjType type, List<ImageRecord> records) {
        public SavedObject {
            records = List.copyOf(records);
        }
    }

    public boolean self() {
        return (flags & org.croracle.impl.image.ImageFormat.CONTAINER_SELF) != 0;
    }
}
