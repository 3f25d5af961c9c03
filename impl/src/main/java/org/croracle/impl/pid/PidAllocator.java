package org.croracle.impl.pid;

import java.util.OptionalInt;
import java.util.function.IntPredicate;

/**
 * alloc_pidmap of one PID namespace: the next free pid after {@code lastPid}, wrapping past
 * {@code pidMax} to {@link #RESERVED_PIDS} (pids below it are only handed out before the first wrap).
 */
public record PidAllocator(int lastPid, int pidMax) {

    /** Linux's RESERVED_PIDS: after wrapping, allocation restarts at 300. */
    public static final int RESERVED_PIDS = 300;
    /** Linux's default pid_max. */
    public static final int DEFAULT_PID_MAX = 32768;

    public static PidAllocator fresh(int pidMax) {
        return new PidAllocator(0, pidMax);
    }

    /** The pid the next fork gets, or empty when every pid is in use (fork then fails with EAGAIN). */
    public OptionalInt next(IntPredicate inUse) {
        int candidate = lastPid;
        for (int tries = 0; tries < pidMax; tries++) {
            candidate++;
            if (candidate >= pidMax) {
                candidate = RESERVED_PIDS;
            }
            if (!inUse.test(candidate)) {
                return OptionalInt.of(candidate);
            }
        }
        return OptionalInt.empty();
    }

    public PidAllocator allocated(int pid) {
        return new PidAllocator(pid, pidMax);
    }
}
