package org.croracle.impl.kernel;

/**
 * The kernel's tunables that the system calls read: /proc/sys/kernel/pid_max, the deepest PID
 * namespace level, and the semantic mutants a test planted.
 */
public interface Tunables {
    int DEFAULT_PID_MAX = 32768;
    int MAX_PID_NS_LEVEL = 32;

    /** Linux's defaults, no mutant. */
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

            @Override
            public boolean has(Mutant m) {
                return false;
            }
        };
    }

    /** /proc/sys/kernel/pid_max, the same in every namespace. */
    int pidMax();

    /** MAX_PID_NS_LEVEL: the deepest PID namespace level. */
    int maxLevel();

    /** Whether a test planted this mutant. */
    boolean has(Mutant m);
}
