package org.croracle.impl.kernel;

import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a restart's image gives one task to hold, named by the image's objrefs (the restart's
 * objhash maps each to the object the restart made for it, so that two tasks holding one objref
 * share one object): its fd table, mm, fs and sighand; per fd, its open file, that file's inode
 * and its close-on-exec flag; its blocked and pending signals (bit n - 1 for signal n).
 */
public record SavedObjects(int files, int mm, int fs, int sighand, SortedMap<Integer, Fd> fds, long blockedMask,
                           long pendingMask) {

    /** One fd: its open file's objref, the file's inode's objref, close-on-exec. */
    public record Fd(int file, int inode, boolean cloexec) {
    }

    /** What a zombie holds: nothing. */
    public static final SavedObjects NONE = new SavedObjects(0, 0, 0, 0, new TreeMap<>(), 0, 0);

    public SavedObjects {
        fds = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(fds));
    }
}
