package org.croracle.impl.scenario;

import java.util.List;

import org.croracle.impl.kernel.KernelState;

/**
 * What running a scenario gave.
 *
 * @param failures      one line per failed expectation or unexpected failure ({@code file:LINE: ...})
 * @param stoppedAt     the line the scenario stopped at (an operation failed with nobody expecting
 *                      it, or a line cannot run yet), or 0 if it ran to the end
 * @param notImplemented true when it stopped at a line whose feature does not exist yet
 * @param finalState    the kernel at the end
 * @param labels        every label and the global pid it named, in the order the labels were
 *                      given (a task restored into its caller has two: the first names it in print)
 * @param images        the checkpoint images the run wrote, by name
 * @param output        what the run printed (checkpoint ids, checkpoint logs)
 * @param plans         per restart prefix, the restart plan as numbered lines
 */
public record ScenarioResult(List<String> failures, int stoppedAt, boolean notImplemented, KernelState finalState,
                             java.util.Map<String, Integer> labels, int operations, int expectations,
                             java.util.Map<String, byte[]> images, List<String> output,
                             java.util.Map<String, List<String>> plans) {

    public ScenarioResult {
        failures = List.copyOf(failures);
        labels = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(labels));
        images = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(images));
        output = List.copyOf(output);
        plans = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(plans));
    }

    public boolean passed() {
        return failures.isEmpty() && stoppedAt == 0;
    }
}
