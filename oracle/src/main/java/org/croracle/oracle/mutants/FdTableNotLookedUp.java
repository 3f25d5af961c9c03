package org.croracle.oracle.mutants;

import org.croracle.impl.image.ObjType;
import org.croracle.impl.restart.ObjhashLookup;

/**
 * restore_task makes every task's fd table anew instead of fetching its objref from the
 * restart's objhash: tasks that shared one fd table (CLONE_FILES) come back with one each (the
 * same open files in both, so the tree and the fds look the same).
 */
final class FdTableNotLookedUp implements ObjhashLookup {
    @Override
    public boolean looksUp(ObjType type) {
        return type != ObjType.FILE_TABLE;
    }
}
