package org.croracle.oracle.trace;

/**
 * What the oracle decided for one instance of a spec at one step: the action it checked (null for
 * an explicit stutter) and whether it held.
 */
public record InstanceCheck(String spec, String instance, SpecAction action, boolean holds) {
    @Override
    public String toString() {
        return instance + ": " + (action == null ? "(unchanged)" : action.toString()) + (holds ? "" : " FAILS");
    }
}
