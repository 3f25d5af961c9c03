package org.croracle.impl.kernel;

/** Where a checkpoint() call is (ConcurrentCheckpoint.tla's phase; SharedObjects.tla's has no counted or dumped). */
public enum CheckpointPhase {
    /** The context exists (ckpt_ctx_alloc); nothing checked yet. */
    IDLE,
    /** The freezer gate passed (the cgroup is CHECKPOINTING). */
    BEGUN,
    /** build_tree's first walk passed: every task may be checkpointed, and they were counted. */
    COUNTED,
    /** build_tree's second walk filled the array; collect runs task by task. */
    SCANNED,
    /** The leak check passed (or SUBTREE skipped it); tasks are written one by one. */
    DUMPING,
    /** Every collected object was met by the dump as collect counted it (ckpt_obj_visited). */
    DUMPED,
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
