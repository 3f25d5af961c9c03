package org.croracle.model.freeze;

import java.util.Locale;

/** What the freezer sees of one task (range of Freeze.tla's {@code tstate}). */
public enum TaskFreezeState {
    /** Can make system calls. */
    RUNNING,
    /** In uninterruptible sleep (TASK_UNINTERRUPTIBLE, for example a vfork parent). */
    DSLEEP,
    /** In the refrigerator. */
    FROZEN,
    /** Exited, not yet reaped; no longer counted by the freezer. */
    ZOMBIE;

    /** The spec's string for this state ("running", "dsleep", ...). */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TaskFreezeState fromSpecName(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
