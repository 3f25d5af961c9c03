package org.croracle.impl.kernel;


/**
 * Semantic mutants: small, deliberate departures from Linux's semantics that a test plants in a
 * kernel (through {@link KernelConfig#withMutant}) to show that an oracle notices them. Each names
 * the rule it breaks. A kernel built with {@link KernelConfig#defaults()} has none.
 */
public enum Mutant {
    /**
     * restart's planner forgets rule R2: a child born before its parent's setsid (so in the
     * parent's old session) is created after the setsid, and lands in the parent's new session
     * (Restart.tla: the early creations come before the creator's SetSid).
     */
    PLANNER_FORGETS_BORN_BEFORE_SETSID,

    /**
     * restart lets the tasks run (and returns success) before it has read and checked the image's
     * TAIL: an image cut short after its last task, or whose checksum does not match, is restored
     * (linux-cr reads the tail in the coordinator before it wakes the tasks; a bad one is EINVAL
     * and the restart is undone).
     */
    RESTART_RESUMES_BEFORE_TAIL,

    /**
     * restart's ghosts and keepers exit as soon as the tree is built, before the tasks restore
     * (linux-cr's do_ghost_task waits until every task is restored; Restart.tla:
     * GhostsOutliveRestore). The restored tree is the same: only a check of the restart's steps
     * sees it.
     */
    GHOSTS_EXIT_BEFORE_RESTORE
}
