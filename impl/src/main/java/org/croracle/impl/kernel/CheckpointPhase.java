package org.croracle.impl.kernel;

/** Where a checkpoint() call is (SharedObjects.tla's phase). */
public enum CheckpointPhase {
    /** The context exists (ckpt_ctx_alloc); nothing checked yet. */
    IDLE,
    /** The freezer gate passed (the cgroup is CHECKPOINTING). */
    BEGUN,
    /** Every task may be checkpointed; collect runs task by task. */
    SCANNED,
    /** The leak check passed (or SUBTREE skipped it); tasks are written one by one. */
    DUMPING,
    /** The tail is written. */
    WRITTEN,
    /** An error ended the image with an ERROR record. */
    FAILED,
    /** checkpoint() returned. */
    ENDED;

    /** The spec's name of the phase. */
    public String specName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
