package org.croracle.impl.kernel;

/** restart()'s flags (linux-cr's RESTART_USER_FLAGS). */
public final class RestartFlags {
    private RestartFlags() {}

    /** RESTART_TASKSELF: restore one self-checkpointed task into the caller. */
    public static final int TASKSELF = 0x1;
    /** RESTART_FROZEN: the restored tasks stay frozen (a failure to freeze fails the restart). */
    public static final int FROZEN = 0x2;
    /** RESTART_GHOST: the caller is a placeholder that only holds a pid (the restart's own ghosts). */
    public static final int GHOST = 0x4;

    public static final int USER_FLAGS = TASKSELF | FROZEN | GHOST;
}
