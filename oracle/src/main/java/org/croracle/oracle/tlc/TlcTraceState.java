package org.croracle.oracle.tlc;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One state of a counterexample as TLC printed it.
 *
 * <p>{@code action} is the name of the operator that led to the state ({@code "Initial
 * predicate"} for state 1) and {@code location} the rest of TLC's label ({@code "line 164, col 5
 * to line 167, col 33 of module Freeze"}; empty when TLC printed none). {@code variables} maps
 * each variable to its TLA+ value text in TLC's order; a value that TLC broke over several lines
 * is joined into one line (single spaces instead of the line breaks and indentation).
 *
 * <p>The end of a liveness lasso is a state of its own: {@code stuttering} means the behaviour
 * stutters forever after the previous state ({@code action} is {@code "Stuttering"}, the
 * variables are those of the previous state); {@code backToState > 0} means the last step
 * ({@code action}) leads back to state {@code backToState} (the variables are that state's). For
 * every other state {@code stuttering} is false and {@code backToState} is 0.
 */
public record TlcTraceState(int number, String action, String location, Map<String, String> variables,
                            boolean stuttering, int backToState) {

    public static final String INITIAL_PREDICATE = "Initial predicate";
    public static final String STUTTERING = "Stuttering";
    /**
     * The label of the first state of a counterexample from TLC's distributed server: a reachable
     * state, initial or not (the server does not keep the behaviour that led there).
     */
    public static final String REACHED_STATE = "(reached state)";

    public TlcTraceState {
        Objects.requireNonNull(action, "action");
        location = location == null ? "" : location;
        // Map.copyOf would lose TLC's order.
        variables = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(variables, "variables")));
        if (backToState < 0) {
            throw new IllegalArgumentException("backToState must be 0 or a state number: " + backToState);
        }
    }

    /** True for the initial state of a trace. */
    public boolean isInitial() {
        return INITIAL_PREDICATE.equals(action);
    }

    /** True for the last entry of a liveness counterexample (stuttering or back to a state). */
    public boolean isLassoEnd() {
        return stuttering || backToState > 0;
    }
}
