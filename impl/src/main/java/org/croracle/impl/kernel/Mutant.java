package org.croracle.impl.kernel;

/**
 * Semantic mutants: small, deliberate departures from Linux's semantics that a test plants in a
 * kernel (through {@link KernelConfig#withMutant}) to show that an oracle notices them. Each names
 * the rule it breaks. A kernel built with {@link KernelConfig#defaults()} has none.
 */
public enum Mutant {
    /**
     * setsid checks only whether the caller leads its own process group, not whether a group whose
     * id is the caller's pid still has members after the caller moved to another group (Linux:
     * {@code pid_task(sid, PIDTYPE_PGID)} finds any member).
     */
    SETSID_IGNORES_LEFT_GROUP
}
