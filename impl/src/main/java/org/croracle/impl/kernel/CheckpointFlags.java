package org.croracle.impl.kernel;

/** checkpoint()'s flags (linux-cr's CHECKPOINT_USER_FLAGS). */
public final class CheckpointFlags {
    private CheckpointFlags() {}

    /** CHECKPOINT_SUBTREE: the root need not be a container init; no leak detection. */
    public static final int SUBTREE = 0x1;

    /**
     * The bits checkpoint() accepts; any other is EINVAL. linux-cr's CHECKPOINT_NETNS (0x2) is
     * not among them: the simulated kernel has no network namespaces.
     */
    public static final int USER_FLAGS = SUBTREE;

    /** logfd meaning "no log" (CHECKPOINT_FD_NONE). */
    public static final int FD_NONE = -1;
}
