package org.croracle.oracle.trace;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.croracle.impl.syscall.Kernel;
import org.croracle.oracle.tlc.SpecOracle;

/** Runs a workload's codes on a fresh kernel with every step checked against the spec. */
public final class TraceRunner {

    private final SpecOracle oracle;
    private final RefinementBinding binding;
    private final Workload workload;
    private final Supplier<Kernel> kernels;

    public TraceRunner(SpecOracle oracle, RefinementBinding binding, Workload workload, Supplier<Kernel> kernels) {
        this.oracle = oracle;
        this.binding = binding;
        this.workload = workload;
        this.kernels = kernels;
    }

    public Workload workload() {
        return workload;
    }

    public TraceResult run(List<Integer> codes) {
        Kernel kernel = kernels.get();
        RefinementChecker checker = RefinementChecker.attach(oracle, binding, kernel);
        for (int code : codes) {
            if (checker.divergence().isPresent()) {
                break;
            }
            try {
                workload.apply(kernel, code);
            } catch (AssertionError e) {
                // A workload's own check (an image audit, all or nothing after a failed restart)
                // fails the trace like a divergence, so that it is shrunk and shown the same way;
                // after a step of the same operation diverged it is a consequence: the divergence
                // is the first failure.
                if (checker.divergence().isEmpty()) {
                    return new TraceResult(codes, checker.steps(), Optional.of(workloadCheck(checker, e)),
                            checker.checkedSteps());
                }
                break;
            } catch (RuntimeException e) {
                if (checker.divergence().isEmpty()) {
                    throw e;
                }
            }
        }
        return new TraceResult(codes, checker.steps(), checker.divergence(), checker.checkedSteps());
    }

    /** A workload's own check that failed, as the divergence of the last step (no spec action: the check is the workload's). */
    private Divergence workloadCheck(RefinementChecker checker, AssertionError e) {
        List<CheckedStep> steps = checker.steps();
        org.croracle.impl.kernel.Step last = steps.isEmpty() ? null : steps.get(steps.size() - 1).step();
        return new Divergence(last, binding.spec(), "workload check", null, e.getMessage(), java.util.Map.of(),
                java.util.Map.of(), List.of(), List.of(), List.of(), List.of(), java.util.Optional.empty());
    }
}
