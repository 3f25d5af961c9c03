package org.croracle.impl.restart;

import org.croracle.impl.kernel.Plan;

/**
 * What restart()'s entry read and planned, returned by its first kernel step so that an observer
 * of the steps (a trace) sees the tree and the plan the restart runs; the restart's context in
 * the kernel state holds them too.
 *
 * @param image the image, read and checked
 * @param plan  its plan, or null for RESTART_TASKSELF (one task restored into the caller)
 */
public record Prepared(SavedImage image, Plan plan) {

    @Override
    public String toString() {
        return image.tasks().size() + " tasks, " + (plan == null ? "restored into the caller"
                : "a plan of " + plan.steps().size() + " steps");
    }
}
