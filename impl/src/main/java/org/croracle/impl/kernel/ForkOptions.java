package org.croracle.impl.kernel;

/**
 * Options of fork/clone/eclone that the kernel models so far.
 *
 * @param cgroup the freezer cgroup the child joins (created THAWED if it does not exist), or null
 *               for the parent's cgroup
 * @param newPid CLONE_NEWPID: the child is pid 1 of a new PID namespace one level down
 */
public record ForkOptions(String cgroup, boolean newPid) {
    public static final ForkOptions PLAIN = new ForkOptions(null, false);
    public static final ForkOptions NEWPID = new ForkOptions(null, true);

    public static ForkOptions intoCgroup(String cgroup) {
        return new ForkOptions(cgroup, false);
    }
}
