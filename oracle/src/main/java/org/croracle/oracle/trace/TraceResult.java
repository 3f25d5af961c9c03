package org.croracle.oracle.trace;

import java.util.List;
import java.util.Optional;

/** One generated trace: the codes it came from, every step with what was checked, and the first divergence. */
public record TraceResult(List<Integer> codes, List<CheckedStep> steps, Optional<Divergence> divergence,
                          long checkedSteps) {

    public TraceResult {
        codes = List.copyOf(codes);
        steps = List.copyOf(steps);
    }

    public boolean conforms() {
        return divergence.isEmpty();
    }
}
