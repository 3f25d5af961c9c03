package org.croracle.oracle.tlc;

/** How a model-checking run ended. */
public enum TlcOutcome {
    /** "Model checking completed. No error has been found." */
    OK,
    /** An invariant is false in a reachable state (possibly the initial state). */
    INVARIANT_VIOLATED,
    /** A {@code [][A]_v} property listed under PROPERTIES is violated by a step. */
    ACTION_PROPERTY_VIOLATED,
    /** A liveness (or other temporal) property is violated; TLC 2.18 does not say which. */
    TEMPORAL_PROPERTY_VIOLATED,
    /** A reachable state has no successor and deadlock checking is on. */
    DEADLOCK,
    /** An ASSUME of the spec is false for the constants of the model. */
    ASSUMPTION_VIOLATED,
    /**
     * TLC's distributed mode stopped at a bad step without saying what was bad: an invariant or a
     * {@code [][A]_v} property is violated, a state deadlocks, or an expression failed to evaluate
     * (TLC 2.18's server prints only the last step, see {@link DistributedModelChecker}).
     */
    UNNAMED_VIOLATION,
    /** TLC could not check the model: parse, semantic, configuration or evaluation error. */
    ERROR,
    /** The request's timeout expired; the child was killed. */
    TIMEOUT
}
