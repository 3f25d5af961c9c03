package org.croracle.impl.restart;

import java.util.List;
import java.util.Map;

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
        objects = Map.copyOf(objects);
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
