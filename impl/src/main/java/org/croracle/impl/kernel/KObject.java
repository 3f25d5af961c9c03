package org.croracle.impl.kernel;

import java.util.List;

/**
 * A kernel object that tasks and other objects hold references to: an fd table, an open file
 * description, an inode, an mm, an fs, a sighand. Its reference count lives in the {@link ObjectTable}.
 */
public interface KObject {

    /** The objects this one holds a reference to, once per reference (an fd table lists a file twice if two fds share it). */
    List<Integer> references();

    /** A short name of the kind ("fdtable", "file", "pipe", ...). */
    String kind();
}
