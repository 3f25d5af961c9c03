package org.croracle.oracle.trace;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

import org.croracle.impl.syscall.Kernel;
import org.croracle.impl.kernel.KernelState;
import org.croracle.impl.kernel.Step;
import org.croracle.impl.kernel.StepListener;
import org.croracle.model.tla.StateDiff;
import org.croracle.model.tla.TlaValue;
import org.croracle.oracle.tlc.FalseConjunct;
import org.croracle.oracle.tlc.SpecOracle;
import org.croracle.oracle.tlc.Verdict;

/**
 * Checks, step by step, that the kernel refines a spec: the first abstract state of every instance
 * satisfies Init; every step is the spec action the binding names, with the implementation's own
 * arguments (or, where it names none, leaves the instance exactly unchanged); the invariants hold
 * after every step. Stops checking at the first divergence and keeps it.
 */
public final class RefinementChecker implements StepListener {

    private final SpecOracle oracle;
    private final RefinementBinding binding;
    private final List<CheckedStep> steps = new ArrayList<>();
    /** Per instance, the last kernel state abstracted and its abstraction (reused as the next "before"). */
    private final Map<String, KernelState> lastKernel = new HashMap<>();
    private final Map<String, Map<String, TlaValue>> lastAbstract = new HashMap<>();
    private KernelState lastKernelBefore;
    private KernelState lastKernelAfter;
    private Divergence divergence;
    private long checkedSteps;

    public RefinementChecker(SpecOracle oracle, RefinementBinding binding) {
        this.oracle = oracle;
        this.binding = binding;
    }

    /** A checker that checks the kernel's current state against Init and then every step the kernel makes. */
    public static RefinementChecker attach(SpecOracle oracle, RefinementBinding binding, Kernel kernel) {
        RefinementChecker checker = new RefinementChecker(oracle, binding);
        checker.start(kernel.state());
        kernel.addStepListener(checker);
        return checker;
    }

    /** Checks Init for every instance that exists before the first step. */
    public void start(KernelState initial) {
        for (String instance : binding.instances(initial)) {
            Map<String, TlaValue> s = abstractState(initial, null, instance);
            Verdict init = oracle.init(s);
            if (!init.holds()) {
                diverge(null, instance, null, "the initial state does not satisfy Init: " + init.reason(), s, s);
                return;
            }
        }
    }

    @Override
    public void onStep(KernelState before, Step step, KernelState after) {
        if (divergence != null) {
            steps.add(new CheckedStep(step, List.of()));
            return;
        }
        checkedSteps++;
        lastKernelBefore = before;
        lastKernelAfter = after;
        TreeSet<String> instances = new TreeSet<>(binding.instances(before));
        instances.addAll(binding.instances(after));
        List<InstanceCheck> checks = new ArrayList<>();
        for (String instance : instances) {
            InstanceCheck check = checkInstance(before, step, after, instance, !binding.instances(before).contains(instance));
            if (check != null) {
                checks.add(check);
            }
            if (divergence != null) {
                break;
            }
        }
        steps.add(new CheckedStep(step, checks));
    }

    private InstanceCheck checkInstance(KernelState before, Step step, KernelState after, String instance, boolean isNew) {
        Map<String, TlaValue> b = abstractState(before, null, instance);
        Map<String, TlaValue> a = abstractAfter(before, after, step, instance);
        Optional<SpecAction> action = binding.action(before, step, after, instance);
        if (isNew && action.isEmpty()) {
            // The step made the instance (SharedObjects: ckpt_ctx_alloc makes a call's context):
            // its first state is the one after the step, and it must satisfy Init.
            Verdict init = oracle.init(a);
            if (!init.holds()) {
                diverge(step, instance, null, "a new " + binding.spec() + " instance does not start in Init: "
                        + init.reason(), b, a);
                return new InstanceCheck(binding.spec(), instance, null, false);
            }
            return invariantsHold(step, instance, null, b, a) ? null : new InstanceCheck(binding.spec(), instance, null, false);
        }
        if (isNew) {
            Verdict init = oracle.init(b);
            if (!init.holds()) {
                diverge(step, instance, null, "a new " + binding.spec() + " instance does not start in Init: "
                        + init.reason(), b, a);
                return new InstanceCheck(binding.spec(), instance, null, false);
            }
        }
        if (action.isEmpty()) {
            if (!a.equals(b)) {
                diverge(step, instance, null, "the step changed " + instance
                        + " but is no action of " + binding.spec() + " there", b, a);
                return new InstanceCheck(binding.spec(), instance, null, false);
            }
            return null; // an explicit stutter: not shown in the step table
        }
        SpecAction act = action.get();
        Verdict verdict = oracle.action(act.name(), act.args(), b, a);
        if (!verdict.holds()) {
            diverge(step, instance, act, verdict.reason(), b, a);
            return new InstanceCheck(binding.spec(), instance, act, false);
        }
        if (!invariantsHold(step, instance, act, b, a)) {
            return new InstanceCheck(binding.spec(), instance, act, false);
        }
        return new InstanceCheck(binding.spec(), instance, act, true);
    }

    private boolean invariantsHold(Step step, String instance, SpecAction act, Map<String, TlaValue> b,
                                   Map<String, TlaValue> a) {
        List<String> broken = oracle.violatedInvariants(a);
        if (!broken.isEmpty()) {
            diverge(step, instance, act, "after " + (act == null ? step.op() : act) + " the invariant "
                    + String.join(", ", broken) + " does not hold", b, a);
            return false;
        }
        return true;
    }

    /** The state before a step: the abstraction computed as the previous step's "after", if any. */
    private Map<String, TlaValue> abstractState(KernelState kernel, Step lastStep, String instance) {
        if (lastKernel.get(instance) == kernel) {
            return lastAbstract.get(instance);
        }
        Map<String, TlaValue> s = binding.abstractState(kernel, lastStep, instance);
        lastKernel.put(instance, kernel);
        lastAbstract.put(instance, s);
        return s;
    }

    /** The state after a step (always computed anew: a history variable may change even when the kernel did not). */
    private Map<String, TlaValue> abstractAfter(KernelState before, KernelState kernel, Step step, String instance) {
        Map<String, TlaValue> s = binding.abstractState(before, step, kernel, instance);
        Map<String, TlaValue> previous = lastAbstract.get(instance);
        if (s.equals(previous)) {
            s = previous; // the same object lets the TLC bridge reuse its converted state
        }
        lastKernel.put(instance, kernel);
        lastAbstract.put(instance, s);
        return s;
    }

    private void diverge(Step step, String instance, SpecAction action, String reason,
                         Map<String, TlaValue> before, Map<String, TlaValue> after) {
        KernelState kernelBefore = lastKernelBefore;
        KernelState kernelAfter = lastKernelAfter;
        List<List<StateDiff.Change>> wouldGive = new ArrayList<>();
        List<Map<String, TlaValue>> specStates = action == null ? List.of()
                : oracle.successors(action.name(), action.args(), before, 3);
        for (Map<String, TlaValue> s : specStates) {
            wouldGive.add(StateDiff.between(after, s));
        }
        List<String> allowedBy = step == null ? List.of()
                : oracle.actionsAllowing(binding.actionNames(),
                        binding.candidateArguments(kernelBefore, kernelAfter, instance), before, after);
        // Why the named action refuses the step, conjunct by conjunct; only when it is the action
        // that failed (an invariant broken after an allowed step has no false conjunct).
        Optional<FalseConjunct> why = action == null || oracle.action(action.name(), action.args(), before, after).holds()
                ? Optional.empty() : oracle.falseConjunct(action.name(), action.args(), before, after);
        divergence = new Divergence(step, binding.spec(), instance, action, reason, before, after,
                StateDiff.between(before, after), wouldGive, allowedBy, specStates, why);
    }

    public Optional<Divergence> divergence() {
        return Optional.ofNullable(divergence);
    }

    public List<CheckedStep> steps() {
        return List.copyOf(steps);
    }

    /** The binding this checker uses. */
    public RefinementBinding binding() {
        return binding;
    }

    /** Steps checked against the spec (all steps up to and including a divergence). */
    public long checkedSteps() {
        return checkedSteps;
    }
}
