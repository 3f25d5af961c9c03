package org.croracle.oracle.trace;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.model.tla.TlaValue;

/**
 * How one spec sees the kernel: the refinement mapping and the table from kernel steps to spec
 * actions (the counterpart of etcd raft's trace spec). A spec may describe one part of the kernel
 * several times over, once per instance (Freeze: one instance per freezer cgroup).
 */
public interface RefinementBinding {

    /** The spec's folder name under specs/ ("freeze"). */
    String spec();

    /** The instances that exist in this kernel state (for Freeze, the non-root cgroups). */
    Set<String> instances(KernelState state);

    /**
     * The spec's variables for one instance; an instance that does not exist maps to an Init state.
     * {@code lastStep} is the step that led to {@code state} (null for the first state): specs
     * with history variables (Eclone's lastClone) read them from it.
     */
    Map<String, TlaValue> abstractState(KernelState state, Step lastStep, String instance);

    /**
     * The same, for {@code state} reached by {@code lastStep} from {@code previous} (null if not
     * known): a history variable that depends on what the step changed (Eclone's lastKill: whether
     * a kill killed a namespace's init) reads it here. The default does without {@code previous}.
     */
    default Map<String, TlaValue> abstractState(KernelState previous, Step lastStep, KernelState state, String instance) {
        return abstractState(state, lastStep, instance);
    }

    /**
     * The spec action that this kernel step is, for this instance; empty when the step does not
     * concern the instance, which must then be exactly unchanged (an explicit stutter).
     */
    Optional<SpecAction> action(KernelState before, Step step, KernelState after, String instance);

    /** Every action name {@link #action} can return, to explain a divergence. */
    List<String> actionNames();

    /** Values to try as action arguments when explaining a divergence. */
    List<TlaValue> candidateArguments(KernelState before, KernelState after, String instance);
}
