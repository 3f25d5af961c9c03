package org.croracle.oracle.trace;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.croracle.impl.kernel.Step;
import org.croracle.model.tla.StateDiff;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.tlc.FalseConjunct;

/**
 * The first step at which the implementation left the spec.
 *
 * @param step         the kernel step (its index is the step number in the trace)
 * @param spec         the spec ("freeze")
 * @param instance     the spec instance (for Freeze, the cgroup)
 * @param action       the action the step should have been; null when the step had no action
 *                     for this instance but changed it, or when an invariant or Init failed
 * @param reason       what failed, in one sentence
 * @param before       the abstract state before the step
 * @param after        the abstract state after it
 * @param diff         the differing fields, before to after
 * @param specWouldGive what the spec's action allows instead (as differences from {@code after})
 * @param allowedBy    the actions (with arguments) that would allow the implementation's step
 * @param specStates   the states of {@code specWouldGive} in full, in the same order
 * @param falseConjunct why {@code action} does not allow the step: its first false conjunct, in
 *                     the spec's words, with the values involved (empty when there is no action,
 *                     or the failure is not one of its conjuncts, e.g. an invariant)
 */
public record Divergence(Step step, String spec, String instance, SpecAction action, String reason,
                         Map<String, TlaValue> before, Map<String, TlaValue> after, List<StateDiff.Change> diff,
                         List<List<StateDiff.Change>> specWouldGive, List<String> allowedBy,
                         List<Map<String, TlaValue>> specStates, Optional<FalseConjunct> falseConjunct) {
}
