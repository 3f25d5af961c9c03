package org.croracle.impl.kernel;

/**
 * Options of fork/clone/eclone that the kernel models so far.
 *
 * @param cgroup the freezer cgroup the child joins (created THAWED if it does not exist), or null
 *               for the parent's cgroup
 * @param newPid CLONE_NEWPID: the child is pid 1 of a new PID namespace one level down
 * @param parent CLONE_PARENT: the child is the caller's sibling (its parent is the caller's parent)
 */
public record ForkOptions(String cgroup, boolean newPid, boolean parent) {
    public static final ForkOptions PLAIN = new ForkOptions(null, false, false);
    public static final ForkOptions NEWPID = new ForkOptions(null, true, false);

    public static ForkOptions intoCgroup(String cgroup) {
        return new ForkOptions(cgroup, false, false);
    }
}
