package org.croracle.impl.kernel;

import java.util.List;
import java.util.Map;

/**
 * How to rebuild a tree: every task (and each temporary one) and the steps that create it and
 * give it its session and group, in order. Restore, the exit of zombies and of the temporary
 * tasks follow these steps (see {@link Restarter}).
 *
 * @param nodes by container pid
 * @param steps in execution order
 */
public record Plan(Map<Integer, PlanNode> nodes, List<PlanStep> steps) {
    public Plan {
        nodes = Map.copyOf(nodes);
        steps = List.copyOf(steps);
    }
}
