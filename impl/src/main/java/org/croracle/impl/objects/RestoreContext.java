package org.croracle.impl.objects;

import org.croracle.impl.kernel.ObjectTable;

/** What a kind's restore half sees of the restart rebuilding it: the restart's objhash and the filesystem. */
public interface RestoreContext {

    /** The kernel object for an objref, made first if it is not yet; 0 for objref 0. */
    int restore(int objref);

    /** The kernel object already made for an objref, or 0 if none is (yet). */
    int restored(int objref);

    /** The object table the restart creates objects in. */
    ObjectTable.Builder objects();

    /** The inode at a path of the filesystem, or 0 if there is none. */
    int inodeAt(String path);

    /** Puts an inode at a path this restart creates (removed again if the restart fails). */
    void addPath(String path, int inode);
}
