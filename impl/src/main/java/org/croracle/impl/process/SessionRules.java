package org.croracle.impl.process;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Task;

/**
 * The rules of sessions and process groups that a test may replace with a broken version, to see
 * whether an oracle notices (as it replaces the freezer). {@link #LINUX} is Linux's.
 */
public interface SessionRules {

    /** Linux's rules. */
    SessionRules LINUX = new SessionRules() {
    };

    /**
     * setsid's EPERM: the caller may not start a session while a process group whose id is its
     * pid exists, whether or not the caller is still in it (sys_setsid: {@code pid_task(sid,
     * PIDTYPE_PGID)} finds any member).
     */
    default boolean setsidRefused(KernelState s, Task caller) {
        return s.groupExists(caller.pid());
    }
}
