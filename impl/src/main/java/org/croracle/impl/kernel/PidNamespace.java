package org.croracle.impl.kernel;

/**
 * A PID namespace.
 *
 * @param id      its identity (the root namespace is {@link #ROOT})
 * @param parent  the namespace it was created in (the root is its own parent)
 * @param level   0 for the root, one more per nesting
 * @param lastPid last_pid: where alloc_pidmap's next search starts
 * @param init    global pid of its init (pid 1 of the namespace)
 */
public record PidNamespace(int id, int parent, int level, int lastPid, int init) {

    public static final int ROOT = 0;

    public PidNamespace withLastPid(int pid) {
        return new PidNamespace(id, parent, level, pid, init);
    }
}
