package org.croracle.oracle.trace;

import java.util.List;

import org.croracle.impl.kernel.Step;

/** One kernel step and what the oracle checked for it (nothing once the trace has diverged). */
public record CheckedStep(Step step, List<InstanceCheck> checks) {
    public CheckedStep {
        checks = List.copyOf(checks);
    }
}
