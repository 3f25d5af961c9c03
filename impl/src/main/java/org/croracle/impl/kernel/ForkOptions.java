package org.croracle.impl.kernel;

/**
 * Options of fork/clone that the kernel models so far.
 *
 * @param cgroup the freezer cgroup the child joins (created THAWED if it does not exist), or null
 *               for the parent's cgroup
 */
public record ForkOptions(String cgroup) {
    public static final ForkOptions PLAIN = new ForkOptions(null);

    public static ForkOptions intoCgroup(String cgroup) {
        return new ForkOptions(cgroup);
    }
}
