package org.croracle.impl.kernel;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to rebuild a tree: every task (and each temporary one) and the steps that create it and
 * give it its session and group, in order. Restore, the exit of zombies and of the temporary
 * tasks follow these steps (the restart coordinator runs them).
 *
 * @param nodes by container pid, in pid order (the temporary tasks of a kind exit in this order, so a
 *              restart runs the same way every time)
 * @param steps in execution order
 */
public record Plan(Map<Integer, PlanNode> nodes, List<PlanStep> steps) {
    public Plan {
        nodes = Collections.unmodifiableSortedMap(new TreeMap<>(nodes));
        steps = List.copyOf(steps);
    }
}
