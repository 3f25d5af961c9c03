package org.croracle.oracle.trace;

import java.util.List;

/** What the property tests of every spec assert about a generated trace. */
public final class TraceAssertions {
    private TraceAssertions() {}

    /**
     * The trace conforms; otherwise fails with the step table of the failing trace shrunk further by
     * {@link TraceShrinker} (QuickTheories' list shrinking tends to stop at long lists of zeros).
     */
    public static TraceResult assertConforms(TraceRunner runner, List<Integer> codes) {
        TraceResult result = runner.run(codes);
        if (!result.conforms()) {
            List<Integer> minimal = TraceShrinker.shrink(codes, c -> !runner.run(c).conforms());
            throw new AssertionError("the kernel left the spec; minimal trace " + minimal + ":\n"
                    + StepTable.render(runner.run(minimal)));
        }
        return result;
    }
}
