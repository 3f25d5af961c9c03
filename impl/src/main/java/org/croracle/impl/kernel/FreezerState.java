package org.croracle.impl.kernel;

/** freezer.state, with linux-cr's CHECKPOINTING (entered and left only by checkpoint()). */
public enum FreezerState {
    THAWED, FREEZING, FROZEN, CHECKPOINTING;

    /** freezing(p): tasks of the cgroup are asked to enter the refrigerator. */
    public boolean freezing() {
        return this != THAWED;
    }
}
