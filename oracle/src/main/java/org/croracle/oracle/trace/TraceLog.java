package org.croracle.oracle.trace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.model.tla.TlaValue;

/**
 * One kernel trace as a spec sees it, for trace validation by a separate TLC process
 * ({@link TraceValidation}): which instances exist in each state, the abstract state of every
 * instance the step oracle looks at in that state (the ones that exist then, just before or just
 * after), and the spec action the binding names for each step and instance. The trace modules
 * check what {@link RefinementChecker} checks: an instance that comes into existence starts in
 * Init (before its first action, or after the step that made it when that step is none), an
 * instance a step names no action for must be unchanged by it, and the invariants hold after each
 * step that moved an instance or made it.
 *
 * @param spec      the spec ("freeze")
 * @param instances every instance that exists at some point of the trace, sorted
 * @param steps     the kernel steps, in order
 * @param states    {@code steps.size() + 1} states: instance -> variable -> value
 * @param actions   per step: instance -> the action the binding named (instances without one are absent)
 * @param live      per state: the instances that exist in it
 */
public record TraceLog(String spec, List<String> instances, List<Step> steps,
                       List<Map<String, Map<String, TlaValue>>> states, List<Map<String, SpecAction>> actions,
                       List<Set<String>> live) {

    public TraceLog {
        instances = List.copyOf(instances);
        steps = List.copyOf(steps);
        states = states.stream().map(TraceLog::copy).toList();
        actions = actions.stream().map(m -> Collections.unmodifiableMap(new LinkedHashMap<>(m))).toList();
        live = live.stream().map(l -> Collections.unmodifiableSet(new TreeSet<>(l))).toList();
        if (states.size() != steps.size() + 1 || actions.size() != steps.size() || live.size() != states.size()) {
            throw new IllegalArgumentException(steps.size() + " steps need " + (steps.size() + 1) + " states and "
                    + steps.size() + " action maps, not " + states.size() + " and " + actions.size());
        }
    }

    /**
     * The log of a recorded run: {@code kernelStates} are the kernel's state before the first step
     * and after each step of {@code steps}.
     */
    public static TraceLog of(RefinementBinding binding, List<KernelState> kernelStates, List<Step> steps) {
        if (kernelStates.size() != steps.size() + 1) {
            throw new IllegalArgumentException(steps.size() + " steps need " + (steps.size() + 1) + " kernel states");
        }
        TreeSet<String> instances = new TreeSet<>();
        List<Set<String>> live = new ArrayList<>();
        for (KernelState s : kernelStates) {
            Set<String> here = new TreeSet<>(binding.instances(s));
            live.add(here);
            instances.addAll(here);
        }
        List<Map<String, Map<String, TlaValue>>> states = new ArrayList<>();
        List<Map<String, SpecAction>> actions = new ArrayList<>();
        for (int k = 0; k < kernelStates.size(); k++) {
            Step last = k == 0 ? null : steps.get(k - 1);
            // The states the step oracle reads: of an instance that exists now, or in a neighbouring state.
            Set<String> seen = new TreeSet<>(live.get(k));
            if (k > 0) {
                seen.addAll(live.get(k - 1));
            }
            if (k + 1 < kernelStates.size()) {
                seen.addAll(live.get(k + 1));
            }
            Map<String, Map<String, TlaValue>> abstracted = new LinkedHashMap<>();
            for (String instance : seen) {
                abstracted.put(instance, binding.abstractState(k == 0 ? null : kernelStates.get(k - 1), last, kernelStates.get(k),
                        instance));
            }
            states.add(abstracted);
            if (k > 0) {
                Set<String> stepped = new TreeSet<>(live.get(k - 1));
                stepped.addAll(live.get(k));
                Map<String, SpecAction> named = new LinkedHashMap<>();
                for (String instance : stepped) {
                    Optional<SpecAction> a = binding.action(kernelStates.get(k - 1), last, kernelStates.get(k), instance);
                    a.ifPresent(action -> named.put(instance, action));
                }
                actions.add(named);
            }
        }
        return new TraceLog(binding.spec(), List.copyOf(instances), steps, states, actions, live);
    }

    /** An unmodifiable copy that keeps the order (Map.copyOf would not). */
    private static Map<String, Map<String, TlaValue>> copy(Map<String, Map<String, TlaValue>> state) {
        Map<String, Map<String, TlaValue>> out = new LinkedHashMap<>();
        state.forEach((instance, vars) -> out.put(instance, Collections.unmodifiableMap(new LinkedHashMap<>(vars))));
        return Collections.unmodifiableMap(out);
    }
}
