package org.croracle.impl.kernel;

/**
 * The kernel's tunables that the system calls read: /proc/sys/kernel/pid_max and the deepest PID
 * namespace level.
 */
public interface Tunables {
    int DEFAULT_PID_MAX = 32768;
    int MAX_PID_NS_LEVEL = 32;

    /** Linux's defaults. */
    static Tunables defaults() {
        return new Tunables() {
            @Override
            public int pidMax() {
                return DEFAULT_PID_MAX;
            }

            @Override
            public int maxLevel() {
                return MAX_PID_NS_LEVEL;
            }
        };
    }

    /** /proc/sys/kernel/pid_max, the same in every namespace. */
    int pidMax();

    /** MAX_PID_NS_LEVEL: the deepest PID namespace level. */
    int maxLevel();
}
