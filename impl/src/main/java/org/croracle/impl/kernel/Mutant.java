package org.croracle.impl.kernel;


/**
 * Semantic mutants: small, deliberate departures from Linux's semantics that a test plants in a
 * kernel (through {@link KernelConfig#withMutant}) to show that an oracle notices them. Each names
 * the rule it breaks. A kernel built with {@link KernelConfig#defaults()} has none.
 */
public enum Mutant {
    /**
     * restart's ghosts and keepers exit as soon as the tree is built, before the tasks restore
     * (linux-cr's do_ghost_task waits until every task is restored; Restart.tla:
     * GhostsOutliveRestore). The restored tree is the same: only a check of the restart's steps
     * sees it.
     */
    GHOSTS_EXIT_BEFORE_RESTORE
}
