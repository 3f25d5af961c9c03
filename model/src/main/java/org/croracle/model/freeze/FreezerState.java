package org.croracle.model.freeze;

/** freezer.state of a cgroup, as Freeze.tla names it (variable {@code freezer}). */
public enum FreezerState {
    THAWED, FREEZING, FROZEN, CHECKPOINTING;

    /** Freezing(p) of the kernel: the cgroup asks its tasks to enter the refrigerator. */
    public boolean freezing() {
        return this != THAWED;
    }
}
